"""A declaration (申报): one person's application for one title in one year's plan."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel
from zhicheng.core.fields import ClockDateTimeField
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


# State groupings, declared once here and used everywhere (pretalx's SubmissionStates pattern).
# Set after the class: inside an Enum body a frozenset would become a member.
S = State
# The applicant may change facts and materials (a draft, or returned for changes §4.1.2).
State.EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# The unit side works on it (§4.1).
State.UNIT_STAGE = frozenset({S.SUBMITTED, S.UNIT_REVIEW, S.UNIT_NOTICE})
# In an office's review queue (§4.2).
State.OFFICE_QUEUE = frozenset({S.RECOMMENDED, S.OFFICE_REVIEW})
# Before the hand-over to the committee: approvals and verifications may still be recorded.
State.BEFORE_HANDOVER = frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, *State.UNIT_STAGE,
                                   *State.OFFICE_QUEUE})
# Held by the committee: from hand-over on (§3.2.1, §5.3).
State.WITH_COMMITTEE = frozenset({S.ACCEPTED_BY_COMMITTEE, S.UNDER_EVALUATION, S.PASSED,
                                  S.FAILED, S.RESULT_NOTICE, S.REPORTED, S.APPROVED,
                                  S.CERTIFIED})
# A passed result, which §3.1.6 voids and §4.2.2 revokes.
State.RESULT = frozenset({S.PASSED, S.RESULT_NOTICE, S.REPORTED, S.APPROVED, S.CERTIFIED})
# Nothing follows.
State.TERMINAL = frozenset({S.REJECTED, S.WITHDRAWN, S.REVOKED, S.VOIDED})
# Materials locked (§3.2.1: no supplementing after hand-over), also in what follows it.
State.MATERIALS_LOCKED = State.WITH_COMMITTEE | {S.REVOKED, S.VOIDED}
# Not (or no longer) a declaration for §3.1.6: a draft is not yet declared.
State.NOT_DECLARED = frozenset({S.DRAFT, S.WITHDRAWN, S.REJECTED, S.VOIDED})
# Never submitted: the applicant's own (a returned one has been submitted before).
State.NEVER_SUBMITTED = frozenset({S.DRAFT})
del S


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


class RetirementCategory(models.TextChoices):
    MALE_60 = "male_60", "男职工（60周岁）"
    FEMALE_55 = "female_55", "女干部／管理技术岗位（55周岁）"
    FEMALE_50 = "female_50", "女工人（50周岁）"


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
    # The applicant's ID number, normalised to 18 digits, so that §3.1.6 finds the same
    # person across committees and accounts under either ID form.
    id_number = models.CharField("身份证号码", max_length=18, db_index=True)

    # --- facts the eligibility engine needs (../shared/spec/eligibility-case.md) ---------
    current_level = models.CharField("现有职称级别", max_length=16, choices=Level.choices,
                                     blank=True, help_text="无职称请留空")
    current_title_name = models.CharField("现有职称名称", max_length=60, blank=True)
    current_title_certificate_no = models.CharField("现有职称证书编号", max_length=60,
                                                    blank=True)
    current_title_obtained_on = models.DateField("现有职称取得时间", null=True, blank=True)
    relation_since = models.DateField("与现单位建立人事（劳动）关系时间", null=True, blank=True)
    hukou_in_guangxi = models.BooleanField("户口在广西", default=True)
    archive_hosted_since = models.DateField("人事档案托管在广西人才交流服务中心的起始时间",
                                            null=True, blank=True)
    retirement_category = models.CharField("退休年龄类别", max_length=12, blank=True,
                                           choices=RetirementCategory.choices)
    civil_servant = models.BooleanField("具有公务员身份", default=False)
    from_state_organ = models.BooleanField("由国家机关分流或交流到企事业单位", default=False)
    retired_on = models.DateField("退休时间", null=True, blank=True)
    retirement_extension_approved = models.BooleanField("已按程序办理延长退休年龄手续",
                                                        default=False)
    previous_id_numbers = models.JSONField("曾用身份证号码", default=list, blank=True)
    continuing_education_completed = models.BooleanField("已完成本年度继续教育任务",
                                                         default=False)
    continuing_education_hours = models.PositiveSmallIntegerField("继续教育学时", null=True,
                                                                  blank=True)
    social_insurance_months = models.JSONField("社保缴费月份", default=list, blank=True,
                                               help_text="YYYY-MM")
    # What the applicant last typed, valid or not: nothing typed is lost (issue 4 §2).
    draft_data = models.JSONField("草稿原始内容", default=dict, blank=True)
    # The frozen eligibility decision at submission (policy set, input, output).
    decision = models.JSONField("提交时资格审查记录", null=True, blank=True)
    updated_at = ClockDateTimeField("最后修改", auto_now=True)

    state = models.CharField("状态", max_length=24, choices=State.choices, default=State.DRAFT,
                             db_index=True)
    state_changed_at = ClockDateTimeField("状态变更时间", auto_now_add=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    created_at = ClockDateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "申报"
        indexes = [
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["committee", "state"]),
            models.Index(fields=["series", "state"]),
            models.Index(fields=["applicant", "plan"]),
            models.Index(fields=["id_number", "plan"]),
            # The office queues and their unit filter select by state, then keep the rows of
            # the office's units, committees or series: with these columns in the index that
            # is an index-only scan instead of a visit to every queued row's heap page
            # (bench/README.md, http-bench).
            models.Index(fields=["state", "unit", "committee", "series"],
                         name="decl_state_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant}·{self.series}·{self.get_level_display()}"
