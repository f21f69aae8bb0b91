"""The form renderer builds inputs and selects in Python; every widget must come out exactly
as Django's Jinja2 templates render it."""

import pytest
from applying import APPLY_DAY, facts_post, make_draft
from django import forms
from django.forms.renderers import Jinja2

from zhicheng.core.renderers import FastJinja2
from zhicheng.declarations.forms import StartForm, bind_forms

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(settings):
    settings.ZHICHENG_TODAY = APPLY_DAY.isoformat()
    return make_draft()


def _compare(form) -> int:
    fields = [*form.visible_fields(), *form.hidden_fields()]
    for bf in fields:
        form.renderer = Jinja2()
        slow = bf.as_widget()
        form.renderer = FastJinja2()
        fast = bf.as_widget()
        assert fast == slow, bf.name
    return len(fields)


def _all(facts, sets) -> int:
    n = _compare(facts)
    for s in sets.values():
        n += _compare(s.management_form)
        for form in [*s.forms, s.empty_form]:
            n += _compare(form)
    return n


def test_declaration_form_widgets_render_as_the_templates(draft):
    assert _all(*bind_forms(draft)) > 50


def test_bound_widgets_with_errors_and_markup_render_as_the_templates(draft):
    data = facts_post(draft, current_title_name='<b>"工程师" & \'高工\'</b>',
                      relation_since="2017-02-30", hukou_in_guangxi="",
                      **{"education-0-school": "", "education-0-degree": "nonsense"})
    facts, sets = bind_forms(draft, data)
    facts.is_valid()
    for s in sets.values():
        s.is_valid()
    assert _all(facts, sets) > 50
    assert _compare(StartForm({"level": "x"})) == 5


class Odd(forms.Form):
    grouped = forms.ChoiceField(choices=[("A组", [("a", "甲 & 乙")]), ("b", "<丙>")])
    many = forms.MultipleChoiceField(choices=[("1", "一")], widget=forms.SelectMultiple)
    flag = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"x": True,
                                                                               "y": False}))
    text = forms.CharField(widget=forms.Textarea)
    when = forms.SplitDateTimeField()
    radio = forms.ChoiceField(choices=[("r", "R")], widget=forms.RadioSelect)


def test_other_widgets_render_as_the_templates():
    assert _compare(Odd()) == 6
    assert _compare(Odd({"grouped": "a", "many": ["1"], "flag": "on", "text": "<x>"})) == 6
