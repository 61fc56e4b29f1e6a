"""Special incentives (专项激励, R6): policies as versioned, cited data; decisions that explain
themselves; an append-only ledger that never pays twice; the claim workflow (ADR 0009).

- `PolicyDocument` is the text (文号, issuer, dates); `Policy` one measure of it with its clause,
  its formula (the shape of the computation, in code) and how it is claimed (免申即享 or 申报).
- `PolicyVersion` holds the conditions (structured rules, checked against the formula's declared
  facts when saved) and goes draft → submitted → published (by a second officer) → superseded.
- `ParameterValue` is one value of one parameter (amount, cap, rate…) from an effective date, with
  its citation and the moment it was decided: valid time × decision time, so "what did we believe
  on date X" is a query (`engine.parameters_resolve(..., believed_on=X)`).
- `Decision` is the outcome for one subject and period, with its trace; `Claim` carries it
  through review, public notice and payment; `LedgerEntry` is money, append-only.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PolicyDocument(models.Model):
    number = models.CharField(_("文号"), max_length=64, unique=True)
    title = models.CharField(_("文件标题"), max_length=255)
    issuer = models.CharField(_("发文机关"), max_length=128)
    issued_on = models.DateField(_("成文日期"))
    effective_from = models.DateField(_("施行日期"))
    applies_from = models.DateField(_("追溯适用日期"), help_text=_("早于施行日期时，发布后补算此前各期"))
    expires_on = models.DateField(_("截止日期"), null=True, blank=True)
    source_url = models.CharField(_("原文出处"), max_length=255, blank=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"policy_document_applies_not_after_effective": "applies_from"}

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        constraints = [
            models.CheckConstraint(condition=Q(applies_from__lte=F("effective_from")),
                                   name="policy_document_applies_not_after_effective",
                                   violation_error_code="policy_document_applies_not_after_effective", violation_error_message=_("适用起始日期不能晚于政策生效日期")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Formula(models.TextChoices):
    CERTIFICATE_ONE_TIME = "certificate_one_time", _("一次性证书补贴")
    POST_MONTHLY = "post_monthly", _("按月岗位补贴")
    ENTERPRISE_SELF_CERT_REWARD = "enterprise_self_cert_reward", _("企业自主认定奖励")
    SKILL_UPGRADE = "skill_upgrade", _("技能提升补贴")
    HONOUR_REWARD = "honour_reward", _("荣誉及工作室奖励")
    # training (issue 12)
    TRAINING_COMPLETION = "training_completion", _("补贴性培训补贴（按结业学员）")
    TRAINING_SHORTAGE_UPLIFT = "training_shortage_uplift", _("培训后紧缺职业取证上浮")


class SubjectKind(models.TextChoices):
    WORKER = "worker", _("个人")
    ENTERPRISE = "enterprise", _("企业")


class ClaimMode(models.TextChoices):
    AUTOMATIC = "automatic", _("免申即享")
    APPLICATION = "application", _("依申请（申报）")


class Policy(models.Model):
    document = models.ForeignKey(PolicyDocument, verbose_name=_("政策文件"), on_delete=models.PROTECT,
                                 related_name="policies")
    code = models.SlugField(_("政策代码"), max_length=64, unique=True)
    name = models.CharField(_("措施名称"), max_length=128)
    clause = models.CharField(_("条款"), max_length=64, help_text=_("例如：二(三)4"))
    formula = models.CharField(_("计算方式"), max_length=32, choices=Formula.choices)
    subject_kind = models.CharField(_("享受对象"), max_length=16, choices=SubjectKind.choices)
    mode = models.CharField(_("享受方式"), max_length=16, choices=ClaimMode.choices, default=ClaimMode.AUTOMATIC)
    district = models.ForeignKey("reference.Division", verbose_name=_("实施区域"), on_delete=models.PROTECT,
                                 related_name="+")
    continues = models.ForeignKey("self", verbose_name=_("延续的原政策"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="continued_by",
                                  help_text=_("“继续给予”时填写：原政策已发放的同期金额从本政策中扣除"))
    notes = models.TextField(_("口径说明"), blank=True)
    # Issue 17 §7: an officer's record that a policy counting its predecessor's payments
    # (`count_continued_policy` = 1) has none, so publishing it does not ask again.
    no_predecessor = models.BooleanField(_("已确认无延续的原政策"), default=False,
                                         help_text=_("本政策虽写“继续给予”，但经核实没有需要登记的原政策"))

    class Meta:
        ordering = ["document", "code"]
        verbose_name = _("激励政策")
        verbose_name_plural = _("激励政策")

    def __str__(self) -> str:
        return f"{self.name}（{self.document.number} {self.clause}）"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审批")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被替代")
    REJECTED = "rejected", _("已退回")


class PolicyVersion(models.Model):
    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    conditions = models.JSONField(_("条件"), default=list)
    change_note = models.CharField(_("修改说明"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("起草人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"policy_version_number_unique": "number", "policy_version_one_published": "status", "policy_version_approver_not_maker": "approved_by"}

    class Meta:
        ordering = ["policy", "-number"]
        verbose_name = _("政策版本")
        verbose_name_plural = _("政策版本")
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policy_version_number_unique",
                                    violation_error_code="policy_version_number_unique", violation_error_message=_("该政策已有相同版本号的版本")),
            models.UniqueConstraint(fields=["policy"], condition=Q(status="published"),
                                    name="policy_version_one_published",
                                    violation_error_code="policy_version_one_published", violation_error_message=_("该政策已有一个已发布的版本，请先停用旧版本再发布新版本")),
            # Maker/checker: the approver is never the drafter (R6.2).
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | Q(created_by__isnull=True)
                                   | ~Q(approved_by=F("created_by")), name="policy_version_approver_not_maker",
                                        violation_error_code="policy_version_approver_not_maker", violation_error_message=_("审核人不能是起草人本人（起草与审核须由两人完成）")),
        ]

    def __str__(self) -> str:
        return f"{self.policy.name} v{self.number}（{self.get_status_display()}）"


class ParameterValue(models.Model):
    """One value of a parameter from `effective_from` on, introduced by `version`, decided at
    `decided_at` and citing its source. Values are never edited: a change is a new row."""

    version = models.ForeignKey(PolicyVersion, verbose_name=_("引入版本"), on_delete=models.PROTECT,
                                related_name="parameter_values")
    name = models.CharField(_("参数"), max_length=64)
    effective_from = models.DateField(_("适用起始日"))
    value = models.DecimalField(_("取值"), max_digits=14, decimal_places=4)
    citation = models.CharField(_("依据"), max_length=255)
    decided_at = models.DateTimeField(_("决定时间"))
    note = models.CharField(_("说明"), max_length=255, blank=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"parameter_value_once_per_decision": "name"}

    class Meta:
        ordering = ["name", "effective_from", "decided_at"]
        verbose_name = _("政策参数取值")
        verbose_name_plural = _("政策参数取值")
        constraints = [
            models.UniqueConstraint(fields=["version", "name", "effective_from", "decided_at"],
                                    name="parameter_value_once_per_decision",
                                    violation_error_code="parameter_value_once_per_decision", violation_error_message=_("同一版本、同一参数在同一生效日期已有这次决定的取值")),
        ]

    def __str__(self) -> str:
        return f"{self.name}={self.value}（{self.effective_from}起）"


class DecisionRun(models.Model):
    """One computation: a monthly run, a what-if, or arrears after publishing."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("月度批量")
        ARREARS = "arrears", _("发布补算")
        SINGLE = "single", _("个案")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    # The policy version decided (issue 10 §9: the run history names its policy); null for runs
    # recorded before it was kept.
    version = models.ForeignKey("PolicyVersion", verbose_name=_("政策版本"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("期间"))
    started_at = models.DateTimeField(_("开始"), auto_now_add=True)
    finished_at = models.DateTimeField(_("结束"), null=True, blank=True)
    decisions = models.PositiveIntegerField(_("决定数"), default=0)
    eligible = models.PositiveIntegerField(_("符合数"), default=0)
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2, default=0)
    context = models.JSONField(_("条件与参数"), default=dict, blank=True,
                               help_text=_("本批次所有决定共用的条件、参数取值及依据"))

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("计算批次")
        verbose_name_plural = _("计算批次")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%Y-%m}"


