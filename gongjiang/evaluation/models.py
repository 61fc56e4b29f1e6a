"""Skill evaluation (职业技能等级认定, R4.1–R4.3): agencies filed by the bureau with their scope,
eligibility rules as cited data, batches, candidates, scores, results with a 公示, and the
certificates issued — each signed (ADR 0021) and revocable.

Invariants in the database: one agency code/site per agency, one scope line per occupation ×
grade, one candidate per worker per batch, one certificate per candidate, certificate numbers
unique, one serial counter per agency × year × level."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongjiang.reference.grades import Grade


class AgencyKind(models.TextChoices):
    EMPLOYER = "employer", _("用人单位自主评价")
    SOCIAL = "social", _("社会培训评价组织")
    SCHOOL = "school", _("院校")


class AgencyStatus(models.TextChoices):
    ACTIVE = "active", _("备案有效")
    SUSPENDED = "suspended", _("暂停评价")
    EXITED = "exited", _("已退出")


# Certificate-number letter by agency kind (人社部 职业技能等级证书编码规则): Y 用人单位, S 社会培训评价组织;
# colleges evaluate under a social-organisation filing (identity/certificate_number.py).
NUMBER_LETTER = {AgencyKind.EMPLOYER: "Y", AgencyKind.SOCIAL: "S", AgencyKind.SCHOOL: "S"}


class Agency(models.Model):
    """An evaluation agency (评价机构) filed (备案) by the bureau."""

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"agency_site_unique": "code", "agency_employer_has_enterprise": "enterprise"}

    name = models.CharField(_("机构名称"), max_length=200)
    kind = models.CharField(_("机构类别"), max_length=16, choices=AgencyKind.choices)
    code = models.CharField(_("机构代码"), max_length=4, default="0000",
                            help_text=_("人社部赋予的4位代码；在省级备案的填 0000"))
    province_code = models.CharField(_("省份代码"), max_length=2, default="33")
    site_code = models.CharField(_("评价机构（站点）代码"), max_length=6,
                                 help_text=_("省级人社部门赋予的6位代码"))
    district = models.ForeignKey("reference.Division", verbose_name=_("备案区县"), on_delete=models.PROTECT,
                                 related_name="+")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("所属企业"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   help_text=_("用人单位自主评价时填写"))
    status = models.CharField(_("状态"), max_length=16, choices=AgencyStatus.choices, default=AgencyStatus.ACTIVE)
    status_reason = models.CharField(_("状态说明"), max_length=200, blank=True)
    filed_on = models.DateField(_("备案日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("评价机构")
        verbose_name_plural = _("评价机构")
        constraints = [
            models.UniqueConstraint(fields=["code", "province_code", "site_code"], name="agency_site_unique",
                                    violation_error_code="agency_site_unique",
                                    violation_error_message=_("该机构代码、省份和评价点已备案，请勿重复备案")),
            models.CheckConstraint(condition=~Q(kind="employer") | Q(enterprise__isnull=False),
                                   name="agency_employer_has_enterprise", violation_error_code="agency_employer_has_enterprise",
                                   violation_error_message=_("用人单位自主评价机构须选择所属企业")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == AgencyStatus.ACTIVE


class AgencyScope(models.Model):
    """One occupation × grade an agency is filed to evaluate."""

    CONSTRAINT_FIELDS = {"agency_scope_unique": "occupation"}

    agency = models.ForeignKey(Agency, verbose_name=_("评价机构"), on_delete=models.CASCADE, related_name="scopes")
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), on_delete=models.PROTECT,
                                   related_name="+")
    grade = models.PositiveSmallIntegerField(_("等级"), choices=Grade.choices)

    class Meta:
        ordering = ["occupation__code", "grade"]
        verbose_name = _("评价范围")
        verbose_name_plural = _("评价范围")
        constraints = [models.UniqueConstraint(fields=["agency", "occupation", "grade"], name="agency_scope_unique",
                                               violation_error_code="agency_scope_unique",
                                               violation_error_message=_("该机构已备案这一职业和等级，无需重复添加"))]

    def __str__(self) -> str:
        return f"{self.occupation.name} {self.get_grade_display()}"


class AgencyKey(models.Model):
    """An agency's certificate-signing key (ADR 0021): only its public half is stored, with the
    platform root key's certification (`endorsement`, a JWS). The private half is derived from
    the root seed, the agency and the generation (keys.py), so the database holds no secret.
    Rotating retires the current generation (it stays published: certificates it signed keep
    verifying) and makes the next one."""

    CONSTRAINT_FIELDS = {"agency_key_generation_unique": "generation"}

    agency = models.ForeignKey(Agency, verbose_name=_("评价机构"), on_delete=models.CASCADE, related_name="keys")
    generation = models.PositiveSmallIntegerField(_("密钥代次"))
    kid = models.CharField(_("密钥标识"), max_length=64, unique=True)
    agency_code = models.CharField(_("证明中的机构代码"), max_length=16,
                                   help_text=_("平台根密钥的证明所写的机构代码；机构代码变更后自动换用新密钥"))
    public_key = models.CharField(_("公钥（十六进制）"), max_length=64)
    root_kid = models.CharField(_("签发该密钥的平台根密钥"), max_length=64)
    endorsement = models.TextField(_("平台根密钥的证明"))
    created_at = models.DateTimeField(_("启用时间"), auto_now_add=True)
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    retired_reason = models.CharField(_("停用原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["agency_id", "-generation"]
        verbose_name = _("评价机构签名密钥")
        verbose_name_plural = _("评价机构签名密钥")
        constraints = [models.UniqueConstraint(fields=["agency", "generation"], name="agency_key_generation_unique",
                                               violation_error_code="agency_key_generation_unique",
                                               violation_error_message=_("该机构这一代次的签名密钥已存在"))]

    def __str__(self) -> str:
        return self.kid


class Examiner(models.Model):
    """A 考评员 of an agency; `enterprise` is their employer, for the conflict audit (R4.3)."""

    agency = models.ForeignKey(Agency, verbose_name=_("评价机构"), on_delete=models.CASCADE, related_name="examiners")
    name = models.CharField(_("姓名"), max_length=64)
    card_number = models.CharField(_("考评员证号"), max_length=32, blank=True)
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("工作单位"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = _("考评员")
        verbose_name_plural = _("考评员")

    def __str__(self) -> str:
        return self.name


class RuleRoute(models.TextChoices):
    YEARS = "years", _("工作年限")
    SCHOOLING = "schooling", _("院校毕业")
    TRAINING = "training", _("正规培训学时")


class EligibilityRule(models.Model):
    """One route to apply for a grade (申报条件) in an occupation, as cited data. By `route`:
    - years: `years` of work since a certificate of `previous_grade` in this occupation, or (no
      previous grade) `years` of work in it in total;
    - schooling: a graduation (or being an 应届毕业生) from a school of one of `school_kinds`
      (reference/schools.py) in this or a related major, with the certificate of `previous_grade`
      when set, and `years` of work after both;
    - training: `training_hours` of completed training in this occupation at this grade (read from
      the training app), after the certificate of `previous_grade` when set, and `years` of work
      since that certificate.
    A candidate qualifies by any route of the grade."""

    CONSTRAINT_FIELDS = {"rule_training_has_hours": "training_hours"}

    # A rule is data about its occupation: a classification reload that drops the occupation drops it.
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), on_delete=models.CASCADE,
                                   related_name="+")
    grade = models.PositiveSmallIntegerField(_("申报等级"), choices=Grade.choices)
    route = models.CharField(_("途径"), max_length=16, choices=RuleRoute.choices, default=RuleRoute.YEARS)
    previous_grade = models.PositiveSmallIntegerField(_("需已取得等级"), choices=Grade.choices, null=True, blank=True)
    years = models.PositiveSmallIntegerField(_("累计从事本职业工作年限"), default=0)
    school_kinds = models.JSONField(_("学校类别"), default=list, blank=True,
                                    help_text=_("院校毕业途径：认可的学校类别"))
    training_hours = models.PositiveIntegerField(_("正规培训标准学时"), null=True, blank=True,
                                                 help_text=_("正规培训途径：须完成的本职业培训学时数"))
    citation = models.CharField(_("依据"), max_length=200)

    class Meta:
        ordering = ["occupation__code", "grade", "route", "previous_grade"]
        verbose_name = _("申报条件")
        verbose_name_plural = _("申报条件")
        constraints = [
            models.CheckConstraint(condition=~Q(route="training") | Q(training_hours__gt=0),
                                   name="rule_training_has_hours", violation_error_code="rule_training_has_hours",
                                   violation_error_message=_("正规培训途径须填写标准学时数")),
        ]

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        from gongjiang.reference.schools import school_kinds_label

        prev = Grade(self.previous_grade).label if self.previous_grade else ""
        if self.route == RuleRoute.SCHOOLING:
            text = str(_("%(kinds)s本专业或相关专业毕业（含在校应届毕业生）") % {
                "kinds": school_kinds_label(self.school_kinds)})
            if prev:
                text += str(_("，并取得%(prev)s证书") % {"prev": prev})
            if self.years:
                text += str(_("，其后累计从事本职业工作满%(years)d年") % {"years": self.years})
            return text
        if self.route == RuleRoute.TRAINING:
            text = str(_("取得%(prev)s证书后，") % {"prev": prev}) if prev else ""
            if self.years:
                text += str(_("累计从事本职业工作满%(years)d年，") % {"years": self.years})
            return text + str(_("经本职业正规培训达%(hours)d标准学时并结业") % {"hours": self.training_hours or 0})
        if self.previous_grade:
            return str(_("取得%(prev)s证书后，累计从事本职业工作满%(years)d年") % {
                "prev": prev, "years": self.years})
        return str(_("累计从事本职业工作满%(years)d年") % {"years": self.years})


class BatchStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    IN_NOTICE = "in_notice", _("公示中")
    ISSUED = "issued", _("已发证")


class Batch(models.Model):
    """An evaluation batch (评价批次): one occupation and grade, on a date at a site."""

    agency = models.ForeignKey(Agency, verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="batches")
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), on_delete=models.PROTECT,
                                   related_name="+")
    grade = models.PositiveSmallIntegerField(_("等级"), choices=Grade.choices)
    exam_date = models.DateField(_("考核日期"))
    site = models.CharField(_("考核地点"), max_length=200)
    examiners = models.ManyToManyField(Examiner, verbose_name=_("考评员"), blank=True, related_name="batches")
    pass_mark = models.DecimalField(_("合格分数线"), max_digits=5, decimal_places=1, default=60)
    status = models.CharField(_("状态"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.PLANNED)
    notice_start = models.DateField(_("公示开始"), null=True, blank=True)
    notice_until = models.DateField(_("公示截止"), null=True, blank=True)
    notice_assumed_years = models.CharField(max_length=32, blank=True, editable=False)
    issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    report_due = models.DateField(_("报送期限"), null=True, blank=True)
    reported_on = models.DateField(_("报送日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-exam_date", "-id"]
        verbose_name = _("评价批次")
        verbose_name_plural = _("评价批次")

    def __str__(self) -> str:
        return f"{self.occupation.name} {self.get_grade_display()} {self.exam_date}"


class ResultStatus(models.TextChoices):
    PENDING = "pending", _("待评定")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


class Candidate(models.Model):
    """A worker taken into a batch, with the eligibility check's outcome, scores and result."""

    CONSTRAINT_FIELDS = {"candidate_once_per_batch": "worker"}

    batch = models.ForeignKey(Batch, verbose_name=_("评价批次"), on_delete=models.CASCADE, related_name="candidates")
    worker = models.ForeignKey("registry.Worker", verbose_name=_("考生"), on_delete=models.PROTECT, related_name="+")
    eligible = models.BooleanField(_("符合申报条件"), default=False)
    eligibility_reason = models.CharField(_("申报条件审核"), max_length=1000)
    theory_score = models.DecimalField(_("理论知识成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    practical_score = models.DecimalField(_("操作技能成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    answers = models.CharField(_("理论答题卡"), max_length=500, blank=True,
                               help_text=_("考试系统导出的每题所选答案，依题号顺序，如 ABDCA…；用于雷同答卷核查"))
    result = models.CharField(_("评定结果"), max_length=16, choices=ResultStatus.choices, default=ResultStatus.PENDING)

    class Meta:
        ordering = ["id"]
        verbose_name = _("考生")
        verbose_name_plural = _("考生")
        constraints = [models.UniqueConstraint(fields=["batch", "worker"], name="candidate_once_per_batch",
                                               violation_error_code="candidate_once_per_batch",
                                               violation_error_message=_("此人已是本批次的考生，不能重复报名"))]

    def __str__(self) -> str:
        return f"{self.worker.name} @ {self.batch}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")


class IssuedCertificate(models.Model):
    """A certificate this platform issued: the signed credential (compact JWS, ADR 0021), and its
    status. The worker's archive holds the registry's copy (`registry_certificate_id`)."""

    candidate = models.OneToOneField(Candidate, verbose_name=_("考生"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="certificate",
                                     help_text=_("经评价批次取得时填写；直接认定、破格晋升见认定申请"))
    agency = models.ForeignKey(Agency, verbose_name=_("发证机构"), on_delete=models.PROTECT, related_name="certificates")
    worker = models.ForeignKey("registry.Worker", verbose_name=_("持证人"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("证书编号"), max_length=22, unique=True)
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), on_delete=models.PROTECT,
                                   related_name="+")
    grade = models.PositiveSmallIntegerField(_("等级"), choices=Grade.choices)
    name_masked = models.CharField(_("姓名（脱敏）"), max_length=64)
    issued_on = models.DateField(_("发证日期"))
    credential = models.TextField(_("签名凭证"))
    key_id = models.CharField(_("签名密钥"), max_length=64)
    registry_certificate_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(_("状态"), max_length=16, choices=CertificateStatus.choices,
                              default=CertificateStatus.VALID)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撤销人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("证书（本平台颁发）")
        verbose_name_plural = _("证书（本平台颁发）")

    def __str__(self) -> str:
        return self.number


class AwardRoute(models.TextChoices):
    DIRECT = "direct", _("直接认定")
    EXCEPTIONAL = "exceptional", _("破格晋升")


class AwardStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class DirectAward(models.Model):
    """直接认定 (new or ungraded staff, by performance) or 破格晋升 (outstanding workers) by an
    employer's self-evaluation (R1.6, `004` 十五): the evidence, then the bureau's approval, then
    the certificate, issued like a batch's."""

    agency = models.ForeignKey(Agency, verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="awards")
    worker = models.ForeignKey("registry.Worker", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), on_delete=models.PROTECT,
                                   related_name="+")
    grade = models.PositiveSmallIntegerField(_("认定等级"), choices=Grade.choices)
    route = models.CharField(_("认定方式"), max_length=16, choices=AwardRoute.choices)
    evidence = models.TextField(_("业绩与证明材料"))
    status = models.CharField(_("状态"), max_length=16, choices=AwardStatus.choices, default=AwardStatus.PENDING)
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)
    certificate = models.OneToOneField(IssuedCertificate, verbose_name=_("证书"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="award")

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("直接认定与破格晋升")
        verbose_name_plural = _("直接认定与破格晋升")

    def __str__(self) -> str:
        return f"{self.get_route_display()} {self.get_grade_display()}"


class NumberSerial(models.Model):
    """The last serial used per agency × year × national level; issuing locks the row
    (SELECT … FOR UPDATE) so concurrent batches never share a number."""

    CONSTRAINT_FIELDS = {"number_serial_unique": "level"}

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "level"], name="number_serial_unique",
                                               violation_error_code="number_serial_unique",
                                               violation_error_message=_("该机构本年度这一等级的证书编号序列已存在"))]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.level}: {self.last}"


