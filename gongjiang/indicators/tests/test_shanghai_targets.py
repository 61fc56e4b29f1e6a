"""Shanghai's 2024 targets for new-skill training and apprentices (滬就辦〔2024〕1號 一(一), 二(六);
ADR 0025 amendment): shipped with their citations; apprentices counted from enterprises' 新型学徒制
training; new-skill training shown as 暂无数据来源 (our records do not mark it), never as 0."""

from datetime import date
from decimal import Decimal

import pytest

from gongjiang.indicators import bulletin, queries, selectors
from gongjiang.indicators.catalogue import BY_CODE
from gongjiang.indicators.models import Target
from gongjiang.indicators.templatetags.indicator_figures import indicator_value
from gongjiang.registry.tests.factories import EnterpriseFactory
from gongjiang.training.models import EnterpriseTraining

ON = date(2024, 12, 31)


def _training(enterprise, kind, trainees, end):
    return EnterpriseTraining.objects.create(enterprise=enterprise, kind=kind, name="培训", start_date=date(2024, 1, 10),
                                             end_date=end, trainees=trainees, spend=Decimal("0"))


@pytest.fixture
def apprenticeships(enterprise_a, enterprise_b, dinghai):
    """Dinghai: 12 apprentices (ended 2024) and 5 in employee training (not apprentices); an
    apprenticeship of 7 in a 解放街道 enterprise; one of 9 ending in 2025 (after the date). Putuo: 3."""
    _training(enterprise_a, "apprenticeship", 12, date(2024, 6, 30))
    _training(enterprise_a, "employee", 5, date(2024, 6, 30))
    _training(EnterpriseFactory(district=dinghai, township_code="330902001", township_name="解放街道"),
              "apprenticeship", 7, date(2024, 9, 30))
    _training(enterprise_a, "apprenticeship", 9, date(2025, 3, 1))
    _training(enterprise_b, "apprenticeship", 3, date(2024, 5, 31))


def _values(base, code):
    return {v.code: v for v in selectors.values_from_base(base, code)}


def test_the_shanghai_targets_are_shipped_with_their_citation(db):
    found = {t.indicator: t for t in Target.objects.filter(area__code="310000", year=2024)}
    assert found["apprentices_trained"].value == 10000
    assert (found["apprentices_trained"].document, found["apprentices_trained"].clause) == ("滬就辦〔2024〕1號", "二(六)")
    assert found["new_skill_training"].value == 120000
    assert found["new_skill_training"].clause == "一(一)"
    assert "12万人次" in found["new_skill_training"].wording


def test_apprentices_are_the_trainees_of_new_apprenticeship_training_ended_in_the_year(apprenticeships):
    base = queries.base(ON)
    assert _values(base, "330902")["apprentices_trained"].value == 19
    assert _values(base, "330903")["apprentices_trained"].value == 3
    assert _values(base, "330900")["apprentices_trained"].value == 22  # the city sums its districts
    assert _values(base, "330902001")["apprentices_trained"].value == 7  # the enterprise's township


def test_new_skill_training_has_no_source_and_is_never_shown_as_zero(apprenticeships):
    value = _values(queries.base(ON), "330902")["new_skill_training"]
    assert value.value is None
    assert indicator_value(value.value, BY_CODE["new_skill_training"]) == "暂无数据来源"
    assert "不标注是否属于新技能培训" in str(BY_CODE["new_skill_training"].definition)


def test_the_home_page_shows_both_shanghai_targets(client, bureau_admin, apprenticeships):
    client.force_login(bureau_admin)
    page = client.get("/indicators/", {"area": "310000", "year": 2024}).content.decode()
    assert "企业新型学徒制培训人数" in page
    assert "等级工（新技能）培训人次" in page
    assert "暂无数据来源" in page
    assert "全年开展企业新型学徒制培训1万人" in page


def test_the_bulletin_reports_apprentices_and_says_new_skill_training_has_no_source(apprenticeships):
    content = bulletin.bulletin_content("310000", 2024, 12, today=date(2026, 12, 7))
    _head, rows = bulletin.progress_table(content)
    by_label = {r[0]: r for r in rows}
    assert by_label["企业新型学徒制培训人数"][2] == "10,000 人"
    assert by_label["等级工（新技能）培训人次"][3] == "暂无数据来源"
    assert by_label["等级工（新技能）培训人次"][6] == "暂无数据"