class Decision(models.Model):
    """Eligible or not, how much, and why (the trace), for one subject and period."""

    # The monthly run writes hundreds of thousands of decisions, a derived, append-only record.
    # Run, version and policy are checked by the ORM (PROTECT) but not by a per-row database
    # foreign-key check (it cost more than the COPY itself), and version and policy are not
    # indexed: decisions are read by subject or by run. Subjects keep their database constraints.
    run = models.ForeignKey(DecisionRun, verbose_name=_("批次"), null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+", db_constraint=False)
    version = models.ForeignKey(PolicyVersion, verbose_name=_("政策版本"), on_delete=models.PROTECT,
                                related_name="decisions", db_index=False, db_constraint=False)
    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="decisions",
                               db_index=False, db_constraint=False)
    worker = models.ForeignKey("registry.Worker", verbose_name=_("个人"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="incentive_decisions")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="incentive_decisions")
    period = models.CharField(_("期间键"), max_length=48)
    period_start = models.DateField(_("所属期间"))
    eligible = models.BooleanField(_("符合条件"))
    entitled = models.DecimalField(_("应享金额"), max_digits=12, decimal_places=2)
    already_paid = models.DecimalField(_("已发金额"), max_digits=12, decimal_places=2, default=0)
    amount = models.DecimalField(_("本次应发"), max_digits=12, decimal_places=2)
    trace = models.JSONField(_("计算过程"), default=dict)
    decided_at = models.DateTimeField(_("决定时间"), auto_now_add=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"decision_has_subject": "worker"}

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("享受决定")
        verbose_name_plural = _("享受决定")
        constraints = [
            models.CheckConstraint(condition=Q(worker__isnull=False) | Q(enterprise__isnull=False),
                                   name="decision_has_subject",
                                   violation_error_code="decision_has_subject", violation_error_message=_("认定结果必须对应一名人员或一家企业")),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id}/{self.period}：{'符合' if self.eligible else '不符合'} {self.amount}"

    @property
    def explanation(self) -> dict:
        """The clause-by-clause explanation (conditions, facts read, parameter values with citations)."""
        from gongjiang.incentives.decide import explanation_build

        return explanation_build(self.trace, self.run.context if self.run_id else None)


class ClaimStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("待本人确认")
    SUBMITTED = "submitted", _("待初审")
    FIRST_REVIEWED = "first_reviewed", _("待复审")
    IN_NOTICE = "in_notice", _("公示中")
    ON_HOLD = "on_hold", _("异议处理中")
    PAYABLE = "payable", _("待发放")
    BATCHED = "batched", _("已提交财务")
    PAID = "paid", _("已发放")
    FAILED = "failed", _("发放失败")
    WAIVED = "waived", _("逾期视为放弃")
    REJECTED = "rejected", _("不予通过")


OPEN_CLAIM_STATUSES = [s for s in ClaimStatus.values if s not in {"rejected", "waived"}]


class Claim(models.Model):
    """One entitlement on its way to payment: found automatically (免申即享, awaiting the
    beneficiary's confirmation) or applied for (申报)."""

    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="claims")
    decision = models.ForeignKey(Decision, verbose_name=_("决定"), on_delete=models.PROTECT, related_name="claims")
    worker = models.ForeignKey("registry.Worker", verbose_name=_("个人"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="incentive_claims")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="incentive_claims")
    subject_key = models.CharField(_("对象键"), max_length=32)
    period = models.CharField(_("期间键"), max_length=48)
    period_start = models.DateField(_("所属期间"))
    amount = models.DecimalField(_("金额"), max_digits=12, decimal_places=2)
    mode = models.CharField(_("方式"), max_length=16, choices=ClaimMode.choices)
    status = models.CharField(_("状态"), max_length=24, choices=ClaimStatus.choices)
    account_masked = models.CharField(_("收款账户"), max_length=64, blank=True)
    documents = models.JSONField(_("申报材料"), default=list, blank=True)
    insured_months = models.PositiveIntegerField(_("参保月数（申报）"), null=True, blank=True)
    first_reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("初审人"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    second_reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("复审人"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    notice_opened_on = models.DateField(_("公示发布日"), null=True, blank=True)  # the count starts after it
    notice_until = models.DateField(_("公示截止"), null=True, blank=True)
    # Years whose holiday arrangement was not known when notice_until was counted, so they were
    # counted Monday–Friday ("2027" or "2027,2028"; issue 18 §4, gongjiang.core.calendar).
    notice_assumed_years = models.CharField(_("公示期按周一至周五计算的年份"), max_length=32, blank=True,
                                            default="", db_default="")  # db default: the monthly run COPYs claims
    pay_deadline = models.DateField(_("领取截止"), null=True, blank=True)
    failure_reason = models.CharField(_("失败原因"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"claim_one_open_per_period": "period", "claim_checker_not_maker": "second_reviewer", "claim_amount_positive": "amount"}

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("享受事项")
        verbose_name_plural = _("享受事项")
        constraints = [
            models.UniqueConstraint(fields=["policy", "subject_key", "period"],
                                    condition=Q(status__in=OPEN_CLAIM_STATUSES), name="claim_one_open_per_period",
                                    violation_error_code="claim_one_open_per_period", violation_error_message=_("该对象在本期已有一笔办理中的申领，不能重复申领")),
            models.CheckConstraint(condition=Q(second_reviewer__isnull=True) | Q(first_reviewer__isnull=True)
                                   | ~Q(second_reviewer=F("first_reviewer")), name="claim_checker_not_maker",
                                        violation_error_code="claim_checker_not_maker", violation_error_message=_("复审人不能是初审人本人")),
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive",
                                   violation_error_code="claim_amount_positive", violation_error_message=_("申领金额必须大于 0")),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id}/{self.subject_key}/{self.period} {self.amount}"

    @property
    def notice_calendar_note(self) -> str:
        """Shown beside 公示截止 when part of the notice was counted Monday–Friday ("" otherwise)."""
        from gongjiang.core.calendar import assumed_years_note

        return assumed_years_note(self.notice_assumed_years)


class ClaimEvent(models.Model):
    """Every step of a claim, with who, when and why; the applicant's notifications are these."""

    claim = models.ForeignKey(Claim, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=32)
    status = models.CharField(_("处理后状态"), max_length=24, choices=ClaimStatus.choices)
    message = models.CharField(_("通知内容"), max_length=255)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("事项记录")
        verbose_name_plural = _("事项记录")

    def __str__(self) -> str:
        return self.message


class Objection(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    claim = models.ForeignKey(Claim, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="objections")
    raised_by = models.CharField(_("异议人"), max_length=64)
    reason = models.TextField(_("异议理由"))
    status = models.CharField(_("处理结果"), max_length=16, choices=Status.choices, default=Status.OPEN)
    resolution = models.CharField(_("处理说明"), max_length=255, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")

    def __str__(self) -> str:
        return f"{self.raised_by}：{self.reason[:30]}"


class PaymentBatch(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待导出")
        EXPORTED = "exported", _("已导出待回盘")
        SETTLED = "settled", _("已回盘")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    total = models.DecimalField(_("合计"), max_digits=16, decimal_places=2, default=0)
    lines = models.PositiveIntegerField(_("笔数"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("发放批次")
        verbose_name_plural = _("发放批次")

    def __str__(self) -> str:
        return f"发放批次 {self.pk}"


class LedgerEntry(models.Model):
    """Money. Append-only (a trigger refuses UPDATE). A correction is a reversal entry pointing at
    the payment it cancels. At most one payment per (policy, subject, period, attempt), where
    `attempt` counts the reversals already recorded for that key: so a second payment for the
    same period is impossible in the database, also when two approvals race (R6.2)."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("发放")
        REVERSAL = "reversal", _("冲正")

    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="ledger")
    subject_key = models.CharField(_("对象键"), max_length=32)
    worker = models.ForeignKey("registry.Worker", verbose_name=_("个人"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="incentive_ledger")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="incentive_ledger")
    period = models.CharField(_("期间键"), max_length=48)
    period_start = models.DateField(_("所属期间"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    attempt = models.PositiveSmallIntegerField(_("发放序次"), default=0)
    amount = models.DecimalField(_("金额"), max_digits=12, decimal_places=2)
    reverses = models.OneToOneField("self", verbose_name=_("冲正对象"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reversed_by")
    claim = models.ForeignKey(Claim, verbose_name=_("事项"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="ledger")
    decision = models.ForeignKey(Decision, verbose_name=_("决定"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    batch = models.ForeignKey(PaymentBatch, verbose_name=_("发放批次"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="entries")
    reason = models.CharField(_("说明"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记账人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记账时间"), auto_now_add=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"ledger_one_payment_per_period": "period", "ledger_payment_positive_reversal_negative": "amount", "ledger_has_subject": "worker"}

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("发放台账")
        verbose_name_plural = _("发放台账")
        constraints = [
            models.UniqueConstraint(fields=["policy", "subject_key", "period", "attempt"],
                                    condition=Q(kind="payment"), name="ledger_one_payment_per_period",
                                    violation_error_code="ledger_one_payment_per_period", violation_error_message=_("该对象本期已有一笔发放记录")),
            models.CheckConstraint(condition=(Q(kind="payment") & Q(amount__gt=0) & Q(reverses__isnull=True))
                                   | (Q(kind="reversal") & Q(amount__lt=0) & Q(reverses__isnull=False)),
                                   name="ledger_payment_positive_reversal_negative",
                                   violation_error_code="ledger_payment_positive_reversal_negative", violation_error_message=_("发放金额须为正数；冲正金额须为负数并注明所冲正的记录")),
            models.CheckConstraint(condition=Q(worker__isnull=False) | Q(enterprise__isnull=False),
                                   name="ledger_has_subject",
                                   violation_error_code="ledger_has_subject", violation_error_message=_("发放记录必须对应一名人员或一家企业")),
        ]
        indexes = [models.Index(fields=["policy", "subject_key", "period_start"], name="ledger_policy_subject")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_key}/{self.period} {self.amount}"
