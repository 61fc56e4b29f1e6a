"""Career guidance for one worker (职业发展指引, R1.5; `003` 二(二)4, `004` 十四, 十五; ADR 0027).

Everything here is read from the domain that owns it, through its selectors or services, and
nothing is written: the next grade on the 8-level ladder (reference), when the worker may apply for
it (evaluation's 申报条件 through `evaluation.services.eligibility_check`), the catalogue programmes
leading there (training), the published wage price level at that grade (income), what the
published policies would pay at that grade (incentives, `whatif_grade`: the engine asked as if),
and the exceptional routes (直接认定, 破格晋升: evaluation). The registry does not import this
module (the import contract "guidance-is-downstream"); its archive pages include the template
tag `guidance_tags.worker_career_guidance`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gongjiang.reference.grades import NATIONAL_LEVEL_BY_GRADE, Grade, is_high_skilled
from gongjiang.registry import selectors as registry_selectors

#: The "H" channel between skill grades and professional titles (技能人才与专业技术人才贯通), as the
#: seeds state it: information only, the platform decides nothing on it.
H_CHANNEL = [
    ("高技能人才工作措施 十四“畅通技能人才发展通道”",
     "持续推动高技能人才与专业技术人才职业发展相贯通；落实职业资格、职业技能等级与相应职称、学历的双向比照认定制度，"
     "实现学历教育、非学历教育、职业技能等级等各类学习成果的存储认定与转换互认。"),
    ("嘉定区人社局《探索高技能人才队伍的培养激励等措施》三“评价要更多元”",
     "鼓励用人单位将技能人才评价与使用、激励相结合，贯通技能人才与专业技术人才职业发展通道。"),
    ("黄府发〔2018〕007号 三(三)1、三(五)3",
     "探索建立高技能人才职业资格与工程技术人才职业发展贯通制度；探索建立高技能人才职务与职称晋升的通道。"),
]
#: 特级技师 and 首席技师 have no 申报条件: enterprises appoint them (`004` 十四).
APPOINTED_GRADES_NOTE = ("企业可按规定优先评聘特别优秀的高技能人才为特级技师、首席技师（高技能人才工作措施 十四）；"
                         "请向本单位人力资源部门了解评聘办法。")
DIRECT_CITATION = "高技能人才工作措施 十五“突出技能实绩评价”"


@dataclass
class Route:
    """An exceptional route (直接认定 or 破格晋升) and whether it is open to the worker."""

    label: str
    rule: str
    applies: bool
    why: str


@dataclass
class CareerGuidance:
    worker: Any
    occupation: Any  # the occupation guided in (the post's, else the highest certificate's)
    current_grade: int | None
    next_grade: int | None
    ladder: list[dict] = field(default_factory=list)
    eligibility: Any = None  # evaluation.services.Eligibility
    rules: list = field(default_factory=list)
    appointed_note: str = ""
    programmes: list = field(default_factory=list)
    pay_now: dict | None = None
    pay_next: dict | None = None
    subsidies: list = field(default_factory=list)  # incentives.whatif_grade.GradeWhatIf
    routes: list[Route] = field(default_factory=list)
    awards: list = field(default_factory=list)
    h_channel: list = field(default_factory=lambda: list(H_CHANNEL))
    on: date | None = None

    @property
    def current_label(self) -> str:
        return str(Grade(self.current_grade).label) if self.current_grade else "尚无职业技能等级"

    @property
    def next_label(self) -> str:
        return str(Grade(self.next_grade).label) if self.next_grade else ""

    @property
    def subsidies_gained(self) -> list:
        return [s for s in self.subsidies if s.gain > 0]

    @property
    def subsidies_not_gained(self) -> list:
        return [s for s in self.subsidies if s.gain <= 0]

    @property
    def pay_gain(self) -> Decimal | None:
        if self.pay_now and self.pay_next and self.pay_now["year"] == self.pay_next["year"]:
            return self.pay_next["p50"] - self.pay_now["p50"]
        return None


def next_grade_of(current: int | None) -> int | None:
    """The next rung of the 8-level ladder: 初级工 for a worker with no grade (or 学徒工), None at the top."""
    if current is None or current < Grade.JUNIOR:
        return Grade.JUNIOR
    return current + 1 if current < Grade.CHIEF_TECHNICIAN else None


def _occupation_and_grade(worker: Any) -> tuple[Any, int | None]:
    """The occupation to guide in — the current main post's, else that of the highest certificate —
    and the highest grade the worker holds in it."""
    employment = registry_selectors.worker_current_employment(worker)
    occupation = employment.occupation if employment and employment.occupation_id else None
    if occupation is None:
        occupation = registry_selectors.worker_top_certificate_occupation(worker)
    if occupation is None:
        return None, None
    return occupation, registry_selectors.worker_top_grade_in(worker, occupation=occupation)


def _routes(*, worker: Any, occupation: Any, current: int | None, target: int | None) -> list[Route]:
    from gongjiang.evaluation.selectors import employer_agency_grades

    employment = registry_selectors.worker_current_employment(worker)
    agency, grades = employer_agency_grades(enterprise_id=employment.enterprise_id if employment else None,
                                            occupation=occupation)
    where = (f"本单位自主评价机构“{agency.name}”" if agency else "")
    direct_rule = ("对新招录或未定级职工，可根据其日常表现、工作业绩，结合职业标准和企业岗位规范要求，直接认定相应的职业技能等级；"
                   "对技能高超、业绩突出的一线职工，打破学历、资历、年龄、比例等限制，可直接认定高级工以上职业技能等级。")
    exceptional_rule = ("对解决重大工艺技术难题和重大质量问题、技术创新成果等奖项、“师带徒”业绩突出的高技能人才，"
                        "可破格晋升职业技能等级。")
    if agency is None:
        no_agency = "您目前的单位没有备案的用人单位自主评价机构，此途径须由开展自主评价的用人单位申请"
        return [Route("直接认定", direct_rule, False, no_agency), Route("破格晋升", exceptional_rule, False, no_agency)]
    open_grades = "、".join(str(Grade(g).label) for g in sorted(grades)) or "无"
    if current is None:
        direct = Route("直接认定", direct_rule, bool(grades),
                       f"{where}可为本单位未定级职工申请直接认定（本职业已备案等级：{open_grades}）" if grades
                       else f"{where}未备案本职业的评价范围")
    else:
        direct = Route("直接认定", direct_rule, False, "您已持有本职业证书，不适用直接认定；业绩突出的可申请破格晋升")
    higher = sorted(g for g in grades if current is not None and g > (target or current))
    if current is None:
        exceptional = Route("破格晋升", exceptional_rule, False, "破格晋升须已持有本职业证书")
    elif higher:
        exceptional = Route("破格晋升", exceptional_rule, True,
                            f"{where}可为业绩突出的职工申请越过{Grade(target).label if target else ''}、"
                            f"破格晋升至{'、'.join(str(Grade(g).label) for g in higher)}，不受申报年限限制，须经人社局审批")
    else:
        exceptional = Route("破格晋升", exceptional_rule, False, f"{where}未备案本职业更高等级的评价范围")
    return [direct, exceptional]


WHATIF_CACHE_SECONDS = 600


def _whatif_cached(worker: Any, occupation: Any, grade: int, on: date, compute: Any) -> list:
    """The subsidies a grade would bring, kept for ten minutes per worker, archive state and day.
    The what-if runs the policy engine twice (now and as if), two thirds of the archive page's time
    (180 ms of 270 ms on the 1,000,000-worker demo, bench/load); it changes when the archive does
    (the worker's `updated_at` is in the key) or when policies, the catalogue or the ledger do
    (then within ten minutes). It is guidance, not a decision: the monthly run decides."""
    from django.core.cache import cache

    stamp = worker.updated_at.timestamp() if worker.updated_at else 0
    key = f"guidance:whatif:{worker.pk}:{stamp}:{occupation.pk}:{grade}:{on.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = compute(worker_id=worker.pk, occupation=occupation, grade=grade, on=on)
        cache.set(key, found, WHATIF_CACHE_SECONDS)
    return found


def career_guidance(*, actor: Any, worker_id: int, today: date | None = None) -> CareerGuidance:
    """The career guidance of a worker in the actor's scope (the worker themself, bureau staff):
    raises NotFound like `registry.selectors.worker_get` outside it. Writes nothing."""
    from gongjiang.evaluation.selectors import awards_for_worker, rules_for
    from gongjiang.evaluation.services import eligibility_check
    from gongjiang.incentives.whatif_grade import grade_whatif
    from gongjiang.income.selectors import wage_level_published
    from gongjiang.training.selectors import programmes_leading_to

    on = today or timezone.localdate()
    worker = registry_selectors.worker_get(actor=actor, worker_id=worker_id)
    occupation, current = _occupation_and_grade(worker)
    target = next_grade_of(current)
    guidance = CareerGuidance(worker=worker, occupation=occupation, current_grade=current, next_grade=target, on=on)
    guidance.ladder = [{"grade": g.value, "label": str(g.label), "held": current is not None and g.value <= current,
                        "next": g.value == target, "high_skilled": is_high_skilled(g.value)} for g in Grade]
    guidance.awards = awards_for_worker(worker_id=worker.pk)
    if occupation is None or target is None:
        return guidance
    if target in NATIONAL_LEVEL_BY_GRADE:
        guidance.rules = rules_for(occupation=occupation, grade=target)
        guidance.eligibility = eligibility_check(worker=worker, occupation=occupation, grade=target, on=on)
    else:
        guidance.appointed_note = APPOINTED_GRADES_NOTE
    guidance.programmes = programmes_leading_to(occupation=occupation, grade=target, today=on)
    if current:
        guidance.pay_now = wage_level_published(occupation_code=occupation.code, grade=current)
    guidance.pay_next = wage_level_published(occupation_code=occupation.code, grade=target)
    guidance.subsidies = _whatif_cached(worker, occupation, target, on, grade_whatif)
    guidance.routes = _routes(worker=worker, occupation=occupation, current=current, target=target)
    return guidance


@dataclass(frozen=True)
class NextStep:
    """The short form for the worker's home page: the next grade and when they may apply."""

    occupation_name: str
    current_label: str
    next_label: str
    eligibility: Any


def next_step(*, actor: Any, worker_id: int, today: date | None = None) -> NextStep | None:
    """The worker's next grade and its 申报条件 answer (None without an occupation or at the top)."""
    from gongjiang.evaluation.services import eligibility_check

    worker = registry_selectors.worker_get(actor=actor, worker_id=worker_id)
    occupation, current = _occupation_and_grade(worker)
    target = next_grade_of(current)
    if occupation is None or target is None:
        return None
    eligibility = (eligibility_check(worker=worker, occupation=occupation, grade=target, on=today or timezone.localdate())
                   if target in NATIONAL_LEVEL_BY_GRADE else None)
    return NextStep(occupation.name, str(Grade(current).label) if current else "尚无职业技能等级",
                    str(Grade(target).label), eligibility)
