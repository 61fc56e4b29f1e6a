"""Pinyin initials read the surname as a surname (issue 18 §4): 曾 z, 单 s, 解 x, 尉迟 yc, 万俟 mq …
through the search documents and the search a user types."""

import pytest

from gongjiang.search.models import WorkerSearchDoc
from gongjiang.search.query import SearchQuery
from gongjiang.search.selectors import worker_search
from gongjiang.search.terms import name_initials, name_initials_all
from gongjiang.search.tests.factories import skilled_worker

# People of history whose surname is read differently from the character's common reading (and,
# for 秘, a made-up given name); "not" gives the initials the common reading used to give.
REAL_NAMES = [
    ("曾国藩", "zgf"),    # not cgf
    ("单雄信", "sxx"),    # not dxx
    ("解缙", "xj"),       # not jj
    ("尉迟恭", "ycg"),
    ("万俟卨", "mqx"),    # not wqx
    ("仇英", "qy"),       # not cy
    ("区寄", "oj"),       # not qj
    ("朴树", "ps"),
    ("查良镛", "zly"),    # not cly
    ("盖叫天", "gjt"),
    ("缪昌期", "mcq"),
    ("乐毅", "yy"),
    ("长孙无忌", "zswj"),
    ("澹台灭明", "ttmm"),
    ("令狐冲", "lhc"),
    ("宇文化及", "ywhj"),
    ("上官婉儿", "sgwe"),
    ("欧阳修", "oyx"),
    ("司马光", "smg"),
    ("诸葛亮", "zgl"),
    ("覃振", "qz"),       # not tz first
    ("种师道", "csd"),    # not zsd
    ("翟让", "zr"),       # not dr first
    ("折可适", "sks"),    # not zks
    ("员半千", "ybq"),
    ("繁钦", "pq"),       # not fq
    ("句龙", "gl"),       # not jl
    ("黑齿常之", "hccz"),
    ("秘丘", "bq"),       # not mq
    ("华佗", "ht"),
    ("张三丰", "zsf"),    # an ordinary surname is unchanged
]


@pytest.mark.parametrize(("name", "initials"), REAL_NAMES)
def test_name_initials_read_the_surname_as_a_surname(name, initials):
    assert name_initials(name) == initials


def test_a_surname_with_two_readings_in_use_is_indexed_under_both():
    assert name_initials_all("乐嘉") == ["yj", "lj"]
    assert name_initials_all("翟让") == ["zr", "dr"]


def test_a_two_character_name_is_never_a_bare_compound_surname():
    # 欧阳 is Mr 欧 named 阳; 单于 is Mr 单 (Shàn) named 于, not the 复姓 Chányú.
    assert name_initials("欧阳") == "oy"
    assert name_initials_all("单于") == ["sy"]
    assert name_initials_all("单于飞") == ["cyf", "syf"]


@pytest.mark.django_db
def test_the_search_document_holds_the_surname_reading_and_not_the_common_one(enterprise_a):
    worker = skilled_worker(enterprise=enterprise_a, name="曾国藩")
    terms = set(WorkerSearchDoc.objects.get(worker_id=worker.pk).terms)
    assert {"p:zg", "p:zgf"} <= terms
    assert "p:cgf" not in terms


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "initials", "wrong"), [
    ("曾国藩", "zgf", "cgf"), ("单雄信", "sxx", "dxx"), ("解缙", "xj", "jj"), ("尉迟恭", "ycg", None),
    ("万俟卨", "mqx", "wqx"), ("查良镛", "zly", "cly"), ("仇英", "qy", "cy"), ("区寄", "oj", "qj"),
])
def test_a_search_by_initials_finds_the_person_by_the_surname_reading(bureau_admin, enterprise_a, name,
                                                                       initials, wrong):
    worker = skilled_worker(enterprise=enterprise_a, name=name)
    skilled_worker(enterprise=enterprise_a, name="李四")
    found = worker_search(actor=bureau_admin, query=SearchQuery(text=initials))
    assert [h.worker_id for h in found.hits] == [worker.pk]
    if wrong:
        assert worker_search(actor=bureau_admin, query=SearchQuery(text=wrong)).hits == []


@pytest.mark.django_db
def test_the_search_page_explains_the_initials_match(client, bureau_admin, enterprise_a):
    skilled_worker(enterprise=enterprise_a, name="尉迟恭")
    client.force_login(bureau_admin)
    page = client.get("/search/", {"q": "ycg"}).content.decode()
    assert "共找到 1 人" in page
    assert "姓名拼音首字母：ycg" in page
