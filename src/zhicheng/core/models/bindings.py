"""An applicant's binding to the unit that holds their personnel relation, or to the
talent-service centre that hosts their archive (§3.1.1). The unit confirms it."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel
from zhicheng.core.fields import ClockDateTimeField


class BindingPurpose(models.TextChoices):
    EMPLOYER = "employer", "工作单位"
    ARCHIVE_HOST = "archive_host", "档案托管机构"


class BindingStatus(models.TextChoices):
    PENDING = "pending", "待单位确认"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "单位不予确认"
    ENDED = "ended", "已解除"


class UnitBinding(AuditedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申报人",
                             on_delete=models.PROTECT, related_name="bindings")
    unit = models.ForeignKey("core.Unit", verbose_name="单位", on_delete=models.PROTECT,
                             related_name="bindings")
    purpose = models.CharField("类别", max_length=16, choices=BindingPurpose.choices)
    status = models.CharField("状态", max_length=12, choices=BindingStatus.choices,
                              default=BindingStatus.PENDING)
    requested_at = ClockDateTimeField("申请时间", auto_now_add=True)
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = verbose_name_plural = "单位绑定"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"], name="one_open_binding_per_purpose",
                condition=models.Q(status__in=["pending", "confirmed"])),
        ]

    def __str__(self) -> str:
        return f"{self.user}→{self.unit}（{self.get_status_display()}）"
