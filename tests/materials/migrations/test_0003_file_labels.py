"""Migration 0003 numbers the files uploaded before 第N份/第N版 existed."""

import importlib

import pytest
from django.apps import apps
from samples import pdf_bytes, upload

from zhicheng.materials.domain import upload_material
from zhicheng.materials.models import MaterialFile

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "zhicheng.materials.migrations.0003_file_labels_and_reduction")


def test_existing_files_get_copy_and_revision(decl, mtype, file_store):
    mt = mtype("education_certificate")

    def send(name, replaces=None):
        return upload_material(declaration=decl, material_type=mt, actor=decl.applicant,
                               upload=upload(name, pdf_bytes()), replaces=replaces)

    first = send("本科.pdf")
    second = send("硕士.pdf")
    third = send("硕士二.pdf", replaces=second)
    fourth = send("博士.pdf")
    for mf in MaterialFile.objects.all():  # as the rows were before the migration
        mf.copy_no = mf.revision = 1
        mf.save(update_fields=["copy_no", "revision"])

    migration.number_files(apps, None)

    got = {mf.pk: (mf.copy_no, mf.revision, mf.label) for mf in MaterialFile.objects.all()}
    assert got == {first.pk: (1, 1, "第1份"), second.pk: (2, 1, "第2份"),
                   third.pk: (2, 2, "第2份 · 第2版"), fourth.pk: (3, 1, "第3份")}
    # The domain numbers new uploads the same way.
    assert [(m.copy_no, m.revision) for m in (first, second, third, fourth)] == [
        (1, 1), (2, 1), (2, 2), (3, 1)]
