"""The catalogue of material types (材料目录): what an applicant uploads, where, in which form."""

from django.db import models

from zhicheng.audit.base import AuditedModel


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"


class Condition(models.TextChoices):
    """When a material type applies to a declaration (see domain.slots.condition_holds)."""

    ALWAYS = "always", "所有申报人"
    HAS_TITLE = "has_title", "已取得现职称者"
    NON_PUBLIC = "non_public", "非公有制经济和社会组织人员（§3.2.4.1）"
    NO_TITLE_OR_EXCEPTIONAL = "no_title_or_exceptional", "无职称申报或破格申报（§2.2.3）"
    EXCEPTIONAL = "exceptional", "破格申报（§3.2.4.2）"
    ID_CHANGED = "id_changed", "身份证号码非正常升位或变动（§3.2.4.3）"
    OPTIONAL = "optional", "选择提交"


def _all_formats() -> list[str]:
    return [FileFormat.PDF, FileFormat.JPEG, FileFormat.PNG]


class MaterialType(AuditedModel):
    code = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=60)
    clause = models.CharField("依据条款", max_length=20, blank=True,
                              help_text="桂职办〔2017〕26号的条款编号，如 3.2.2")
    instruction = models.TextField("填报说明", blank=True)
    formats = models.JSONField("允许格式", default=_all_formats,
                               help_text="pdf、jpeg、png 中的一种或几种")
    max_size_mb = models.PositiveSmallIntegerField("单个文件上限（MB）", default=10)
    max_files = models.PositiveSmallIntegerField("文件个数上限", default=1)
    max_pages = models.PositiveSmallIntegerField("PDF页数上限", null=True, blank=True)
    condition = models.CharField("适用条件", max_length=32, choices=Condition.choices,
                                 default=Condition.ALWAYS)
    required = models.BooleanField("必须提交", default=True,
                                   help_text="适用条件成立时是否必须提交")
    series = models.ManyToManyField("core.Series", verbose_name="适用系列", blank=True,
                                    related_name="material_types",
                                    help_text="为空表示全部系列")
    levels = models.JSONField("适用级别", default=list, blank=True,
                              help_text="为空表示全部级别")
    kinds = models.JSONField("适用申报类型", default=list, blank=True,
                             help_text="为空表示全部申报类型")
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = verbose_name_plural = "材料类型"

    def __str__(self) -> str:
        return self.name

    @property
    def formats_label(self) -> str:
        labels = dict(FileFormat.choices)
        return "、".join(labels.get(f, f) for f in self.formats)

    @property
    def accept(self) -> str:
        """The file input's accept attribute (a hint only: the server sniffs the content)."""
        exts = {"pdf": ".pdf,application/pdf", "jpeg": ".jpg,.jpeg,image/jpeg",
                "png": ".png,image/png"}
        return ",".join(exts[f] for f in self.formats if f in exts)
