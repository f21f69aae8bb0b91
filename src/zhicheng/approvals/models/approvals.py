"""Approvals decided by offices (and, for the talent-market channel, by the unit): the records
the eligibility engine sees (issue 5 §5)."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel
from zhicheng.core.fields import ClockDateTimeField
from zhicheng.declarations.models import ApprovalCode


class Decision(models.TextChoices):
    GRANTED = "granted", "同意"
    REFUSED = "refused", "不同意"


class OfficeApproval(AuditedModel):
    """One decision on one approval for one declaration. Never edited: a refused approval may
    be followed by a later decision; a granted one stands (the engine sees it)."""

    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="office_approvals")
    code = models.CharField("审批事项", max_length=40, choices=ApprovalCode.choices)
    decision = models.CharField("审批结果", max_length=12, choices=Decision.choices)
    # The deciding body: an office, or the applicant's unit (§3.1.1 consent and opinion).
    office = models.ForeignKey("core.Office", verbose_name="审批机构", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="approvals_decided")
    unit = models.ForeignKey("core.Unit", verbose_name="出具单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="approvals_given")
    document_number = models.CharField("文号", max_length=60, blank=True)
    decided_on = models.DateField("审批日期")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人",
                                   on_delete=models.PROTECT, related_name="+")
    role = models.CharField("经办角色", max_length=20)
    reasons = models.TextField("审批意见", blank=True)
    # §2.2.3: 副高级 no-title and ≥副高级 exceptional declarations are approved "从严".
    strict_review = models.BooleanField("从严审核事项", default=False)
    strict_justification = models.TextField("从严审核意见", blank=True)
    recorded_at = ClockDateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["declaration", "code", "-id"]
        verbose_name = verbose_name_plural = "审批记录"
        indexes = [models.Index(fields=["declaration", "code", "decision"])]
        constraints = [
            models.CheckConstraint(
                name="approval_office_or_unit",
                condition=(models.Q(office__isnull=False, unit__isnull=True)
                           | models.Q(office__isnull=True, unit__isnull=False)),
            ),
            # At most one granted decision per declaration and approval.
            models.UniqueConstraint(fields=["declaration", "code"],
                                    condition=models.Q(decision="granted"),
                                    name="one_granted_approval_per_code"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()}·{self.get_decision_display()}"

    @property
    def decided_by_body(self) -> str:
        return str(self.office or self.unit)
