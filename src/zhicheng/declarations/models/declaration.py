"""A declaration (申报): one person's application for one title in one year's plan."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel
from zhicheng.core.models import Level, UnitType


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交，待单位审核"
    UNIT_REVIEW = "unit_review", "单位审核中"
    UNIT_NOTICE = "unit_notice", "单位公示中"
    RECOMMENDED = "recommended", "单位已推荐"
    OFFICE_REVIEW = "office_review", "职改办审核中"
    ACCEPTED_BY_COMMITTEE = "accepted_by_committee", "评委会已受理"
    UNDER_EVALUATION = "under_evaluation", "评审中"
    PASSED = "passed", "评审通过"
    FAILED = "failed", "评审未通过"
    RESULT_NOTICE = "result_notice", "评审结果公示中"
    REPORTED = "reported", "已报批"
    APPROVED = "approved", "已批准"
    CERTIFIED = "certified", "已发证"
    RETURNED = "returned", "已退回修改"
    REJECTED = "rejected", "审核不通过"
    WITHDRAWN = "withdrawn", "已撤回"
    REVOKED = "revoked", "已撤销（材料造假）"
    VOIDED = "voided", "已作废（同年多头申报）"


class DeclarationKind(models.TextChoices):
    REGULAR = "regular", "正常申报"
    NO_TITLE = "no_title", "无职称申报"
    EXCEPTIONAL = "exceptional", "破格申报"
    SECOND_TITLE = "second_title", "第二职称"
    PROBATION_CONFIRMATION = "probation_confirmation", "转正定职"


class Channel(models.TextChoices):
    UNIT = "unit", "所在单位申报"
    TALENT_MARKET = "talent_market", "人才市场推荐申报"
    CENTRAL_OR_EXTERNAL_BRANCH = "central_or_external_branch", "中直／外省驻桂单位申报"
    ENTRUSTED = "entrusted", "委托评审"


class Declaration(AuditedModel):
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申报人",
                                  on_delete=models.PROTECT, related_name="declarations")
    plan = models.ForeignKey("core.Plan", verbose_name="年度部署", on_delete=models.PROTECT,
                             related_name="declarations")
    committee = models.ForeignKey("core.Committee", verbose_name="评委会",
                                  on_delete=models.PROTECT, related_name="declarations")
    series = models.ForeignKey("core.Series", verbose_name="系列", on_delete=models.PROTECT,
                               related_name="declarations")
    specialty = models.ForeignKey("core.Specialty", verbose_name="专业", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="declarations")
    level = models.CharField("申报级别", max_length=16, choices=Level.choices)
    kind = models.CharField("申报类型", max_length=24, choices=DeclarationKind.choices,
                            default=DeclarationKind.REGULAR)
    channel = models.CharField("申报途径", max_length=32, choices=Channel.choices,
                               default=Channel.UNIT)
    unit = models.ForeignKey("core.Unit", verbose_name="申报单位", on_delete=models.PROTECT,
                             related_name="declarations")
    host_centre = models.ForeignKey("core.Unit", verbose_name="档案托管机构", null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="hosted_declarations")
    # §3.1.2: the identity category is that of the unit at application time, frozen at submission.
    unit_type_at_submission = models.CharField("申报时单位性质", max_length=24, blank=True,
                                               choices=UnitType.choices)
    state = models.CharField("状态", max_length=24, choices=State.choices, default=State.DRAFT,
                             db_index=True)
    state_changed_at = models.DateTimeField("状态变更时间", auto_now_add=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "申报"
        indexes = [
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["committee", "state"]),
            models.Index(fields=["series", "state"]),
            models.Index(fields=["applicant", "plan"]),
        ]

    def __str__(self) -> str:
        return f"{self.applicant}·{self.series}·{self.get_level_display()}"
