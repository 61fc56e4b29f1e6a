"""The demo_load command: loads an empty registry, prints the log-ins, is idempotent with --if-empty."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongjiang.accounts.models import User
from gongjiang.demo.accounts import DEMO_PASSWORD, DEMO_USERNAMES
from gongjiang.demo.writer import FIELDS, table_columns
from gongjiang.registry.models import Certificate, Enterprise, Worker

pytestmark = pytest.mark.django_db


def _load(*args, **options) -> str:
    out = StringIO()
    call_command("demo_load", *args, stdout=out, **options)
    return out.getvalue()


def _counts() -> tuple[int, int, int, int]:
    return Worker.objects.count(), Enterprise.objects.count(), Certificate.objects.count(), User.objects.count()


def test_demo_load_fills_an_empty_registry_and_prints_the_logins():
    output = _load("--workers", "200", "--seed", "5")
    assert Worker.objects.count() == 200
    assert DEMO_PASSWORD in output
    assert "仅供演示" in output
    assert all(username in output for username in DEMO_USERNAMES)
    assert "技能人才" in output


def test_if_empty_changes_nothing_when_the_demo_is_loaded():
    _load("--workers", "200", "--quiet")
    before = _counts()
    output = _load("--if-empty")
    assert _counts() == before
    assert "已装载" in output
    assert "bureau_admin" in output


def test_without_if_empty_a_loaded_registry_is_refused():
    _load("--workers", "200", "--quiet")
    with pytest.raises(CommandError, match="--if-empty"):
        _load("--workers", "200")


def test_quiet_prints_nothing():
    assert _load("--workers", "150", "--quiet") == ""


def test_huangpu_profile_loads_huangpu():
    _load("--workers", "300", "--profile", "huangpu", "--quiet")
    assert set(Enterprise.objects.values_list("district__code", flat=True)) == {"310101"}


def test_too_few_workers_is_refused_in_chinese():
    with pytest.raises(CommandError, match="至少"):
        _load("--workers", "10")


def test_the_writer_fills_every_field_of_the_tables_it_writes():
    for model in FIELDS:
        assert len(table_columns(model)) == len(FIELDS[model])


def test_demo_load_builds_the_search_index_and_tells_no_one_to_run_a_command():
    """Issue 10 §21: the start-up output said "请运行 search_reindex" after the index was rebuilt."""
    from gongjiang.search.models import WorkerSearchDoc

    output = _load("--workers", "150", "--seed", "3")
    assert WorkerSearchDoc.objects.count() == Worker.objects.count()
    assert "search_reindex" not in output
    assert "请运行" not in output
    assert "人才检索文档" in output


def test_the_evaluator_has_an_agency_with_batches_and_certificates_in_the_archives():
    from gongjiang.evaluation.models import BatchStatus, CertificateStatus, IssuedCertificate

    _load("--workers", "400", "--seed", "7")
    evaluator = User.objects.get(username="evaluator")
    assert evaluator.agency is not None
    assert evaluator.agency.scopes.exists()
    statuses = set(evaluator.agency.batches.values_list("status", flat=True))
    assert {BatchStatus.ISSUED, BatchStatus.IN_NOTICE, BatchStatus.PLANNED} <= statuses
    issued = IssuedCertificate.objects.filter(agency=evaluator.agency)
    valid = issued.filter(status=CertificateStatus.VALID)
    assert valid.exists()
    assert issued.filter(status=CertificateStatus.REVOKED).count() == 1
    assert all(Certificate.objects.filter(number=c.number, worker=c.worker).exists() for c in valid)
