"""The queue filter's <option>s, built in one pass, are exactly what format_html gave."""

from django.utils.functional import lazy
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from zhicheng.review.views.office import _options

CHOICES = [
    ("", "全部"), (1, "南宁市<第一>中学"), (2, "A & B \"研究院\""), ("x'y", "单引号'"),
    (3, mark_safe("<b>已转义</b>")), (4, lazy(lambda: "延迟 <译文>", str)()),
]


def _by_format_html(choices, current):
    return format_html_join("", "<option value=\"{}\"{}>{}</option>", (
        (v, mark_safe(" selected") if str(v) == current else "", label)
        for v, label in choices))


def test_options_match_format_html_for_every_kind_of_label():
    for current in ("", "2", "x'y", "9"):
        assert _options(CHOICES, current) == _by_format_html(CHOICES, current)
    assert _options(CHOICES, "2").count(" selected") == 1
    assert '<option value="2" selected>A &amp; B &quot;研究院&quot;</option>' in _options(
        CHOICES, "2")
