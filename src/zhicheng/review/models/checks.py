"""Per-item checks of a declaration's materials (§4.1.2). Append-only: the latest check of an
item by a party in the current round (since the last submission) is the one that counts."""

from django.conf import settings
from django.db import models

from zhicheng.review.models.immutable import WriteOnceModel


class CheckItem(models.TextChoices):
    EDUCATION = "education", "学历"
    SENIORITY = "seniority", "资历"
    WORK_EXPERIENCE = "work_experience", "专业技术经历"
    ACHIEVEMENTS = "achievements", "业绩成果"
    PAPERS = "papers", "论文著作"
    EXEMPTION_PROOFS = "exemption_proofs", "免试证明"


class CheckResult(models.TextChoices):
    VERIFIED = "verified", "属实"
    DOUBTFUL = "doubtful", "存疑"
    FALSE = "false", "虚假"


class CheckParty(models.TextChoices):
    UNIT = "unit", "所在单位"
    TALENT_CENTRE = "talent_centre", "档案管理部门（人才交流服务中心）"
    OFFICE = "office", "职改办"  # §4.2: the office checks again before the hand-over


class ItemCheck(WriteOnceModel):
    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="item_checks")
    item = models.CharField("审核项目", max_length=20, choices=CheckItem.choices)
    party = models.CharField("审核方", max_length=16, choices=CheckParty.choices)
    result = models.CharField("审核结论", max_length=10, choices=CheckResult.choices)
    remark = models.TextField("审核意见", blank=True)
    checker_unit = models.ForeignKey("core.Unit", verbose_name="审核单位", null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    checker_office = models.ForeignKey("core.Office", verbose_name="审核职改办", null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人账号",
                                   on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField("审核时间")

    class Meta:
        ordering = ["declaration", "checked_at", "id"]
        verbose_name = verbose_name_plural = "材料逐项审核"
        indexes = [models.Index(fields=["declaration", "checked_at"])]
        constraints = [models.CheckConstraint(
            # A unit-side party is a unit, the office party an office: never both, never none.
            condition=(models.Q(party="office", checker_office__isnull=False,
                                checker_unit__isnull=True)
                       | (~models.Q(party="office") & models.Q(checker_unit__isnull=False,
                                                             checker_office__isnull=True))),
            name="item_check_checker_matches_party")]

    def __str__(self) -> str:
        return f"{self.get_item_display()}·{self.get_party_display()}·{self.get_result_display()}"
