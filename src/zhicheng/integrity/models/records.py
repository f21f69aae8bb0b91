"""The integrity archive (诚信档案, §4.2.1): who gave false material, for how long it counts."""

import datetime

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel
from zhicheng.core import clock


class IntegrityRecord(AuditedModel):
    # Normalised to 18 digits, the same form as Declaration.id_number, so that committees
    # find the person whichever ID form they declared under.
    id_number = models.CharField("身份证号码", max_length=18, db_index=True)
    name = models.CharField("姓名", max_length=40)
    unit = models.ForeignKey("core.Unit", verbose_name="负有责任的单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="integrity_records")
    period_from = models.DateField("记录起始日")
    period_to = models.DateField("记录截止日")
    reason = models.TextField("列入原因")
    source_case = models.OneToOneField("integrity.FraudCase", verbose_name="来源案件",
                                       null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="integrity_record")
    office = models.ForeignKey("core.Office", verbose_name="记录职改办",
                               on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人",
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("记录时间", default=clock.now)

    class Meta:
        ordering = ["-period_from", "-id"]
        verbose_name = verbose_name_plural = "诚信档案（失信记录）"
        indexes = [models.Index(fields=["unit", "period_to"])]
        constraints = [
            models.CheckConstraint(name="integrity_period_ordered",
                                   condition=models.Q(period_to__gte=models.F("period_from"))),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.period_from}—{self.period_to}）"

    def is_expired(self, today: datetime.date) -> bool:
        return self.period_to < today
