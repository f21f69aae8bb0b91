"""The committee's expert pool (评委库, §5.2; 人社部令第40号): who may sit, and every 入库 /
暂停 / 出库 with its reason."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel
from zhicheng.core.models import Level


class ExpertStatus(models.TextChoices):
    IN_POOL = "in_pool", "在库"
    SUSPENDED = "suspended", "暂停"
    OUT = "out", "已出库"


class Expert(AuditedModel):
    committee = models.ForeignKey("core.Committee", verbose_name="评审委员会",
                                  on_delete=models.PROTECT, related_name="experts")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="账号",
                                on_delete=models.PROTECT, related_name="expert")
    # The stable pool code of draw.md (no names in a draw record).
    code = models.CharField("评委库编号", max_length=20)
    title_name = models.CharField("职称", max_length=40)
    level = models.CharField("职称级别", max_length=16, choices=Level.choices)
    specialty = models.ForeignKey("core.Specialty", verbose_name="专业（专业组）",
                                  on_delete=models.PROTECT, related_name="+")
    employer_name = models.CharField("工作单位", max_length=80)
    employer_code = models.CharField("工作单位统一社会信用代码", max_length=18)
    city = models.ForeignKey("core.City", verbose_name="所在地区", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             help_text="区外专家留空")
    external = models.BooleanField("外来专家（评委会评审范围以外，§5.3.3）", default=False)
    term_starts = models.DateField("聘期开始")
    term_ends = models.DateField("聘期结束")
    status = models.CharField("状态", max_length=12, choices=ExpertStatus.choices,
                              default=ExpertStatus.IN_POOL)
    joined_at = models.DateTimeField("入库时间")

    class Meta:
        ordering = ["committee", "code"]
        verbose_name = verbose_name_plural = "评审专家"
        constraints = [
            models.UniqueConstraint(fields=["committee", "code"], name="expert_code_unique"),
            models.CheckConstraint(condition=models.Q(term_ends__gte=models.F("term_starts")),
                                   name="expert_term_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.user.real_name}"


class ExpertStatusChange(AuditedModel):
    """入库 (from "") / 暂停 / 恢复 / 出库 / 重新入库: kept for ever, with the reason."""

    expert = models.ForeignKey(Expert, verbose_name="评审专家", on_delete=models.PROTECT,
                               related_name="status_changes")
    from_status = models.CharField("原状态", max_length=12, blank=True,
                                   choices=ExpertStatus.choices)
    to_status = models.CharField("新状态", max_length=12, choices=ExpertStatus.choices)
    reason = models.CharField("原因", max_length=200)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办理人",
                                   on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField("办理时间")

    class Meta:
        ordering = ["expert", "changed_at", "id"]
        verbose_name = verbose_name_plural = "评委库出入库记录"
