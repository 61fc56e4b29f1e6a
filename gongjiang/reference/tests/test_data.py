"""The shipped reference data: agrees with the national catalogues and covers what policies need."""

from collections import Counter

import pytest

from gongjiang.reference import selectors
from gongjiang.reference.models import Division, Industry, Occupation
from gongjiang.reference.services import reference_data_load
from gongjiang.reference.tests.datafiles import csv_rows

SHANGHAI_DISTRICTS = {
    "310101": "黄浦区",
    "310104": "徐汇区",
    "310105": "长宁区",
    "310106": "静安区",
    "310107": "普陀区",
    "310109": "虹口区",
    "310110": "杨浦区",
    "310112": "闵行区",
    "310113": "宝山区",
    "310114": "嘉定区",
    "310115": "浦东新区",
    "310116": "金山区",
    "310117": "松江区",
    "310118": "青浦区",
    "310120": "奉贤区",
    "310151": "崇明区",
}
ZHOUSHAN_UNITS = {"330902": "定海区", "330903": "普陀区", "330921": "岱山县", "330922": "嵊泗县"}


# --- Occupations ---------------------------------------------------------------------------


def test_shipped_occupations_agree_with_the_2022_catalogue(shared_data, shipped):
    official = {row["code"]: row for row in csv_rows(shared_data / "occupations-2022.csv")}

    mismatches = [
        row["code"]
        for row in shipped["occupations"]
        if row["code"] not in official
        or (row["level"], row["name"], row["parent_code"])
        != (
            official[row["code"]]["level"],
            official[row["code"]]["name"],
            official[row["code"]]["parent_code"],
        )
    ]

    assert mismatches == []


def test_shipped_occupations_are_a_subset_not_the_whole_catalogue(shared_data, shipped):
    official = csv_rows(shared_data / "occupations-2022.csv")

    assert len(shipped["occupations"]) < len(official) / 2


def test_every_shipped_occupation_has_its_ancestors(shipped):
    codes = {row["code"] for row in shipped["occupations"]}

    orphans = [
        row["code"]
        for row in shipped["occupations"]
        if row["parent_code"] and row["parent_code"] not in codes
    ]

    assert orphans == []


@pytest.mark.django_db
def test_at_least_150_occupations_are_loaded():
    assert Occupation.objects.filter(level=Occupation.Level.OCCUPATION).count() >= 150


@pytest.mark.django_db
def test_loaded_occupations_match_the_shipped_file(shipped):
    loaded = {
        o.code: (o.level, o.name, o.parent.code if o.parent else "")
        for o in Occupation.objects.select_related("parent")
    }

    expected = {r["code"]: (int(r["level"]), r["name"], r["parent_code"]) for r in shipped["occupations"]}

    assert loaded == expected


REQUIRED_OCCUPATIONS = [
    ("welding", "6-18-02-04", "焊工"),
    ("CNC machining", "6-18-01-07", "多工序数控机床操作调整工"),
    ("turning", "6-18-01-01", "车工"),
    ("fitters", "6-20-01-01", "装配钳工"),
    ("fitters", "6-31-01-02", "机修钳工"),
    ("electricians", "6-31-01-03", "电工"),
    ("instruments", "6-26-01-01", "仪器仪表制造工"),
    ("instruments", "6-31-01-04", "仪器仪表维修工"),
    ("shipbuilding", "6-23-02-01", "金属船体制造工"),
    ("ship repair", "6-31-02-01", "船舶修理工"),
    ("petrochemicals", "6-10-01-02", "催化裂化工"),
    ("petrochemicals", "6-11-01-03", "化工总控工"),
    ("grain and oil", "6-01-01-01", "制米工"),
    ("grain and oil", "6-01-01-03", "制油工"),
    ("aquatic products", "6-01-05-01", "水产品加工工"),
    ("elderly care", "4-10-01-05", "养老护理员"),
    ("childcare", "4-10-01-03", "保育师"),
    ("childcare", "4-10-01-01", "婴幼儿发展引导员"),
    ("catering", "4-03-02-01", "中式烹调师"),
    ("catering", "4-03-02-04", "西式面点师"),
    ("housekeeping", "4-10-01-06", "家政服务员"),
    ("e-commerce", "4-01-06-01", "电子商务师"),
    ("e-commerce", "4-01-06-02", "互联网营销师"),
    ("digital", "4-04-05-05", "人工智能训练师"),
    ("construction", "6-29-01-01", "砌筑工"),
    ("construction", "6-29-01-04", "钢筋工"),
    ("automotive", "4-12-01-01", "汽车维修工"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("group", "code", "name"), REQUIRED_OCCUPATIONS)
def test_each_policy_industry_group_is_represented(group, code, name):
    occupation = selectors.occupation_get(code)

    assert occupation is not None, group
    assert (occupation.name, occupation.level) == (name, Occupation.Level.OCCUPATION)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("subtree", "minimum"), [("6-23-02", 6), ("6-10-01", 5), ("6-29", 15), ("4-03-02", 10)]
)
def test_whole_groups_are_covered(subtree, minimum):
    codes = selectors.occupation_subtree_codes(subtree)

    assert len([c for c in codes if c.count("-") == 3]) >= minimum


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "code"), [("数控车", "6-18-01-01"), ("焊", "6-18-02-04"), ("育婴员", "4-10-01-01")]
)
def test_searches_people_type_find_the_occupation(text, code):
    assert code in [o.code for o in selectors.occupation_search(text)]


