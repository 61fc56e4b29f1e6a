"""What a talent search asks for (issue 4 §1): `SearchQuery`, parsing form/API parameters with
Chinese refusals, and the expansion of free-text words into occupations of the classification
(数控车床 → 车工 through its trade name 数控车工). Reference data is cached per process."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from gongjiang.core.errors import DomainError
from gongjiang.reference.grades import grade_parse
from gongjiang.reference.models import Division, Occupation
from gongjiang.registry.models import CertificateKind
from gongjiang.search.terms import EXPERIENCE_STEPS, text_normalise, text_words

PAGE_SIZE = 20
PAGE_SIZE_MAX = 100
PAGE_MAX = 50
TEXT_WORDS_MAX = 6
OCCUPATION_EXPANSION_MAX = 20
OCCUPATION_MATCH_MIN = 0.6  # share of a query word's bigrams an occupation name must contain
CATALOGUE_TTL_SECONDS = 600
AGE_MIN, AGE_MAX = 16, 80
CERT_KIND_LABELS = dict(CertificateKind.choices)
# What the district filter means (issue 10 §3): its token prefix and its words on screen.
DISTRICT_BY = {"": ("d", gettext_lazy("工作单位所在地或常住地")), "work": ("dw", gettext_lazy("工作单位所在地")),
               "home": ("dr", gettext_lazy("常住地"))}


@dataclass(frozen=True)
class SearchQuery:
    """What a user asked for. `worker_ids` and `occupation_codes` are pluggable filters another
    domain supplies from its own selector (e.g. workers whose post subsidy ends this year, from
    incentives; shortage occupations, from demand)."""

    text: str = ""
    occupation_code: str = ""
    grade_min: int | None = None
    district_code: str = ""
    district_by: str = ""  # "" work or residence, "work" a current employer's district, "home" residence
    nearby: bool = False
    certificate_kind: str = ""
    honours: bool = False
    years_min: int | None = None
    age_min: int | None = None
    age_max: int | None = None
    industry_code: str = ""
    shortage_only: bool = False
    subsidy_ends_year: int | None = None  # resolved to worker_ids by `programmes.programme_filters_apply`
    worker_ids: frozenset[int] | None = None
    occupation_codes: tuple[str, ...] = ()
    page: int = 1
    page_size: int = PAGE_SIZE

    def as_filters(self) -> dict[str, Any]:
        """The query as a plain dict for the audit log and for links to other pages."""
        out: dict[str, Any] = {k: getattr(self, k) for k in (
            "text", "occupation_code", "grade_min", "district_code", "district_by", "nearby", "certificate_kind", "honours",
            "years_min", "age_min", "age_max", "industry_code", "shortage_only", "subsidy_ends_year", "page")}
        if self.worker_ids is not None:
            out["worker_ids"] = len(self.worker_ids)
        if self.occupation_codes:
            out["occupation_codes"] = list(self.occupation_codes)
        return out

# --- Parsing -------------------------------------------------------------------------------


def _int(data: dict, key: str, label: str, low: int, high: int) -> int | None:
    raw = data.get(key)
    if raw in (None, ""):
        return None
    try:
        value = int(str(raw).strip())
    except ValueError as exc:
        raise DomainError(f"“{label}”应为整数，您填写的是“{raw}”", field=key) from exc
    if not low <= value <= high:
        raise DomainError(f"“{label}”应在 {low} 到 {high} 之间，您填写的是 {value}", field=key)
    return value


def _bool(data: dict, key: str) -> bool:
    return str(data.get(key, "")).strip().lower() in {"1", "true", "on", "yes"}


def search_query_parse(data: dict) -> SearchQuery:
    """A `SearchQuery` from form or API parameters; refuses bad values with a Chinese message
    naming the field and the fix (DomainError with `field`)."""
    _catalogue_rows()
    occupation_code = str(data.get("occupation") or "").strip()
    if occupation_code and occupation_code not in _catalogue["occupation_names"]:
        raise DomainError(f"职业代码“{occupation_code}”不在职业分类大典中，请从候选中选择，例如 6-18-02-04（焊工）",
                          field="occupation")
    grade_raw = str(data.get("grade_min") or "").strip()
    grade_min = None
    if grade_raw:
        grade_min = int(grade_raw) if grade_raw.isdigit() and 1 <= int(grade_raw) <= 8 else grade_parse(grade_raw)
        if grade_min is None:
            raise DomainError(f"最低等级“{grade_raw}”无法识别，请填写 1–8 或“高级工”“技师”等", field="grade_min")
    district_code = str(data.get("district") or "").strip()
    if district_code and district_code not in _catalogue["division_names"]:
        raise DomainError(f"区县代码“{district_code}”不存在，请填写 6 位行政区划代码，例如 330902（定海区）",
                          field="district")
    district_by = str(data.get("district_by") or "").strip()
    if district_by not in DISTRICT_BY:
        raise DomainError("“区县按”应为 work（工作单位所在地）、home（常住地）或留空（两者皆可）", field="district_by")
    kind = str(data.get("certificate_kind") or "").strip()
    if kind and kind not in CERT_KIND_LABELS:
        raise DomainError("证书类别应为 qualification（职业资格）、skill_grade（技能等级）或 special_ability（专项能力）",
                          field="certificate_kind")
    years_min = _int(data, "years_min", "从业年限", 0, 60)
    if years_min:
        years_min = max((s for s in EXPERIENCE_STEPS if s <= years_min), default=None)
    age_min = _int(data, "age_min", "最小年龄", AGE_MIN, AGE_MAX)
    age_max = _int(data, "age_max", "最大年龄", AGE_MIN, AGE_MAX)
    if age_min and age_max and age_min > age_max:
        raise DomainError(f"年龄范围有误：最小年龄 {age_min} 大于最大年龄 {age_max}，请对调后再查询", field="age_min")
    subsidy_ends_year = _int(data, "subsidy_ends", "岗位补贴到期年份", 2000, 2100)
    page_size = _int(data, "page_size", "每页条数", 1, PAGE_SIZE_MAX) or PAGE_SIZE
    page = _int(data, "page", "页码", 1, PAGE_MAX) or 1
    text = str(data.get("q") or "").strip()[:100]
    if len(text_words(text)) > TEXT_WORDS_MAX:
        raise DomainError(f"关键词最多 {TEXT_WORDS_MAX} 个，请删去一些再查询", field="q")
    return SearchQuery(
        text=text, occupation_code=occupation_code, grade_min=grade_min, district_code=district_code,
        district_by=district_by,
        nearby=_bool(data, "nearby"), certificate_kind=kind, honours=_bool(data, "honours"), years_min=years_min,
        age_min=age_min, age_max=age_max, industry_code=str(data.get("industry") or "").strip(),
        shortage_only=_bool(data, "shortage"), subsidy_ends_year=subsidy_ends_year, page=page, page_size=page_size,
    )


# --- Occupation expansion of free text ------------------------------------------------------

_catalogue: dict[str, Any] = {"at": 0.0, "rows": [], "districts": {}, "division_names": {}, "occupation_names": {}}


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _catalogue_rows() -> list[tuple[str, int, str, list[tuple[str, set[str]]]]]:
    """Occupations (code, level, name, [(name or trade name, its bigrams)]), and division names;
    reference data, cached in the process for ten minutes."""
    if time.monotonic() - _catalogue["at"] > CATALOGUE_TTL_SECONDS or not _catalogue["rows"]:
        rows = []
        for code, level, name, aliases in Occupation.objects.values_list("code", "level", "name", "aliases"):
            names = [name, *[a.strip() for a in aliases.replace(",", "、").split("、") if a.strip()]]
            rows.append((code, level, name, [(n, _bigrams(n)) for n in names]))
        _catalogue["rows"] = rows
        _catalogue["occupation_names"] = {code: name for code, _, name, _ in rows}
        _catalogue["division_names"] = dict(Division.objects.values_list("code", "name"))
        districts: dict[str, list[str]] = {}  # a name may stand for several districts (普陀区: 上海, 舟山)
        for code, name in Division.objects.filter(level=3, retired_on__isnull=True).values_list("code", "name"):
            districts.setdefault(name, []).append(code)
            if len(name) > 2 and name[-1] in "区县市":
                districts.setdefault(name[:-1], []).append(code)
        _catalogue["districts"] = districts
        _catalogue["at"] = time.monotonic()
    return _catalogue["rows"]


def occupations_for_word(word: str) -> list[tuple[str, str, float]]:
    """Occupations a query word names: (code, name, score), best first. An occupation matches when
    one of its names (official or trade name) contains the word (score 1, 2 when equal) or contains
    at least 60% of the word's bigrams (数控车床 → 车工, through its trade name 数控车工)."""
    word = text_normalise(word)
    if not word:
        return []
    grams = _bigrams(word)
    scored = []
    for code, level, name, names in _catalogue_rows():
        best = 0.0
        for candidate, candidate_grams in names:
            if candidate == word:
                best = 2.0
                break
            if word in candidate:
                best = max(best, 1.0)
            elif grams:
                best = max(best, len(grams & candidate_grams) / len(grams))
        if best >= OCCUPATION_MATCH_MIN:
            scored.append((-best, level != Occupation.Level.OCCUPATION, len(name), code, name))
    scored.sort()
    return [(code, name, -neg) for neg, _, _, code, name in scored[:OCCUPATION_EXPANSION_MAX]]
