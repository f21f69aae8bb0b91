from django import template

register = template.Library()


@register.filter
def get(mapping: dict, key):
    """mapping[key], or None: the review form's posted or current value of one item."""
    return (mapping or {}).get(key)
