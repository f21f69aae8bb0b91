from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def split(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form, name: str):
    return form[name]


# The long declaration form renders about 40 field blocks and table rows. As includes of
# _field.html / _row.html they were a third of the page's time (template lookups, context
# pushes, variable resolution); these build the same markup in Python (the includes stay as
# the reference: tests/declarations/test_form_markup.py renders both and compares).

def _errors(field) -> str:
    return "".join(format_html('<div class="field-error">{}</div>', e) for e in field.errors)


def field_block(field) -> str:
    """The markup of declarations/_field.html for one bound field."""
    checkbox = field.widget_type == "checkbox"
    errors = field.errors
    css = "field" + (" has-error" if errors else "") + (" field-check" if checkbox else "")
    if checkbox:
        label = format_html("<label>{} {}</label>", field, field.label)
    else:
        label = format_html('<label for="{}">{}</label>{}', field.id_for_label, field.label,
                            field)
    hint = format_html('<p class="hint">{}</p>', field.help_text) if field.help_text else ""
    return format_html('<div class="{}">\n  {}\n  {}\n  {}\n</div>\n', css, label,
                       mark_safe(_errors(field) if errors else ""), hint)


@register.simple_tag
def field_blocks(form, names: str) -> str:
    """_field.html for each named field of the form, in order."""
    return mark_safe("".join(field_block(form[name]) for name in names.split()))


@register.simple_tag
def form_row(form) -> str:
    """The markup of declarations/_row.html: one table row of a formset's form."""
    cells = []
    hidden = None
    for f in form.visible_fields():
        if hidden is None:
            hidden = "".join(str(h) for h in form.hidden_fields())
            lead = hidden
        else:
            lead = ""
        cells.append(format_html('<td data-label="{}" class="{}">{}{}{}</td>', f.label,
                                 "has-error" if f.errors else "", mark_safe(lead), f,
                                 mark_safe(_errors(f))))
    return mark_safe("<tr>" + "".join(cells) + "</tr>\n")
