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


def _file_policies() -> dict[str, dict]:
    import yaml

    return {data["policy"]: data for data in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in FILES)}


# Formulas whose facts come from records the scenario world cannot build yet, with where their whole
# decision is tested instead (the real monthly run over real records).
SCENARIO_WORLD_CANNOT_BUILD = {
    "training_completion": "gongjiang/training/tests/test_end_to_end.py (classes, check-ins, findings)",
    "training_shortage_uplift": "gongjiang/training/tests/test_subsidy.py (completions, certificates, catalogue)",
}


def test_every_shipped_policy_has_condition_cases_and_scenarios(db):
    # issue 17 §1: a scenario form for every seed policy, run by the command and by this suite
    from gongjiang.incentives.models import Policy

    files = _file_policies()
    shipped = dict(Policy.objects.values_list("code", "formula"))
    assert set(shipped) <= set(files)
    assert [code for code, formula in shipped.items()
            if not files[code].get("scenarios") and formula not in SCENARIO_WORLD_CANNOT_BUILD] == []
    assert [code for code in shipped if not files[code].get("cases")] == []


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


def test_policy_command_runs_scenarios_and_reports_each(db, capsys):
    call_command("policy", "test", str(TEST_DIR / "dinghai_2025_post_subsidy_test.yaml"))
    out = capsys.readouterr().out
    assert "通过  dinghai_2025_post_subsidy_test.yaml · 情景：焊工岗位只认焊工证书的等级" in out
    assert "失败 0 例" in out


def _scenario_file(tmp_path, body: str):
    path = tmp_path / "scenario.yaml"
    path.write_text("policy: dinghai-2025-post-subsidy\nscenarios:\n" + body, encoding="utf-8")
    return path


WELDER_WORLD = """    world:
      enterprises: {甲船厂: {district: "330902"}}
      workers:
        张技师:
          certificates: [{grade: 5, occupation: 6-18-02-04, issued_on: 2024-06-01}]
          jobs: [{enterprise: 甲船厂, occupation: 6-18-02-04, front_line: true, start: 2020-01-01}]
"""


def test_a_wrong_scenario_expectation_fails_saying_what_was_found(db, tmp_path):
    # given a scenario expecting 600 for a 技师
    path = _scenario_file(tmp_path, "  - name: 错误期望\n" + WELDER_WORLD
                          + "    steps: [{run: monthly, month: 2025-07}]\n"
                            "    expect: {claims: {张技师: {2025-07: '600'}}}\n")
    # when run, then it fails with what the engine found
    [result] = policy_test_file(path)
    assert not result.passed
    assert result.problems == ["张技师 的享受事项应为 2025-07 600元，实际 2025-07 400元"]


def test_a_scenario_leaves_nothing_in_the_database(db, tmp_path):
    from gongjiang.incentives.models import Claim, Decision, ParameterValue
    from gongjiang.registry.models import Worker

    before = (Worker.objects.count(), Claim.objects.count(), Decision.objects.count(), ParameterValue.objects.count())
    path = _scenario_file(tmp_path, "  - name: 一个月\n    parameters: {amount_technician: 450}\n" + WELDER_WORLD
                          + "    steps: [{run: monthly, month: 2025-07}]\n"
                            "    expect: {claims: {张技师: {2025-07: '450'}}}\n")
    [result] = policy_test_file(path)
    assert result.passed, result.problems
    assert (Worker.objects.count(), Claim.objects.count(), Decision.objects.count(),
            ParameterValue.objects.count()) == before


def test_a_badly_written_scenario_says_where_in_chinese(db, tmp_path):
    path = _scenario_file(tmp_path, "  - name: 写错企业\n    world:\n      workers:\n        张三:\n"
                          "          jobs: [{enterprise: 不存在的厂, start: 2020-01-01}]\n")
    [result] = policy_test_file(path)
    assert result.problems == ["情景写法有误：人员“张三”第 1 段就业：企业“不存在的厂”未在 enterprises 中列出"]


def test_condition_case_facts_are_type_checked(db, tmp_path):
    # issue 17 §1: "5" typed as text for an integer fact, 1 for a yes/no fact
    path = tmp_path / "types.yaml"
    path.write_text("policy: dinghai-2025-post-subsidy\ncases:\n  - name: 类型错误\n    period: 2025-07\n"
                    "    facts: {top_grade: '5', front_line: 1, shortage_occupation: true, "
                    "employer_district_code: '330902', employer_city_code: '330900', months_paid: 0}\n"
                    "    expect: {eligible: true, amount: '400'}\n", encoding="utf-8")
    [result] = policy_test_file(path)
    assert not result.passed
    assert "事实“top_grade”（月末持有的岗位职业（工种）最高等级）应为整数，实际为 '5'" in result.problems
    assert "事实“front_line”（一线岗位）应为是/否（true/false），实际为 1" in result.problems


def test_condition_case_outside_the_validity_is_refused_with_the_reason(db, tmp_path):
    # issue 17 §2: the Dinghai measures expire 2026-12-31
    path = tmp_path / "late.yaml"
    path.write_text("policy: dinghai-2025-post-subsidy\ncases:\n  - name: 2027年1月\n    period: 2027-01\n"
                    "    facts: {top_grade: 5, front_line: true, shortage_occupation: true, "
                    "employer_district_code: '330902', employer_city_code: '330900', months_paid: 0}\n"
                    "    expect: {eligible: true, amount: '400'}\n", encoding="utf-8")
    [result] = policy_test_file(path)
    assert not result.passed
    assert "不在政策有效期内：定政发〔2025〕4号 适用期间为 2025-01-01 至 2026-12-31" in result.problems[0]
