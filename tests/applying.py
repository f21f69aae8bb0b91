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
