"""Base classes for models whose every change must be audited.

Bulk queryset writes bypass save() and therefore the audit trail, so they are
refused outright: change official records one by one through a domain function.
"""

from django.db import models


class UnauditedWriteError(RuntimeError):
    pass


class AuditedQuerySet(models.QuerySet):
    def _refuse(self, what: str):
        raise UnauditedWriteError(
            f"{self.model.__name__}: 不允许绕过审计的批量{what}（QuerySet.{what}），"
            "请通过领域函数逐条修改并写入审计事件。"
        )

    def update(self, **kwargs):
        self._refuse("update")

    def delete(self):
        self._refuse("delete")

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse("bulk_update")

    def update_or_create(self, *args, **kwargs):
        self._refuse("update_or_create")


class AuditedModel(models.Model):
    """An official record: written only by domain functions that also write an audit event."""

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True
