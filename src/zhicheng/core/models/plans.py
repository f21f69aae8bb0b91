"""Annual plans (年度评审部署), their phases (Annex 1, §5.1.3) and deployment filings (§5.1.2)."""

import datetime

from django.db import models

from zhicheng.audit.base import AuditedModel


class Phase(models.TextChoices):
    """The stages of Annex 1 (附件1 评审进度及时间安排表)."""

    DEPLOYMENT = "deployment", "印发年度评审部署文件"
    APPLICATION = "application", "个人材料准备和申报"
    REVIEW = "review", "单位审核推荐及职改部门汇总审核"
    EVALUATION = "evaluation", "评委会评审及二次公示"
    APPROVAL = "approval", "分批审核确认及批复"


class Plan(AuditedModel):
    code = models.SlugField("代码", max_length=40, unique=True)
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("名称", max_length=80)
    policy_code = models.CharField("适用政策", max_length=40,
                                   help_text="政策集代码，如 gx-2017（§7.3）")
    document_number = models.CharField("文号", max_length=40)
    issued_on = models.DateField("印发日期")

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = verbose_name_plural = "年度评审部署"

    def __str__(self) -> str:
        return self.name


class PlanPhase(AuditedModel):
    """A phase with its dates. Without a committee: the plan's senior timetable (§5.1.1).
    With one: that mid/junior committee's own schedule (§5.1.3)."""

    plan = models.ForeignKey(Plan, verbose_name="年度部署", on_delete=models.PROTECT,
                             related_name="phases")
    committee = models.ForeignKey("core.Committee", verbose_name="评委会", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="phases")
    phase = models.CharField("阶段", max_length=16, choices=Phase.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    class Meta:
        ordering = ["plan", "starts_on"]
        verbose_name = verbose_name_plural = "评审阶段"
        constraints = [
            models.CheckConstraint(name="phase_dates_ordered",
                                   condition=models.Q(starts_on__lte=models.F("ends_on"))),
            # Two partial constraints instead of nulls_distinct, which SQLite lacks.
            models.UniqueConstraint(fields=["plan", "phase"], name="one_phase_per_plan",
                                    condition=models.Q(committee__isnull=True)),
            models.UniqueConstraint(fields=["plan", "committee", "phase"],
                                    name="one_phase_per_plan_committee",
                                    condition=models.Q(committee__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()}（{self.starts_on}—{self.ends_on}）"

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class DeploymentFiling(AuditedModel):
    """A series office's filed deployment document for the year (§5.1.2: by end of April)."""

    plan = models.ForeignKey(Plan, verbose_name="年度部署", on_delete=models.PROTECT,
                             related_name="filings")
    series = models.ForeignKey("core.Series", verbose_name="系列", on_delete=models.PROTECT)
    office = models.ForeignKey("core.Office", verbose_name="报送职改办", on_delete=models.PROTECT)
    document_number = models.CharField("文号", max_length=60)
    title = models.CharField("文件标题", max_length=200)
    filed_on = models.DateField("报送备案日期")
    published_url = models.URLField("发布网址", blank=True)

    class Meta:
        ordering = ["plan", "series"]
        verbose_name = verbose_name_plural = "评审部署文件备案"
        constraints = [models.UniqueConstraint(fields=["plan", "series"],
                                               name="one_filing_per_series_year")]

    @property
    def due_on(self) -> datetime.date:
        return datetime.date(self.plan.year, 4, 30)

    @property
    def late(self) -> bool:
        return self.filed_on > self.due_on
