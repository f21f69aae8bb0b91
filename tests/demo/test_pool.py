"""The demo committee's expert pool: entered through the pool's domain, idempotent."""

import pytest

from zhicheng.core.models import Role, RoleAssignment
from zhicheng.demo.load import load_demo
from zhicheng.demo.pool import load_demo_pool
from zhicheng.evaluation.models import Expert

pytestmark = pytest.mark.django_db


def test_the_demo_pool(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ZHICHENG_TODAY = "2017-05-15"
    load_demo()
    assert load_demo_pool() == 9
    assert load_demo_pool() == 0
    experts = Expert.objects.select_related("user").order_by("code")
    assert [(e.code, e.user.real_name, e.status) for e in experts] == [
        ("E000001", "蒙振国", "in_pool"),
        ("E000002", "陈建华", "in_pool"), ("E000003", "刘志远", "in_pool"),
        ("E000004", "黄海", "in_pool"), ("E000005", "温莉", "in_pool"),
        ("E000006", "周民", "in_pool"), ("E000007", "唐宇", "in_pool"),
        ("E000008", "覃锋", "suspended"), ("E000009", "马伟", "out"),
    ]
    assert experts[0].user.username == "demo_expert"  # the demo's expert login
    assert sum(e.external for e in experts) == 2
    # Every expert account is made with its pool entry, bound to the committee only.
    assert RoleAssignment.objects.filter(role=Role.EXPERT).count() == RoleAssignment.objects.filter(
        role=Role.EXPERT, user__expert__isnull=False,
        committee__code="engineering-senior").count() == 9
    assert [e.user.is_active for e in experts][-1] is False
