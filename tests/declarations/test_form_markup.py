"""The edit form's field blocks and table rows are built in Python (declaration_forms tags)
for speed; they must give exactly the markup of the _field.html / _row.html includes."""

import pytest
from applying import facts_post
from django.template import engines

from zhicheng.declarations.forms import bind_forms

pytestmark = pytest.mark.django_db

NAMES = ("specialty kind channel current_level current_title_name current_title_certificate_no "
         "current_title_obtained_on relation_since hukou_in_guangxi archive_hosted_since "
         "retirement_category civil_servant from_state_organ retired_on "
         "retirement_extension_approved previous_id_numbers continuing_education_completed "
         "continuing_education_hours")

BY_INCLUDE = engines["django"].from_string(
    '{% load declaration_forms %}{% for name in names|split %}{% with field=facts|field:name %}'
    '{% include "declarations/_field.html" %}{% endwith %}{% endfor %}'
    '{% for formset in sets %}{% for form in formset %}{% include "declarations/_row.html" %}'
    '{% endfor %}{% with form=formset.empty_form %}{% include "declarations/_row.html" %}'
    '{% endwith %}{% endfor %}')
BY_TAG = engines["django"].from_string(
    '{% load declaration_forms %}{% field_blocks facts names %}'
    '{% for formset in sets %}{% for form in formset %}{% form_row form %}{% endfor %}'
    '{% form_row formset.empty_form %}{% endfor %}')


def _both(facts, sets) -> tuple[str, str]:
    context = {"facts": facts, "sets": list(sets.values()), "names": NAMES}
    return BY_INCLUDE.render(context), BY_TAG.render(context)


def test_record_bound_form_renders_the_same(draft):
    facts, sets = bind_forms(draft)
    by_include, by_tag = _both(facts, sets)
    assert 'name="education-0-school"' in by_tag
    assert by_tag == by_include


def test_form_with_errors_renders_the_same(draft):
    data = facts_post(draft, relation_since="2017-02-30", previous_id_numbers="1234",
                      **{"education-0-school": "", "education-0-graduated_on": "2030-01-01"})
    facts, sets = bind_forms(draft, data)
    facts.is_valid()
    for s in sets.values():
        s.is_valid()
    by_include, by_tag = _both(facts, sets)
    assert "field-error" in by_tag and "has-error" in by_tag
    assert by_tag == by_include
