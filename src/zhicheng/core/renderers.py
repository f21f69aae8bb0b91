"""The form renderer: Django's Jinja2 widget templates, with the simplest ones in Python.

The declaration form renders about 100 inputs and a dozen selects; through the templates
(input.html including attrs.html, select.html including one option template per choice)
widget rendering was a quarter of the page's time (bench/README.md, http-bench). These
functions produce exactly what those Jinja2 templates produce — the same escaping
(markupsafe, as Jinja2's autoescape), the same whitespace — and anything else (other widget
or option templates, custom widgets) still goes to the templates.
tests/core/test_renderers.py renders every widget of the forms both ways and compares.
"""

from django.forms.renderers import Jinja2
from django.utils.safestring import mark_safe
from markupsafe import escape

W = "django/forms/widgets/"
INPUTS = {f"{W}{n}.html" for n in (
    "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime",
    "time", "checkbox", "search", "tel", "color")}
SELECT, OPTION = f"{W}select.html", f"{W}select_option.html"


def _attrs(attrs: dict) -> str:
    return "".join(
        "" if value is False else
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items())


def _input(w: dict) -> str:
    value = "" if w["value"] is None else f' value="{escape(w["value"])}"'
    return f'<input type="{escape(w["type"])}" name="{escape(w["name"])}"{value}' \
           f'{_attrs(w["attrs"])}>'


def _select(w: dict) -> str | None:
    out = [f'<select name="{escape(w["name"])}"{_attrs(w["attrs"])}>']
    for group_name, group_choices, _index in w["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            out.append(f'\n  <option value="{escape(option["value"])}"'
                       f'{_attrs(option["attrs"])}>{escape(option["label"])}</option>')
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


class FastJinja2(Jinja2):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and template_name in INPUTS:
            return mark_safe(_input(widget))
        if widget is not None and template_name == SELECT:
            html = _select(widget)
            if html is not None:
                return mark_safe(html)
        return super().render(template_name, context, request)
