"""The wage table on Spark equals the numpy table cell by cell (issue 18 §5, ADR 0015; R7.2, R9.1).

One local Spark session for the module (local[2], bound to 127.0.0.1, no UI, 4 shuffle partitions).

Tolerances: none for cells, codes, counts, enterprise counts and disclosure status; none for the
quantiles, means and Zhejiang tails of administrative cells (the same integer order statistics and
sums go through the same numpy arithmetic, so the floats are bit-identical); relative 1e-12 for the
weighted mean and RSE of survey cells (Spark adds the weighted sums in another order). The published
file, in yuan, is byte-identical.
"""

import os

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from gongjiang.income import analysis, disclosure
from gongjiang.income import spark as spark_engine
from gongjiang.income.services import income_demo_load
from gongjiang.income.store import snapshot_read
from gongjiang.income.tests.factories import snapshot_make
from gongjiang.reference.models import Division, Industry, Occupation
from gongjiang.reference.services import reference_data_load

TEST_CONF = {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4", "spark.driver.host": "127.0.0.1",
             "spark.driver.bindAddress": "127.0.0.1", "spark.default.parallelism": "2"}
EXACT = ("occupation", "grade", "group", "is_total", "count", "enterprises", "status", "quantiles", "zj_low",
         "zj_high", "sums")


@pytest.fixture(scope="module")
def spark():
    previous = os.environ.get("SPARK_LOCAL_IP")
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = spark_engine.session(master="local[2]", conf=TEST_CONF)
    yield session
    session.stop()
    if previous is None:
        os.environ.pop("SPARK_LOCAL_IP", None)
    else:
        os.environ["SPARK_LOCAL_IP"] = previous


