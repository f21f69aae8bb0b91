"""Interview/defence and the unit's deliberation and recommendation (§4.1.4). Append-only,
like item checks: the latest record of the current round counts."""

from django.conf import settings
from django.db import models

from zhicheng.review.models.immutable import WriteOnceModel


class InterviewResult(models.TextChoices):
    PASSED = "passed", "通过"
    FAILED = "failed", "未通过"


class Interview(WriteOnceModel):
    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="interviews")
    held_on = models.DateField("答辩日期")
    panel = models.TextField("答辩小组成员")
    result = models.CharField("答辩结果", max_length=10, choices=InterviewResult.choices)
    minutes = models.TextField("答辩记录")
    recorder_unit = models.ForeignKey("core.Unit", verbose_name="组织单位",
                                      on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录账号",
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        ordering = ["declaration", "recorded_at", "id"]
        verbose_name = verbose_name_plural = "面试答辩记录"

    def __str__(self) -> str:
        return f"面试答辩 {self.held_on}·{self.get_result_display()}"


class Deliberation(WriteOnceModel):
    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="deliberations")
    held_on = models.DateField("审议日期")
    participants = models.TextField("参加审议人员")
    opinion = models.TextField("审议意见")
    recommendation = models.TextField("单位推荐意见")
    recorder_unit = models.ForeignKey("core.Unit", verbose_name="审议单位",
                                      on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录账号",
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        ordering = ["declaration", "recorded_at", "id"]
        verbose_name = verbose_name_plural = "单位审议推荐记录"

    def __str__(self) -> str:
        return f"单位审议 {self.held_on}"
