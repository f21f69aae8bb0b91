from django.urls import path

from zhicheng.approvals import views
from zhicheng.core.session import requires

app_name = "approvals"

urlpatterns = [
    path("", requires("approvals.view_inbox")(views.inbox), name="inbox"),
    path("declarations/<int:pk>/education/", views.education_page, name="education"),
    path("declarations/<int:pk>/education/<int:education_id>/record/",
         views.education_record, name="education_record"),
    path("declarations/<int:pk>/education/<int:education_id>/service/",
         views.education_service, name="education_service"),
    path("declarations/<int:pk>/<slug:code>/", views.decide, name="decide"),
    path("config/", requires("approvals.view_config_changes")(views.config_requests),
         name="config"),
    path("config/<int:request_id>/<slug:verdict>/", views.config_decide, name="config_decide"),
]
