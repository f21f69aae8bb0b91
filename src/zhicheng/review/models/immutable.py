"""Signed and recorded review facts are written once: a correction is a new record."""

from zhicheng.audit.base import AuditedModel


class ImmutableRecordError(RuntimeError):
    pass


class WriteOnceModel(AuditedModel):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(
                f"{self._meta.verbose_name}一经记录不得修改；如需更正，请新增一条记录。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"{self._meta.verbose_name}一经记录不得删除。")