@pytest.fixture(scope="module")
def demo_income(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo district's incomes as `./run demo` makes them (demo_load, then income_demo_load):
    3,000 workers, snapshots of 2023 and 2024 kept on disk, the database rolled back.

    These tests use no `db` fixture, so pytest-django runs them after the transactional tests,
    whose flush on PostgreSQL removes the reference data the migrations loaded: load it again
    (an upsert, rolled back with the rest) when it is missing."""
    folder = tmp_path_factory.mktemp("income-demo")
    with django_db_blocker.unblock(), override_settings(INCOME_DATA_DIR=str(folder)), transaction.atomic():
        if not Division.objects.exists():
            reference_data_load(Occupation=Occupation, Division=Division, Industry=Industry)
        call_command("demo_load", "--workers", "3000", "--quiet")
        income_demo_load(years=(2023, 2024))
        transaction.set_rollback(True)
    return folder


def _survey_world(path, seed=3):
    """Administrative and survey cells (a survey weight on most rows of two occupations, one with a
    wide spread), an empty occupation code, a dominant enterprise, a rare grade: every disclosure
    rule has cells to decide."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(2400):
        occupation = str(rng.choice(["6-18-01-01", "6-18-02-04", "4-01-02-01", "2-02-07-01", ""],
                                    p=[0.3, 0.25, 0.25, 0.08, 0.12]))
        survey = occupation in ("4-01-02-01", "2-02-07-01") and rng.random() < 0.8
        spread = 2.0 if occupation == "2-02-07-01" else 0.4
        rows.append({
            "pay": float(round(rng.lognormal(11.3, spread))), "overtime": float(rng.integers(0, 9_000)),
            "occupation": occupation, "grade": int(rng.choice([0, 2, 3, 4, 5, 6], p=[0.2, 0.2, 0.2, 0.2, 0.17, 0.03])),
            "district": str(rng.choice(["330902", "330903", "330921"])), "industry": str(rng.choice(["C", "F", "G"])),
            "enterprise": 1 if occupation == "6-18-02-04" and rng.random() < 0.6 else int(rng.integers(2, 40)),
            "weight": float(rng.choice([1.5, 2.0, 7.5, 30.0])) if survey else 1.0,
            "months": int(rng.choice([12, 12, 12, 6])),
        })
    return snapshot_make(rows, path=path)


def assert_same_table(got: analysis.CellTable, expected: analysis.CellTable) -> None:
    assert len(got) == len(expected)
    for name in EXACT:
        np.testing.assert_array_equal(getattr(got, name), getattr(expected, name), err_msg=name)
    survey = ~np.isnan(expected.rse)
    np.testing.assert_array_equal(got.mean[~survey], expected.mean[~survey])
    np.testing.assert_allclose(got.mean[survey], expected.mean[survey], rtol=1e-12)
    np.testing.assert_allclose(got.rse, expected.rse, rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize("by", [None, "district", "industry"])
def test_demo_table_on_spark_equals_numpy_cell_by_cell(spark, demo_income, by):
    path = demo_income / "income_2024.parquet"
    expected = analysis.wage_table(snapshot_read(path), by=by)
    got = spark_engine.wage_table(str(path), by=by, spark=spark)
    assert_same_table(got, expected)
    assert {disclosure.PUBLISHED, disclosure.SMALL} <= set(expected.status)  # a real mix, not all hidden


def test_demo_table_at_an_occupation_level_with_filters_equals_numpy(spark, demo_income):
    path = demo_income / "income_2023.parquet"
    filters = {"by": "district", "level": 2, "occupation_prefix": "6", "grades": [2, 3, 4]}
    expected = analysis.wage_table(snapshot_read(path), **filters)
    got = spark_engine.wage_table(str(path), spark=spark, **filters)
    assert len(expected) > 0
    assert_same_table(got, expected)


EVERY_RULE = {disclosure.PUBLISHED, disclosure.CAUTION, disclosure.UNRELIABLE, disclosure.SMALL, disclosure.DOMINANT,
              disclosure.SECONDARY}
SOME_RULES = {disclosure.PUBLISHED, disclosure.SMALL, disclosure.DOMINANT}


@pytest.mark.parametrize(("by", "rules"), [(None, EVERY_RULE), ("district", SOME_RULES), ("industry", SOME_RULES)])
def test_survey_weighted_table_on_spark_equals_numpy(spark, tmp_path, by, rules):
    path = tmp_path / "survey.parquet"
    expected = analysis.wage_table(_survey_world(path), by=by)
    got = spark_engine.wage_table(str(path), by=by, spark=spark)
    assert_same_table(got, expected)
    assert (~np.isnan(expected.rse)).sum() > 10  # weighted cells are compared
    assert rules <= set(expected.status)


def test_part_year_rule_pay_dominance_and_mixed_cells_are_the_same_on_spark(spark, tmp_path, settings):
    # issue 11: annualised part-year pay (6 months allowed), the p% rule, survey + census cells
    settings.INCOME_ANNUAL_MIN_MONTHS = 6
    settings.INCOME_MIN_WORKERS = 8
    settings.INCOME_MIN_ENTERPRISES = 2
    settings.INCOME_P_PERCENT = 0.6
    path = tmp_path / "survey.parquet"
    snap = _survey_world(path, seed=5)
    assert snap.annual_rule["annualised"] > 100
    for by in (None, "district"):
        expected = analysis.wage_table(snap, by=by)
        got = spark_engine.wage_table(str(path), by=by, spark=spark)
        assert_same_table(got, expected)
        assert {disclosure.DOMINANT_PAY, disclosure.CAUTION} <= set(expected.status)


def test_survey_table_with_lower_thresholds_hides_the_same_cells(spark, tmp_path, settings):
    settings.INCOME_MIN_WORKERS = 8
    settings.INCOME_MIN_ENTERPRISES = 2
    path = tmp_path / "survey.parquet"
    expected = analysis.wage_table(_survey_world(path, seed=4), by="district")
    got = spark_engine.wage_table(str(path), by="district", spark=spark)
    assert_same_table(got, expected)
    assert {disclosure.CAUTION, disclosure.UNRELIABLE, disclosure.DOMINANT, disclosure.SMALL} <= set(expected.status)


@pytest.mark.django_db
def test_publish_with_engine_spark_writes_the_same_file_as_numpy(spark, demo_income, tmp_path, settings):
    settings.INCOME_DATA_DIR = str(demo_income)
    files = {}
    for engine in ("numpy", "spark"):
        files[engine] = tmp_path / f"{engine}.csv"
        call_command("wages", "publish", "--year", "2024", "--by", "industry", "--engine", engine,
                     "--out", str(files[engine]))
    assert files["spark"].read_bytes() == files["numpy"].read_bytes()
    assert "不公布" in files["spark"].read_text(encoding="utf-8-sig")


@pytest.mark.django_db
def test_publish_with_spark_from_a_missing_location_explains_where_the_files_go(spark, tmp_path):
    with pytest.raises(CommandError, match="找不到 2024 年的收入快照.*共享目录、HDFS 或对象存储"):
        call_command("wages", "publish", "--year", "2024", "--engine", "spark",
                     "--source", str(tmp_path / "nowhere" / "income_2024.parquet"), "--out", str(tmp_path / "w.csv"))


@pytest.mark.django_db
def test_publish_with_spark_of_a_year_not_built_says_how_to_build_it(spark, tmp_path):
    with pytest.raises(CommandError, match="wages build --year 2019"):
        call_command("wages", "publish", "--year", "2019", "--engine", "spark", "--out", str(tmp_path / "w.csv"))


def test_spark_options_without_engine_spark_are_refused(tmp_path):
    with pytest.raises(CommandError, match="只用于 --engine spark"):
        call_command("wages", "publish", "--year", "2024", "--source", "hdfs:///x", "--out", str(tmp_path / "w.csv"))


def test_the_spark_submit_folder_shadows_no_standard_module():
    """spark-submit puts the application file's folder first on sys.path (docs/operations/income.md)."""
    import sys
    from pathlib import Path

    from gongjiang.income.spark_submit import app

    names = {p.stem for p in Path(app.__file__).parent.glob("*.py")}
    assert names == {"__init__", "app"}
    assert not names & set(sys.stdlib_module_names)


def test_an_unknown_engine_is_refused_in_chinese(bureau_admin):
    from gongjiang.core.errors import DomainError
    from gongjiang.income.selectors import wage_levels

    with pytest.raises(DomainError, match="计算方式只能是 numpy"):
        wage_levels(actor=bureau_admin, year=2024, engine="duckdb")
