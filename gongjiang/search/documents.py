"""Building search documents from the registry, many workers at a time (a handful of queries per
batch, not per worker). Pure reads: `services.search_docs_refresh` writes what this returns."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone

from gongjiang.reference.models import Division, Occupation
from gongjiang.registry.models import (
    Achievement,
    Certificate,
    CompetitionResult,
    Employment,
    Honour,
    Level,
    TrainingRecord,
    Worker,
)
from gongjiang.search.models import WorkerSearchDetail, WorkerSearchDoc
from gongjiang.search.terms import (
    experience_steps_reached,
    grades_up_to,
    name_tokens,
    occupation_ancestors,
    text_grams,
)

# Ranking weights (ADR 0008 "ranking a user can understand"): grade counts most, then the best
# honour, then how recently the archive shows activity.
GRADE_WEIGHT = 100
HONOUR_WEIGHT = {Level.NATIONAL: 50, Level.PROVINCIAL: 40, Level.MUNICIPAL: 30, Level.DISTRICT: 20,
                 Level.ENTERPRISE: 10}
RECENCY_WEIGHT = ((365, 30), (3 * 365, 15), (5 * 365, 5))  # (within days, points)
FACT_LIST_MAX = 3
# `rb:` tokens: rank_base in buckets of this width (ADR 0008, "Pages of broad searches"); no
# document ranks above RANK_MAX (grade 8, a national honour, activity within the year).
RANK_BUCKET = 10
RANK_MAX = 8 * GRADE_WEIGHT + max(HONOUR_WEIGHT.values()) + RECENCY_WEIGHT[0][1]


def _merged_years(intervals: list[tuple[date, date]]) -> float:
    """Years covered by possibly overlapping intervals."""
    total = 0
    current_start = current_end = None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += (current_end - current_start).days
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_end is not None:
        total += (current_end - current_start).days
    return total / 365.25


class _Catalogue:
    """Occupation names and division names needed for facts, loaded once per batch."""

    def __init__(self) -> None:
        self.occupation_names = dict(Occupation.objects.values_list("code", "name"))
        self.occupation_aliases = dict(Occupation.objects.exclude(aliases="").values_list("code", "aliases"))
        self.division_names = dict(Division.objects.filter(level=3).values_list("code", "name"))


def docs_build(worker_ids: list[int], *, today: date | None = None,
               catalogue: _Catalogue | None = None) -> list[WorkerSearchDoc]:
    """Unsaved search documents for the workers that exist among `worker_ids`, each with its
    unsaved `detail` (text tokens and facts)."""
    today = today or timezone.localdate()
    catalogue = catalogue or _Catalogue()
    workers = list(Worker.objects.filter(pk__in=worker_ids)
                   .values("id", "name", "birth_date", "discoverable", "residence_district__code"))
    if not workers:
        return []
    ids = sorted(w["id"] for w in workers)
    # A contiguous batch (the bulk rebuild) is read by range, which plans far faster than IN (…).
    if ids[-1] - ids[0] + 1 == len(ids):
        mine = {"worker_id__gte": ids[0], "worker_id__lte": ids[-1]}
    else:
        mine = {"worker_id__in": ids}
    by_worker: dict[str, dict[int, list[dict]]] = {key: defaultdict(list) for key in
                                                   ("emp", "cert", "train", "comp", "hon", "ach")}
    for row in Employment.objects.filter(**mine).values(
            "worker_id", "post", "occupation__code", "start_date", "end_date", "is_second_job", "enterprise_id",
            "enterprise__name", "enterprise__district__code", "enterprise__industry__code",
            "enterprise__industry__parent__code"):
        by_worker["emp"][row["worker_id"]].append(row)
    for row in Certificate.objects.filter(**mine).values(
            "worker_id", "kind", "occupation__code", "ability_name", "grade", "issued_on"):
        by_worker["cert"][row["worker_id"]].append(row)
    for row in TrainingRecord.objects.filter(**mine).values(
            "worker_id", "programme", "occupation__code", "start_date", "end_date"):
        by_worker["train"][row["worker_id"]].append(row)
    for row in CompetitionResult.objects.filter(**mine).values(
            "worker_id", "competition_name", "occupation__code", "held_on", "award"):
        by_worker["comp"][row["worker_id"]].append(row)
    for row in Honour.objects.filter(**mine).values("worker_id", "title", "level", "awarded_on"):
        by_worker["hon"][row["worker_id"]].append(row)
    for row in Achievement.objects.filter(**mine).values("worker_id", "title", "achieved_on"):
        by_worker["ach"][row["worker_id"]].append(row)
    return [_doc_build(w, {k: v.get(w["id"], []) for k, v in by_worker.items()}, today, catalogue)
            for w in workers]


def _doc_build(worker: dict, rec: dict[str, list[dict]], today: date, cat: _Catalogue) -> WorkerSearchDoc:
    terms: set[str] = set(name_tokens(worker["name"]))
    texts: list[str] = []
    occupation_grade: dict[str, int] = {}
    occupation_intervals: dict[str, list[tuple[date, date]]] = defaultdict(list)
    all_intervals: list[tuple[date, date]] = []
    activity: list[date] = []
    leaf_codes: set[str] = set()
    if worker["discoverable"]:
        terms.add("v:1")
    districts: list[str] = []
    work_districts: list[str] = []
    employer = ""
    posts: list[str] = []
    for e in rec["emp"]:
        end = e["end_date"] or today
        if e["occupation__code"]:
            leaf_codes.add(e["occupation__code"])
            occupation_intervals[e["occupation__code"]].append((e["start_date"], end))
        all_intervals.append((e["start_date"], end))
        activity.append(e["start_date"])
        texts += [e["post"], e["enterprise__name"]]
        if e["post"]:
            posts.append(e["post"])
        if e["end_date"] is None:
            terms.add(f"emp:{e['enterprise_id']}")
            districts.append(e["enterprise__district__code"])
            work_districts.append(e["enterprise__district__code"])
            for code in (e["enterprise__industry__code"], e["enterprise__industry__parent__code"]):
                if code:
                    terms.add(f"i:{code}")
            if not e["is_second_job"]:
                employer = e["enterprise__name"]
                districts.insert(0, e["enterprise__district__code"])
                work_districts.insert(0, e["enterprise__district__code"])
    if worker["residence_district__code"]:
        districts.append(worker["residence_district__code"])
        terms.add(f"dr:{worker['residence_district__code']}")
    # d: work or residence (the scope of bureau staff); dw: a current employer's district; dr: residence.
    terms.update(f"d:{code}" for code in districts)
    terms.update(f"dw:{code}" for code in work_districts)
    cert_kinds: dict[str, int] = defaultdict(int)
    for c in rec["cert"]:
        cert_kinds[c["kind"]] += 1
        terms.add(f"c:{c['kind']}")
        activity.append(c["issued_on"])
        texts.append(c["ability_name"])
        if c["occupation__code"]:
            leaf_codes.add(c["occupation__code"])
            if c["grade"]:
                occupation_grade[c["occupation__code"]] = max(occupation_grade.get(c["occupation__code"], 0),
                                                              c["grade"])
    for t in rec["train"]:
        activity.append(t["end_date"] or t["start_date"])
        texts.append(t["programme"])
    for r in rec["comp"]:
        activity.append(r["held_on"])
        texts += [r["competition_name"], r["award"]]
        if r["occupation__code"]:
            leaf_codes.add(r["occupation__code"])
    honour_points = 0
    for h in rec["hon"]:
        activity.append(h["awarded_on"])
        texts.append(h["title"])
        terms.update({"h:any", f"h:{h['level']}"})
        honour_points = max(honour_points, HONOUR_WEIGHT.get(h["level"], 0))
    for a in rec["ach"]:
        activity.append(a["achieved_on"])
        texts.append(a["title"])
    top_grade = max((c["grade"] for c in rec["cert"] if c["grade"]), default=None)
    terms.update(f"g:{g}" for g in grades_up_to(top_grade))
    terms.update(f"y:{step}" for step in experience_steps_reached(_merged_years(all_intervals)))

    # Occupations: exact codes, every group above them, grade and experience per node.
    node_grade: dict[str, int] = defaultdict(int)
    node_intervals: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for code in leaf_codes:
        terms.add(f"e:{code}")
        texts += [cat.occupation_names.get(code, ""), cat.occupation_aliases.get(code, "")]
        for node in occupation_ancestors(code):
            terms.add(f"o:{node}")
            node_grade[node] = max(node_grade[node], occupation_grade.get(code, 0))
            node_intervals[node] += occupation_intervals.get(code, [])
    for node, grade in node_grade.items():
        terms.update(f"og:{node}:{g}" for g in grades_up_to(grade))
        terms.update(f"oy:{node}:{s}" for s in experience_steps_reached(_merged_years(node_intervals[node])))
    for text in texts:
        if text:
            terms.update(text_grams(text))

    last_active = max((d for d in activity if d), default=None)
    recency = 0
    if last_active:
        age_days = (today - last_active).days
        recency = next((points for within, points in RECENCY_WEIGHT if age_days <= within), 0)
    occupations = sorted(
        ([code, cat.occupation_names.get(code, code), occupation_grade.get(code),
          round(_merged_years(occupation_intervals.get(code, [])), 1)] for code in leaf_codes),
        key=lambda o: (-(o[2] or 0), -o[3], o[0]))
    honours = sorted(rec["hon"], key=lambda h: (-HONOUR_WEIGHT.get(h["level"], 0), h["title"]))
    facts = {
        "occ": occupations,
        "hon": [[h["title"], h["level"]] for h in honours[:FACT_LIST_MAX]],
        "certs": dict(cert_kinds),
        "posts": posts[:FACT_LIST_MAX],
        "ach": [a["title"] for a in rec["ach"][:FACT_LIST_MAX]],
        "employer": employer,
        "district": cat.division_names.get(districts[0], "") if districts else "",
        "work_district": work_districts[0] if work_districts else "",
        "home_district": worker["residence_district__code"] or "",
        "active": last_active.isoformat() if last_active else "",
    }
    rank_base = (top_grade or 0) * GRADE_WEIGHT + honour_points + recency
    terms.update({f"b:{worker['birth_date'].year}", f"rb:{rank_base // RANK_BUCKET}"})
    doc = WorkerSearchDoc(
        worker_id=worker["id"], tokens=sorted(terms), occupations=sorted(leaf_codes), top_grade=top_grade,
        district_code=districts[0] if districts else "", birth_year=worker["birth_date"].year,
        rank_base=rank_base, last_active_on=last_active,
    )
    doc.detail = WorkerSearchDetail(doc=doc, terms=sorted(terms), facts=facts)
    return doc
