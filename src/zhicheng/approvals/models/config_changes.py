"""A series office's request to change the system's configuration (§7.1.2): it takes effect
only when the regional office consents."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel
from zhicheng.core.fields import ClockDateTimeField


class Target(models.TextChoices):
    MATERIAL_TYPE = "material_type", "申报材料类型"
    SERIES = "series", "系列"
    COMMITTEE = "committee", "评审委员会"


class RequestState(models.TextChoices):
    PENDING = "pending", "待自治区职改办审核"
    CONSENTED = "consented", "已同意并生效"
    REFUSED = "refused", "不同意"


class ConfigChangeRequest(AuditedModel):
    office = models.ForeignKey("core.Office", verbose_name="申请职改办", on_delete=models.PROTECT,
                               related_name="config_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人",
                                     on_delete=models.PROTECT, related_name="+")
    target_type = models.CharField("修改对象", max_length=20, choices=Target.choices)
    target_id = models.PositiveIntegerField("对象编号")
    target_label = models.CharField("对象名称", max_length=120)
    field = models.CharField("修改项", max_length=40)
    old_value = models.JSONField("申请时的值", null=True, blank=True)
    new_value = models.JSONField("申请修改为", null=True, blank=True)
    reason = models.TextField("申请理由")
    state = models.CharField("状态", max_length=12, choices=RequestState.choices,
                             default=RequestState.PENDING, db_index=True)
    requested_at = ClockDateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "系统配置修改申请"

    def __str__(self) -> str:
        return f"{self.target_label}·{self.field}"
