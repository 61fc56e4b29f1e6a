"""Certificate numbers: 职业技能等级证书, 职业资格证书 and 专项职业能力证书.

A 职业技能等级证书 (skill grade certificate) number is one upper-case letter and 21 digits
(人社部 职业技能等级证书编码规则; REQUIREMENTS.md, "Certificates"):

====  =======  =================================================================
pos   length   meaning
====  =======  =================================================================
1     1        evaluator type: Y 用人单位 (employer), S 社会培训评价组织 (social organisation)
2-5   4        evaluator code given by 人社部; 0000 = evaluator filed with a province
6-7   2        province of the evaluator (site), GB/T 2260 province code (31 = 上海)
8-13  6        evaluator (site) sequence code given by the provincial bureau
14-15 2        year of issue, last two digits
16    1        national level: 1 一级/高级技师 … 5 五级/初级工
17-22 6        serial number
====  =======  =================================================================

The coding rule names only Y and S; colleges (院校) evaluate under one of those two filings, and no
public source was found for another letter, so any other letter is rejected with a message.

Older 职业资格证书 numbers and 专项职业能力 numbers follow other, provincial or historic formats:
they are accepted as they are (cleaned, non-empty, at most 64 characters of letters, digits and
"-"), without a structure check. 特级技师 / 首席技师 certificates are numbered by a separate rule
(2 letters + 20 digits) whose parts are not checked here either.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy

from gongjiang.reference.grades import GRADE_BY_NATIONAL_LEVEL, NATIONAL_LEVEL_BY_GRADE, Grade

from ._clock import local_today
from .cleaning import clean_text, detect_excel_mangling
from .errors import IdentityError

KIND_QUALIFICATION = "qualification"  # 职业资格证书
KIND_SKILL_GRADE = "skill_grade"  # 职业技能等级证书
KIND_SPECIAL_ABILITY = "special_ability"  # 专项职业能力证书
# Issue 14 (ADR 0024): a grade granted by a competition result (以赛代评), numbered by the bureau;
# no national number format to check.
KIND_COMPETITION = "competition"
KINDS = {
    KIND_QUALIFICATION: gettext_lazy("职业资格证书"),
    KIND_SKILL_GRADE: gettext_lazy("职业技能等级证书"),
    KIND_SPECIAL_ABILITY: gettext_lazy("专项职业能力证书"),
    KIND_COMPETITION: gettext_lazy("以赛代评晋级"),
}

MAX_LENGTH = 64
SKILL_GRADE_LENGTH = 22

EVALUATOR_TYPES = {
    "Y": gettext_lazy("用人单位"),
    "S": gettext_lazy("社会培训评价组织"),
}
EVALUATOR_FILED_WITH_PROVINCE = "0000"

# GB/T 2260 province-level codes, plus 66 新疆生产建设兵团, which the human-resources system
# numbers as a province of its own.
PROVINCES = {
    "11": gettext_lazy("北京市"), "12": gettext_lazy("天津市"), "13": gettext_lazy("河北省"),
    "14": gettext_lazy("山西省"), "15": gettext_lazy("内蒙古自治区"), "21": gettext_lazy("辽宁省"),
    "22": gettext_lazy("吉林省"), "23": gettext_lazy("黑龙江省"), "31": gettext_lazy("上海市"),
    "32": gettext_lazy("江苏省"), "33": gettext_lazy("浙江省"), "34": gettext_lazy("安徽省"),
    "35": gettext_lazy("福建省"), "36": gettext_lazy("江西省"), "37": gettext_lazy("山东省"),
    "41": gettext_lazy("河南省"), "42": gettext_lazy("湖北省"), "43": gettext_lazy("湖南省"),
    "44": gettext_lazy("广东省"), "45": gettext_lazy("广西壮族自治区"), "46": gettext_lazy("海南省"),
    "50": gettext_lazy("重庆市"), "51": gettext_lazy("四川省"), "52": gettext_lazy("贵州省"),
    "53": gettext_lazy("云南省"), "54": gettext_lazy("西藏自治区"), "61": gettext_lazy("陕西省"),
    "62": gettext_lazy("甘肃省"), "63": gettext_lazy("青海省"), "64": gettext_lazy("宁夏回族自治区"),
    "65": gettext_lazy("新疆维吾尔自治区"), "66": gettext_lazy("新疆生产建设兵团"),
    "71": gettext_lazy("台湾省"), "81": gettext_lazy("香港特别行政区"), "82": gettext_lazy("澳门特别行政区"),
}

_SKILL_GRADE_SHAPE = re.compile(r"[A-Z]\d{21}")
_GENERIC_CHARS = re.compile(r"[A-Z0-9-]+")
# Grades printed with a national level digit; 学徒工, 特级技师, 首席技师 have none.
_UNLEVELLED_GRADES = (Grade.PRINCIPAL_TECHNICIAN, Grade.CHIEF_TECHNICIAN)


@dataclass(frozen=True)
class CertificateNumber:
    """The parts of a 职业技能等级证书 number."""

    number: str
    evaluator_type: str  # "Y" or "S"
    evaluator_code: str  # 4 digits; "0000" = filed with a province
    province_code: str  # 2 digits
    site_code: str  # 6 digits
    year: int  # 4 digits, e.g. 2024
    national_level: int  # 1 (高级技师) … 5 (初级工)
    serial: str  # 6 digits

    @property
    def evaluator_type_name(self) -> str:
        return str(EVALUATOR_TYPES[self.evaluator_type])

    @property
    def filed_with_province(self) -> bool:
        return self.evaluator_code == EVALUATOR_FILED_WITH_PROVINCE

    @property
    def province_name(self) -> str:
        return str(PROVINCES[self.province_code])

    @property
    def grade(self) -> Grade:
        return GRADE_BY_NATIONAL_LEVEL[self.national_level]


def _level_text(level: int) -> str:
    grade = GRADE_BY_NATIONAL_LEVEL.get(level)
    return str(grade.label) if grade is not None else str(level)


def certificate_number_clean(value: object) -> str:
    """Any certificate number, cleaned and upper-cased: letters, digits and "-", at most 64.

    Raises IdentityError with code "excel_number", "empty", "length" or "chars".
    """
    detect_excel_mangling(value)
    text = clean_text(value).upper()
    if not text:
        raise IdentityError(
            "empty", gettext("证书编号没有填写。"), gettext("请按证书上印的编号填写。")
        )
    if len(text) > MAX_LENGTH:
        raise IdentityError(
            "length",
            gettext("证书编号最多64个字符，现在是%(count)d个。") % {"count": len(text)},
            gettext("请检查是否把几个编号或其他内容粘贴到了一起。"),
            value=text,
        )
    if not _GENERIC_CHARS.fullmatch(text):
        bad = "".join(sorted({char for char in text if not _GENERIC_CHARS.fullmatch(char)}))
        raise IdentityError(
            "chars",
            gettext("证书编号只能由字母、数字和“-”组成，不能含有“%(chars)s”。") % {"chars": bad},
            gettext("请删去多余的符号，按证书上印的编号重新填写。"),
            value=text,
        )
    return text


def certificate_number_parse(value: object, *, today: datetime.date | None = None) -> CertificateNumber | None:
    """The parts of a 职业技能等级证书 number, or None if `value` does not have its shape.

    The shape is one letter and 21 digits. A value of that shape whose parts are impossible
    (evaluator type other than Y/S, unknown province, level digit outside 1-5, year of issue
    after this year) raises IdentityError with code "evaluator_type", "province", "grade" or
    "year"; Excel damage and bad characters raise as in `certificate_number_clean`.
    """
    text = certificate_number_clean(value)
    if not _SKILL_GRADE_SHAPE.fullmatch(text):
        return None
    evaluator_type, evaluator_code, province = text[0], text[1:5], text[5:7]
    site, year_digits, level, serial = text[7:13], text[13:15], int(text[15]), text[16:22]
    if evaluator_type not in EVALUATOR_TYPES:
        raise IdentityError(
            "evaluator_type",
            gettext(
                "证书编号第1位“%(char)s”不是评价机构类别代码：用人单位颁发的是 Y，"
                "社会培训评价组织颁发的是 S。"
            )
            % {"char": evaluator_type},
            gettext("请对照证书原件核对第1位字母。"),
            value=text,
        )
    if province not in PROVINCES:
        raise IdentityError(
            "province",
            gettext("证书编号第6至7位应是评价机构所在省份的代码（如上海为31），“%(code)s”不是省份代码。")
            % {"code": province},
            gettext("请对照证书原件核对编号。"),
            value=text,
        )
    if level not in GRADE_BY_NATIONAL_LEVEL:
        raise IdentityError(
            "grade",
            gettext(
                "证书编号第16位是等级代码，只能是1（高级技师）至5（初级工），现在是“%(digit)d”。"
            )
            % {"digit": level},
            gettext("请对照证书原件核对编号。"),
            value=text,
        )
    year = 2000 + int(year_digits)
    current_year = (today or local_today()).year
    if year > current_year:
        raise IdentityError(
            "year",
            gettext("证书编号第14至15位表示发证年份为%(year)d年，晚于今年。") % {"year": year},
            gettext("请对照证书原件核对编号。"),
            value=text,
        )
    return CertificateNumber(
        number=text,
        evaluator_type=evaluator_type,
        evaluator_code=evaluator_code,
        province_code=province,
        site_code=site,
        year=year,
        national_level=level,
        serial=serial,
    )


def _cross_check(
    parsed: CertificateNumber,
    grade: int | None,
    issued_on: datetime.date | None,
    province_code: str | None,
) -> list[IdentityError]:
    problems: list[IdentityError] = []
    if grade is not None:
        expected_level = NATIONAL_LEVEL_BY_GRADE.get(Grade(grade))
        if expected_level != parsed.national_level:
            problems.append(
                IdentityError(
                    "grade_mismatch",
                    gettext(
                        "证书编号第16位等级代码是%(digit)d，代表%(level)s，与填写的等级“%(grade)s”不一致。"
                    )
                    % {
                        "digit": parsed.national_level,
                        "level": _level_text(parsed.national_level),
                        "grade": Grade(grade).label,
                    },
                    gettext("请对照证书原件核对等级和证书编号，改正填错的一项。"),
                    value=parsed.number,
                )
            )
    if issued_on is not None and issued_on.year != parsed.year:
        problems.append(
            IdentityError(
                "year_mismatch",
                gettext(
                    "证书编号第14至15位表示%(year)d年发证，与填写的发证日期%(date)s不一致。"
                )
                % {"year": parsed.year, "date": issued_on.isoformat()},
                gettext("请对照证书原件核对发证日期和证书编号，改正填错的一项。"),
                value=parsed.number,
            )
        )
    if province_code:
        given = clean_text(province_code)[:2]
        if given != parsed.province_code:
            problems.append(
                IdentityError(
                    "province_mismatch",
                    gettext(
                        "证书编号第6至7位表示评价机构在%(number_province)s（%(number_code)s），"
                        "与填写的%(given_province)s（%(given_code)s）不一致。"
                    )
                    % {
                        "number_province": parsed.province_name,
                        "number_code": parsed.province_code,
                        "given_province": PROVINCES.get(given, gettext("未知省份")),
                        "given_code": given,
                    },
                    gettext("请对照证书原件核对证书编号和评价机构所在省份。"),
                    value=parsed.number,
                )
            )
    return problems


def certificate_number_check(
    number: object,
    *,
    kind: str,
    grade: int | None = None,
    issued_on: datetime.date | None = None,
    province_code: str | None = None,
    today: datetime.date | None = None,
) -> list[IdentityError]:
    """Problems with a certificate number, alone and against the certificate's other fields.

    `kind` is "qualification", "skill_grade" or "special_ability". For skill grade certificates
    the number's level digit is compared with `grade` (a `Grade`), its year with `issued_on`'s
    year, its province with `province_code` (2-digit province or 6-digit division code). An empty
    list means no problem was found.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown certificate kind {kind!r}; expected one of {sorted(KINDS)}")
    try:
        text = certificate_number_clean(number)
    except IdentityError as err:
        return [err]
    if kind != KIND_SKILL_GRADE:
        if kind == KIND_QUALIFICATION and _SKILL_GRADE_SHAPE.fullmatch(text) and text[0] in EVALUATOR_TYPES:
            return [
                IdentityError(
                    "kind_mismatch",
                    gettext(
                        "这个编号是职业技能等级证书的格式（1位字母加21位数字），但证书类别填的是职业资格证书。"
                    ),
                    gettext("请核对证书类别：由用人单位或社会培训评价组织颁发、编号以 Y 或 S 开头的是职业技能等级证书。"),
                    value=text,
                )
            ]
        return []
    try:
        parsed = certificate_number_parse(text, today=today)
    except IdentityError as err:
        return [err]
    if parsed is None:
        if grade is not None and Grade(grade) in _UNLEVELLED_GRADES:
            return []  # 特级技师 / 首席技师: numbered by their own rule, not checked
        return [
            IdentityError(
                "format",
                gettext(
                    "职业技能等级证书编号应为1位字母加21位数字（如 S000031010001243000123），"
                    "“%(number)s”不是这个格式。"
                )
                % {"number": text},
                gettext("请对照证书原件核对编号；如果这是职业资格证书或专项职业能力证书，请改选对应的证书类别。"),
                value=text,
            )
        ]
    return _cross_check(parsed, grade, issued_on, province_code)
