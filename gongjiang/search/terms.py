"""Search terms: the tokens a worker's search document holds and a query asks for (ADR 0008).

Every filter of the talent search (issue 4 §1) becomes a plain string token, so one GIN index over
one array column answers all of them on PostgreSQL (`terms @> ARRAY[...]` / `terms && ARRAY[...]`):

    o:6-18-02-04      has this occupation, or one below it (ancestors are added)
    e:6-18-02-04      has exactly this occupation (ranking: exact before related)
    og:6-18:4         grade >= 4 (高级工) in this occupation or one below it
    oy:6-18:5         at least 5 years' experience in this occupation or below it
    g:4               top grade >= 4 anywhere
    d:330902          currently employed in, or living in, this district
    b:1990            born in this year (age bands: one GIN scan instead of reading every row)
    rb:62             rank_base // 10 (the head of a broad search's ranking, see selectors)
    i:C / i:37        current employer's industry (GB/T 4754 section and division)
    c:skill_grade     holds a certificate of this kind
    h:any h:national  holds an honour (of this level)
    t:数控 u:数          Chinese text bigrams and single characters (skills, posts, achievements, employers)
    p:zs p:zsf        pinyin initials of the name, surname read as a surname (曾 z, 单 s, 尉迟 yc),
                      and their prefixes of two letters or more
    n:张三            the full name
    v:1               the worker consents to be found by other enterprises (PIPL; Worker.discoverable)
    emp:12            currently employed by enterprise 12 (an employer always finds its own staff)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from pypinyin import Style, lazy_pinyin

from gongjiang.search.surnames import surname_split

# Experience thresholds (years) offered as filters; a document holds every threshold it reaches.
EXPERIENCE_STEPS = (1, 3, 5, 10, 15, 20)

_CJK_RUN_RE = re.compile(r"[\u3400-\u9fff]+")
_ASCII_WORD_RE = re.compile(r"[a-z0-9]+")
_SPLIT_RE = re.compile(r"[\s,，、;；/|]+")


def text_normalise(text: str) -> str:
    """Full-width to half-width, lower case, trimmed (ＡＢ１ → ab1)."""
    return unicodedata.normalize("NFKC", text or "").lower().strip()


def text_words(text: str) -> list[str]:
    """The words of a query: split on spaces and Chinese/ASCII separators, blanks dropped."""
    return [w for w in _SPLIT_RE.split(text_normalise(text)) if w]


def text_grams(text: str) -> set[str]:
    """Bigram (t:) and single-character (u:) tokens of every Chinese run in `text`, and w: tokens
    of ASCII words (model numbers such as 'cnc', 'plc')."""
    grams: set[str] = set()
    norm = text_normalise(text)
    for run in _CJK_RUN_RE.findall(norm):
        grams.update(f"u:{ch}" for ch in run)
        grams.update(f"t:{run[i:i + 2]}" for i in range(len(run) - 1))
    grams.update(f"w:{word}" for word in _ASCII_WORD_RE.findall(norm))
    return grams


def word_query_grams(word: str) -> list[str]:
    """What a query word must all match in a document's text: its bigrams, or for a single Chinese
    character that character; ASCII words match w: tokens. [] when nothing is searchable."""
    norm = text_normalise(word)
    tokens: list[str] = []
    for run in _CJK_RUN_RE.findall(norm):
        if len(run) == 1:
            tokens.append(f"u:{run}")
        else:
            tokens.extend(f"t:{run[i:i + 2]}" for i in range(len(run) - 1))
    tokens.extend(f"w:{w}" for w in _ASCII_WORD_RE.findall(norm))
    return list(dict.fromkeys(tokens))


def _initials(text: str) -> str:
    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(part[:1] for part in letters if part and part[0].isalnum())


def name_initials_all(name: str) -> list[str]:
    """Every pinyin-initials spelling of a Chinese name, the surname read as a surname (issue 18
    §4): 曾国藩 → [zgf], 尉迟恭 → [ycg], 乐嘉 → [yj, lj] (乐 is read Yuè and Lè as a surname).
    The first is the usual one. Non-Chinese letters are kept as they are."""
    norm = text_normalise(name)
    surname, readings = surname_split(norm)
    if not surname:
        return [_initials(norm)] if norm else []
    given = _initials(norm[len(surname):])
    spellings = ["".join(syllable[0] for syllable in reading.split()) + given for reading in readings]
    return list(dict.fromkeys(spellings))


def name_initials(name: str) -> str:
    """Pinyin initials of a Chinese name: 张三丰 → zsf, 单雄信 → sxx (see name_initials_all)."""
    spellings = name_initials_all(name)
    return spellings[0] if spellings else ""


def name_tokens(name: str) -> set[str]:
    tokens = {f"n:{text_normalise(name)}"} if name else set()
    for initials in name_initials_all(name):
        tokens.update(f"p:{initials[:k]}" for k in range(2, len(initials) + 1))
    return tokens


def is_pinyin_initials(word: str) -> bool:
    """A query word of 2–4 Latin letters is also tried as a name's pinyin initials (zs → 张三)."""
    return bool(re.fullmatch(r"[a-z]{2,4}", word))


def occupation_ancestors(code: str) -> list[str]:
    """6-18-02-04 → [6, 6-18, 6-18-02, 6-18-02-04]: the code itself and every group above it."""
    parts = code.split("-")
    return ["-".join(parts[:k]) for k in range(1, len(parts) + 1)]


def grades_up_to(grade: int | None) -> Iterable[int]:
    return range(1, (grade or 0) + 1)


def experience_steps_reached(years: float) -> list[int]:
    return [step for step in EXPERIENCE_STEPS if years >= step]
