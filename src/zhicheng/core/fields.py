"""A time-stamp field on the one clock (zhicheng.core.clock) instead of the real one."""

from django.db import models

from zhicheng.core import clock


class ClockDateTimeField(models.DateTimeField):
    """auto_now / auto_now_add take clock.now(), so demo records carry demo times."""

    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        # The column is a plain DateTimeField; only the Python-side stamp differs, so
        # migrations (and the table) stay as they were.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs
