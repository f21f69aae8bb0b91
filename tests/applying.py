"""Helpers for tests that walk an applicant through declaring."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from factories import CommitteeFactory, PlanFactory, UnitFactory, applicant, official
from samples import pdf_bytes

from zhicheng.core.domain.bindings import decide_binding, request_binding
from zhicheng.core.models import BindingPurpose, Role
from zhicheng.declarations.domain.drafting import save_facts, start_declaration
from zhicheng.materials.domain import upload_material
from zhicheng.materials.models import MaterialType

APPLY_DAY = datetime.date(2017, 5, 15)
REQUIRED = ["id_card", "education_certificate", "title_certificate",
            "continuing_education_certificate", "pledge"]


def bind(person, unit, purpose=BindingPurpose.EMPLOYER, confirm=True):
    b = request_binding(user=person, unit=unit, purpose=purpose)
    if confirm:
        decide_binding(binding_id=b.pk, actor=official(Role.UNIT_HR, unit=unit), confirm=True)
    return b


def upload(decl, code, actor=None):
    return upload_material(
        declaration=decl, material_type=MaterialType.objects.get(code=code),
        upload=SimpleUploadedFile(f"{code}.pdf", pdf_bytes(), "application/pdf"),
        actor=actor or decl.applicant)


FACTS = {"current_level": "intermediate", "current_title_name": "工程师",
         "relation_since": datetime.date(2010, 7, 1), "continuing_education_completed": True,
         "hukou_in_guangxi": True}




def make_draft(*, today=APPLY_DAY, unit=None, person=None, committee=None, facts=None,
               level="deputy_senior", **start):
    unit = unit or UnitFactory()
    person = person or applicant(real_name="李明")
    bind(person, unit)
    decl = start_declaration(applicant=person, plan=PlanFactory(),
                             committee=committee or CommitteeFactory(), level=level, **start)
    return save_facts(decl.pk, person, {**FACTS, **(facts or {})})


def make_ready(**kwargs):
    decl = make_draft(**kwargs)
    for code in REQUIRED:
        upload(decl, code)
    return decl


def facts_post(decl, **over):
    """The declaration form as the page posts it: valid facts and one education row."""
    data = {
        "specialty": "", "kind": "regular", "channel": "unit", "current_level": "intermediate",
        "current_title_name": "工程师", "current_title_certificate_no": "",
        "current_title_obtained_on": "2011-12-01", "relation_since": "2010-07-01",
        "hukou_in_guangxi": "on", "archive_hosted_since": "", "retirement_category": "",
        "retired_on": "", "previous_id_numbers": "", "continuing_education_completed": "on",
        "continuing_education_hours": "90",
    }
    for prefix in ("education", "work_history", "achievements", "approvals"):
        data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update({"education-0-school": "广西大学", "education-0-major": "土木工程",
                 "education-0-degree": "bachelor", "education-0-graduated_on": "2002-07-01",
                 "education-0-certificate_no": "105931200205000123"})
    data.update(over)
    return data
