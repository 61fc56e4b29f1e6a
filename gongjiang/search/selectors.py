"""Reads of the talent search (issue 4): the search itself, scoped to who is asking, with consent
respected; shortlists and contact requests.

Scope and consent (issue 4 §3, PIPL): bureau administrators search everyone; bureau staff search
workers employed in or living in their district (as `registry.selectors.worker_scope`); enterprise
HR search their own current staff plus workers who chose to be found (`Worker.discoverable`);
other roles may not search. Enterprises see masked names and contacts of other enterprises' people
until the worker accepts a contact request."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongjiang.accounts.permissions import Scope, can, refusal, require, scope
from gongjiang.core.errors import DomainError, NotFound, PermissionDenied
from gongjiang.core.masking import mask_name
from gongjiang.reference.grades import Grade, grade_parse
from gongjiang.reference.selectors import division_neighbours
from gongjiang.registry.models import CertificateKind, Employment, Level, Worker
from gongjiang.registry.selectors import district_checked, district_choices, worker_scope
from gongjiang.search.documents import RANK_BUCKET, RANK_MAX
from gongjiang.search.models import ContactRequest, ContactStatus, Shortlist, ShortlistEntry, WorkerSearchDoc
from gongjiang.search.query import (
    DISTRICT_BY,
    PAGE_MAX,
    SearchQuery,
    _catalogue,
    _catalogue_rows,
    occupations_for_word,
)
from gongjiang.search.terms import (
    is_pinyin_initials,
    text_normalise,
    text_words,
    word_query_grams,
)

# Up to this many matches, facets are counted exactly and all matches are sorted; above it see
# `_facets` and `_ranked_ids` (ADR 0008, measured in bench/search).
FACET_EXACT_MAX = 2000
# Rows read from the sample slot of a broad search (its facets and the guide to its ranking).
SAMPLE_ROWS_MAX = 1000
SAMPLE_ROWS_MIN = 30  # below this a sample says too little to estimate from
# One document in this many is in the sample slot (worker id ≡ 0 mod 16); see `_facets`.
SAMPLE_SLOTS = 16
RANK_GRADE_BANDS = (6, 5, 4, 3, None)
# Sample rows above the expected position of the page's last row (`_tier_head`): a margin against
# sampling noise; too few rows at the cutoff only costs the grade-band fallback.
RANK_SAMPLE_MARGIN = 2
# Documents a walk down the rank index is expected to read (measured: 5,000 cost less than the GIN
# scan they replace), and may read at most, before `_tier_head` prefers a GIN scan.
RANK_WALK_MAX = 5000
RANK_WALK_CAP = 50_000
LEVEL_LABELS = dict(Level.choices)
CERT_KIND_LABELS = dict(CertificateKind.choices)


@dataclass
class SearchHit:
    worker_id: int
    name: str
    name_masked: bool
    sex: str
    age: int
    top_grade: int | None
    top_grade_label: str
    district: str
    employer: str
    reasons: list[str]
    exact: bool
    own_employee: bool
    contact_status: str = ""
    contact_status_label: str = ""
    phone_masked: str = ""


@dataclass
class SearchResult:
    query: SearchQuery
    hits: list[SearchHit]
    total: int
    page: int
    pages: int
    grade_facets: list[tuple[int | None, str, int]] = field(default_factory=list)
    district_facets: list[tuple[str, str, int]] = field(default_factory=list)
    occupations: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facets_estimated: bool = False


# --- The search ----------------------------------------------------------------------------


def _scope(actor: Any) -> Q:
    if not actor.is_authenticated:
        raise PermissionDenied("请先登录")
    require(actor, "search.search")
    seen = scope(actor)
    if seen == Scope.ALL:
        return Q()
    if seen == Scope.DISTRICT:
        return Q(tokens__all=[f"d:{actor.district.code}"])
    if seen == Scope.ENTERPRISE:
        # Their own current staff, and workers who consent to be found (PIPL).
        return Q(tokens__any=["v:1", f"emp:{actor.enterprise_id}"])
    raise PermissionDenied(refusal("search.search"))


def _shortage_codes(district_code: str) -> list[str] | None:
    """Occupation codes of the shortage catalogues in force today for the district (R2.2; demand
    domain), or None when the demand domain offers no such selector."""
    try:
        from gongjiang.demand.selectors import shortage_occupation_codes
    except ImportError:
        return None
    return sorted(shortage_occupation_codes(district_code=district_code or None, on=timezone.localdate()))


@dataclass
class _Plan:
    where: Q
    tier_codes: list[str]
    occupation_codes: list[str]
    words: list[str]
    nearby_codes: list[str]
    notes: list[str]
    occupations: list[tuple[str, str]]
    district_codes: list[str] = field(default_factory=list)  # the districts filtered on (chosen or named)
    district_by: str = ""
    district_labels: dict[str, str] = field(default_factory=dict)  # code -> name, with the city when alike


def _plan(actor: Any, query: SearchQuery) -> _Plan:
    where = _scope(actor)
    required: list[str] = []
    tier_codes: list[str] = []
    notes: list[str] = []
    occupation_codes: list[str] = []
    grade_min = query.grade_min
    # Only districts the actor's list offers; any other code is refused, saying why (issue 10 §4).
    choices = district_choices(actor)
    labels = {c.code: c.label for c in choices}
    district_code = district_checked(actor, query.district_code, choices)
    district_codes = [district_code] if district_code else []
    prefix, meaning = DISTRICT_BY[query.district_by]
    words: list[str] = []
    _catalogue_rows()
    for word in text_words(query.text):
        grade = grade_parse(word)
        named = [c for c in _catalogue["districts"].get(word, []) if c in labels]
        if grade and not word.isdigit():
            grade_min = max(grade_min or 0, grade)
            notes.append(f"“{word}”按最低等级筛选")
        elif named and not district_codes:
            # "普陀" is the district of that name within the actor's area, the same filter as choosing it.
            district_codes = named
            notes.append(f"“{word}”按区县筛选：{'、'.join(labels[c] for c in named)}（{meaning}）")
        else:
            words.append(word)
    if query.occupation_code:
        occupation_codes.append(query.occupation_code)
        tier_codes.append(query.occupation_code)
        required.append(f"og:{query.occupation_code}:{grade_min}" if grade_min else f"o:{query.occupation_code}")
        if query.years_min:
            required.append(f"oy:{query.occupation_code}:{query.years_min}")
    else:
        if grade_min:
            required.append(f"g:{grade_min}")
        if query.years_min:
            required.append(f"y:{query.years_min}")
    nearby_codes: list[str] = []
    if district_codes:
        if query.nearby:
            nearby_codes = sorted({d.code for c in district_codes for d in division_neighbours(c)} - set(district_codes))
            where &= Q(tokens__any=[f"{prefix}:{c}" for c in [*district_codes, *nearby_codes]])
        elif len(district_codes) == 1:
            required.append(f"{prefix}:{district_codes[0]}")
        else:
            where &= Q(tokens__any=[f"{prefix}:{c}" for c in district_codes])
    if query.industry_code:
        required.append(f"i:{query.industry_code}")
    if query.certificate_kind:
        required.append(f"c:{query.certificate_kind}")
    if query.honours:
        required.append("h:any")
    if required:
        where &= Q(tokens__all=required)
    if query.shortage_only:
        staff_district = actor.district.code if scope(actor) == Scope.DISTRICT else ""
        codes = _shortage_codes(district_code or staff_district)
        if codes is None:
            raise DomainError("急需紧缺职业目录尚未建立，暂不能按“紧缺职业”筛选，请取消该条件", field="shortage")
        if not codes:
            notes.append("当前没有有效的急需紧缺职业目录，紧缺职业条件下无结果")
        where &= Q(tokens__any=[f"o:{c}" for c in codes])
        occupation_codes += codes
    if query.occupation_codes:
        where &= Q(tokens__any=[f"o:{c}" for c in query.occupation_codes])
    if query.worker_ids is not None:
        where &= Q(worker_id__in=sorted(query.worker_ids))
    this_year = timezone.localdate().year
    if query.age_min:
        where &= Q(birth_year__lte=this_year - query.age_min)
    if query.age_max:
        where &= Q(birth_year__gte=this_year - query.age_max)
    if query.age_min and query.age_max:
        # The same band as birth-year tokens, so the GIN scan drops the other ages before any row
        # is read (the two comparisons above stay: they are exact whatever the tokens say).
        where &= Q(tokens__any=[f"b:{y}" for y in range(this_year - query.age_max, this_year - query.age_min + 1)])
    occupations: list[tuple[str, str]] = []
    for word in words:
        # A word matches all its text bigrams, OR any one of: an occupation it names, a name's
        # pinyin initials, a full name. The "any one" tokens go into a single && (one GIN scan).
        grams = word_query_grams(word)
        alternatives: list[str] = []
        expanded = occupations_for_word(word)
        if expanded:
            best = expanded[0][2]
            alternatives += [f"o:{code}" for code, _, _ in expanded]
            tier_codes += [code for code, _, score in expanded if score == best]
            occupation_codes += [code for code, _, _ in expanded]
            occupations += [(code, name) for code, name, _ in expanded[:5]]
        if is_pinyin_initials(word):
            alternatives.append(f"p:{word}")
        elif 2 <= len(word) <= 4:
            alternatives.append(f"n:{word}")
        if len(grams) == 1:
            alternatives += grams
            grams = []
        if grams and alternatives:
            where &= Q(tokens__all=grams) | Q(tokens__any=alternatives)
        elif grams:
            where &= Q(tokens__all=grams)
        else:
            where &= Q(tokens__any=alternatives)
    return _Plan(where, tier_codes, occupation_codes, words, nearby_codes, notes, occupations,
                 district_codes=district_codes, district_by=query.district_by, district_labels=labels)


def _matches(plan: _Plan) -> QuerySet[WorkerSearchDoc]:
    return WorkerSearchDoc.objects.filter(plan.where)


def _ranked_ids(matches: QuerySet[WorkerSearchDoc], plan: _Plan, need: int, sample: list,
                fraction: float) -> list[int]:
    """The first `need` matching worker ids in ranking order: exact occupation (tier 0) first, then
    `rank_base` descending, then worker id. For a broad match set (more than FACET_EXACT_MAX), of
    which `sample` (FACET_COLUMNS rows) holds about `fraction`; sorting every match is the slow part.

    Each tier is first read from its head (`_tier_head`); when the sample cannot place the head, grade
    band by grade band: `rank_base` is 100 × top grade plus at most 80, so every match of grade ≥ g
    ranks before every match below g, and the rows of the band `g:g` (a GIN token) are exactly the
    head of the full order whenever the band holds enough of them."""
    order = ("-rank_base", "worker_id")
    tier_codes = set(plan.tier_codes)
    if plan.tier_codes:
        tiers = [(matches.filter(tokens__any=[f"e:{c}" for c in plan.tier_codes]), True),
                 (matches.exclude(occupations__any=plan.tier_codes), False)]
    else:
        tiers = [(matches, None)]
    out: list[int] = []
    for tier, exact in tiers:
        missing = need - len(out)
        if missing <= 0:
            break
        ranks = sorted((r[3] for r in sample if exact is None or bool(tier_codes & set(r[4])) == exact),
                       reverse=True)
        head = _tier_head(tier, ranks, missing, fraction)
        if head is not None:
            out += head
            continue
        for grade in RANK_GRADE_BANDS:
            band = tier.filter(tokens__all=[f"g:{grade}"]) if grade else tier
            ids = list(band.order_by(*order).values_list("worker_id", flat=True)[:missing])
            if len(ids) >= missing or grade is None:
                out += ids
                break
    return out


def _tier_head(tier: QuerySet[WorkerSearchDoc], ranks: list[int], missing: int, fraction: float) -> list[int] | None:
    """The first `missing` ids of a tier, read only where they can be: `ranks` (descending) are the
    tier's ranks in a sample of about `fraction` of the matches, so about k / fraction matches rank
    at or above the sample's k-th rank (the cutoff). Only documents at or above the cutoff are read:
    on PostgreSQL, when the matches are dense there (expected walk ≤ RANK_WALK_MAX documents, and
    never more than RANK_WALK_CAP above the cutoff), by walking the rank index from the top until
    `missing` matches are found; otherwise through their
    `rb:` rank-bucket tokens (one GIN scan). They are exactly the head when at least `missing` of
    them match; otherwise None (the caller reads grade bands). The sample only decides where to
    look, never what is returned."""
    k = math.ceil(missing * fraction) + RANK_SAMPLE_MARGIN
    if fraction <= 0 or len(ranks) < k:
        return None
    cutoff = ranks[k - 1]
    head = tier.filter(rank_base__gte=cutoff).order_by("-rank_base", "worker_id").values_list("worker_id", flat=True)
    ids = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # For these two reads: the rank index (index-only count, then an ordered walk).
            cursor.execute("SELECT set_config('enable_indexscan', 'on', true), set_config('enable_bitmapscan', 'off', true)")
            docs_above = WorkerSearchDoc.objects.filter(rank_base__gte=cutoff)[:RANK_WALK_CAP + 1].count()
            if docs_above <= RANK_WALK_CAP and missing * docs_above / (k / fraction) <= RANK_WALK_MAX:
                ids = list(head[:missing])
            cursor.execute("SELECT set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'on', true)")
    if ids is None:
        buckets = [f"rb:{b}" for b in range(cutoff // RANK_BUCKET, RANK_MAX // RANK_BUCKET + 1)]
        ids = list(head.filter(tokens__any=buckets)[:missing])
    return ids if len(ids) >= missing else None


def _count_estimate(matches: QuerySet[WorkerSearchDoc]) -> int:
    """How many rows match: on PostgreSQL the planner's estimate (array statistics of `terms` make
    it close for token filters, and it costs no scan — an exact count of 200,000 matches takes
    seconds); elsewhere an exact count."""
    if connection.vendor != "postgresql":
        return matches.order_by().count()
    sql, params = matches.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _sample(matches: QuerySet[WorkerSearchDoc]) -> QuerySet[WorkerSearchDoc]:
    """The matches among one document in SAMPLE_SLOTS (worker id ≡ 0 mod 16), which PostgreSQL
    reads through the partial GIN index of migration 0006 (same predicate, kept in step)."""
    return matches.extra(where=[f"MOD(search_workersearchdoc.worker_id, {SAMPLE_SLOTS}) = 0"])  # noqa: S610


FACET_COLUMNS = ("top_grade", "district_code", "worker_id", "rank_base", "occupations")


def _facets(matches: QuerySet[WorkerSearchDoc]) -> tuple[int, bool, dict[int | None, int], dict[str, int], list]:
    """(total, estimated, per grade, per district, rows). Exact when there are at most FACET_EXACT_MAX
    matches; `rows` (FACET_COLUMNS) are then all the matches, to be ranked here, else the sample the
    estimates come from (which guides `_ranked_ids`).

    On PostgreSQL the sample slot (`_sample`, a sixteenth of the documents, its own small GIN
    index) is read first: when it holds at least `_broad_sample_min()` matches the search is broad
    (≳ FACET_EXACT_MAX matches), the total is the sample count × SAMPLE_SLOTS and the facets are the sample's,
    scaled, all shown as estimates (约); the full match set is never read. A full bitmap of 300,000
    matches costs ~45 ms, the sample's a sixteenth (ADR 0008). When the sample holds the maximum
    the total is the larger of that bound and the planner's estimate. Otherwise up to
    FACET_EXACT_MAX + 1 matches are read; beyond FACET_EXACT_MAX the facets are scaled from the
    sample slot's matches (or from those rows when the slot holds too few)."""
    sample: list = []
    if connection.vendor == "postgresql":
        sample = list(_sample(matches).order_by().values_list(*FACET_COLUMNS)[:SAMPLE_ROWS_MAX + 1])
    if len(sample) >= _broad_sample_min():
        total = len(sample) * SAMPLE_SLOTS
        if len(sample) > SAMPLE_ROWS_MAX:
            total = max(total, _count_estimate(matches))
        return (total, True, *_scaled(sample, total), sample)
    rows = list(matches.order_by().values_list(*FACET_COLUMNS)[:FACET_EXACT_MAX + 1])
    if len(rows) <= FACET_EXACT_MAX:
        return (len(rows), False, *_scaled(rows, len(rows)), rows)
    if len(sample) >= SAMPLE_ROWS_MIN:
        total = max(len(rows), len(sample) * SAMPLE_SLOTS)
    else:
        total = max(len(rows), _count_estimate(matches))
    # The rows above come in storage order, which `search_reindex --rebuild-index` makes rank order
    # (CLUSTER): a biased sample. The sample slot is uniform; use it when it says enough.
    guide = sample if len(sample) >= SAMPLE_ROWS_MIN else rows
    return (total, True, *_scaled(guide, total), guide)


