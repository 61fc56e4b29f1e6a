"""Training (培训, issue 12; R3.1–R3.5): approved institutions and their sites, the subsidised
programme catalogue, classes filed by an institution and approved by the bureau, real-name
rosters, timetable sessions, check-ins, completions, and supervision findings (R3.4).

Invariants in the database: a class ends no earlier than it starts, a session ends after it
starts, a check-out is not before its check-in, a person is enrolled once per class, a finding is
recorded once per rule and subject."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongjiang.reference.grades import Grade


class InstitutionKind(models.TextChoices):
    FOR_PROFIT = "for_profit", _("营利性")
    NON_PROFIT = "non_profit", _("非营利性")


class InstitutionStatus(models.TextChoices):
    ADMITTED = "admitted", _("已准入")
    NEGATIVE_LIST = "negative_list", _("列入负面清单")
    EXITED = "exited", _("已退出")


class QualityGrade(models.TextChoices):
    """办学质量和诚信等级 (`001` (十七))."""

    A = "A", _("A级")
    B = "B", _("B级")
    C = "C", _("C级")


class Institution(models.Model):
    name = models.CharField(_("机构名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    kind = models.CharField(_("办学性质"), max_length=16, choices=InstitutionKind.choices)
    licence_number = models.CharField(_("办学许可证号"), max_length=64)
    district = models.ForeignKey("reference.Division", verbose_name=_("所在区县"), on_delete=models.PROTECT,
                                 related_name="+")
    address = models.CharField(_("地址"), max_length=255, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    scope = models.ManyToManyField("reference.Occupation", verbose_name=_("培训范围（职业）"), related_name="+",
                                   blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=InstitutionStatus.choices,
                              default=InstitutionStatus.ADMITTED)
    status_reason = models.CharField(_("状态说明"), max_length=255, blank=True)
    grade = models.CharField(_("办学质量和诚信等级"), max_length=1, choices=QualityGrade.choices, blank=True)
    admitted_on = models.DateField(_("准入日期"))
    # The registry unit with the same credit code: the payee when a training subsidy policy pays
    # the institution (its subject is then an enterprise), issue 12.
    payee = models.ForeignKey("registry.Enterprise", verbose_name=_("收款单位"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("培训机构")
        verbose_name_plural = _("培训机构")

    def __str__(self) -> str:
        return self.name

    @property
    def may_file_classes(self) -> bool:
        return self.status == InstitutionStatus.ADMITTED


class Site(models.Model):
    """A training site (培训场地), with coordinates for the training map (R3.3)."""

    institution = models.ForeignKey(Institution, verbose_name=_("培训机构"), on_delete=models.CASCADE,
                                    related_name="sites")
    name = models.CharField(_("场地名称"), max_length=200)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    township = models.CharField(_("所在乡镇（街道）"), max_length=64, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    capacity = models.PositiveIntegerField(_("可容纳人数"), default=0)

    class Meta:
        ordering = ["institution", "name"]
        verbose_name = _("培训场地")
        verbose_name_plural = _("培训场地")

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """An entry of the subsidised training programme catalogue (补贴性培训项目目录, 两目录)."""

    CONSTRAINT_FIELDS = {"programme_subsidy_not_negative": "subsidy_standard", "programme_hours_positive": "hours"}

    code = models.SlugField(_("项目编号"), max_length=32, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), on_delete=models.PROTECT,
                                   related_name="+")
    grade = models.PositiveSmallIntegerField(_("培训等级"), choices=Grade.choices, null=True, blank=True)
    hours = models.PositiveIntegerField(_("标准学时"))
    subsidy_standard = models.DecimalField(_("补贴标准（元/人）"), max_digits=10, decimal_places=2)
    citation = models.CharField(_("依据"), max_length=255, blank=True)
    published = models.BooleanField(_("已公布"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("培训项目")
        verbose_name_plural = _("培训项目")
        constraints = [models.CheckConstraint(condition=Q(subsidy_standard__gte=0), name="programme_subsidy_not_negative",
                violation_error_code="programme_subsidy_not_negative", violation_error_message=_("补贴标准不能为负数")),
                       models.CheckConstraint(condition=Q(hours__gt=0), name="programme_hours_positive",
                violation_error_code="programme_hours_positive", violation_error_message=_("标准学时应大于 0"))]

    def __str__(self) -> str:
        return self.name


class ClassStatus(models.TextChoices):
    FILED = "filed", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已退回")
    CLOSED = "closed", _("已结班")


class TrainingClass(models.Model):

    CONSTRAINT_FIELDS = {"class_end_not_before_start": "end_date", "class_capacity_positive": "capacity"}
    institution = models.ForeignKey(Institution, verbose_name=_("培训机构"), on_delete=models.PROTECT,
                                    related_name="classes")
    programme = models.ForeignKey(Programme, verbose_name=_("培训项目"), on_delete=models.PROTECT, related_name="classes")
    name = models.CharField(_("班级名称"), max_length=200)
    site = models.ForeignKey(Site, verbose_name=_("培训场地"), on_delete=models.PROTECT, related_name="classes")
    teacher = models.CharField(_("授课教师"), max_length=64)
    start_date = models.DateField(_("开班日期"))
    end_date = models.DateField(_("结班日期"))
    planned_hours = models.PositiveIntegerField(_("计划学时"))
    capacity = models.PositiveIntegerField(_("计划人数"))
    status = models.CharField(_("状态"), max_length=16, choices=ClassStatus.choices, default=ClassStatus.FILED)
    status_reason = models.CharField(_("审批意见"), max_length=255, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报备人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="class_end_not_before_start",
                violation_error_code="class_end_not_before_start", violation_error_message=_("结班日期不能早于开班日期")),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="class_capacity_positive",
                violation_error_code="class_capacity_positive", violation_error_message=_("计划人数应大于 0")),
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One timetable session (课表) of a class."""

    CONSTRAINT_FIELDS = {"session_ends_after_start": "ends_at"}

    training_class = models.ForeignKey(TrainingClass, verbose_name=_("培训班"), on_delete=models.CASCADE,
                                       related_name="sessions")
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    topic = models.CharField(_("课程内容"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("课表")
        verbose_name_plural = _("课表")
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start",
                violation_error_code="session_ends_after_start", violation_error_message=_("下课时间应晚于上课时间"))]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.topic}"