def test_aliases_point_at_shipped_occupations(shipped):
    codes = {row["code"] for row in shipped["occupations"]}

    assert {row["code"] for row in shipped["occupation_aliases"]} <= codes


# --- Divisions -----------------------------------------------------------------------------


def test_current_divisions_match_the_2023_division_codes(shared_data, shipped):
    official = {row["code"]: row for row in csv_rows(shared_data / "regions-2023.csv")}
    current = [row for row in shipped["divisions"] if not row["retired_on"]]

    mismatches = [
        row["code"]
        for row in current
        if row["code"] not in official
        or (row["name"], row["level"], row["parent_code"])
        != (
            official[row["code"]]["name"],
            official[row["code"]]["level"],
            official[row["code"]]["parent_code"],
        )
    ]

    assert mismatches == []


def test_retired_codes_are_not_current_codes(shared_data, shipped):
    official = {row["code"] for row in csv_rows(shared_data / "regions-2023.csv")}

    assert [
        row["code"] for row in shipped["divisions"] if row["retired_on"] and row["code"] in official
    ] == []


def test_all_31_provinces_are_shipped(shared_data, shipped):
    official = {
        row["code"]: row["name"] for row in csv_rows(shared_data / "regions-2023.csv") if row["level"] == "1"
    }

    shipped_provinces = {row["code"]: row["name"] for row in shipped["divisions"] if row["level"] == "1"}

    assert len(official) == 31
    assert shipped_provinces == official


@pytest.mark.django_db
def test_shanghai_has_its_16_current_districts():
    districts = {d.code: d.name for d in selectors.division_current_districts("310100")}

    assert districts == SHANGHAI_DISTRICTS


@pytest.mark.django_db
def test_province_code_gives_the_same_districts_as_its_prefecture():
    assert selectors.division_current_districts("310000") == selectors.division_current_districts("310100")


@pytest.mark.django_db
def test_zhoushan_has_its_4_county_level_units():
    units = {d.code: d.name for d in selectors.division_current_districts("330900")}

    assert units == ZHOUSHAN_UNITS


@pytest.mark.django_db
def test_putuo_is_told_apart_by_code():
    shanghai, zhoushan = selectors.division_get("310107"), selectors.division_get("330903")

    assert (shanghai.name, zhoushan.name) == ("普陀区", "普陀区")
    assert (shanghai.parent.code, zhoushan.parent.code) == ("310100", "330900")


RETIRED = [
    ("310102", "南市区", "310101"),
    ("310103", "卢湾区", "310101"),
    ("310108", "闸北区", "310106"),
    ("310111", "吴淞区", "310113"),
    ("310119", "南汇区", "310115"),
    ("310221", "上海县", "310112"),
    ("310222", "嘉定县", "310114"),
    ("310223", "宝山县", "310113"),
    ("310224", "川沙县", "310115"),
    ("310225", "南汇县", "310115"),
    ("310226", "奉贤县", "310120"),
    ("310227", "松江县", "310117"),
    ("310228", "金山县", "310116"),
    ("310229", "青浦县", "310118"),
    ("310230", "崇明县", "310151"),
    ("332721", "定海县", "330902"),
    ("332722", "普陀县", "330903"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "name", "current_code"), RETIRED)