def _broad_sample_min() -> int:
    """Sample matches from which a search counts as broad: FACET_EXACT_MAX expected in all, and
    never fewer than SAMPLE_ROWS_MIN."""
    return max(SAMPLE_ROWS_MIN, FACET_EXACT_MAX // SAMPLE_SLOTS)


def _scaled(rows: list, total: int) -> tuple[dict[int | None, int], dict[str, int]]:
    by_grade: dict[int | None, int] = defaultdict(int)
    by_district: dict[str, int] = defaultdict(int)
    for grade, district, *_ in rows:
        by_grade[grade] += 1
        by_district[district] += 1
    if not rows or total == len(rows):
        return by_grade, by_district
    scale = total / len(rows)
    return ({g: round(n * scale) for g, n in by_grade.items()},
            {d: round(n * scale) for d, n in by_district.items()})


def worker_search(*, actor: Any, query: SearchQuery, facets: bool = True) -> SearchResult:
    """Find workers for `query`, best first, each with the reasons it matched, plus facet counts
    per grade and per district over all matches (issue 4 §1–2).

    Ranking: the exact occupation asked for (or best named by the text) before related ones, then
    higher grade, honours and recent activity (`rank_base`), then registry order. Scoped and
    consent-filtered as the module says; PermissionDenied for roles that may not search. The caller
    records the search (`services.search_record`)."""
    plan = _plan(actor, query)
    matches = _matches(plan)
    start = (query.page - 1) * query.page_size
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # For this transaction only, in one round trip: no JIT (compiling cost tens of ms on
            # these short queries); room for exact (non-lossy) bitmaps; and always the GIN bitmap:
            # the planner misjudges rare tokens (text bigrams, occupations a word names, small
            # occupations) as common and answers LIMIT by a sequential or rank-index walk past
            # every non-match (0.3–3 s, measured in bench/); a GIN bitmap costs what matches cost.
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true), "
                               "set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)")
        total, estimated, by_grade, by_district, rows = _facets(matches)
        if estimated:
            page_ids = _ranked_ids(matches, plan, start + query.page_size, rows, len(rows) / total)[start:]
        else:
            # All matches are in hand: rank them here rather than ask the planner for ORDER BY ...
            # LIMIT, which it may answer by walking the rank index past every non-match.
            tier_codes = set(plan.tier_codes)
            rows.sort(key=lambda r: (not (tier_codes & set(r[4])), -r[3], r[2]))
            page_ids = [r[2] for r in rows[start:start + query.page_size]]
    full = WorkerSearchDoc.objects.select_related("detail").in_bulk(page_ids)  # text tokens, facts: one page only
    docs = [full[i] for i in page_ids if i in full]
    grade_facets: list[tuple[int | None, str, int]] = []
    district_facets: list[tuple[str, str, int]] = []
    if facets:
        grade_facets = sorted(((g, str(Grade(g).label) if g else "无等级证书", n) for g, n in by_grade.items()),
                              key=lambda f: -(f[0] or 0))
        names = {**_catalogue["division_names"], **plan.district_labels}
        district_facets = sorted(((c, names.get(c, "未登记"), n) for c, n in by_district.items()),
                                 key=lambda f: (-f[2], f[0]))
    hits = _hits(actor, query, plan, docs)
    return SearchResult(query=query, hits=hits, total=total, page=query.page,
                        pages=max(1, min(PAGE_MAX, math.ceil(total / query.page_size))),
                        grade_facets=grade_facets, district_facets=district_facets,
                        occupations=plan.occupations, notes=plan.notes, facets_estimated=estimated)


