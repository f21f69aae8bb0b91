"""Form error messages in plain Chinese that name the field (issue 9).

Django's own wording (确保该变量包含不超过 200 字符…) names no field and reads like a
translation; every form of the site uses these instead. Dates are typed as text and parsed
here, so an impossible date is refused with a reason instead of being blanked by the
browser's date picker.
"""

import calendar
import datetime
import functools
import re

from django import forms

DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def quoted(label) -> str:
    return f"「{label}」"


@functools.cache
def messages_for(kind: type[forms.Field], label: str) -> tuple[tuple[str, str], ...]:
    """The messages of a field of this kind and label, by Django's error codes.

    Every bound form sets these on each of its fields: built once per field kind and label
    (an autosave binds 14 forms; building the texts each time was a fifth of its CPU)."""
    name = quoted(label)
    choose = issubclass(kind, forms.ChoiceField | forms.ModelChoiceField)
    out = {
        "required": f"请选择{name}。" if choose else f"请填写{name}。",
        "max_length": f"{name}不能超过 %(limit_value)d 个字符（现有 %(show_value)d 个）。",
        "min_length": f"{name}至少需要 %(limit_value)d 个字符（现有 %(show_value)d 个）。",
        "max_value": f"{name}不能大于 %(limit_value)s。",
        "min_value": f"{name}不能小于 %(limit_value)s。",
        "invalid_choice": f"{name}的选项无效，请重新选择。",
        "invalid_list": f"{name}的选项无效，请重新选择。",
    }
    if issubclass(kind, forms.IntegerField):
        out["invalid"] = f"{name}请填写整数。"
    elif not issubclass(kind, TextDateField):
        out["invalid"] = f"{name}的格式不正确。"
    return tuple(out.items())


class PlainMessages:
    """Mixin for forms: every field answers with messages_for(). Put it before the Form
    class in the bases.

    The messages are set once per form class, on its base fields: each bound form's fields
    are copies of those, error messages included (an autosave binds 14 forms, ~85 fields;
    setting them per instance was about 2% of its CPU). Setting them twice (two threads
    on a class's first use, or a field shared with a parent form) writes the same texts."""

    def __init__(self, *args, **kwargs):
        cls = type(self)
        if "_plain_messages_set" not in cls.__dict__:
            for name, field in cls.base_fields.items():
                field.error_messages.update(messages_for(type(field), str(field.label or name)))
            cls._plain_messages_set = True
        super().__init__(*args, **kwargs)


class TextDateInput(forms.DateInput):
    """A text box, not <input type=date>: the browser's picker turns 2017-02-30 into an empty
    value, so the server could neither explain nor keep what was typed."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "如 2017-05-15", "autocomplete": "off",
                                "class": "date-input", "maxlength": "12", **(attrs or {})},
                         format="%Y-%m-%d")


class TextDateField(forms.DateField):
    """年-月-日 (also 2017/5/15, 2017.5.15, 2017年5月15日, 20170515), refused with the reason
    when the day does not exist."""

    widget = TextDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value)
        name = quoted(self.label)
        match = DATE.match(text) or COMPACT_DATE.match(text)
        if match is None:
            raise forms.ValidationError(f"{name}请按“年-月-日”填写，例如 2017-05-15。",
                                        code="invalid")
        year, month, day = (int(g) for g in match.groups())
        shown = text.strip()
        if year < 1900:
            raise forms.ValidationError(f"{name}的年份 {year} 不正确。", code="invalid")
        if not 1 <= month <= 12:
            raise forms.ValidationError(f"{name}{shown} 不是有效的日期：月份应为 1 至 12。",
                                        code="invalid")
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise forms.ValidationError(
                f"{name}{shown} 不是有效的日期：{year}年{month}月只有 {last} 天。",
                code="invalid")
        return datetime.date(year, month, day)


def date_field_class(db_field, **kwargs):
    """formfield_callback for model forms: model DateFields become TextDateFields."""
    from django.db import models

    if isinstance(db_field, models.DateField) and not isinstance(db_field,
                                                                 models.DateTimeField):
        return db_field.formfield(form_class=TextDateField, widget=TextDateInput, **kwargs)
    return db_field.formfield(**kwargs)


def all_errors(form) -> list[str]:
    """Every message of a form, the non-field ones first, in field order."""
    out = list(form.non_field_errors())
    for field in form:
        out.extend(field.errors)
    return out
