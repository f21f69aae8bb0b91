"""Unit public notices (单位公示, §4.1.3), their entries and the objections lodged on them."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel


class NoticeKind(models.TextChoices):
    REGULAR = "regular", "公示"
    SUPPLEMENTARY = "supplementary", "补充公示"


class Notice(AuditedModel):
    unit = models.ForeignKey("core.Unit", verbose_name="公示单位", on_delete=models.PROTECT,
                             related_name="notices")
    plan = models.ForeignKey("core.Plan", verbose_name="年度部署", on_delete=models.PROTECT,
                             related_name="notices")
    kind = models.CharField("类别", max_length=16, choices=NoticeKind.choices,
                            default=NoticeKind.REGULAR)
    starts_on = models.DateField("公示开始日期")
    working_days = models.PositiveSmallIntegerField("公示期（工作日）", default=5)
    ends_on = models.DateField("公示截止日期", help_text="按工作日计算（法定节假日、调休）")
    calendar_warning = models.CharField("工作日计算提示", max_length=200, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人",
                                  on_delete=models.PROTECT, related_name="+")
    posted_role = models.CharField("发布角色", max_length=20)
    posted_at = models.DateTimeField("发布时间")
    notes = models.TextField("公示说明", blank=True)

    class Meta:
        ordering = ["-posted_at", "-id"]
        verbose_name = verbose_name_plural = "单位公示"
        indexes = [models.Index(fields=["starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(name="notice_period_ordered",
                                   condition=models.Q(starts_on__lte=models.F("ends_on"))),
            models.CheckConstraint(name="notice_working_days_positive",
                                   condition=models.Q(working_days__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.unit}{self.plan.year}年度职称申报{self.get_kind_display()}"

    @property
    def title(self) -> str:
        return f"{self.unit.name}{self.plan.year}年度专业技术资格申报人员{self.get_kind_display()}"


class NoticeEntry(AuditedModel):
    """What was posted about one declaration: a snapshot, so later edits cannot change what the
    public saw; content_hash tells whether the declaration has changed since (§4.1.3)."""

    notice = models.ForeignKey(Notice, verbose_name="公示", on_delete=models.PROTECT,
                               related_name="entries")
    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="notice_entries")
    name = models.CharField("姓名", max_length=40)
    series_name = models.CharField("系列", max_length=40)
    specialty_name = models.CharField("专业", max_length=60, blank=True)
    level = models.CharField("申报级别", max_length=16)
    level_label = models.CharField("申报级别（名称）", max_length=16)
    kind_label = models.CharField("申报类型", max_length=24)
    materials = models.JSONField("申报材料及业绩成果", default=list)
    content_hash = models.CharField("内容摘要（SHA-256）", max_length=64)
    # Sort keys computed at posting, so the public list is ordered by the database.
    pinyin_key = models.CharField("拼音排序键", max_length=200)
    stroke_key = models.CharField("笔画排序键", max_length=200)

    class Meta:
        ordering = ["notice", "pinyin_key", "id"]
        verbose_name = verbose_name_plural = "公示名单"
        constraints = [models.UniqueConstraint(fields=["notice", "declaration"],
                                               name="one_entry_per_declaration_per_notice")]
        indexes = [models.Index(fields=["declaration", "notice"])]

    def __str__(self) -> str:
        return self.name


class Objection(AuditedModel):
    """An objection (异议) from anyone, with contact details that are never shown publicly."""

    entry = models.ForeignKey(NoticeEntry, verbose_name="异议对象", on_delete=models.PROTECT,
                              related_name="objections")
    objector_name = models.CharField("反映人姓名", max_length=40)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    text = models.TextField("异议内容")
    lodged_at = models.DateTimeField("提出时间")
    answer = models.TextField("单位答复", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        ordering = ["lodged_at", "id"]
        verbose_name = verbose_name_plural = "公示异议"
        constraints = [
            models.CheckConstraint(
                name="objection_has_contact",
                condition=~models.Q(phone="") | ~models.Q(email="")),
            models.CheckConstraint(
                name="objection_answer_complete",
                condition=(models.Q(answered_at__isnull=True, answered_by__isnull=True)
                           | models.Q(answered_at__isnull=False, answered_by__isnull=False))),
        ]

    def __str__(self) -> str:
        return f"对{self.entry.name}的异议"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
