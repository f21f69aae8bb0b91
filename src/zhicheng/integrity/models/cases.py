"""A case of suspected false material (§4.2.2): allegation, the applicant's proof, the decision."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel
from zhicheng.core import clock


class CaseState(models.TextChoices):
    OPEN = "open", "核查中"
    GENUINE = "genuine", "已核实为真实，结案"
    FALSE = "false", "认定材料造假"


class CaseItem(models.TextChoices):
    """The items a unit checks (§4.1.2), plus the other materials of the dossier."""

    EDUCATION = "education", "学历（学位）"
    SENIORITY = "seniority", "资历（任职年限）"
    WORK_EXPERIENCE = "work_experience", "工作经历"
    ACHIEVEMENTS = "achievements", "业绩成果"
    PAPERS = "papers", "论文著作"
    EXEMPTION = "exemption", "免试（免考）证明"
    TITLE = "title", "现职称证书"
    OTHER = "other", "其他材料"


class FraudCase(AuditedModel):
    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="fraud_cases")
    office = models.ForeignKey("core.Office", verbose_name="立案职改办",
                               on_delete=models.PROTECT, related_name="fraud_cases")
    item = models.CharField("涉嫌造假事项", max_length=20, choices=CaseItem.choices)
    material_type = models.ForeignKey("materials.MaterialType", verbose_name="涉及材料",
                                      null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    allegation = models.TextField("涉嫌情形")
    proof_deadline = models.DateField("举证期限（含当日）")
    state = models.CharField("状态", max_length=12, choices=CaseState.choices,
                             default=CaseState.OPEN, db_index=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="立案人",
                                  on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("立案时间", default=clock.now)

    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decision_grounds = models.TextField("认定理由", blank=True)
    penalty = models.TextField("处罚决定", blank=True)
    unit_responsible = models.BooleanField("单位负有责任", default=False)

    reported_to_region = models.BooleanField("已报自治区职改办备案", default=False,
                                             db_index=True)
    reported_at = models.DateTimeField("报备时间", null=True, blank=True)
    result_revoked = models.BooleanField("已取消评审结果", default=False)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = verbose_name_plural = "材料造假核查案件"
        constraints = [
            # At most one case under way per declaration: two open cases would ask the
            # applicant twice and let two decisions race.
            models.UniqueConstraint(fields=["declaration"], condition=models.Q(state="open"),
                                    name="one_open_fraud_case_per_declaration"),
            models.CheckConstraint(
                name="fraud_case_decision_consistent",
                condition=(models.Q(state="open", decided_at__isnull=True)
                           | ~models.Q(state="open") & models.Q(decided_at__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"核查案件 #{self.pk}（{self.get_item_display()}）"

    @property
    def is_open(self) -> bool:
        return self.state == CaseState.OPEN


class CaseAnswer(AuditedModel):
    """What the applicant sends in reply: an explanation, with proof files. Several answers
    may be given until the deadline; none is ever changed."""

    case = models.ForeignKey(FraudCase, verbose_name="案件", on_delete=models.PROTECT,
                             related_name="answers")
    text = models.TextField("说明")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人",
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField("答复时间", default=clock.now)

    class Meta:
        ordering = ["answered_at", "id"]
        verbose_name = verbose_name_plural = "申报人举证答复"


class CaseProof(AuditedModel):
    answer = models.ForeignKey(CaseAnswer, verbose_name="答复", on_delete=models.PROTECT,
                               related_name="proofs")
    stored_file = models.OneToOneField("materials.StoredFile", verbose_name="文件",
                                       on_delete=models.PROTECT, related_name="case_proof")

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "举证材料"
