"""The talent registry (人才库, R1.1) and each worker's lifelong archive (R1.3).

Invariants live in the database: unique resident ID (by keyed hash), unique USCC, unique
certificate number per issuer, an employment ending no earlier than it starts, and at most one
current main employer per worker unless the other job is marked as a second job."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongjiang.core import crypto
from gongjiang.core.masking import mask_id_number, mask_phone
from gongjiang.reference.grades import Grade
from gongjiang.reference.schools import SchoolKind


class EnterpriseSize(models.TextChoices):
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class Ownership(models.TextChoices):
    CENTRAL_SOE = "central_soe", _("中央国有")
    MUNICIPAL_SOE = "municipal_soe", _("市属国有")
    DISTRICT_SOE = "district_soe", _("区属国有")
    COLLECTIVE = "collective", _("集体")
    PRIVATE = "private", _("私营")
    FOREIGN = "foreign", _("外商投资")
    HK_MACAO_TAIWAN = "hmt", _("港澳台投资")
    OTHER = "other", _("其他")


STATE_OWNED = {Ownership.CENTRAL_SOE, Ownership.MUNICIPAL_SOE, Ownership.DISTRICT_SOE}


def township_problem(district_code: str, township_code: str, township_name: str) -> tuple[str, str] | None:
    """(field, Chinese message) when an enterprise's 乡镇/街道 does not fit its district: the code is
    the 9-digit township code (统计用区划代码 first 9 digits) that begins with the district's code,
    and code and name are given together. None when it fits (or neither is given)."""
    code, name = (township_code or "").strip(), (township_name or "").strip()
    if not code and not name:
        return None
    if not code:
        return "township_code", str(_("请填写乡镇（街道）代码：9 位数字，前 6 位为所在区县代码，例如 330902001"))
    if not (len(code) == 9 and code.isascii() and code.isdigit()):
        return "township_code", str(_("乡镇（街道）代码“%(c)s”应为 9 位数字，例如 330902001") % {"c": code})
    if district_code and not code.startswith(str(district_code)):
        return "township_code", str(_("乡镇（街道）代码“%(c)s”不属于所在区县（%(d)s），前 6 位应为 %(d)s")
                                    % {"c": code, "d": district_code})
    if not name:
        return "township_name", str(_("请填写乡镇（街道）名称，例如 解放街道"))
    return None


class Enterprise(models.Model):
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("单位名称"), max_length=200, db_index=True)
    district = models.ForeignKey("reference.Division", verbose_name=_("所在区县"), on_delete=models.PROTECT,
                                 related_name="enterprises")
    industry = models.ForeignKey("reference.Industry", verbose_name=_("行业"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="enterprises")
    size = models.CharField(_("规模"), max_length=16, choices=EnterpriseSize.choices, blank=True)
    ownership = models.CharField(_("经济类型"), max_length=16, choices=Ownership.choices, default=Ownership.PRIVATE)
    # The 乡镇/街道 of the enterprise (issue 16: units ranked below the county; ADR 0025).
    township_code = models.CharField(_("乡镇（街道）代码"), max_length=9, blank=True,
                                     help_text=_("9 位数字，前 6 位为所在区县代码，例如 330902001"))
    township_name = models.CharField(_("乡镇（街道）"), max_length=64, blank=True, help_text=_("例如 解放街道"))
    address = models.CharField(_("地址"), max_length=255, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.township_code, self.township_name = (self.township_code or "").strip(), (self.township_name or "").strip()
        district_code = self.district.code if self.district_id else ""
        problem = township_problem(district_code, self.township_code, self.township_name)
        if problem is not None:
            raise ValidationError({problem[0]: problem[1]})

    @property
    def is_state_owned(self) -> bool:
        return self.ownership in STATE_OWNED


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Worker(models.Model):
    """A person in the registry. The resident ID, social security card number and phone are sealed
    (AES-GCM); `id_number_hash` is the keyed look-up hash; `*_masked` is what others see."""

    id_number_sealed = models.BinaryField(_("身份证号（密文）"), editable=False)
    id_number_hash = models.CharField(_("身份证号（检索散列）"), max_length=64, editable=False)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, editable=False)
    name = models.CharField(_("姓名"), max_length=64)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    native_region_code = models.CharField(_("户籍地代码"), max_length=6, blank=True)
    ss_card_sealed = models.BinaryField(_("社保卡号（密文）"), blank=True, default=b"", editable=False)
    ss_card_masked = models.CharField(_("社保卡号"), max_length=32, blank=True, editable=False)
    phone_sealed = models.BinaryField(_("联系电话（密文）"), blank=True, default=b"", editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=32, blank=True, editable=False)
    residence_district = models.ForeignKey("reference.Division", verbose_name=_("常住区县"), null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    discoverable = models.BooleanField(_("允许其他单位检索"), default=False,
                                       help_text=_("本人同意后，本单位以外的用人单位才能在人才库中找到本人（个人信息保护法）"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"worker_id_number_hash_unique": "id_number"}

    class Meta:
        ordering = ["id"]
        verbose_name = _("技能人才")
        verbose_name_plural = _("技能人才")
        # Declared as a constraint and a plain index rather than `unique=True`/`db_index=True`, which
        # on PostgreSQL add a second `varchar_pattern_ops` index per column that only LIKE uses:
        # each index costs every bulk import (ADR 0007).
        constraints = [models.UniqueConstraint(fields=["id_number_hash"], name="worker_id_number_hash_unique",
                                               violation_error_code="worker_id_number_hash_unique", violation_error_message=_("该身份证号已在人才库中登记，请检索该人员后修改其档案"))]
        indexes = [models.Index(fields=["name"], name="worker_name_idx")]

    def __str__(self) -> str:
        return f"{self.name}（{self.id_number_masked}）"

    # Sealed fields: read only through these, and only after the caller has checked entitlement
    # and recorded the read (registry.services.worker_personal_data_read).
    def id_number_plain(self) -> str:
        return crypto.unseal(self.id_number_sealed)

    def ss_card_plain(self) -> str:
        return crypto.unseal(self.ss_card_sealed)

    def phone_plain(self) -> str:
        return crypto.unseal(self.phone_sealed)

    def set_id_number(self, number: str) -> None:
        self.id_number_sealed = crypto.seal(number)
        self.id_number_hash = crypto.lookup_hash(number)
        self.id_number_masked = mask_id_number(number)

    def set_ss_card(self, number: str) -> None:
        self.ss_card_sealed = crypto.seal(number)
        self.ss_card_masked = mask_id_number(number) if number else ""

    def set_phone(self, phone: str) -> None:
        self.phone_sealed = crypto.seal(phone)
        self.phone_masked = mask_phone(phone) if phone else ""


class Employment(models.Model):
    worker = models.ForeignKey(Worker, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="employments")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("单位"), on_delete=models.PROTECT,
                                   related_name="employments")
    post = models.CharField(_("岗位"), max_length=128, blank=True)
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    is_front_line = models.BooleanField(_("一线岗位"), default=False)
    is_second_job = models.BooleanField(_("兼职（第二职业）"), default=False)
    start_date = models.DateField(_("入职日期"))
    end_date = models.DateField(_("离职日期"), null=True, blank=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"employment_end_not_before_start": "end_date", "employment_one_current_main_employer": "is_second_job"}

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("就业经历")
        verbose_name_plural = _("就业经历")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="employment_end_not_before_start",
                                   violation_error_code="employment_end_not_before_start", violation_error_message=_("离职日期不能早于入职日期")),
            models.UniqueConstraint(fields=["worker"], condition=Q(end_date__isnull=True, is_second_job=False),
                                    name="employment_one_current_main_employer",
                                    violation_error_code="employment_one_current_main_employer", violation_error_message=_("该人员已有在职的主要就业记录。请先填写那条记录的离职日期，或把本条勾选为兼职（第二职业）")),
        ]
        indexes = [models.Index(fields=["enterprise", "end_date"], name="employment_enterprise_current")]

    def __str__(self) -> str:
        return f"{self.worker.name} @ {self.enterprise.name}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class CertificateKind(models.TextChoices):
    QUALIFICATION = "qualification", _("职业资格证书")
    SKILL_GRADE = "skill_grade", _("职业技能等级证书")
    SPECIAL_ABILITY = "special_ability", _("专项职业能力证书")
    # Issue 14 (ADR 0024): a grade granted by a competition result (以赛代评), recorded by the competitions app.
    COMPETITION = "competition", _("以赛代评晋级")


class Certificate(models.Model):
    worker = models.ForeignKey(Worker, verbose_name=_("持证人"), on_delete=models.CASCADE,
                               related_name="certificates")
    number = models.CharField(_("证书编号"), max_length=64)
    kind = models.CharField(_("证书类别"), max_length=16, choices=CertificateKind.choices)
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    ability_name = models.CharField(_("专项能力名称"), max_length=128, blank=True)
    grade = models.PositiveSmallIntegerField(_("等级"), choices=Grade.choices, null=True, blank=True)
    issuer = models.CharField(_("发证机构"), max_length=200)
    evaluator_enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("自主评价企业"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="self_evaluated_certificates",
        help_text=_("由用人单位自主评价（自主认定）取得时填写"),
    )
    issued_on = models.DateField(_("发证日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"certificate_number_unique_per_issuer": "number", "certificate_grade_required_unless_special_ability": "grade"}

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="certificate_number_unique_per_issuer",
                                    violation_error_code="certificate_number_unique_per_issuer", violation_error_message=_("该发证机构已登记过相同编号的证书，请核对证书编号")),
            models.CheckConstraint(condition=Q(kind="special_ability") | Q(grade__isnull=False),
                                   name="certificate_grade_required_unless_special_ability",
                                   violation_error_code="certificate_grade_required_unless_special_ability", violation_error_message=_("请选择证书等级（只有专项职业能力证书可以不填等级）")),
        ]
        indexes = [models.Index(fields=["number"], name="certificate_number_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class TrainingRecord(models.Model):
    worker = models.ForeignKey(Worker, verbose_name=_("学员"), on_delete=models.CASCADE, related_name="trainings")
    institution_name = models.CharField(_("培训机构"), max_length=200)
    programme = models.CharField(_("培训项目"), max_length=200)
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    grade = models.PositiveSmallIntegerField(_("培训等级"), choices=Grade.choices, null=True, blank=True)
    start_date = models.DateField(_("开班日期"))
    end_date = models.DateField(_("结业日期"), null=True, blank=True)
    hours = models.PositiveIntegerField(_("学时"), null=True, blank=True)
    completed = models.BooleanField(_("已结业"), default=False)
    subsidised = models.BooleanField(_("补贴性培训"), default=False)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"training_end_not_before_start": "end_date"}

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="training_end_not_before_start",
                                   violation_error_code="training_end_not_before_start", violation_error_message=_("结业日期不能早于开班日期")),
        ]

    def __str__(self) -> str:
        return f"{self.programme}（{self.institution_name}）"


class Education(models.Model):
    """A school the worker graduated from (学历), for the 申报条件's schooling routes (issue 13,
    R4.2): the kind from the standards' fixed list (reference/schools.py), the school, the major
    as an occupation when it matches one (本专业), and the graduation date (a future date: an
    应届毕业生 still at school)."""

    worker = models.ForeignKey(Worker, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="educations")
    school_kind = models.CharField(_("学校类别"), max_length=32, choices=SchoolKind.choices)
    school_name = models.CharField(_("学校名称"), max_length=200)
    major_occupation = models.ForeignKey("reference.Occupation", verbose_name=_("所学专业对应职业（工种）"),
                                         null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                         help_text=_("专业与某一职业（工种）对应时填写；申报条件要求本专业或相关专业"))
    graduated_on = models.DateField(_("毕业日期"), help_text=_("在校应届毕业生填预计毕业日期"))

    class Meta:
        ordering = ["-graduated_on", "-id"]
        verbose_name = _("学历")
        verbose_name_plural = _("学历")

    def __str__(self) -> str:
        return f"{self.school_name}（{self.get_school_kind_display()}）"


class Level(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省（市）级")
    MUNICIPAL = "municipal", _("市级")
    DISTRICT = "district", _("区（县）级")
    ENTERPRISE = "enterprise", _("企业级")


class CompetitionResult(models.Model):
    worker = models.ForeignKey(Worker, verbose_name=_("选手"), on_delete=models.CASCADE,
                               related_name="competition_results")
    competition_name = models.CharField(_("竞赛名称"), max_length=200)
    level = models.CharField(_("竞赛级别"), max_length=16, choices=Level.choices)
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("竞赛工种"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("比赛日期"))
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    award = models.CharField(_("奖项"), max_length=64, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("竞赛成绩")
        verbose_name_plural = _("竞赛成绩")

    def __str__(self) -> str:
        return f"{self.competition_name} {self.award}"


class Honour(models.Model):
    """Honours and titles: 技术能手, 技能大师, 岗位技能带头人, 首席技师, 定海名匠, 劳动模范 …"""

    worker = models.ForeignKey(Worker, verbose_name=_("获得者"), on_delete=models.CASCADE, related_name="honours")
    title = models.CharField(_("荣誉称号"), max_length=128)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    awarded_by = models.CharField(_("授予单位"), max_length=200, blank=True)
    awarded_on = models.DateField(_("授予日期"))

    class Meta:
        ordering = ["-awarded_on", "-id"]
        verbose_name = _("荣誉称号")
        verbose_name_plural = _("荣誉称号")

    def __str__(self) -> str:
        return self.title


class Achievement(models.Model):
    """工作业绩: patents, innovations, techniques named after the worker, solved problems (R1.1)."""

    class Kind(models.TextChoices):
        PATENT = "patent", _("专利")
        INNOVATION = "innovation", _("技术革新")
        METHOD = "method", _("操作法")
        PROJECT = "project", _("重大项目")
        OTHER = "other", _("其他")

    worker = models.ForeignKey(Worker, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="achievements")
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("业绩名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    achieved_on = models.DateField(_("取得日期"))

    class Meta:
        ordering = ["-achieved_on", "-id"]
        verbose_name = _("工作业绩")
        verbose_name_plural = _("工作业绩")

    def __str__(self) -> str:
        return self.title
