"""The shipped policies' own policy tests (YAML) run in the suite, and the shipped conditions
type-check against their formulas' declared facts (issue 5 §7)."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongjiang.incentives.engine import conditions_check, parameter_names
from gongjiang.incentives.formulas import FORMULAS
from gongjiang.incentives.models import PolicyVersion
from gongjiang.incentives.policy_tests import policy_test_file

TEST_DIR = Path(__file__).resolve().parents[1] / "policies" / "tests"
FILES = sorted(TEST_DIR.glob("*.yaml"))


def test_every_shipped_policy_has_policy_tests(db):
    from gongjiang.incentives.models import Policy

    tested = {p.read_text(encoding="utf-8").split("policy:")[1].split()[0] for p in FILES}
    untested = set(Policy.objects.exclude(code__in=tested).values_list("code", flat=True))
    assert untested <= {"dinghai-2025-studio-reward"}  # same formula and shape as the craftsman reward


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_policy_file_passes(db, path):
    results = policy_test_file(path)
    assert results
    assert [r for r in results if not r.passed] == []


def test_shipped_conditions_type_check(db):
    for version in PolicyVersion.objects.select_related("policy"):
        spec = FORMULAS[version.policy.formula]
        conditions_check(version.conditions, facts=spec.facts, parameters=parameter_names(version))


def test_policy_command_reports_a_failing_case(db, tmp_path):
    # given a policy test expecting the wrong amount
    path = tmp_path / "wrong.yaml"
    path.write_text("policy: dinghai-2025-post-subsidy\ncases:\n  - name: 错误期望\n    period: 2025-07\n"
                    "    facts: {top_grade: 5, front_line: true, shortage_occupation: true, "
                    "employer_district_code: '330902', employer_city_code: '330900', months_paid: 0}\n"
                    "    expect: {eligible: true, amount: '999'}\n", encoding="utf-8")
    # when the command runs, then it fails naming the amount
    with pytest.raises(CommandError):
        call_command("policy", "test", str(path))


def test_policy_command_passes_shipped_file(db, capsys):
    call_command("policy", "test", str(TEST_DIR / "skill_upgrade_test.yaml"))
    assert "失败 0 例" in capsys.readouterr().out
