"""Working-day overrides kept by the regional office for years chinese-calendar does not know
(or to correct a day it has wrong). Kept in core with the calendar that reads them
(core.domain.workdays): notices and integrity deadlines both count on it."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel
from zhicheng.core.fields import ClockDateTimeField


class WorkdayOverride(AuditedModel):
    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("工作日", help_text="否：法定节假日或休息日；是：调休上班日")
    note = models.CharField("说明", max_length=80, blank=True, help_text="如：国庆节、调休上班")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设置人",
                               on_delete=models.PROTECT, related_name="+")
    set_at = ClockDateTimeField("设置时间", auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "工作日调整"

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.note}"