def _hits(actor: Any, query: SearchQuery, plan: _Plan, docs: list[WorkerSearchDoc]) -> list[SearchHit]:
    if not docs:
        return []
    ids = [d.worker_id for d in docs]
    workers = Worker.objects.only("id", "name", "sex", "discoverable", "phone_masked").in_bulk(ids)
    own: set[int] = set()
    contacts: dict[int, ContactRequest] = {}
    is_hr = scope(actor) == Scope.ENTERPRISE
    if is_hr:
        own = set(Employment.objects.filter(worker_id__in=ids, enterprise_id=actor.enterprise_id,
                                            end_date__isnull=True).values_list("worker_id", flat=True))
        for request in ContactRequest.objects.filter(enterprise_id=actor.enterprise_id, worker_id__in=ids) \
                .order_by("created_at"):
            contacts[request.worker_id] = request
    this_year = timezone.localdate().year
    hits = []
    for doc in docs:
        worker = workers.get(doc.worker_id)
        if worker is None:
            continue
        # Consent is re-checked live: a worker who withdrew it since the last refresh is not shown.
        if is_hr and doc.worker_id not in own and not worker.discoverable:
            continue
        request = contacts.get(doc.worker_id)
        accepted = request is not None and request.status == ContactStatus.ACCEPTED
        masked = is_hr and doc.worker_id not in own and not accepted
        hits.append(SearchHit(
            worker_id=doc.worker_id, name=mask_name(worker.name) if masked else worker.name, name_masked=masked,
            sex=worker.get_sex_display(), age=this_year - doc.birth_year, top_grade=doc.top_grade,
            top_grade_label=str(Grade(doc.top_grade).label) if doc.top_grade else "",
            district=district_text(doc, plan), employer=doc.facts.get("employer", ""),
            reasons=hit_reasons(doc, query, plan), exact=bool(set(plan.tier_codes) & set(doc.occupations)),
            own_employee=doc.worker_id in own,
            contact_status=request.status if request else "",
            contact_status_label=request.get_status_display() if request else "",
            phone_masked=worker.phone_masked,
        ))
    return hits


