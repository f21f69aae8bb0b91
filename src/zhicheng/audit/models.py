"""The append-only audit trail: hash-chained events and signed checkpoints."""

from django.db import models

from zhicheng.audit.hashing import CanonicalJSONEncoder


class AppendOnlyError(RuntimeError):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    """Rows are only ever inserted; the database triggers say the same thing."""

    def _refuse(self, what: str):
        raise AppendOnlyError(f"{self.model.__name__} 只能追加，不允许 {what}。")

    def update(self, **kwargs):
        self._refuse("update()")

    def delete(self):
        self._refuse("delete()")

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse("bulk_update()")

    def update_or_create(self, *args, **kwargs):
        self._refuse("update_or_create()")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} 已写入，不能再修改。")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} 只能追加，不能删除。")


class AuditEvent(AppendOnlyModel):
    # seq is assigned under the chain lock: 1, 2, 3 … without gaps, so a
    # removed row shows as a hole.
    seq = models.BigIntegerField("序号", primary_key=True)
    created_at = models.DateTimeField("时间")
    # No foreign key: events outlive accounts.
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True)
    actor_username = models.CharField("操作人账号", max_length=150, blank=True)
    role = models.CharField("角色", max_length=40, blank=True)
    scope = models.CharField("范围", max_length=80, blank=True)
    action = models.CharField("动作", max_length=80)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    before = models.JSONField("修改前", null=True, blank=True, encoder=CanonicalJSONEncoder)
    after = models.JSONField("修改后", null=True, blank=True, encoder=CanonicalJSONEncoder)
    request_id = models.CharField("请求ID", max_length=64, blank=True)
    note = models.TextField("备注", blank=True)
    # Unique: two appends can never chain onto the same predecessor (no forks).
    prev_hash = models.CharField("前一事件哈希", max_length=64, unique=True)
    hash = models.CharField("哈希", max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = verbose_name_plural = "审计事件"
        indexes = [
            models.Index(fields=["object_type", "object_id", "seq"], name="audit_event_object"),
            models.Index(fields=["actor_id", "seq"], name="audit_event_actor"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditCheckpoint(AppendOnlyModel):
    # Numbered 1, 2, 3 … like events, so a removed checkpoint shows as a hole.
    number = models.BigIntegerField("编号", primary_key=True)
    seq = models.BigIntegerField("覆盖至事件序号")
    head_hash = models.CharField("链头哈希", max_length=64)
    key_fingerprint = models.CharField("公钥指纹", max_length=64)
    signature = models.CharField("Ed25519签名", max_length=128)
    created_at = models.DateTimeField("时间")

    class Meta:
        ordering = ["number"]
        verbose_name = verbose_name_plural = "审计签名检查点"

    def __str__(self) -> str:
        return f"检查点 #{self.number}（至第 {self.seq} 号事件）"
