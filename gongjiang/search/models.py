"""Talent search (issue 4, R1.1 "方便用人单位查找和选择合适的高技能人才"): one denormalised search
document per worker, enterprise shortlists and contact requests (ADR 0008)."""

from functools import lru_cache
from hashlib import blake2b

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TermsField(models.Field):
    """A set of search tokens (see `terms.py`): `text[]` on PostgreSQL, a space-delimited string " a b c " on SQLite (matched with LIKE '% a %')."""

    description = "search tokens"

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return []
        if isinstance(value, list):
            return value
        return value.split()

    def to_python(self, value):
        if isinstance(value, str):
            return value.split()
        return list(value or [])

    def get_db_prep_value(self, value, connection, prepared=False):
        tokens = sorted(set(value or []))
        if connection.vendor == "postgresql":
            return tokens
        return " " + " ".join(tokens) + " " if tokens else " "


def token_hash(token: str) -> int:
    """A stable signed 32-bit hash of a search token (BLAKE2b, 4 bytes): what the PostgreSQL
    `tokens int4[]` column holds, so a document row is ~3× narrower than with `text[]` (ADR 0008).
    Two different tokens share a hash with odds ~1 in 4 billion per pair."""
    return _token_hash(token)


@lru_cache(maxsize=1 << 20)
def _token_hash(token: str) -> int:
    return int.from_bytes(blake2b(token.encode(), digest_size=4).digest(), "big", signed=True)


class HashedTermsField(TermsField):
    """The searchable tokens of a document: `int4[]` of `token_hash` on PostgreSQL (GIN-indexed,
    migration 0004), the same space-delimited string as `TermsField` on SQLite. Write-only in
    practice on PostgreSQL: read the tokens as text from `WorkerSearchDetail.terms`."""

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        if connection.vendor == "postgresql":
            return sorted({token_hash(t) if isinstance(t, str) else int(t) for t in (value or [])})
        return super().get_db_prep_value(value, connection, prepared)