def test_retired_codes_resolve_to_their_current_successor(code, name, current_code):
    resolved = selectors.division_name_for_code(code)

    assert resolved is not None
    assert (resolved.name, resolved.retired, resolved.current_code) == (name, True, current_code)
    assert resolved.retired_on is not None


@pytest.mark.django_db
def test_every_retired_division_has_a_date_and_a_successor():
    retired = Division.objects.filter(retired_on__isnull=False)

    assert retired.count() >= 15
    assert not retired.filter(successor__isnull=True).exists()


@pytest.mark.django_db
def test_neighbours_are_symmetric_and_stay_within_their_city(shipped):
    pairs = [(row["code_a"], row["code_b"]) for row in shipped["division_neighbours"]]

    for a, b in pairs:
        assert b in [d.code for d in selectors.division_neighbours(a)]
        assert a in [d.code for d in selectors.division_neighbours(b)]
        assert a[:4] == b[:4]


@pytest.mark.django_db
@pytest.mark.parametrize("code", [*SHANGHAI_DISTRICTS, *ZHOUSHAN_UNITS])
def test_every_district_has_a_neighbour(code):
    assert selectors.division_neighbours(code)


@pytest.mark.django_db
def test_shanghai_districts_form_one_connected_map():
    seen, todo = set(), ["310101"]
    while todo:
        code = todo.pop()
        if code not in seen:
            seen.add(code)
            todo.extend(d.code for d in selectors.division_neighbours(code))

    assert seen == set(SHANGHAI_DISTRICTS)


# --- Industries ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_industries_have_20_sections_and_97_divisions():
    sections = Industry.objects.filter(level=Industry.Level.SECTION)
    divisions = Industry.objects.filter(level=Industry.Level.DIVISION)

    assert sorted(sections.values_list("code", flat=True)) == list("ABCDEFGHIJKLMNOPQRST")
    assert sorted(divisions.values_list("code", flat=True)) == [f"{n:02d}" for n in range(1, 98)]


@pytest.mark.django_db
def test_every_industry_division_belongs_to_its_section():
    sections_by_range = {
        "A": (1, 5),
        "B": (6, 12),
        "C": (13, 43),
        "D": (44, 46),
        "E": (47, 50),
        "F": (51, 52),
        "G": (53, 60),
        "H": (61, 62),
        "I": (63, 65),
        "J": (66, 69),
        "K": (70, 70),
        "L": (71, 72),
        "M": (73, 75),
        "N": (76, 79),
        "O": (80, 82),
        "P": (83, 83),
        "Q": (84, 85),
        "R": (86, 90),
        "S": (91, 96),
        "T": (97, 97),
    }
    counts = Counter(i.parent.code for i in Industry.objects.filter(level=2).select_related("parent"))

    assert counts == {letter: hi - lo + 1 for letter, (lo, hi) in sections_by_range.items()}
    for letter, (lo, hi) in sections_by_range.items():
        assert set(Industry.objects.filter(parent__code=letter).values_list("code", flat=True)) == {
            f"{n:02d}" for n in range(lo, hi + 1)
        }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("C", "制造业"),
        ("37", "铁路、船舶、航空航天和其他运输设备制造业"),
        ("62", "餐饮业"),
        ("85", "社会工作"),
        ("96", "基层群众自治组织及其他组织"),
    ],
)
def test_industry_names_follow_gbt_4754_2017(code, name):
    assert Industry.objects.get(code=code).name == name


# --- The migration -------------------------------------------------------------------------


@pytest.mark.django_db
def test_loading_the_shipped_data_again_changes_nothing():
    results = reference_data_load(Occupation=Occupation, Division=Division, Industry=Industry)

    for key in ("occupations", "divisions", "industries"):
        assert (results[key].created, results[key].updated) == (0, 0), key