def _district_name(code: str, plan: _Plan) -> str:
    return plan.district_labels.get(code) or _catalogue["division_names"].get(code, code)


def district_text(doc: WorkerSearchDoc, plan: _Plan) -> str:
    """Where the worker works and lives, each said as such: 定海区（工作）· 普陀区（常住）."""
    facts = doc.facts
    if "work_district" not in facts:  # a document built before search_reindex added both
        return facts.get("district", "")
    work, home = facts["work_district"], facts.get("home_district", "")
    if work and home and work != home:
        return f"{_district_name(work, plan)}（工作）· {_district_name(home, plan)}（常住）"
    if work:
        return f"{_district_name(work, plan)}（{'工作、常住' if home else '工作'}）"
    return f"{_district_name(home, plan)}（常住）" if home else ""


def _district_reason(doc: WorkerSearchDoc, plan: _Plan) -> str:
    """Which district the filter matched, and whether as place of work or residence (issue 10 §3)."""
    facts = doc.facts
    if not plan.district_codes or "work_district" not in facts:
        text = district_text(doc, plan)
        return f"区县：{text}" + ("（邻近区县）" if doc.district_code in plan.nearby_codes else "") if text else ""
    wanted = set(plan.district_codes) | set(plan.nearby_codes)
    work, home = facts["work_district"], facts.get("home_district", "")
    for code, role in ((work, "work"), (home, "home")):
        if code in wanted and plan.district_by in ("", role):
            near = "（邻近区县）" if code in plan.nearby_codes else ""
            return f"区县：{'工作单位在' if role == 'work' else '常住'}{_district_name(code, plan)}{near}"
    # Matched through a second job's district.
    return f"区县：兼职单位在{'、'.join(_district_name(c, plan) for c in plan.district_codes)}"


