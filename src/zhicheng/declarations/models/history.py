"""Education, work history, achievements and approvals on file: the rows of a declaration."""

from django.db import models

from zhicheng.audit.base import AuditedModel


class Degree(models.TextChoices):
    SECONDARY = "secondary", "中专"
    COLLEGE = "college", "大专"
    BACHELOR = "bachelor", "大学本科"
    MASTER = "master", "硕士研究生"
    DOCTOR = "doctor", "博士研究生"


class Education(AuditedModel):
    declaration = models.ForeignKey("declarations.Declaration", on_delete=models.CASCADE,
                                    related_name="education")
    school = models.CharField("毕业院校", max_length=80)
    major = models.CharField("所学专业", max_length=60)
    degree = models.CharField("学历", max_length=12, choices=Degree.choices)
    graduated_on = models.DateField("毕业时间")
    certificate_no = models.CharField("学历证书编号", max_length=40, blank=True)
    foreign = models.BooleanField("国（境）外学历", default=False,
                                  help_text="§4.3.3 须提供国家教育行政部门出具的学历认证材料")

    class Meta:
        ordering = ["graduated_on", "id"]
        verbose_name = verbose_name_plural = "学历"


class WorkRecord(AuditedModel):
    declaration = models.ForeignKey("declarations.Declaration", on_delete=models.CASCADE,
                                    related_name="work_history")
    starts_on = models.DateField("起始时间")
    ends_on = models.DateField("截止时间", null=True, blank=True, help_text="至今请留空")
    employer = models.CharField("工作单位", max_length=80)
    position = models.CharField("从事专业技术工作及职务", max_length=80)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = verbose_name_plural = "工作经历"


class AchievementKind(models.TextChoices):
    PAPER = "paper", "论文著作"
    PROJECT = "project", "项目课题"
    AWARD = "award", "获奖"
    PATENT = "patent", "专利"


class Achievement(AuditedModel):
    declaration = models.ForeignKey("declarations.Declaration", on_delete=models.CASCADE,
                                    related_name="achievements")
    kind = models.CharField("类别", max_length=12, choices=AchievementKind.choices)
    title = models.CharField("名称", max_length=200)
    achieved_on = models.DateField("时间")
    detail = models.CharField("刊物／级别／本人排名等", max_length=200, blank=True)

    class Meta:
        ordering = ["achieved_on", "id"]
        verbose_name = verbose_name_plural = "业绩成果"


class ApprovalCode(models.TextChoices):
    """Approvals the eligibility engine knows (eligibility-case.md)."""

    SERIES_OFFICE_PRIOR_APPROVAL = (
        "series_office_prior_approval", "系列职改办事先审批同意（§2.2.3）")
    UNIT_CONSENT = "unit_consent", "所在单位同意（§3.1.1）"
    UNIT_ASSESSMENT_OPINION = "unit_assessment_opinion", "基层单位考核推荐意见（§3.1.1）"
    HQ_CHANNEL_OPINION_FILED = "hq_channel_opinion_filed", "总部申报渠道书面意见已备案（§3.1.3）"
    HOME_PROVINCE_ENTRUSTMENT = "home_province_entrustment", "所属省级职改部门委托材料（§3.1.4）"
    REGIONAL_OFFICE_APPROVAL = "regional_office_approval", "自治区职改办审核同意（§3.1.4）"


class DeclaredApproval(AuditedModel):
    """An approval the applicant states is on file, with its document number. Offices'
    own approval records (review stage) are the authoritative ones."""

    declaration = models.ForeignKey("declarations.Declaration", on_delete=models.CASCADE,
                                    related_name="approvals")
    code = models.CharField("审批事项", max_length=40, choices=ApprovalCode.choices)
    document_number = models.CharField("文号或编号", max_length=60)
    issued_on = models.DateField("日期")

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "已取得的审批"
        constraints = [models.UniqueConstraint(fields=["declaration", "code"],
                                               name="one_approval_per_code")]
