"""Stored files and their place in a declaration's material slots, with full history."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel
from zhicheng.core import clock


class StoredFile(AuditedModel):
    """One file in the storage backend. The storage name is random; the user's name is kept,
    sanitised, only for display and download."""

    storage_name = models.CharField("存储名", max_length=255, unique=True)
    original_name = models.CharField("文件名", max_length=120)
    size = models.BigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    content_type = models.CharField("内容类型（检测）", max_length=40)
    page_count = models.PositiveIntegerField("页数", null=True, blank=True)
    width = models.PositiveIntegerField("宽（像素）", null=True, blank=True)
    height = models.PositiveIntegerField("高（像素）", null=True, blank=True)
    # Set only when the system reduced a picture (domain.reduction): the upload as it came.
    original_size = models.BigIntegerField("原文件大小（字节）", null=True, blank=True)
    original_sha256 = models.CharField("原文件 SHA-256", max_length=64, blank=True)
    original_width = models.PositiveIntegerField("原图宽（像素）", null=True, blank=True)
    original_height = models.PositiveIntegerField("原图高（像素）", null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人",
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", default=clock.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "存储文件"

    def __str__(self) -> str:
        return self.original_name

    @property
    def reduced(self) -> bool:
        return self.original_size is not None

    @property
    def reduction_note(self) -> str:
        """A short line for the applicant, e.g. 已自动压缩：8000×6000 → 4000×3000。"""
        if not self.reduced:
            return ""
        before, after = (self.original_width, self.original_height), (self.width, self.height)
        if before[0] * before[1] == after[0] * after[1]:
            return f"已按拍摄方向自动旋转：{before[0]}×{before[1]} → {after[0]}×{after[1]}。"
        return (f"已自动压缩：{before[0]}×{before[1]} → {after[0]}×{after[1]}"
                f"（{_mb(self.original_size)} → {_mb(self.size)}）。")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


class MaterialFile(AuditedModel):
    """A file in one material slot of one declaration. Replacing or removing never deletes:
    the old row is marked superseded or removed and stays as history."""

    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="material_files")
    material_type = models.ForeignKey("materials.MaterialType", verbose_name="材料类型",
                                      on_delete=models.PROTECT, related_name="files")
    stored_file = models.OneToOneField(StoredFile, verbose_name="文件", on_delete=models.PROTECT,
                                       related_name="material_file")
    version = models.PositiveIntegerField("版本")  # upload number within the slot, 1, 2, …
    # 第N份: a separate file in the slot; 第N版: the Nth version of that file (replacements).
    copy_no = models.PositiveIntegerField("份号", default=1)
    revision = models.PositiveIntegerField("版次", default=1)
    replaces = models.OneToOneField("self", verbose_name="替换的文件", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="replaced_by")
    is_current = models.BooleanField("当前有效", default=True, db_index=True)
    created_at = models.DateTimeField("上传时间", default=clock.now)
    superseded_at = models.DateTimeField("被替换时间", null=True, blank=True)
    removed_at = models.DateTimeField("删除时间", null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="删除人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["declaration_id", "material_type_id", "version"]
        verbose_name = verbose_name_plural = "申报材料文件"
        constraints = [
            models.UniqueConstraint(fields=["declaration", "material_type", "version"],
                                    name="material_version_unique"),
            # A current file is neither superseded nor removed; a former one is one of them.
            models.CheckConstraint(
                name="material_current_consistent",
                condition=(models.Q(is_current=True, superseded_at__isnull=True,
                                    removed_at__isnull=True)
                           | models.Q(is_current=False)
                           & (models.Q(superseded_at__isnull=False)
                              | models.Q(removed_at__isnull=False))),
            ),
        ]
        indexes = [models.Index(fields=["declaration", "is_current"])]

    def __str__(self) -> str:
        return f"{self.material_type.name} {self.label}"

    @property
    def label(self) -> str:
        """第2份 for a second, separate file; 第1份 · 第2版 for a replacement of the first."""
        if self.revision > 1:
            return f"第{self.copy_no}份 · 第{self.revision}版"
        return f"第{self.copy_no}份"

    @property
    def status_label(self) -> str:
        if self.is_current:
            return "当前有效"
        if self.removed_at:
            return "已删除"
        return "已被替换"