class WorkerSearchDoc(models.Model):
    """What the talent search reads instead of joining seven registry tables: rebuilt by
    `services.search_docs_refresh(worker_ids)` and the `search_reindex` command.

    Kept narrow (ADR 0008 "Measured"): broad queries read the rows of 100,000+ matches, so the
    tokens are hashed integers and the text tokens and match explanations live in
    `WorkerSearchDetail`, read only for the page shown."""

    worker = models.OneToOneField("registry.Worker", verbose_name=_("人员"), primary_key=True,
                                  on_delete=models.CASCADE, related_name="search_doc")
    tokens = HashedTermsField(_("检索词（散列）"), default=list)
    # The worker's own occupation codes (no groups): a narrow copy for ranking "exact occupation
    # first" without looking the tokens up.
    occupations = TermsField(_("职业代码"), default=list)
    top_grade = models.PositiveSmallIntegerField(_("最高等级"), null=True, blank=True)
    district_code = models.CharField(_("所在区县代码"), max_length=6, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"))
    rank_base = models.IntegerField(_("排序基础分"), default=0,
                                    help_text=_("等级、荣誉与近期活跃程度折算的分数，越高越靠前"))
    last_active_on = models.DateField(_("最近活动日期"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("人才检索文档")
        verbose_name_plural = _("人才检索文档")
        indexes = [models.Index(fields=["-rank_base", "worker"], name="search_doc_rank")]

    def __str__(self) -> str:
        return f"search doc #{self.worker_id}"

    @property
    def terms(self) -> list[str]:
        """The tokens as text (from the detail row)."""
        return self.detail.terms

    @property
    def facts(self) -> dict:
        """Match explanation material (from the detail row)."""
        return self.detail.facts


class WorkerSearchDetail(models.Model):
    """The wide part of a search document, one row per document: the tokens as text and the facts
    the match reasons are written from. Read for the shown page only (ADR 0008)."""

    doc = models.OneToOneField(WorkerSearchDoc, verbose_name=_("检索文档"), primary_key=True,
                               on_delete=models.CASCADE, related_name="detail")
    terms = TermsField(_("检索词"), default=list)
    facts = models.JSONField(_("匹配说明素材"), default=dict, blank=True)

    class Meta:
        verbose_name = _("人才检索文档详情")
        verbose_name_plural = _("人才检索文档详情")

    def __str__(self) -> str:
        return f"search detail #{self.doc_id}"


class Shortlist(models.Model):
    """An enterprise's list of candidates (issue 4 §4), kept, annotated and exported."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("单位"), on_delete=models.CASCADE,
                                   related_name="shortlists")
    name = models.CharField(_("名单名称"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"shortlist_name_unique_per_enterprise": "name"}

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("候选名单")
        verbose_name_plural = _("候选名单")
        constraints = [models.UniqueConstraint(fields=["enterprise", "name"], name="shortlist_name_unique_per_enterprise",
                                               violation_error_code="shortlist_name_unique_per_enterprise", violation_error_message=_("本单位已有同名的候选名单，请换一个名称"))]

    def __str__(self) -> str:
        return self.name


class ShortlistEntry(models.Model):
    shortlist = models.ForeignKey(Shortlist, verbose_name=_("候选名单"), on_delete=models.CASCADE,
                                  related_name="entries")
    worker = models.ForeignKey("registry.Worker", verbose_name=_("人员"), on_delete=models.CASCADE,
                               related_name="+")
    note = models.CharField(_("备注"), max_length=500, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("添加人"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"shortlist_entry_unique_worker": "worker"}

    class Meta:
        ordering = ["-added_at", "-id"]
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        constraints = [models.UniqueConstraint(fields=["shortlist", "worker"], name="shortlist_entry_unique_worker",
                                               violation_error_code="shortlist_entry_unique_worker", violation_error_message=_("该人员已在这份候选名单中"))]

    def __str__(self) -> str:
        return f"{self.shortlist} · {self.worker_id}"


class ContactStatus(models.TextChoices):
    PENDING = "pending", _("待答复")
    ACCEPTED = "accepted", _("已同意")
    DECLINED = "declined", _("已拒绝")


class ContactRequest(models.Model):
    """An enterprise asks a worker for contact; the worker accepts or declines on their own page.
    Until accepted the enterprise sees masked contacts only (issue 4 §3, PIPL)."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("单位"), on_delete=models.CASCADE,
                                   related_name="contact_requests")
    worker = models.ForeignKey("registry.Worker", verbose_name=_("人员"), on_delete=models.CASCADE,
                               related_name="contact_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    message = models.CharField(_("留言"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ContactStatus.choices, default=ContactStatus.PENDING)
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"contact_request_one_pending_per_pair": "worker", "contact_request_decided_has_time": "decided_at"}

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("联系请求")
        verbose_name_plural = _("联系请求")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "worker"], condition=Q(status="pending"),
                                    name="contact_request_one_pending_per_pair",
                                    violation_error_code="contact_request_one_pending_per_pair", violation_error_message=_("已向该人员发出联系请求，请等待本人答复")),
            models.CheckConstraint(condition=Q(status="pending") | Q(decided_at__isnull=False),
                                   name="contact_request_decided_has_time",
                                   violation_error_code="contact_request_decided_has_time", violation_error_message=_("已答复的联系请求须记录答复时间")),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} → {self.worker_id} {self.status}"


def _pg_array(lhs) -> str:
    return "int4[]" if isinstance(lhs.output_field, HashedTermsField) else "text[]"


def _pg_tokens(lhs, tokens: list[str]) -> list:
    if isinstance(lhs.output_field, HashedTermsField):
        return sorted({token_hash(t) for t in tokens})
    return tokens


@TermsField.register_lookup
class TermsAll(models.Lookup):
    """`terms__all=[...]`: the document holds every token (PostgreSQL `@>`, GIN-indexed)."""

    lookup_name = "all"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        tokens = sorted(set(self.rhs))
        if not tokens:
            return "1 = 1", []
        if connection.vendor == "postgresql":
            return f"{lhs} @> %s::{_pg_array(self.lhs)}", [*lhs_params, _pg_tokens(self.lhs, tokens)]
        sql = " AND ".join(f"instr({lhs}, %s) > 0" for _ in tokens)
        return f"({sql})", [p for t in tokens for p in (*lhs_params, f" {t} ")]


@TermsField.register_lookup
class TermsAny(models.Lookup):
    """`terms__any=[...]`: the document holds at least one token (PostgreSQL `&&`, GIN-indexed)."""

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        tokens = sorted(set(self.rhs))
        if not tokens:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} && %s::{_pg_array(self.lhs)}", [*lhs_params, _pg_tokens(self.lhs, tokens)]
        sql = " OR ".join(f"instr({lhs}, %s) > 0" for _ in tokens)
        return f"({sql})", [p for t in tokens for p in (*lhs_params, f" {t} ")]