class Enrolment(models.Model):

    CONSTRAINT_FIELDS = {"enrolment_once_per_class": "worker"}
    training_class = models.ForeignKey(TrainingClass, verbose_name=_("培训班"), on_delete=models.CASCADE,
                                       related_name="enrolments")
    worker = models.ForeignKey("registry.Worker", verbose_name=_("学员"), on_delete=models.PROTECT,
                               related_name="+")
    enrolled_at = models.DateTimeField(_("报名时间"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("学员名册")
        verbose_name_plural = _("学员名册")
        constraints = [models.UniqueConstraint(fields=["training_class", "worker"], name="enrolment_once_per_class",
                violation_error_code="enrolment_once_per_class", violation_error_message=_("此人已在本班登记，不能重复登记"))]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.training_class}"


class CheckInSource(models.TextChoices):
    DEVICE = "device", _("设备导入")
    MANUAL = "manual", _("手工录入")


class CheckIn(models.Model):
    """One attendance record (签到/签退). Class, worker and site are copied from the enrolment so
    the supervision rules run as set-based queries without joins (R3.4)."""

    CONSTRAINT_FIELDS = {"checkin_out_not_before_in": "checked_out_at", "checkin_once_per_time": "checked_in_at"}

    # Only the enrolment is checked by the database; class, worker and site are copies of the enrolment's
    # (the writers copy them) enforced by the ORM, with no per-row foreign-key trigger — at
    # 1,000,000 rows the deferred checks cost more than the COPY (as for decisions, ADR 0009). Their
    # single-column indexes are left out: the composite indexes below and the unique
    # (enrolment, checked_in_at) lead with the same columns (ADR 0022).
    enrolment = models.ForeignKey(Enrolment, verbose_name=_("学员"), on_delete=models.CASCADE, related_name="checkins",
                                  db_index=False)
    training_class = models.ForeignKey(TrainingClass, verbose_name=_("培训班"), on_delete=models.CASCADE,
                                       related_name="+", db_constraint=False, db_index=False)
    worker = models.ForeignKey("registry.Worker", verbose_name=_("学员"), on_delete=models.PROTECT, related_name="+",
                               db_constraint=False, db_index=False)
    site = models.ForeignKey(Site, verbose_name=_("培训场地"), on_delete=models.PROTECT, related_name="+",
                             db_constraint=False)
    checked_in_at = models.DateTimeField(_("签到时间"))
    checked_out_at = models.DateTimeField(_("签退时间"))
    minutes = models.PositiveIntegerField(_("时长（分钟）"))
    source = models.CharField(_("来源"), max_length=8, choices=CheckInSource.choices, default=CheckInSource.DEVICE)
    device = models.CharField(_("设备编号"), max_length=64, blank=True)

    class Meta:
        ordering = ["checked_in_at", "id"]
        verbose_name = _("签到记录")
        verbose_name_plural = _("签到记录")
        constraints = [
            models.CheckConstraint(condition=Q(checked_out_at__gte=F("checked_in_at")), name="checkin_out_not_before_in",
                violation_error_code="checkin_out_not_before_in", violation_error_message=_("签退时间不能早于签到时间")),
            models.UniqueConstraint(fields=["enrolment", "checked_in_at"], name="checkin_once_per_time",
                violation_error_code="checkin_once_per_time", violation_error_message=_("该学员这一签到时间已有记录")),
        ]
        indexes = [models.Index(fields=["worker", "checked_in_at"], name="checkin_worker_time"),
                   models.Index(fields=["training_class", "checked_in_at"], name="checkin_class_time")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.checked_in_at:%Y-%m-%d %H:%M}"


class Completion(models.Model):
    enrolment = models.OneToOneField(Enrolment, verbose_name=_("学员"), on_delete=models.CASCADE,
                                     related_name="completion")
    completed_on = models.DateField(_("结业日期"))
    hours_attended = models.DecimalField(_("实到学时"), max_digits=7, decimal_places=1)
    exam_passed = models.BooleanField(_("考核合格"))
    score = models.DecimalField(_("考核成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    archive_record_id = models.PositiveBigIntegerField(_("档案记录"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("结业")
        verbose_name_plural = _("结业")

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.completed_on}"


class Rule(models.TextChoices):
    """Supervision rules (R3.4, `001` (十八))."""

    TWO_SITES = "two_sites", _("同一时间在两个场地签到")
    OUTSIDE_TIMETABLE = "outside_timetable", _("签到不在课表时间内")
    HOURS_SHORT = "hours_short", _("实到学时不足")
    IDENTICAL_SEQUENCE = "identical_sequence", _("签到时间序列完全相同")
    PAST_RETIREMENT_AGE = "past_retirement_age", _("学员已达退休年龄")
    REPEATED_PROGRAMME = "repeated_programme", _("同一人重复参加同一项目")
    INSTITUTION_OUTLIER = "institution_outlier", _("机构合格率明显偏离同行")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待核查")
    CLEARED = "cleared", _("核查无问题")
    CONFIRMED = "confirmed", _("确认违规")


class Finding(models.Model):

    CONSTRAINT_FIELDS = {"finding_once_per_rule_and_subject": "rule"}
    rule = models.CharField(_("规则"), max_length=32, choices=Rule.choices)
    key = models.CharField(_("对象标识"), max_length=128)
    institution = models.ForeignKey(Institution, verbose_name=_("培训机构"), on_delete=models.CASCADE,
                                    related_name="findings")
    training_class = models.ForeignKey(TrainingClass, verbose_name=_("培训班"), null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="findings")
    enrolments = models.ManyToManyField(Enrolment, verbose_name=_("涉及学员"), related_name="findings", blank=True)
    reason = models.TextField(_("疑点说明"))
    evidence = models.JSONField(_("证据"), default=list)
    status = models.CharField(_("核查状态"), max_length=16, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    outcome = models.TextField(_("核查结论"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("核查人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    found_at = models.DateTimeField(_("发现时间"), auto_now_add=True)

    class Meta:
        ordering = ["-found_at", "-id"]
        verbose_name = _("监管疑点")
        verbose_name_plural = _("监管疑点")
        constraints = [models.UniqueConstraint(fields=["rule", "key"], name="finding_once_per_rule_and_subject",
                violation_error_code="finding_once_per_rule_and_subject", violation_error_message=_("该疑点已记录，无需重复"))]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} {self.key}"


# --- Enterprise-run training and training funds (R3.5, `000` 三(三)3) ---------------------------


class EnterpriseTrainingKind(models.TextChoices):
    EMPLOYEE = "employee", _("企业职工培训")
    APPRENTICESHIP = "apprenticeship", _("新型学徒制")


class EnterpriseTraining(models.Model):
    """Training an enterprise runs for its own employees (企业职工培训, 新型学徒制), filed by its
    HR with what it spent; the year's spending is set against the wage bill (1.5%–2.5%, `000`
    三(三)3)."""

    CONSTRAINT_FIELDS = {"enterprise_training_end_not_before_start": "end_date",
                         "enterprise_training_trainees_positive": "trainees",
                         "enterprise_training_spend_not_negative": "spend"}

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="+")
    kind = models.CharField(_("培训类型"), max_length=16, choices=EnterpriseTrainingKind.choices)
    name = models.CharField(_("培训名称"), max_length=200)
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    trainees = models.PositiveIntegerField(_("参训人数"))
    hours = models.PositiveIntegerField(_("培训学时"), default=0)
    spend = models.DecimalField(_("培训经费支出（元）"), max_digits=14, decimal_places=2)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("企业培训")
        verbose_name_plural = _("企业培训")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")),
                                   name="enterprise_training_end_not_before_start",
                                   violation_error_code="enterprise_training_end_not_before_start",
                                   violation_error_message=_("结束日期不能早于开始日期")),
            models.CheckConstraint(condition=Q(trainees__gt=0), name="enterprise_training_trainees_positive",
                                   violation_error_code="enterprise_training_trainees_positive",
                                   violation_error_message=_("参训人数应大于 0")),
            models.CheckConstraint(condition=Q(spend__gte=0), name="enterprise_training_spend_not_negative",
                                   violation_error_code="enterprise_training_spend_not_negative",
                                   violation_error_message=_("培训经费支出不能为负数")),
        ]

    def __str__(self) -> str:
        return self.name
