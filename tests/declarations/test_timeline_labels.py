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
    decl = Declaration.objects.filter(applicant__username="demo_sample_19").get()
    steps = timeline(decl)
    assert [(s["label"], s["role"]) for s in steps] == [
        ("创建申报草稿", "申报人"), ("修改申报内容", "申报人"), ("提交申报", "申报人"),
        ("开始单位审核", "单位人事（职改）部门"), ("进行单位公示", "单位人事（职改）部门"),
        ("单位推荐", "单位人事（职改）部门"), ("职改办开始审核", "市／系列职改办"),
        ("受理并移交评委会", "市／系列职改办"), ("开始评审", "评委会办事机构"),
        ("评审通过", "评审专家"), ("评审结果公示（二次公示）", "市／系列职改办"),
        ("报自治区职改办", "市／系列职改办"), ("取消评审结果（材料造假）", "市／系列职改办"),
    ]
