"""People's names as the registry records them (ADR 0019): a name deserves the same care as an ID
number, because no person is called `=cmd|' /C calc'!A0`.

Accepted, after cleaning (full-width letters and spaces made half-width, surrounding spaces
removed, runs of spaces made one):

- a Chinese name: 2–30 Chinese characters (张三, 欧阳明月; rare characters of the extension blocks
  and 〇 included), spaces between them removed (张 三 → 张三);
- a minority name in Chinese characters with the middle dot between its parts (阿依古丽·买买提,
  阿沛·阿旺晋美); the look-alike dots people type (・ • ‧ ． ･ and the Chinese full stop 。 between
  parts) become the one middle dot U+00B7;
- a foreign name in Latin letters, accents included (John Smith, José García-López, O'Brien,
  Anne-Marie D. Dupont): letters, with single spaces, hyphens, apostrophes and dots between them.

Everything else is refused with an `IdentityError` (code ``name``) that says which character is
not allowed and what a name may hold: digits, symbols such as = + @ | !, a mix of Chinese and Latin
letters, a lone character, a dot at either end.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext

from .errors import IdentityError

NAME_LENGTH_MAX = 64
HAN_NAME_LENGTH_MAX = 30
MIDDLE_DOT = "\u00b7"
_DOT_LOOKALIKES = str.maketrans(dict.fromkeys("・•‧．･∙⋅·", MIDDLE_DOT))
# Chinese characters: CJK Unified Ideographs and its extensions (A–F and beyond), and 〇 (NFKC has
# already turned compatibility ideographs into unified ones).
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
HAN_NAME = re.compile(f"[{_HAN}]+(?:{MIDDLE_DOT}[{_HAN}]+)*")
# Latin letters (basic, Latin-1, Latin Extended A/B and Additional), joined by one space, hyphen,
# apostrophe or a dot (initials: D. Dupont).
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
LATIN_NAME = re.compile(f"[{_LATIN}]+(?:(?:[ '\u2019-]|\\. ?)[{_LATIN}]+)*\\.?")
_HAN_CHAR = re.compile(f"[{_HAN}]")


def person_name_is_canonical(value: str) -> bool:
    """True when `value` is already a valid name in its stored form (the fast path of imports)."""
    if not value or len(value) > NAME_LENGTH_MAX:
        return False
    if HAN_NAME.fullmatch(value):
        return 2 <= len(value) <= HAN_NAME_LENGTH_MAX
    return LATIN_NAME.fullmatch(value) is not None and len(value) >= 2


def _hint() -> str:
    return gettext("姓名应为汉字（少数民族姓名各部分之间用间隔号“·”，如 阿依古丽·买买提），"
                   "或外国人姓名的拉丁字母（如 John Smith），不含数字和符号。")


def person_name_clean(value: object) -> str:
    """The name in its stored form, or IdentityError (code ``name``; ``empty`` when blank)."""
    text = unicodedata.normalize("NFKC", str(value if value is not None else ""))
    text = text.translate(_DOT_LOOKALIKES)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise IdentityError("empty", gettext("请填写姓名。"), value="")
    if _HAN_CHAR.search(text):
        # Spaces between Chinese characters carry nothing (张 三); 。 between parts is a mistyped dot.
        text = re.sub(r"\s*([·。.])\s*", MIDDLE_DOT, text)
        text = text.replace(" ", "")
    if person_name_is_canonical(text):
        return text
    raise _refusal(text)


def _refusal(text: str) -> IdentityError:
    shown = text if len(text) <= 20 else text[:20] + "…"
    if len(text) > NAME_LENGTH_MAX:
        return IdentityError("name", gettext("姓名“%(v)s”有 %(n)d 个字符，最多 %(m)d 个。")
                             % {"v": shown, "n": len(text), "m": NAME_LENGTH_MAX}, _hint(), value=text)
    han = bool(_HAN_CHAR.search(text))
    latin = bool(re.search(f"[{_LATIN}]", text))
    bad = next((c for c in text if not (_HAN_CHAR.fullmatch(c) or re.fullmatch(f"[{_LATIN}]", c)
                                        or c in f" '\u2019-.{MIDDLE_DOT}")), None)
    if bad is not None:
        char = "空格" if bad.isspace() else bad
        message = gettext("姓名“%(v)s”含有不能用于姓名的字符“%(c)s”。") % {"v": shown, "c": char}
    elif han and latin:
        message = gettext("姓名“%(v)s”混用了汉字和拉丁字母。") % {"v": shown}
    elif len(text.replace(MIDDLE_DOT, "")) < 2:
        message = gettext("姓名“%(v)s”只有一个字，请填写完整的姓名。") % {"v": shown}
    elif han and len(text) > HAN_NAME_LENGTH_MAX:
        message = gettext("姓名“%(v)s”超过 %(m)d 个汉字。") % {"v": shown, "m": HAN_NAME_LENGTH_MAX}
    else:
        message = gettext("姓名“%(v)s”的间隔号、连字符或空格位置不对（不能在开头、结尾或连用）。") % {"v": shown}
    return IdentityError("name", message, _hint(), value=text)
