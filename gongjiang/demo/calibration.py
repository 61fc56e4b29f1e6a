"""What the demo district looks like, and where each figure comes from.

Seeds are the policy texts in `../shared/seeds/` (`000` = 黄府发〔2018〕007号, Huangpu 2018;
`003` = 定政发〔2025〕4号, Dinghai 2025-2026). A figure marked *assumption* has no source in the
seeds; it was chosen to look plausible and is listed in `ASSUMPTIONS.md` so that anyone can
replace it with a measured one. Nothing here is real personal or company data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongjiang.reference.grades import Grade

# --- Headline shares (the calibration targets) ------------------------------------------------

# `003` 一: 至2025年底，技能人才总量达到11.1万人，占从业人员比重超35%；高技能人才总量达到4万人以上，
# 占技能人才比重超36%.
DINGHAI_SKILLED = 111_000
DINGHAI_SKILLED_SHARE = 0.35
DINGHAI_HIGH_SKILLED = 40_000
DINGHAI_HIGH_SKILLED_SHARE = 0.36
DINGHAI_EMPLOYED = round(DINGHAI_SKILLED / DINGHAI_SKILLED_SHARE)  # 317,143 从业人员 (derived)

# `000` 一(二): 区内现有技能劳动者30.31万人，占职工总数的48.7%，其中持国家职业资格证书的高技能人才为
# 2.44万人，占技能劳动者的8.05%.
HUANGPU_SKILLED = 303_100
HUANGPU_SKILLED_SHARE = 0.487
HUANGPU_HIGH_SKILLED = 24_400
HUANGPU_HIGH_SKILLED_SHARE = 0.0805
HUANGPU_EMPLOYED = round(HUANGPU_SKILLED / HUANGPU_SKILLED_SHARE)  # 622,382 职工 (derived)

# Grade distribution among skilled workers: the high-skilled share (高级工 and above, `000` 二(三))
# is the seed figure; how it splits over 高级工 / 技师 / 高级技师, and the rest over 初级工 / 中级工,
# is an *assumption* (a pyramid: each grade up holds roughly a third as many people).
HIGH_SKILLED_SPLIT = {Grade.SENIOR: 0.72, Grade.TECHNICIAN: 0.22, Grade.SENIOR_TECHNICIAN: 0.06}
DINGHAI_LOWER_SPLIT = {Grade.JUNIOR: 0.42, Grade.INTERMEDIATE: 0.58}  # assumption
HUANGPU_LOWER_SPLIT = {Grade.JUNIOR: 0.55, Grade.INTERMEDIATE: 0.45}  # assumption


def grade_distribution(high_share: float, lower_split: dict[Grade, float]) -> dict[Grade, float]:
    """Share of each grade among skilled workers, from the high-skilled share and the splits."""
    shares = {grade: (1 - high_share) * part for grade, part in lower_split.items()}
    shares.update({grade: high_share * part for grade, part in HIGH_SKILLED_SPLIT.items()})
    return shares


# Youngest age at which each grade is plausibly held (assumption, after the 国家职业技能标准
# 申报条件: years of work in the trade required before each grade).
MIN_AGE_BY_GRADE = {Grade.JUNIOR: 18, Grade.INTERMEDIATE: 20, Grade.SENIOR: 23, Grade.TECHNICIAN: 27,
                    Grade.SENIOR_TECHNICIAN: 32}

# Age of the employed, 18-62 in 5-year bands (assumption: shaped like the employed population of
# the 2020 census, 第七次全国人口普查, with fewer over-55s).
AGE_BANDS = ((18, 22, 5), (23, 27, 10), (28, 32, 13), (33, 37, 14), (38, 42, 13), (43, 47, 12),
             (48, 52, 13), (53, 57, 12), (58, 62, 8))

# Before 2020 skill levels were certified with 国家职业资格证书; from 2020 they are 职业技能等级证书
# issued by filed evaluators (the 水平评价类 skill qualifications left the national catalogue in 2020,
# 人社部 2019-2020 reform; `004` 十四 on the new ladder). Assumption: the switch is at 2020-01-01.
SKILL_GRADE_CERTIFICATES_FROM = 2020

# Firm sizes: Zipf-like (Axtell 2001, "Zipf distribution of U.S. firm sizes", Science 293: exponent
# about 1.06). Assumption that Chinese district firm sizes follow the same law.
FIRM_SIZE_EXPONENT = 1.06
# Size classes by employees, 国统字〔2017〕213号《统计上大中小微型企业划分办法（2017）》: (large, medium,
# small) lower bounds. Sectors classified there by revenue only (construction, real estate
# development, agriculture, finance) use the industrial or "other" bounds as a proxy (assumption).
SIZE_BOUNDS = {
    "industrial": (1000, 300, 20), "wholesale": (200, 20, 5), "retail": (300, 50, 10),
    "transport": (1000, 300, 20), "warehousing": (200, 100, 20), "hospitality": (300, 100, 10),
    "software": (300, 100, 10), "telecom": (2000, 100, 10), "property": (1000, 300, 100),
    "business": (300, 100, 10), "other": (300, 100, 10),
}
# Every demo enterprise has at least this many employees in the registry (assumption: so that an
# enterprise HR account always has someone to see).
MIN_EMPLOYEES = 3

# Ownership by size class (assumption; Huangpu leans on 区属国有, `000` 二(三) 以区属国有企业为重点).
OWNERSHIP_BY_SIZE = {
    "large": {"central_soe": 12, "municipal_soe": 18, "district_soe": 15, "private": 40, "foreign": 10, "hmt": 5},
    "medium": {"central_soe": 3, "municipal_soe": 7, "district_soe": 8, "collective": 3, "private": 65,
               "foreign": 10, "hmt": 4},
    "small": {"municipal_soe": 1, "district_soe": 3, "collective": 3, "private": 85, "foreign": 5, "hmt": 3},
    "micro": {"district_soe": 1, "collective": 3, "private": 94, "foreign": 1, "hmt": 1},
}
HUANGPU_OWNERSHIP_BY_SIZE = {
    **OWNERSHIP_BY_SIZE,
    "large": {"central_soe": 10, "municipal_soe": 20, "district_soe": 35, "private": 20, "foreign": 10, "hmt": 5},
    "medium": {"central_soe": 3, "municipal_soe": 10, "district_soe": 20, "collective": 2, "private": 50,
               "foreign": 11, "hmt": 4},
}

# Propensities (assumption): who holds a certificate. Office staff hold one less often than front-line
# workers; each sector has its own factor (licensed and self-evaluating industries higher).
STAFF_SKILL_FACTOR = 0.35
# Share of employees with a second, part-time job; share with earlier jobs in the archive (assumption).
SECOND_JOB_SHARE = 0.03
PAST_EMPLOYMENT_SHARE = 0.35
# Share of skilled workers whose archive shows the grade below their current one, earlier (assumption).
PROGRESSION_SHARE = 0.45
# Share of certificates preceded by a training record, and of those trainings subsidised (assumption).
CERTIFICATE_TRAINING_SHARE = 0.65
CERTIFICATE_TRAINING_SUBSIDISED = 0.5
# Share of skilled workers who also hold a 专项职业能力 certificate (assumption).
SPECIAL_ABILITY_SHARE = 0.04
# Self-evaluating employers (用人单位自主评价, `003` 二(一)3): the chance that a large / medium
# enterprise of an eligible sector is filed as an evaluator, and that a certificate its employee
# obtained there since 2020 was self-evaluated (assumption).
SELF_EVALUATOR_CHANCE = {"large": 0.85, "medium": 0.2}
SELF_EVALUATED_SHARE = 0.7
# Consent to be found by other employers (Worker.discoverable), assumption.
DISCOVERABLE_SHARE = 0.3
# Work achievements (工作业绩) per year in the window: high-skilled / other skilled (assumption).
ACHIEVEMENT_RATE = {"high": 0.006, "other": 0.0008}
# Enterprise honours (assumption): 岗位技能带头人 among high-skilled, 首席技师 among 高级技师 of large firms.
POST_LEADER_SHARE = 0.03
CHIEF_TECHNICIAN_SHARE = 0.15

# Competition results per skilled worker per year, by tier, and the titles a top finish brings
# (`000` 三(五)2: 根据竞赛等级和类别，对获奖选手分别授予“技能大师”、“岗位技能带头人”和“技术能手”等荣誉称号).
# Huangpu district: `000` 一(二)四 每年组织开展10多个区级竞赛项目，参与人数在3000人左右 = 0.99% of 303,100
# skilled a year. Huangpu city and national: `000` 一(二)二 上海市技术能手10名、全国技术能手5名 (cumulative,
# of 303,100 skilled) = 3.3e-5 and 1.65e-5 per skilled worker; with titles for the top 3 of 50 and
# of 30 over a 15-year window that is 3.7e-5 and 1.1e-5 entries a year. Dinghai district: `003`
# 二(三)2 每年组织开展职业技能竞赛5场以上; assumption 5 x 60 entrants = 300 a year = 0.27% of 111,000.
# Enterprise contests (岗位练兵) and the Dinghai city/province rates are assumptions.
MINISTRY = "中华人民共和国人力资源和社会保障部"


# Subsidised programme training, person-times per employee per year:
# `003` 二(一)2,4,5: 制造业 2000 + 数字经济 1000 + "一老一小" 500 + 现代服务业 1500 + 专项能力 500
# + 新型学徒制 100 = 5,600 人次 a year, over 317,143 employed = 1.77%;
# `000` 一(二)一: 每年培养行业企业内技能人才4000人左右, over 622,382 职工 = 0.64%.
PROGRAMME_TRAINING_RATE = {"dinghai": 5_600 / DINGHAI_EMPLOYED, "huangpu": 4_000 / HUANGPU_EMPLOYED}
# Named district titles: `003` 二(三)1 累计培养…“定海名匠”100名 (by end 2026, against 111,000 skilled);
# Huangpu: `000` 一(二)二 技能大师工作室3家、首席技师工作室28家 (31 leaders of 303,100 skilled).
NAMED_TITLE_RATE = {"dinghai": 100 / DINGHAI_SKILLED, "huangpu": 31 / HUANGPU_SKILLED}

# --- Sectors ------------------------------------------------------------------------------------

# Occupations (职业分类大典 2022, level 4) of office and technical staff, shared by every sector.
STAFF_COMMON = (("2-06-03-00", 3), ("4-07-03-04", 2), ("4-01-02-01", 2), ("2-06-07-13", 1), ("6-31-06-00", 1))
STAFF_POSTS = {
    "2-06-03-00": "财务会计", "4-07-03-04": "人事专员", "4-01-02-01": "销售专员", "2-06-07-13": "数字化管理",
    "6-31-06-00": "安全管理员",
}
# Every firm has managers: one staff member in MANAGER_EVERY (by worker number, no random draw, so
# the rest of the demo is unchanged) holds the managing post of their line. Without them the SOE
# pay-growth comparison (`001` (十三), 高技能人才工资增长不低于管理人员) had nothing to compare
# (issue 10 item 2); `income.services.is_manager` recognises the posts by 经理 / 主任.
MANAGER_EVERY = 8
MANAGER_POSTS = {
    "2-06-03-00": "财务部经理", "4-07-03-04": "人力资源部经理", "4-01-02-01": "销售部经理",
    "2-06-07-13": "信息部主任", "6-31-06-00": "安全部经理",
}


@dataclass(frozen=True)
class Sector:
    """A line of business in the district: GB/T 4754-2017 division, share of employment, what firms
    are called, who works there (occupation codes with weights) and how many are front-line."""

    key: str
    industry: str
    weight: float
    words: tuple[str, ...]
    trades: tuple[tuple[str, int], ...]
    staff: tuple[tuple[str, int], ...] = ()
    front_line: float = 0.75
    female: float = 0.35
    skill: float = 1.0
    max_size: int = 2000
    group: str = "services"
    self_evaluating: bool = False
    social_organisation: bool = False  # registered as 民办非企业单位 (USCC 52…)


@dataclass(frozen=True)
class Anchor:
    """A large employer that every demo district has, whatever its size (nominal headcount)."""

    sector: str
    headcount: int
    ownership: str
    words: str
    second_account: bool = False


@dataclass(frozen=True)
class CompetitionTier:
    """One level of skills competition: how often a skilled worker takes part, the field size
    (ranks are drawn from it), and the title awarded to the top finishers."""

    level: str  # registry.models.Level value
    name: str  # template: {year}, {occupation}, {enterprise}
    rate: float  # entries per skilled worker per year
    entrants: int
    title: str = ""
    title_ranks: int = 0
    awarded_by: str = ""  # "" = the worker's employer
    branded: str = ""  # the name template from `brand_from` on (e.g. “技赢定海”, `003` 二(三)2, 2025)
    brand_from: int = 0

    def name_for(self, year: int) -> str:
        return self.branded if self.branded and year >= self.brand_from else self.name


@dataclass(frozen=True)
class Profile:
    key: str
    label: str
    district_code: str
    city_code: str
    province_code: str
    city_prefix: str
    district_prefix: str
    area_code: str
    employed: int
    skilled_share: float
    high_skilled_share: float
    grades: dict[Grade, float]
    sectors: tuple[Sector, ...]
    anchors: tuple[Anchor, ...]
    ownership: dict[str, dict[str, int]]
    streets: tuple[str, ...]
    residence: tuple[tuple[str, int], ...]
    origins: tuple[tuple[str, int], ...]  # "local" or a province / prefecture prefix, weight
    local_places: tuple[tuple[tuple[tuple[str, int, int], ...], int], ...]  # code chains by birth year
    local_surname_boost: dict[str, float]
    qualification_city: str
    stations: tuple[tuple[str, int, str, str], ...]  # name, type digit, serial, groups ("*" = any)
    evaluators: tuple[tuple[str, str, str], ...]  # name, site code, groups ("*" = any)
    site_prefix: str
    training_institutions: tuple[str, ...]
    bureau: str
    government: str
    city_bureau: str
    province_bureau: str
    competitions: tuple[CompetitionTier, ...]
    named_title: str
    special_abilities: tuple[str, ...] = ()
    programmes: dict[str, str] = field(default_factory=dict)



# Hours of a preparation course by grade (assumption, after the 国家职业技能标准 培训学时).
TRAINING_HOURS = {Grade.APPRENTICE: (240, 480), Grade.JUNIOR: (80, 120), Grade.INTERMEDIATE: (100, 160),
                  Grade.SENIOR: (120, 200), Grade.TECHNICIAN: (160, 260), Grade.SENIOR_TECHNICIAN: (200, 320)}
