"""统一社会信用代码 (unified social credit code, USCC), GB 32100-2015.

18 characters from the 31-character alphabet 0-9 A-Z without I, O, Z, S, V:

- 1: registration authority (登记管理部门代码);
- 2: organisation type within that authority (机构类别代码);
- 3-8: administrative division code of the registration authority (GB/T 2260);
- 9-17: organisation code (主体标识码, the GB 11714 组织机构代码, with its own check character);
- 18: check character, weighted sum mod 31 over the alphabet.

python-stdnum's `stdnum.cn.uscc.calc_check_digit` computes the check character and is used here.
`stdnum.cn.uscc.validate` is not: it requires the first 8 characters to be digits, which rejects
every code registered by the authorities A (中央军委改革和编制办公室), N (农业, rural collective
economic organisations) and Y (其他). It also checks neither the authority/type table nor the
organisation code's own GB 11714 check character; both are checked here.

The authority and type table is GB 32100-2015 Appendix A as extended after publication
(authorities 2-4 and 6-8, A and N were added to the original 1, 5, 9, Y); the same table is
reproduced by many public implementations.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy
from stdnum.cn import uscc as stdnum_uscc

from .cleaning import clean_text, detect_excel_mangling, excel_number_error, looks_truncated_by_excel
from .errors import IdentityError

LENGTH = 18
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, Z, S, V
_EXCLUDED_LETTERS = "IOZSV"

_other = gettext_lazy("其他")

# authority code -> (authority name, {organisation type code: type name})
AUTHORITIES: dict[str, tuple[Promise, dict[str, Promise]]] = {
    "1": (
        gettext_lazy("机构编制"),
        {
            "1": gettext_lazy("机关"),
            "2": gettext_lazy("事业单位"),
            "3": gettext_lazy("中央编办直接管理机构编制的群众团体"),
            "9": _other,
        },
    ),
    "2": (gettext_lazy("外交"), {"1": gettext_lazy("外国常驻新闻机构"), "9": _other}),
    "3": (
        gettext_lazy("司法行政"),
        {
            "1": gettext_lazy("律师执业机构"),
            "2": gettext_lazy("公证处"),
            "3": gettext_lazy("基层法律服务所"),
            "4": gettext_lazy("司法鉴定机构"),
            "5": gettext_lazy("仲裁委员会"),
            "9": _other,
        },
    ),
    "4": (gettext_lazy("文化"), {"1": gettext_lazy("外国在华文化中心"), "9": _other}),
    "5": (
        gettext_lazy("民政"),
        {
            "1": gettext_lazy("社会团体"),
            "2": gettext_lazy("民办非企业单位（社会服务机构）"),
            "3": gettext_lazy("基金会"),
            "9": _other,
        },
    ),
    "6": (
        gettext_lazy("旅游"),
        {
            "1": gettext_lazy("外国旅游部门常驻代表机构"),
            "2": gettext_lazy("港澳台地区旅游部门常驻内地（大陆）代表机构"),
            "9": _other,
        },
    ),
    "7": (
        gettext_lazy("宗教"),
        {"1": gettext_lazy("宗教活动场所"), "2": gettext_lazy("宗教院校"), "9": _other},
    ),
    "8": (gettext_lazy("工会"), {"1": gettext_lazy("基层工会"), "9": _other}),
    "9": (
        gettext_lazy("工商（市场监管）"),
        {
            "1": gettext_lazy("企业"),
            "2": gettext_lazy("个体工商户"),
            "3": gettext_lazy("农民专业合作社"),
        },
    ),
    "A": (
        gettext_lazy("中央军委改革和编制办公室"),
        {"1": gettext_lazy("军队事业单位"), "9": _other},
    ),
    "N": (
        gettext_lazy("农业"),
        {
            "1": gettext_lazy("组级集体经济组织"),
            "2": gettext_lazy("村级集体经济组织"),
            "3": gettext_lazy("乡镇级集体经济组织"),
            "9": _other,
        },
    ),
    "Y": (gettext_lazy("其他"), {"1": _other}),
}

# GB 11714 organisation code: 8 characters (digits, upper-case letters A=10 … Z=35), then a check
# character 11 - (weighted sum mod 11), written X for 10 and 0 for 11.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class Uscc:
    """A valid unified social credit code and its parts."""

    code: str
    authority: str  # first character, e.g. "9"
    org_type: str  # second character, e.g. "1"
    region_code: str  # characters 3-8
    organisation_code: str  # characters 9-17 (GB 11714)
    check_char: str  # character 18

    @property
    def authority_name(self) -> str:
        return str(AUTHORITIES[self.authority][0])

    @property
    def org_type_name(self) -> str:
        return str(AUTHORITIES[self.authority][1][self.org_type])

    @property
    def organisation_code_display(self) -> str:
        """The organisation code as printed on old certificates: 60003734-1."""
        return f"{self.organisation_code[:8]}-{self.organisation_code[8]}"


def organisation_code_check_char(first8: str) -> str | None:
    """The GB 11714 check character for 8 code characters, or None if they are not digits/letters."""
    if len(first8) != len(_ORG_WEIGHTS):
        return None
    total = 0
    for char, weight in zip(first8, _ORG_WEIGHTS, strict=True):
        if char.isdigit() and char.isascii():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        else:
            return None
        total += value * weight
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    return stdnum_uscc.calc_check_digit(first17)


def _types_text(authority: str) -> str:
    return "、".join(f"{code} {name}" for code, name in AUTHORITIES[authority][1].items())


def uscc_validate(value: object) -> Uscc:
    """Validate a unified social credit code; lower case is accepted and returned upper case.

    Raises IdentityError with code "excel_number", "empty", "length", "chars", "region",
    "authority", "org_type", "org_code" or "checksum".
    """
    detect_excel_mangling(value, LENGTH)
    text = clean_text(value).upper().replace("-", "")
    if not text:
        raise IdentityError(
            "empty",
            gettext("统一社会信用代码没有填写。"),
            gettext("请填写营业执照或登记证书上的18位统一社会信用代码。"),
        )
    bad = sorted({char for char in text if char not in ALPHABET})
    if bad:
        if all(char in _EXCLUDED_LETTERS for char in bad):
            message = gettext("统一社会信用代码中不会出现字母 I、O、Z、S、V，这里有“%(chars)s”。")
            hint = gettext("这常是数字 1、0、2、5 等的误写，请对照营业执照或登记证书核对。")
        else:
            message = gettext("统一社会信用代码只能由数字和英文字母组成，不能含有“%(chars)s”。")
            hint = gettext("请删去多余的符号，对照营业执照或登记证书重新填写。")
        raise IdentityError("chars", message % {"chars": "".join(bad)}, hint, value=text)
    if len(text) != LENGTH:
        if len(text) == 15 and text.isdigit():
            message = gettext("这是15位数字，像是旧的工商注册号（营业执照注册号），不是统一社会信用代码。")
        elif len(text) == 9 and organisation_code_check_char(text[:8]) == text[8]:
            message = gettext("这是9位的组织机构代码，不是统一社会信用代码。")
        else:
            message = gettext("统一社会信用代码应为18位，现在是%(count)d位。") % {"count": len(text)}
        raise IdentityError(
            "length",
            message,
            gettext("请对照营业执照或登记证书，填写18位统一社会信用代码。"),
            value=text,
        )
    authority, org_type, region, org_code = text[0], text[1], text[2:8], text[8:17]
    if authority not in AUTHORITIES:
        raise IdentityError(
            "authority",
            gettext("统一社会信用代码第1位“%(char)s”不是有效的登记管理部门代码。") % {"char": authority},
            gettext(
                "第1位只能是 1-9、A、N、Y：企业和个体工商户是 9，社会组织是 5，机关和事业单位是 1。"
                "请对照营业执照或登记证书核对。"
            ),
            value=text,
        )
    if org_type not in AUTHORITIES[authority][1]:
        raise IdentityError(
            "org_type",
            gettext("统一社会信用代码第2位“%(char)s”不是%(authority)s部门登记的机构类别代码。")
            % {"char": org_type, "authority": AUTHORITIES[authority][0]},
            gettext("第1位是 %(authority_code)s 时，第2位只能是：%(types)s。请对照营业执照或登记证书核对。")
            % {"authority_code": authority, "types": _types_text(authority)},
            value=text,
        )
    if not region.isdigit():
        raise IdentityError(
            "region",
            gettext("统一社会信用代码第3至8位（登记机关行政区划码）应为6位数字，现在是“%(region)s”。")
            % {"region": region},
            gettext("请对照营业执照或登记证书核对。"),
            value=text,
        )
    truncated = looks_truncated_by_excel(text, LENGTH)
    if organisation_code_check_char(org_code[:8]) != org_code[8]:
        if truncated:
            raise excel_number_error(text, "precision_lost")
        raise IdentityError(
            "org_code",
            gettext("统一社会信用代码第9至17位（组织机构代码）校验不通过，这9位中至少有一位输错了。"),
            gettext("请对照营业执照或登记证书逐位核对，留意 0 和 D、8 和 B 这类容易看错的字符。"),
            value=text,
        )
    if uscc_check_char(text[:17]) != text[17]:
        if truncated:
            raise excel_number_error(text, "precision_lost")
        raise IdentityError(
            "checksum",
            gettext("统一社会信用代码校验不通过：最后一位校验码与前17位对不上，其中至少有一位输错了。"),
            gettext("请对照营业执照或登记证书逐位核对，留意 0 和 D、8 和 B 这类容易看错的字符。"),
            value=text,
        )
    return Uscc(
        code=text,
        authority=authority,
        org_type=org_type,
        region_code=region,
        organisation_code=org_code,
        check_char=text[17],
    )


def uscc_is_valid(value: object) -> bool:
    try:
        uscc_validate(value)
    except IdentityError:
        return False
    return True
