"""How an office wants its units' public notices shown (§4.1.3: no ID numbers or private data)."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel
from zhicheng.core.fields import ClockDateTimeField


class MaskStyle(models.TextChoices):
    FIRST6_LAST4 = "first6_last4", "显示前6位和后4位"
    FIRST3_LAST4 = "first3_last4", "显示前3位和后4位"
    HIDDEN = "hidden", "不显示身份证号码"


class NameOrder(models.TextChoices):
    PINYIN = "pinyin", "按姓氏拼音排序"
    STROKES = "strokes", "按姓氏笔画排序"


class NoticeSetting(AuditedModel):
    office = models.OneToOneField("core.Office", verbose_name="职改办", on_delete=models.PROTECT,
                                  related_name="notice_setting")
    mask_style = models.CharField("身份证号码显示方式", max_length=16, choices=MaskStyle.choices,
                                  default=MaskStyle.FIRST6_LAST4)
    order = models.CharField("名单排序", max_length=8, choices=NameOrder.choices,
                             default=NameOrder.PINYIN)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设置人",
                                   on_delete=models.PROTECT, related_name="+")
    updated_at = ClockDateTimeField("设置时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "公示显示设置"

    def __str__(self) -> str:
        return f"{self.office}：{self.get_mask_style_display()}，{self.get_order_display()}"
