"""The timeline speaks Chinese: every action and actor has a label, never a raw code."""

import pytest

from zhicheng.declarations.domain.timeline import timeline
from zhicheng.declarations.models import Declaration
from zhicheng.demo.declarations import load_sample_declarations
from zhicheng.demo.load import load_demo

pytestmark = pytest.mark.django_db


def test_demo_declarations_read_in_chinese(settings):
    settings.ZHICHENG_TODAY = "2017-05-15"
    load_demo()
    load_sample_declarations()
    decl = Declaration.objects.filter(applicant__username="demo_sample_1").get()
    steps = timeline(decl)
    assert [(s["label"], s["role"]) for s in steps] == [("载入演示数据", "演示数据")]