def _under(code: str, roots: list[str]) -> bool:
    return any(code == root or code.startswith(root + "-") for root in roots)


def hit_reasons(doc: WorkerSearchDoc, query: SearchQuery, plan: _Plan) -> list[str]:
    """Why this worker matched, in words a clerk reads (issue 4 §2)."""
    facts = doc.facts
    reasons = []
    occupations = facts.get("occ", [])
    matched = [o for o in occupations if _under(o[0], plan.occupation_codes)] or occupations[:1]
    for code, name, grade, years in matched[:2]:
        parts = [f"职业：{name}（{code}）"]
        if grade:
            parts.append(str(Grade(grade).label))
        if years:
            parts.append(f"从业 {years:g} 年")
        reasons.append(" ".join(parts))
    if doc.top_grade and not any(o[2] == doc.top_grade for o in matched[:2]):
        reasons.append(f"最高等级：{Grade(doc.top_grade).label}")
    certs = facts.get("certs", {})
    if certs:
        reasons.append("证书：" + "、".join(f"{CERT_KIND_LABELS.get(k, k)} {n} 本" for k, n in sorted(certs.items())))
    if facts.get("hon"):
        reasons.append("荣誉：" + "、".join(f"{t}（{LEVEL_LABELS.get(lv, lv)}）" for t, lv in facts["hon"]))
    reason = _district_reason(doc, plan)
    if reason:
        reasons.append(reason)
    fields = [("岗位", facts.get("posts", [])), ("业绩", facts.get("ach", [])),
              ("单位", [facts["employer"]] if facts.get("employer") else [])]
    for word in plan.words:
        for label, values in fields:
            found = next((v for v in values if word in text_normalise(v)), None)
            if found:
                reasons.append(f"关键词“{word}”见于{label}：{found}")
                break
        if is_pinyin_initials(word) and f"p:{word}" in doc.terms:
            reasons.append(f"姓名拼音首字母：{word}")
    if facts.get("active"):
        reasons.append(f"最近活动：{facts['active']}")
    return reasons


