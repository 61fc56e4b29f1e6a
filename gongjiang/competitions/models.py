"""Skills competitions (R5.1), the rules that turn results into titles and grades (以赛代评), and
honours, studios and enterprise designations with quotas (R6.3, R6.4). ADR 0024.

A competition's winners are written into the lifelong archive through registry services (a
competition result, an honour for a title, a certificate-equivalent record for a grade); this app
keeps the event, its entries, results, the rule applied and the promotion that came of it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongjiang.reference.grades import Grade


class CompetitionLevel(models.TextChoices):
    DISTRICT = "district", _("区级")
    MUNICIPAL = "municipal", _("市级")
    PROVINCIAL = "provincial", _("省级")
    NATIONAL = "national", _("国家级")
    WORLD_SELECTION = "world_selection", _("世赛选拔")


class CompetitionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布（接受报名）")
    RESULTS_IN_NOTICE = "in_notice", _("成绩公示中")
    FINAL = "final", _("成绩已确认")


class Competition(models.Model):
    """One event of the competition plan (月月赛, `001` (十一))."""

    CONSTRAINT_FIELDS = {"competition_ends_after_start": "ends_on", "competition_entries_close_before_start": "entry_deadline", "competition_team_size_positive": "team_size"}

    name = models.CharField(_("竞赛名称"), max_length=200)
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("竞赛工种"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("竞赛级别"), max_length=16, choices=CompetitionLevel.choices)
    district = models.ForeignKey("reference.Division", verbose_name=_("主办地区"), on_delete=models.PROTECT,
                                 related_name="+")
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("组织单位账号"), on_delete=models.PROTECT,
                                  related_name="competitions_organised")
    organiser_name = models.CharField(_("组织单位"), max_length=200)
    starts_on = models.DateField(_("比赛开始日期"))
    ends_on = models.DateField(_("比赛结束日期"))
    entry_deadline = models.DateField(_("报名截止日期"))
    venue = models.CharField(_("比赛地点"), max_length=200, blank=True)
    places = models.PositiveIntegerField(_("报名名额"))
    team_size = models.PositiveSmallIntegerField(_("每队人数"), default=1, help_text=_("1 为个人赛"))
    min_age = models.PositiveSmallIntegerField(_("最低年龄"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("最高年龄"), null=True, blank=True)
    min_grade = models.PositiveSmallIntegerField(_("最低等级要求"), choices=Grade.choices, null=True, blank=True)
    rules = models.TextField(_("竞赛规则"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=CompetitionStatus.choices,
                              default=CompetitionStatus.DRAFT)
    notice_from = models.DateField(_("公示开始"), null=True, blank=True)
    notice_until = models.DateField(_("公示截止"), null=True, blank=True)
    notice_calendar_note = models.CharField(_("公示日期说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("竞赛")
        verbose_name_plural = _("竞赛")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="competition_ends_after_start",
                violation_error_code="competition_ends_after_start", violation_error_message=_("结束日期不能早于开始日期")),
            models.CheckConstraint(condition=Q(entry_deadline__lte=F("starts_on")),
                                   name="competition_entries_close_before_start",
                violation_error_code="competition_entries_close_before_start", violation_error_message=_("报名截止日期不能晚于竞赛开始日期")),
            models.CheckConstraint(condition=Q(team_size__gte=1), name="competition_team_size_positive",
                violation_error_code="competition_team_size_positive", violation_error_message=_("每队人数至少为 1")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_team(self) -> bool:
        return self.team_size > 1


class Entry(models.Model):
    """An entrant (选手), individually or in a team, from the talent registry."""

    CONSTRAINT_FIELDS = {"entry_once_per_competition": "worker"}

    competition = models.ForeignKey(Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE,
                                    related_name="entries")
    worker = models.ForeignKey("registry.Worker", verbose_name=_("选手"), on_delete=models.PROTECT, related_name="+")
    team_name = models.CharField(_("队名"), max_length=100, blank=True)
    unit_name = models.CharField(_("选送单位"), max_length=200, blank=True)
    grade_at_entry = models.PositiveSmallIntegerField(_("报名时等级"), choices=Grade.choices, null=True, blank=True)
    entered_at = models.DateTimeField(_("报名时间"), auto_now_add=True)

    class Meta:
        ordering = ["team_name", "id"]
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        constraints = [models.UniqueConstraint(fields=["competition", "worker"], name="entry_once_per_competition",
                violation_error_code="entry_once_per_competition", violation_error_message=_("此人已报名本场竞赛，不能重复报名"))]

    def __str__(self) -> str:
        return f"{self.competition} · {self.worker.name}"


class Award(models.TextChoices):
    GOLD = "gold", _("金牌")
    SILVER = "silver", _("银牌")
    BRONZE = "bronze", _("铜牌")
    FIRST = "first", _("一等奖")
    SECOND = "second", _("二等奖")
    THIRD = "third", _("三等奖")
    EXCELLENCE = "excellence", _("优胜奖")
    NONE = "none", _("未获奖")


class Result(models.Model):
    """An entrant's result; `team_key` is the team's name in a team event, empty otherwise."""

    CONSTRAINT_FIELDS = {"result_rank_once_per_competition": "rank"}

    entry = models.OneToOneField(Entry, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="result")
    competition = models.ForeignKey(Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE,
                                    related_name="results")
    rank = models.PositiveIntegerField(_("名次"))
    score = models.DecimalField(_("成绩"), max_digits=7, decimal_places=2, null=True, blank=True)
    award = models.CharField(_("奖项"), max_length=16, choices=Award.choices)
    team_key = models.CharField(_("队名"), max_length=100, blank=True)

    class Meta:
        ordering = ["rank", "id"]
        verbose_name = _("成绩")
        verbose_name_plural = _("成绩")
        # Individual results: one entrant per rank, in the database; team members share their
        # team's rank (the service refuses a rank held by another team).
        constraints = [models.UniqueConstraint(fields=["competition", "rank"], condition=Q(team_key=""),
                                               name="result_rank_once_per_competition",
                violation_error_code="result_rank_once_per_competition", violation_error_message=_("该名次已登记给其他选手，请核对名次"))]

    def __str__(self) -> str:
        return f"{self.entry.worker.name} 第{self.rank}名"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("异议成立，成绩已更正")
    DISMISSED = "dismissed", _("异议不成立")


class Objection(models.Model):
    """An objection (异议) to the results lodged during their public notice, by an entrant named in
    them or by anyone; the organiser upholds it (correcting the result, the notice starting again)
    or dismisses it with a reason. Results are confirmed only when none is open (ADR 0024)."""

    CONSTRAINT_FIELDS = {"objection_handled_with_reason": "handling_note"}

    competition = models.ForeignKey(Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE,
                                    related_name="objections")
    result = models.ForeignKey(Result, verbose_name=_("所涉成绩"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="objections")
    lodger_name = models.CharField(_("提出人"), max_length=64)
    lodger_phone_sealed = models.BinaryField(_("联系电话（密文）"), blank=True, default=b"", editable=False)
    by_entrant = models.BooleanField(_("选手本人提出"), default=False)
    lodged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人账号"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("异议内容"))
    lodged_on = models.DateField(_("提出日期"))
    status = models.CharField(_("处理状态"), max_length=16, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.OPEN)
    handling_note = models.TextField(_("处理意见"), blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    handled_on = models.DateField(_("处理日期"), null=True, blank=True)
    correction = models.CharField(_("更正内容"), max_length=255, blank=True)

    class Meta:
        ordering = ["-lodged_on", "-id"]
        verbose_name = _("成绩异议")
        verbose_name_plural = _("成绩异议")
        constraints = [
            models.CheckConstraint(condition=Q(status="open") | ~Q(handling_note=""),
                                   name="objection_handled_with_reason",
                violation_error_code="objection_handled_with_reason", violation_error_message=_("处理异议须写明处理意见或不予采纳的理由")),
        ]

    def __str__(self) -> str:
        return f"{self.competition} 异议 {self.pk}"


class PromotionRule(models.Model):
    """以赛代评 as data (`000` 三(五)2, `004` 十六): the title and grade a result at a level earns.

    `grade_steps` raises the entrant's grade by that many steps, up to `grade_cap`; `grade_direct`
    grants a grade outright (a national medal → 技师). Editable by the bureau in the back office."""

    CONSTRAINT_FIELDS = {"promotion_rule_unique": "effective_from", "promotion_rule_steps_or_direct": "grade_direct"}

    level = models.CharField(_("竞赛级别"), max_length=16, choices=CompetitionLevel.choices)
    award = models.CharField(_("奖项"), max_length=16, choices=Award.choices)
    max_rank = models.PositiveIntegerField(_("名次不低于"), null=True, blank=True,
                                           help_text=_("留空表示不限名次，只看奖项"))
    title = models.CharField(_("授予称号"), max_length=64, blank=True)
    grade_steps = models.PositiveSmallIntegerField(_("晋升等级数"), default=0)
    grade_direct = models.PositiveSmallIntegerField(_("直接晋升至"), choices=Grade.choices, null=True, blank=True)
    grade_cap = models.PositiveSmallIntegerField(_("最高晋升至"), choices=Grade.choices, null=True, blank=True)
    citation = models.CharField(_("依据"), max_length=255)
    effective_from = models.DateField(_("起始日期"))
    effective_to = models.DateField(_("截止日期"), null=True, blank=True)

    class Meta:
        ordering = ["level", "award", "-effective_from"]
        verbose_name = _("以赛代评规则")
        verbose_name_plural = _("以赛代评规则")
        constraints = [
            models.UniqueConstraint(fields=["level", "award", "effective_from"], name="promotion_rule_unique",
                violation_error_code="promotion_rule_unique", violation_error_message=_("同一竞赛级别和奖项在该日期已有规则，请修改原规则或换一个施行日期")),
            models.CheckConstraint(condition=Q(grade_steps=0) | Q(grade_direct__isnull=True),
                                   name="promotion_rule_steps_or_direct",
                violation_error_code="promotion_rule_steps_or_direct", violation_error_message=_("“晋升等级数”和“直接认定等级”只能填一项")),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.get_award_display()}"


class Promotion(models.Model):
    """What a rule gave one result: the title and grade written into the archive."""

    result = models.OneToOneField(Result, verbose_name=_("成绩"), on_delete=models.PROTECT, related_name="promotion")
    rule = models.ForeignKey(PromotionRule, verbose_name=_("适用规则"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("授予称号"), max_length=64, blank=True)
    grade_from = models.PositiveSmallIntegerField(_("原等级"), choices=Grade.choices, null=True, blank=True)
    grade_to = models.PositiveSmallIntegerField(_("晋升至"), choices=Grade.choices, null=True, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    applied_at = models.DateTimeField(_("确认时间"), auto_now_add=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("以赛代评结果")
        verbose_name_plural = _("以赛代评结果")

    def __str__(self) -> str:
        return f"{self.title} {self.note}".strip()


# --- Honours, studios and enterprise designations (R6.3, R6.4) ------------------------------


class ProgrammeKind(models.TextChoices):
    HONOUR = "honour", _("个人荣誉")
    STUDIO = "studio", _("工作室")
    DESIGNATION = "designation", _("企业认定")
    COMMUNITY = "community", _("乡村（社区）认定")


class HonourProgramme(models.Model):
    """A title awarded against a quota for a period: 首席技师, 定海名匠, 名匠工作室, 技能大师工作室,
    技能创富型企业, 以技提薪示范企业 … The quota is enforced when nominees enter the notice and
    when they are awarded (not only when rewards are decided)."""

    CONSTRAINT_FIELDS = {"honour_programme_unique": "title", "honour_programme_period_valid": "ends_on"}

    title = models.CharField(_("称号"), max_length=128)
    kind = models.CharField(_("类别"), max_length=16, choices=ProgrammeKind.choices)
    level = models.CharField(_("级别"), max_length=16, choices=CompetitionLevel.choices)
    area = models.ForeignKey("reference.Division", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"))
    quota = models.PositiveIntegerField(_("名额"))
    citation = models.CharField(_("依据"), max_length=255)
    evidence_required = models.CharField(_("须提交的材料"), max_length=255, blank=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("荣誉与认定项目")
        verbose_name_plural = _("荣誉与认定项目")
        constraints = [
            models.UniqueConstraint(fields=["title", "area", "starts_on"], name="honour_programme_unique",
                violation_error_code="honour_programme_unique", violation_error_message=_("该荣誉项目在本地区同一起始日期已存在")),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="honour_programme_period_valid",
                violation_error_code="honour_programme_period_valid", violation_error_message=_("截止日期不能早于起始日期")),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.starts_on:%Y}—{self.ends_on:%Y}）"


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("已推荐，待审核")
    IN_NOTICE = "in_notice", _("审核通过，公示中")
    AWARDED = "awarded", _("已授予")
    REJECTED = "rejected", _("未通过")


COUNTED = [NominationStatus.IN_NOTICE, NominationStatus.AWARDED]  # statuses that take up a place of the quota


class Nomination(models.Model):
    """A nominee (a worker, a studio led by a worker, or an enterprise) put forward by an
    enterprise or a department, reviewed, published in a notice and awarded."""

    CONSTRAINT_FIELDS = {"nomination_has_subject": "worker"}

    programme = models.ForeignKey(HonourProgramme, verbose_name=_("项目"), on_delete=models.PROTECT,
                                  related_name="nominations")
    worker = models.ForeignKey("registry.Worker", verbose_name=_("推荐对象（个人或工作室领办人）"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("所在（申报）单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("reference.Division", verbose_name=_("所在区县"), on_delete=models.PROTECT,
                                 related_name="+")
    studio_name = models.CharField(_("工作室名称"), max_length=200, blank=True)
    community_name = models.CharField(_("乡村（社区）名称"), max_length=200, blank=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("推荐人"), on_delete=models.PROTECT,
                                     related_name="+")
    nominating_unit = models.CharField(_("推荐单位"), max_length=200)
    reason = models.TextField(_("推荐理由"))
    evidence = models.TextField(_("证明材料"), blank=True)
    indicators = models.JSONField(_("指标"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=NominationStatus.choices,
                              default=NominationStatus.NOMINATED)
    review_note = models.CharField(_("审核意见"), max_length=255, blank=True)
    notice_until = models.DateField(_("公示截止"), null=True, blank=True)
    notice_calendar_note = models.CharField(_("公示日期说明"), max_length=200, blank=True)
    awarded_on = models.DateField(_("授予日期"), null=True, blank=True)
    # The archive honour the award wrote (so the quota counts it once, not again as an archive record).
    honour = models.OneToOneField("registry.Honour", verbose_name=_("档案荣誉记录"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("推荐与授予")
        verbose_name_plural = _("推荐与授予")
        constraints = [
            models.CheckConstraint(condition=Q(worker__isnull=False) | Q(enterprise__isnull=False)
                                   | ~Q(community_name=""), name="nomination_has_subject",
                violation_error_code="nomination_has_subject", violation_error_message=_("请选择被推荐的人员、企业或乡村（社区）")),
        ]

    def __str__(self) -> str:
        return f"{self.programme.title} · {self.subject_name}"

    @property
    def subject_name(self) -> str:
        if self.studio_name:
            return self.studio_name
        if self.community_name:
            return self.community_name
        if self.worker_id:
            return self.worker.name
        return self.enterprise.name if self.enterprise_id else ""


class StudioMember(models.Model):
    """Members and apprentices (带徒) of an awarded studio."""

    CONSTRAINT_FIELDS = {"studio_member_once": "worker"}

    class Role(models.TextChoices):
        MEMBER = "member", _("成员")
        APPRENTICE = "apprentice", _("徒弟")

    nomination = models.ForeignKey(Nomination, verbose_name=_("工作室"), on_delete=models.CASCADE,
                                   related_name="members")
    worker = models.ForeignKey("registry.Worker", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("身份"), max_length=16, choices=Role.choices)
    joined_on = models.DateField(_("加入日期"))

    class Meta:
        verbose_name = _("工作室成员")
        verbose_name_plural = _("工作室成员")
        constraints = [models.UniqueConstraint(fields=["nomination", "worker"], name="studio_member_once",
                violation_error_code="studio_member_once", violation_error_message=_("此人已是该工作室成员"))]

    def __str__(self) -> str:
        return f"{self.worker.name}（{self.get_role_display()}）"


class ReviewOutcome(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    PASS = "pass", _("合格")
    IMPROVE = "improve", _("基本合格，限期整改")
    FAIL = "fail", _("不合格")


class StudioReview(models.Model):
    """A studio's yearly review (年度考核): what the lead, members and apprentices (带徒) did in the
    year — counted from our records when the review is recorded — and the bureau's outcome."""

    CONSTRAINT_FIELDS = {"studio_review_once_a_year": "year"}

    nomination = models.ForeignKey(Nomination, verbose_name=_("工作室"), on_delete=models.CASCADE,
                                   related_name="reviews")
    year = models.PositiveSmallIntegerField(_("考核年度"))
    members = models.PositiveIntegerField(_("成员人数"))
    apprentices = models.PositiveIntegerField(_("带徒人数"))
    apprentices_certified = models.PositiveIntegerField(_("徒弟当年取得证书人数"))
    activities = models.TextField(_("年度工作情况（技术攻关、培训、带徒传艺）"))
    outcome = models.CharField(_("考核结果"), max_length=16, choices=ReviewOutcome.choices)
    note = models.CharField(_("考核意见"), max_length=255, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("考核人"), on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_on = models.DateField(_("考核日期"))

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("工作室年度考核")
        verbose_name_plural = _("工作室年度考核")
        constraints = [models.UniqueConstraint(fields=["nomination", "year"], name="studio_review_once_a_year",
                violation_error_code="studio_review_once_a_year", violation_error_message=_("该工作室本年度已考核"))]

    def __str__(self) -> str:
        return f"{self.nomination.studio_name} {self.year} {self.get_outcome_display()}"


class DocumentKind(models.TextChoices):
    RESULT = "result", _("竞赛获奖证书")
    HONOUR = "honour", _("荣誉证书")
    WORKER_STATEMENT = "worker_statement", _("技能人才等级与称号证明")
    ENTERPRISE_STATEMENT = "enterprise_statement", _("企业技能人才占比认定证明")


class SignedDocument(models.Model):
    """A certificate of award (a competition result, an honour) or a statement for banks and
    insurers (技能共富贷/技能共富保, `003` 二(二)5), signed with the platform's certificate key by the
    evaluation app's signer (ADR 0021) so that anyone can check it offline (ADR 0024)."""

    CONSTRAINT_FIELDS = {"signed_document_number_unique": "number"}

    number = models.CharField(_("编号"), max_length=32)
    kind = models.CharField(_("类别"), max_length=24, choices=DocumentKind.choices)
    result = models.OneToOneField(Result, verbose_name=_("竞赛成绩"), null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="certificate")
    nomination = models.OneToOneField(Nomination, verbose_name=_("荣誉"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="certificate")
    worker = models.ForeignKey("registry.Worker", verbose_name=_("人员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    holder = models.CharField(_("持有人"), max_length=200)
    claims = models.JSONField(_("签名内容"))
    credential = models.TextField(_("签名凭证"))
    key_id = models.CharField(_("签名密钥"), max_length=64)
    issued_on = models.DateField(_("出具日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("出具人"), on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("证书与证明")
        verbose_name_plural = _("证书与证明")
        constraints = [models.UniqueConstraint(fields=["number"], name="signed_document_number_unique",
                violation_error_code="signed_document_number_unique", violation_error_message=_("该编号已被使用"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
