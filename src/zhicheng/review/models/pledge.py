"""The unit's pledge (承诺书, §4.1.1): a named responsible reviewer, signed once per unit
and plan before any unit decision."""

from django.conf import settings
from django.db import models

from zhicheng.review.models.immutable import WriteOnceModel


class Pledge(WriteOnceModel):
    unit = models.ForeignKey("core.Unit", verbose_name="单位（部门）", on_delete=models.PROTECT,
                             related_name="review_pledges")
    plan = models.ForeignKey("core.Plan", verbose_name="年度部署", on_delete=models.PROTECT,
                             related_name="review_pledges")
    reviewer_name = models.CharField("审查责任人", max_length=40)
    reviewer_post = models.CharField("责任人职务", max_length=40, blank=True)
    text = models.TextField("承诺书内容")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签署账号",
                                  on_delete=models.PROTECT, related_name="+")
    signed_role = models.CharField("签署身份", max_length=20)
    signed_at = models.DateTimeField("签署时间")

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = verbose_name_plural = "审核承诺书"
        constraints = [models.UniqueConstraint(fields=["unit", "plan"],
                                               name="review_pledge_once_per_unit_plan")]

    def __str__(self) -> str:
        return f"{self.unit}·{self.plan}·承诺书"
