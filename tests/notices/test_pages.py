"""Public and unit pages: masked IDs, order per office, objections, thin views."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import OfficeFactory, UnitFactory, official

from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import OfficeKind, Role
from zhicheng.notices.domain.objections import lodge_objection
from zhicheng.notices.domain.posting import post_notice
from zhicheng.notices.domain.settings import set_notice_setting
from zhicheng.notices.models import Notice, NoticeSetting, Objection

pytestmark = pytest.mark.django_db

D = datetime.date


def _post(hr, decls, **kw):
    return post_notice(actor=hr, assignment=assignments_of(hr)[0],
                       declaration_ids=[d.pk for d in decls], **kw)[0]


@pytest.fixture
def city_office(unit):
    return OfficeFactory(name="南宁市职改办", kind=OfficeKind.CITY, city=unit.city)


def test_public_page_masks_ids_and_orders_by_pinyin_by_default(client, hr, make_decl):
    a, b = make_decl("张三"), make_decl("王芳")
    notice = _post(hr, [a, b])
    page = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert a.id_number not in page and b.id_number not in page
    assert f"{a.id_number[:6]}********{a.id_number[-4:]}" in page
    assert page.index("王芳") < page.index("张三")
    assert "工程师" in page and "公示期" in page


def test_office_setting_changes_mask_and_order(client, hr, make_decl, city_office):
    a, b = make_decl("张三"), make_decl("王芳")
    notice = _post(hr, [a, b])
    officer = official(Role.OFFICE, office=city_office)
    set_notice_setting(actor=officer, office_id=city_office.pk, mask_style="first3_last4",
                       order="strokes")
    page = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert f"{a.id_number[:3]}***********{a.id_number[-4:]}" in page
    assert a.id_number[:6] + "*" not in page
    assert page.index("王芳") < page.index("张三")  # 王 4 strokes, 张 7
    set_notice_setting(actor=officer, office_id=city_office.pk, mask_style="hidden",
                       order="pinyin")
    page = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert a.id_number[-4:] + "<" not in page and "（不公开）" in page


def test_another_office_cannot_set_this_offices_display(city_office):
    from zhicheng.core.domain.errors import NotFound
    other = official(Role.OFFICE, office=OfficeFactory())
    with pytest.raises(NotFound):
        set_notice_setting(actor=other, office_id=city_office.pk, mask_style="hidden",
                           order="pinyin")
    assert NoticeSetting.objects.count() == 0


def test_public_list_shows_current_notices_only(client, hr, make_decl, settings):
    now = _post(hr, [make_decl("张三")])
    later = _post(hr, [make_decl("李四")], starts_on=D(2017, 7, 20))
    page = client.get(reverse("notices:list")).content.decode()
    assert reverse("notices:detail", args=[now.pk]) in page
    assert reverse("notices:detail", args=[later.pk]) not in page
    assert client.get(reverse("notices:detail", args=[later.pk])).status_code == 404
    settings.ZHICHENG_TODAY = "2017-07-20"
    assert client.get(reverse("notices:detail", args=[later.pk])).status_code == 200


def test_lodging_through_the_page_keeps_contact_details_private(client, hr, make_decl):
    notice = _post(hr, [make_decl("张三")])
    entry = notice.entries.get()
    url = reverse("notices:lodge", args=[notice.pk, entry.pk])
    response = client.post(url, {"name": "王明", "phone": "", "email": "", "text": "存疑"})
    assert response.status_code == 200
    assert "未留联系方式的异议不予受理" in response.content.decode()
    assert Objection.objects.count() == 0
    response = client.post(url, {"name": "王明", "phone": "13800000000", "text": "存疑"},
                           follow=True)
    page = response.content.decode()
    assert "您对「张三」的异议已提交" in page
    assert "异议1条，已答复0条" in page
    assert "13800000000" not in page and "王明" not in page


def test_detail_page_query_count_does_not_grow_with_entries(client, hr, make_decl):
    small = _post(hr, [make_decl(f"张{i}") for i in range(3)])
    big = _post(hr, [make_decl(f"李{i}") for i in range(30)])
    lodge_objection(entry_id=big.entries.first().pk, name="王明", phone="13800000000",
                    text="x")
    counts = []
    for n in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("notices:detail", args=[n.pk])).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_unit_pages_belong_to_the_unit(client, hr, make_decl):
    notice = _post(hr, [make_decl("张三")])
    stranger = official(Role.UNIT_HR, unit=UnitFactory())
    client.force_login(stranger)
    assert client.get(reverse("notices:unit_notice", args=[notice.pk])).status_code == 404
    o = lodge_objection(entry_id=notice.entries.get().pk, name="王明", phone="13800000000",
                        text="x", today=D(2017, 7, 10))
    assert client.post(reverse("notices:answer", args=[o.pk]), {"answer": "x"}).status_code \
        == 404
    client.force_login(hr)
    page = client.get(reverse("notices:unit_notice", args=[notice.pk])).content.decode()
    assert "13800000000" in page  # the unit sees contact details to verify
    response = client.post(reverse("notices:answer", args=[o.pk]), {"answer": "已核实"},
                           follow=True)
    assert "已答复对「张三」的异议。" in response.content.decode()
    assert Objection.objects.get().answer == "已核实"


def test_manage_page_posts_and_reports_problems_per_row(client, hr, make_decl,
                                                        notice_guards_only):
    from zhicheng.core.domain.errors import Refused
    a, b = make_decl("张三"), make_decl("李四")

    def items_checked(ctx):
        if ctx.declaration.pk == b.pk:
            raise Refused("尚有材料未逐项审核。", code="items_unchecked")

    notice_guards_only["items_checked"] = items_checked
    client.force_login(hr)
    page = client.get(reverse("notices:manage")).content.decode()
    assert "公示期至 <strong>2017年7月14日</strong>" in page
    response = client.post(reverse("notices:manage"), {
        "declaration": [a.pk, b.pk], "starts_on": "2017-07-10", "working_days": "5"})
    page = response.content.decode()
    assert "尚有材料未逐项审核。" in page and Notice.objects.count() == 0
    response = client.post(reverse("notices:manage"), {
        "declaration": [a.pk], "starts_on": "2017-07-10", "working_days": "5"}, follow=True)
    assert "已发布公示（1人），公示期至2017年7月14日。" in response.content.decode()


def test_period_preview_across_national_day(client, hr):
    client.force_login(hr)
    page = client.get(reverse("notices:period"),
                      {"starts_on": "2017-09-28", "working_days": "5"}).content.decode()
    assert "公示期至 <strong>2017年10月10日</strong>" in page


def test_unit_pages_refuse_non_unit_users(client):
    client.force_login(official(Role.OFFICE, office=OfficeFactory()))
    assert client.get(reverse("notices:manage")).status_code == 404
    assert client.get(reverse("notices:workdays")).status_code == 404
    assert client.get(reverse("notices:display")).status_code == 200
