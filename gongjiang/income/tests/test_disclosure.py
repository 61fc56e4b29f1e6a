"""Each suppression rule (issue 6 §3; R9.1)."""

import numpy as np

from gongjiang.income import disclosure as d


def _status(count=40, enterprises=5, share=0.2, rse=np.nan):
    return d.primary_status(np.asarray([count]), np.asarray([enterprises]), np.asarray([share]),
                            np.asarray([rse]))[0]


def test_a_cell_with_enough_workers_and_enterprises_is_published():
    assert _status() == d.PUBLISHED


def test_fewer_than_30_workers_is_not_published():
    assert _status(count=29) == d.SMALL


def test_thirty_workers_is_enough():
    assert _status(count=30) == d.PUBLISHED


def test_fewer_than_3_enterprises_is_not_published():
    assert _status(enterprises=2) == d.FEW_ENTERPRISES


def test_one_enterprise_with_more_than_half_is_not_published():
    assert _status(share=0.51) == d.DOMINANT


def test_exactly_half_is_allowed():
    assert _status(share=0.5) == d.PUBLISHED


def test_survey_cell_with_rse_between_25_and_50_percent_is_flagged():
    assert _status(rse=0.3) == d.CAUTION


def test_survey_cell_with_rse_above_50_percent_is_not_published():
    assert _status(rse=0.51) == d.UNRELIABLE


def test_thresholds_are_settings(settings):
    settings.INCOME_MIN_WORKERS = 10
    assert _status(count=12) == d.PUBLISHED


def test_a_lone_hidden_cell_in_a_line_hides_the_smallest_other_cell():
    # cells 0..2 and their total 3; cell 1 is hidden by the primary rules.
    status = np.asarray([d.PUBLISHED, d.SMALL, d.PUBLISHED, d.PUBLISHED], dtype=object)
    counts = np.asarray([50, 10, 40, 100])
    out = d.secondary_suppress(status, counts, [[0, 1, 2, 3]])
    assert out.tolist() == [d.PUBLISHED, d.SMALL, d.SECONDARY, d.PUBLISHED]


def test_two_hidden_cells_need_no_secondary_suppression():
    status = np.asarray([d.SMALL, d.SMALL, d.PUBLISHED, d.PUBLISHED], dtype=object)
    out = d.secondary_suppress(status, np.asarray([5, 6, 40, 51]), [[0, 1, 2, 3]])
    assert d.SECONDARY not in out.tolist()


def test_a_hidden_cell_that_is_the_only_one_under_its_total_hides_the_total():
    status = np.asarray([d.SMALL, d.PUBLISHED], dtype=object)
    out = d.secondary_suppress(status, np.asarray([5, 5]), [[0, 1]])
    assert out.tolist() == [d.SMALL, d.SECONDARY]


def test_secondary_suppression_propagates_across_crossing_lines():
    # Two lines share cell 2: hiding it for line A leaves it alone in line B, so B hides one more.
    status = np.asarray([d.SMALL, d.PUBLISHED, d.PUBLISHED, d.PUBLISHED, d.PUBLISHED, d.PUBLISHED], dtype=object)
    counts = np.asarray([5, 90, 30, 125, 60, 90])
    lines = [[0, 1, 2, 3], [2, 4, 5]]
    out = d.secondary_suppress(status, counts, lines)
    assert out[2] == d.SECONDARY
    assert out[4] == d.SECONDARY
    for line in lines:
        assert sum(out[i] in d.HIDDEN for i in line) != 1


# Dominance by pay (issue 11 §3): the p% rule by default, the (n, k) rule as a setting.

def _pay_status(total, top, second, count=40, enterprises=5, share=0.2):
    return d.primary_status(np.asarray([count]), np.asarray([enterprises]), np.asarray([share]), np.asarray([np.nan]),
                            pay=(np.asarray([total]), np.asarray([top]), np.asarray([second])))[0]


def test_a_cell_whose_largest_payer_others_could_estimate_within_ten_percent_is_hidden():
    # the rest (100 − 80 − 15 = 5) is less than 10% of the largest (8): the second could estimate it
    assert _pay_status(total=100, top=80, second=15) == d.DOMINANT_PAY


def test_a_cell_with_enough_pay_outside_the_two_largest_is_published():
    assert _pay_status(total=100, top=60, second=20) == d.PUBLISHED  # rest 20 ≥ 6


def test_the_nk_rule_is_a_setting(settings):
    settings.INCOME_DOMINANCE_PAY_RULE = "nk"
    settings.INCOME_NK = (1, 0.6)
    assert _pay_status(total=100, top=61, second=5) == d.DOMINANT_PAY
    assert _pay_status(total=100, top=60, second=30) == d.PUBLISHED


def test_the_head_count_rule_still_applies_with_the_pay_rule():
    assert _pay_status(total=100, top=30, second=20, share=0.6) == d.DOMINANT


def test_one_large_payer_with_few_workers_hides_the_cell_in_the_table(tmp_path):
    # 40 workers in 8 enterprises; enterprise 1 has 4 workers (10%) but pays 3 million each: the
    # pay of all but the two largest (30 × ~20,000) is less than 10% of enterprise 1's 12 million
    from gongjiang.income.analysis import wage_table
    from gongjiang.income.tests.factories import snapshot_make

    rows = [{"pay": 3_000_000.0, "enterprise": 1} for _ in range(4)]
    rows += [{"pay": 20_000.0 + i, "enterprise": 2 + i % 7} for i in range(36)]
    table = wage_table(snapshot_make(rows, path=tmp_path / "p.parquet"), by="district")
    cell = int(np.flatnonzero(~table.is_total)[0])
    assert table.status[cell] == d.DOMINANT_PAY
    assert d.is_hidden(table.status[cell])
