"""Series (系列), specialties, levels and committees (评委会)."""

from django.db import models

from zhicheng.audit.base import AuditedModel


class Level(models.TextChoices):
    JUNIOR = "junior", "初级"
    INTERMEDIATE = "intermediate", "中级"
    DEPUTY_SENIOR = "deputy_senior", "副高级"
    SENIOR = "senior", "正高级"

    @classmethod
    def rank(cls, level: str | None) -> int:
        """0 for no title, then 1..4 from 初级 to 正高级."""
        return 0 if not level else [c.value for c in cls].index(level) + 1

    @classmethod
    def is_senior(cls, level: str) -> bool:
        return level in (cls.DEPUTY_SENIOR, cls.SENIOR)


class Series(AuditedModel):
    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    evaluation_appointment_combined = models.BooleanField(
        "评聘结合", default=False, help_text="§2.1.3 评聘结合系列：当年达到退休年龄者不得申报"
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = verbose_name_plural = "系列"

    def __str__(self) -> str:
        return self.name


class Specialty(AuditedModel):
    series = models.ForeignKey(Series, verbose_name="系列", on_delete=models.PROTECT,
                               related_name="specialties")
    code = models.SlugField("代码", max_length=40)
    name = models.CharField("名称", max_length=60)

    class Meta:
        ordering = ["series", "code"]
        verbose_name = verbose_name_plural = "专业"
        constraints = [models.UniqueConstraint(fields=["series", "code"],
                                               name="specialty_code_per_series")]

    def __str__(self) -> str:
        return f"{self.series.name}·{self.name}"


class CommitteeArea(models.TextChoices):
    REGION = "region", "全区"
    CITY = "city", "本市"
    ORGANISATION = "organisation", "本系统（单位）"


class Committee(AuditedModel):
    """A 评审委员会: which series, specialties and levels it may evaluate, and for whom."""

    code = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=80, unique=True)
    series = models.ForeignKey(Series, verbose_name="系列", on_delete=models.PROTECT,
                               related_name="committees")
    specialties = models.ManyToManyField(Specialty, verbose_name="评审专业", blank=True,
                                         help_text="为空表示本系列全部专业")
    min_level = models.CharField("最低级别", max_length=16, choices=Level.choices)
    max_level = models.CharField("最高级别", max_length=16, choices=Level.choices)
    area = models.CharField("评审范围", max_length=16, choices=CommitteeArea.choices)
    city = models.ForeignKey("core.City", verbose_name="所属市", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="committees")
    organisation = models.ForeignKey("core.Unit", verbose_name="组建单位", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="committees")
    office = models.ForeignKey("core.Office", verbose_name="所属职改办", on_delete=models.PROTECT,
                               related_name="committees")
    basis = models.CharField("组建依据", max_length=80, blank=True,
                             help_text="如 §5.2 新组建副高级评委会")

    class Meta:
        ordering = ["series", "code"]
        verbose_name = verbose_name_plural = "评审委员会"

    def __str__(self) -> str:
        return self.name

    def covers_level(self, level: str) -> bool:
        return Level.rank(self.min_level) <= Level.rank(level) <= Level.rank(self.max_level)
