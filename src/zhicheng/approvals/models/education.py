"""Verification of education certificates (§4.3): one record per education row."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel
from zhicheng.core.fields import ClockDateTimeField


class VerificationPath(models.TextChoices):
    ARCHIVE_CONFIRMATION = "archive_confirmation", "档案管理部门审核确认（加盖档案专用章）"
    THIRD_PARTY = "third_party", "第三方学历认证（如学信网）"
    FOREIGN_CERTIFICATION = "foreign_certification", "国家教育行政部门学历认证"


PATH_CLAUSE = {
    VerificationPath.ARCHIVE_CONFIRMATION: "4.3.1",
    VerificationPath.THIRD_PARTY: "4.3.2",
    VerificationPath.FOREIGN_CERTIFICATION: "4.3.3",
}


class VerificationResult(models.TextChoices):
    GENUINE = "genuine", "属实"
    NOT_GENUINE = "not_genuine", "不属实"


class VerificationMethod(models.TextChoices):
    SERVICE = "service", "核验服务自动查询"
    MANUAL = "manual", "人工录入"


class EducationVerification(AuditedModel):
    """Bound to the certificate's content (fingerprint), not only to the row: the applicant's
    form replaces education rows on each save, and an unchanged certificate stays verified
    while a changed one needs verifying again."""

    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT,
                                    related_name="education_verifications")
    education = models.ForeignKey("declarations.Education", verbose_name="学历", null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    fingerprint = models.CharField("证书内容指纹", max_length=64)
    certificate = models.CharField("证书", max_length=200,
                                   help_text="核验时的院校、专业、学历、证书编号")
    path = models.CharField("核验途径", max_length=24, choices=VerificationPath.choices)
    result = models.CharField("核验结果", max_length=12, choices=VerificationResult.choices)
    verified_on = models.DateField("核验日期")
    # §4.3.1: who in the archive department confirmed, and that the archive seal is affixed.
    confirmed_by_name = models.CharField("档案部门经办人", max_length=40, blank=True)
    archive_seal = models.BooleanField("已加盖档案专用章", default=False)
    # §4.3.2: the third party's report.
    verifier = models.CharField("核验服务", max_length=40, blank=True)
    method = models.CharField("录入方式", max_length=12, choices=VerificationMethod.choices,
                              default=VerificationMethod.MANUAL)
    report_number = models.CharField("认证报告编号", max_length=60, blank=True)
    # §4.3.3: the national education authority's certificate.
    certificate_number = models.CharField("学历认证书编号", max_length=60, blank=True)
    certified_by = models.CharField("认证机构", max_length=60, blank=True)
    note = models.TextField("备注", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人",
                                    on_delete=models.PROTECT, related_name="+")
    role = models.CharField("录入角色", max_length=20)
    recorded_at = ClockDateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["declaration", "id"]
        verbose_name = verbose_name_plural = "学历核验"
        constraints = [models.UniqueConstraint(fields=["declaration", "fingerprint"],
                                               name="one_verification_per_certificate")]
