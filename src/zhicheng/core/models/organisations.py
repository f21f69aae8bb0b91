"""Cities, units (employers and talent-service centres) and 职改办 offices."""

from django.core.exceptions import ValidationError
from django.db import models
from stdnum.cn import uscc

from zhicheng.audit.base import AuditedModel


def validate_credit_code(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015), check digit included."""
    if not uscc.is_valid(value):
        raise ValidationError(
            "统一社会信用代码无效：应为18位，且校验位正确（GB 32100-2015）。", code="credit_code"
        )


class City(models.Model):
    """One of Guangxi's 14 prefecture-level cities."""

    code = models.CharField("行政区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=20, unique=True)
    independent_authority = models.BooleanField(
        "有独立评审权", default=False, help_text="§5.3.1 有独立评审权的设区市负责交叉评审协调"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "设区市"

    def __str__(self) -> str:
        return self.name


class UnitType(models.TextChoices):
    """The five unit categories of Annex 2 (身份性质, §3.1.2)."""

    PUBLIC_INSTITUTION = "public_institution", "事业单位"
    NON_PUBLIC = "non_public", "非公有制经济和社会组织"
    STATE_OWNED = "state_owned", "国有企业"
    STATE_ORGAN = "state_organ", "行政机关"
    NON_STAFF = "non_staff", "机关、事业单位非在编人员"


class Industry(models.TextChoices):
    BANK = "bank", "银行"
    INSURANCE = "insurance", "保险"
    OTHER = "other", "其他"


class Unit(AuditedModel):
    """An employer, or a 人才交流服务中心 that hosts personnel archives (§3.1.1)."""

    name = models.CharField("单位名称", max_length=120)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code]
    )
    unit_type = models.CharField("单位性质", max_length=24, choices=UnitType.choices)
    legal_person = models.BooleanField("具有独立法人资格", default=True)
    industry = models.CharField("行业", max_length=12, choices=Industry.choices,
                                default=Industry.OTHER)
    in_guangxi = models.BooleanField("在广西境内", default=True)
    city = models.ForeignKey(City, verbose_name="所在市", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey("self", verbose_name="上级单位", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="branches")
    is_talent_centre = models.BooleanField("人才交流服务中心（档案托管）", default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name


class OfficeKind(models.TextChoices):
    REGIONAL = "regional", "自治区职改办"
    CITY = "city", "市职改办"
    SERIES = "series", "系列（行业、单位）职改办"


class Office(AuditedModel):
    """A 职改办: the regional office, a city office or a series (industry, unit) office."""

    name = models.CharField("名称", max_length=80, unique=True)
    kind = models.CharField("类别", max_length=12, choices=OfficeKind.choices)
    city = models.ForeignKey(City, verbose_name="市", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="offices")
    series = models.ForeignKey("core.Series", verbose_name="系列", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="offices")
    parent = models.ForeignKey("self", verbose_name="上级职改办", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = verbose_name_plural = "职改办"
        constraints = [
            models.CheckConstraint(
                name="office_scope_matches_kind",
                condition=(
                    models.Q(kind="regional", city__isnull=True, series__isnull=True)
                    | models.Q(kind="city", city__isnull=False, series__isnull=True)
                    | models.Q(kind="series", city__isnull=True, series__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name