def worker_findable(*, actor: Any, worker_id: int) -> bool:
    """Whether the actor may find this worker at all, read live from the registry (not from the
    search document): bureau users within their scope; enterprise HR their own current staff or
    workers who consent to be found."""
    if not actor.is_authenticated:
        return False
    if not can(actor, "search.search"):
        return False
    if scope(actor) == Scope.ENTERPRISE:
        return Worker.objects.filter(
            Q(discoverable=True) | Q(employments__enterprise_id=actor.enterprise_id, employments__end_date__isnull=True),
            pk=worker_id).exists()
    return worker_scope(actor).filter(pk=worker_id).exists()


# --- Shortlists and contact requests --------------------------------------------------------


def shortlist_list(*, actor: Any) -> QuerySet[Shortlist]:
    """The actor's enterprise's shortlists with their sizes; none for other roles."""
    if not can(actor, "search.shortlist"):
        return Shortlist.objects.none()
    return Shortlist.objects.filter(enterprise_id=actor.enterprise_id).annotate(size=Count("entries"))


def shortlist_get(*, actor: Any, shortlist_id: int) -> Shortlist:
    shortlist = shortlist_list(actor=actor).filter(pk=shortlist_id).first()
    if shortlist is None:
        raise NotFound("未找到该候选名单，或您无权查看")
    return shortlist


