"""Policy evaluation by stacked DiD event study (R7.4; issue 6 §5) on synthetic panels with a known effect."""

import numpy as np
import pandas as pd
import pytest

from gongjiang.income.evaluation import event_study, panel_with_grade_upgrades


def _panel(effect=0.08, pre_trend=0.0, seed=3):
    rng = np.random.default_rng(seed)
    rows = []
    for w in range(400):
        treated_year = 2021 if w < 100 else (2022 if w < 160 else np.nan)
        base = rng.lognormal(11.5, 0.3)
        for year in range(2018, 2025):
            lift = effect if treated_year == treated_year and year >= treated_year else 0.0
            trend = pre_trend * (year - 2018) if treated_year == treated_year else 0.0
            rows.append({"worker": w, "year": year, "occupation": "6-18", "grade": 3, "district": "330902",
                         "treated_year": treated_year,
                         "pay": base * np.exp(0.04 * (year - 2018) + lift + trend + rng.normal(0, 0.02))})
    return pd.DataFrame(rows)


def test_the_known_effect_lies_in_the_confidence_interval():
    result = event_study(_panel(effect=0.08))
    assert result.did_ci[0] < 0.08 < result.did_ci[1]
    assert result.did_pvalue < 0.01


def test_no_effect_is_not_significant():
    result = event_study(_panel(effect=0.0, seed=4))
    assert result.did_ci[0] < 0 < result.did_ci[1]


def test_parallel_pre_trends_pass_the_check():
    assert event_study(_panel()).pretrend_pvalue > 0.05


def test_diverging_pre_trends_fail_the_check():
    assert event_study(_panel(pre_trend=0.03)).pretrend_pvalue < 0.01


def test_event_time_minus_one_is_the_reference():
    result = event_study(_panel())
    assert result.coefficients[result.event_times.index(-1)] == 0.0


def test_grade_upgrade_year_is_the_first_rise():
    panel = pd.DataFrame({"worker": [1, 1, 1, 2, 2], "year": [2020, 2021, 2022, 2020, 2021], "grade": [2, 3, 4, 3, 3]})
    marked = panel_with_grade_upgrades(panel)
    assert marked.loc[marked["worker"] == 1, "treated_year"].unique().tolist() == [2021]
    assert marked.loc[marked["worker"] == 2, "treated_year"].isna().all()


def test_without_comparable_non_recipients_there_is_no_estimate():
    panel = _panel()
    panel = panel[panel["treated_year"].notna()]
    assert event_study(panel) is None


def test_effect_pct_converts_log_points():
    result = event_study(_panel(effect=0.08))
    assert result.effect_pct == pytest.approx(np.exp(result.did) - 1)


@pytest.mark.django_db
def test_policy_effect_reads_the_yearly_snapshots_and_finds_the_upgrade_raise(bureau_admin):
    from gongjiang.income.selectors import policy_effect
    from gongjiang.income.store import snapshot_path
    from gongjiang.income.tests.factories import snapshot_make

    rng = np.random.default_rng(8)
    base = rng.lognormal(11.4, 0.2, 300)
    for year in range(2020, 2025):
        rows = []
        for w in range(300):
            upgraded = w < 100 and year >= 2022
            pay = base[w] * 1.04 ** (year - 2020) * (1.10 if upgraded else 1.0) * np.exp(rng.normal(0, 0.02))
            rows.append({"worker": w + 1, "pay": pay, "grade": 4 if upgraded else 3, "enterprise": w % 7})
        snapshot_make(rows, year=year, path=snapshot_path(year))
    result = policy_effect(actor=bureau_admin, occupation_prefix="6-18")
    assert result.treated == 100
    assert result.did_ci[0] < np.log(1.10) < result.did_ci[1]


@pytest.mark.django_db
def test_evaluation_api_answers_204_without_data(client, bureau_admin):
    client.force_login(bureau_admin)
    assert client.get("/api/v1/income/evaluation").status_code == 204


@pytest.mark.django_db
def test_policy_effect_refuses_an_unknown_incentive_in_chinese(bureau_admin):
    from gongjiang.core.errors import DomainError
    from gongjiang.income.selectors import policy_effect

    with pytest.raises(DomainError, match="目前可评估的激励措施"):
        policy_effect(actor=bureau_admin, incentive="lottery")


@pytest.mark.django_db
def test_policy_effect_for_given_recipients_such_as_the_post_subsidy(bureau_admin):
    from gongjiang.income.selectors import policy_effect
    from gongjiang.income.store import snapshot_path
    from gongjiang.income.tests.factories import snapshot_make

    rng = np.random.default_rng(9)
    base = rng.lognormal(11.4, 0.2, 200)
    for year in range(2020, 2025):
        rows = [{"worker": w + 1, "pay": base[w] * 1.03 ** (year - 2020) * (1.05 if w < 60 and year >= 2023 else 1)
                 * np.exp(rng.normal(0, 0.01)), "grade": 4, "enterprise": w % 5} for w in range(200)]
        snapshot_make(rows, year=year, path=snapshot_path(year))
    result = policy_effect(actor=bureau_admin, incentive="recipients", treated_years={w + 1: 2023 for w in range(60)})
    assert result.treated == 60
    assert result.did_ci[0] < np.log(1.05) < result.did_ci[1]


def test_pay_quintiles_of_all_strata_at_once_equal_one_qcut_per_stratum():
    from gongjiang.income.evaluation import _quintiles

    rng = np.random.default_rng(5)
    base = pd.DataFrame({"stratum": rng.choice(list("abcdefg"), 400), "pay": rng.lognormal(11, 0.3, 400)})
    base.loc[base.index[:3], "stratum"] = "lone"[0:1] + "x"  # a stratum of three
    base.loc[base.index[3], "stratum"] = "one"  # and one of one
    expected = base.groupby("stratum")["pay"].transform(
        lambda s: pd.qcut(s.rank(method="first"), q=min(5, len(s)), labels=False) if len(s) > 1 else 0)
    np.testing.assert_array_equal(_quintiles(base), expected.to_numpy())


@pytest.mark.django_db
def test_the_evaluation_is_computed_once_per_snapshot_files(bureau_admin):
    # issue 10 item 20: the page took 1.3 s on every load
    from gongjiang.income.selectors import policy_effect
    from gongjiang.income.store import snapshot_path
    from gongjiang.income.tests.factories import snapshot_make

    rng = np.random.default_rng(8)
    base = rng.lognormal(11.4, 0.2, 200)

    def build(year, bump=1.0):
        rows = [{"worker": w + 1, "pay": base[w] * 1.04 ** (year - 2020) * (1.1 * bump if w < 60 and year >= 2022
                                                                             else 1.0) * np.exp(rng.normal(0, 0.02)),
                 "grade": 4 if w < 60 and year >= 2022 else 3, "enterprise": w % 7} for w in range(200)]
        snapshot_make(rows, year=year, path=snapshot_path(year))

    for year in range(2020, 2025):
        build(year)
    first = policy_effect(actor=bureau_admin)
    assert policy_effect(actor=bureau_admin) is first
    build(2024, bump=1.3)  # a rebuilt year is a new computation
    assert policy_effect(actor=bureau_admin) is not first
