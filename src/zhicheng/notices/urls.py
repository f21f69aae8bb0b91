from django.urls import path

from zhicheng.core.session import requires
from zhicheng.notices.views import office, public, unit

app_name = "notices"

urlpatterns = [
    path("", public.notice_list, name="list"),
    path("<int:pk>/", public.notice_detail, name="detail"),
    path("<int:pk>/objection/<int:entry_id>/", public.lodge, name="lodge"),
    path("unit/", requires("notices.post_notice")(unit.manage), name="manage"),
    path("unit/period/", unit.period_preview, name="period"),
    path("unit/<int:pk>/", unit.unit_notice, name="unit_notice"),
    path("objections/<int:pk>/answer/", unit.answer, name="answer"),
    path("display/", requires("notices.set_display")(office.display), name="display"),
    path("workdays/", requires("notices.set_workdays")(office.workdays), name="workdays"),
]