@dataclass
class ShortlistRow:
    entry: ShortlistEntry
    name: str
    name_masked: bool
    phone: str
    top_grade_label: str
    district: str
    occupation: str
    contact_status_label: str


def shortlist_rows(*, actor: Any, shortlist: Shortlist) -> list[ShortlistRow]:
    """The entries of a shortlist as the enterprise may see them: masked unless the worker is on
    its staff or accepted its contact request (then the phone too, still masked here: the
    unmasked phone is shown only through `services.contact_reveal`, which is audited)."""
    entries = list(shortlist.entries.select_related("worker").order_by("added_at", "id"))
    ids = [e.worker_id for e in entries]
    own = set(Employment.objects.filter(worker_id__in=ids, enterprise_id=actor.enterprise_id,
                                        end_date__isnull=True).values_list("worker_id", flat=True))
    status = dict(ContactRequest.objects.filter(enterprise_id=actor.enterprise_id, worker_id__in=ids)
                  .order_by("created_at").values_list("worker_id", "status"))
    docs = WorkerSearchDoc.objects.select_related("detail").in_bulk(ids)
    rows = []
    for entry in entries:
        masked = entry.worker_id not in own and status.get(entry.worker_id) != ContactStatus.ACCEPTED
        doc = docs.get(entry.worker_id)
        facts = doc.facts if doc else {}
        occ = facts.get("occ", [])
        rows.append(ShortlistRow(
            entry=entry, name=mask_name(entry.worker.name) if masked else entry.worker.name, name_masked=masked,
            phone=entry.worker.phone_masked,
            top_grade_label=str(Grade(doc.top_grade).label) if doc and doc.top_grade else "",
            district=facts.get("district", ""), occupation=occ[0][1] if occ else "",
            contact_status_label=str(ContactStatus(status[entry.worker_id]).label) if entry.worker_id in status else "",
        ))
    return rows


def contact_request_list_for_worker(*, actor: Any) -> QuerySet[ContactRequest]:
    """Contact requests addressed to the actor (a worker), newest first."""
    if not can(actor, "search.contact_answer"):
        return ContactRequest.objects.none()
    return ContactRequest.objects.filter(worker_id=actor.worker_id).select_related("enterprise")


def search_index_status() -> dict[str, Any]:
    """How many workers have a search document, and when the newest was written (bureau pages)."""
    latest = WorkerSearchDoc.objects.order_by("-refreshed_at").values_list("refreshed_at", flat=True).first()
    return {"docs": WorkerSearchDoc.objects.count(), "workers": Worker.objects.count(), "latest": latest}