class NegativeSubject(models.TextChoices):
    AGENCY = "agency", _("评价机构")
    EXAMINER = "examiner", _("考评员")


class NegativeListEntry(models.Model):
    """An agency or examiner on the bureau's negative list (失信/黑名单, R4.3): with the reason, the
    document it rests on, and the period. While the entry is in force a listed agency cannot plan
    batches nor issue certificates, and a listed examiner cannot be assigned to a batch. Lifting
    keeps the entry, with who lifted it, when and why."""

    CONSTRAINT_FIELDS = {"negative_entry_one_subject": "subject", "negative_entry_until_after_from": "listed_until"}

    subject = models.CharField(_("对象类别"), max_length=16, choices=NegativeSubject.choices)
    agency = models.ForeignKey(Agency, verbose_name=_("评价机构"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="negative_entries")
    examiner = models.ForeignKey(Examiner, verbose_name=_("考评员"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="negative_entries")
    reason = models.CharField(_("列入原因"), max_length=300)
    basis = models.CharField(_("依据文件"), max_length=200, help_text=_("处理决定的文号或文件名称"))
    listed_from = models.DateField(_("列入日期"))
    listed_until = models.DateField(_("期满日期"), null=True, blank=True, help_text=_("留空表示长期"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("列入人"), on_delete=models.PROTECT,
                                 related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("移出时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("移出人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    lift_reason = models.CharField(_("移出原因"), max_length=300, blank=True)

    class Meta:
        ordering = ["-listed_from", "-id"]
        verbose_name = _("失信名单")
        verbose_name_plural = _("失信名单")
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject="agency", agency__isnull=False, examiner__isnull=True)
                           | Q(subject="examiner", examiner__isnull=False, agency__isnull=True)),
                name="negative_entry_one_subject", violation_error_code="negative_entry_one_subject",
                violation_error_message=_("请选择一个评价机构或一名考评员")),
            models.CheckConstraint(condition=Q(listed_until__isnull=True) | Q(listed_until__gte=models.F("listed_from")),
                                   name="negative_entry_until_after_from",
                                   violation_error_code="negative_entry_until_after_from",
                                   violation_error_message=_("期满日期不能早于列入日期")),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name}：{self.reason}"

    @property
    def subject_name(self) -> str:
        if self.subject == NegativeSubject.AGENCY and self.agency_id:
            return self.agency.name
        if self.examiner_id:
            return f"{self.examiner.name}（{self.examiner.agency.name}）"
        return ""

    def in_force(self, on) -> bool:
        return (self.lifted_at is None and self.listed_from <= on
                and (self.listed_until is None or self.listed_until >= on))


# --- Certificate PDFs made in the background (issue 13 "Measure"; ADR 0021 §PDFs in the background) ---


class PdfJobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已生成")
    FAILED = "failed", _("生成失败")


class CertificatePdfJob(models.Model):
    """The background job that makes every certificate PDF of an issued batch: its state and
    progress, read by the batch page's progress bar. One per batch; 重新生成 runs it again."""

    CONSTRAINT_FIELDS = {"pdf_job_status_known": "status", "pdf_job_done_within_total": "done"}

    batch = models.OneToOneField(Batch, verbose_name=_("评价批次"), on_delete=models.CASCADE, related_name="pdf_job")
    status = models.CharField(_("状态"), max_length=12, choices=PdfJobStatus.choices, default=PdfJobStatus.QUEUED)
    done = models.PositiveIntegerField(_("已生成"), default=0)
    total = models.PositiveIntegerField(_("证书总数"), default=0)
    error = models.CharField(_("失败原因"), max_length=500, blank=True)
    verify_url = models.CharField(_("查验地址"), max_length=300,
                                help_text=_("二维码中的查验页面地址，取自发证时的站点地址"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("证书 PDF 生成任务")
        verbose_name_plural = _("证书 PDF 生成任务")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["queued", "running", "done", "failed"]),
                                   name="pdf_job_status_known", violation_error_code="pdf_job_status_known",
                                   violation_error_message=_("任务状态只能是排队中、生成中、已生成或生成失败")),
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="pdf_job_done_within_total",
                                   violation_error_code="pdf_job_done_within_total",
                                   violation_error_message=_("已生成的数量不能超过证书总数")),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.done}/{self.total} {self.status}"

    @property
    def percent(self) -> int:
        if self.status == PdfJobStatus.DONE:
            return 100
        return self.done * 100 // self.total if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (PdfJobStatus.DONE, PdfJobStatus.FAILED)


class CertificatePdf(models.Model):
    """A certificate's PDF as made and signed (ADR 0021), kept in the database as the bulletins
    are (ADR 0025), so every download serves the same bytes and the backup holds them."""

    certificate = models.OneToOneField(IssuedCertificate, verbose_name=_("证书"), on_delete=models.CASCADE,
                                       related_name="pdf")
    content = models.BinaryField(_("文件"), editable=False)
    size = models.PositiveIntegerField(_("文件大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    made_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证书 PDF")
        verbose_name_plural = _("证书 PDF")

    def __str__(self) -> str:
        return f"{self.certificate_id}.pdf"
