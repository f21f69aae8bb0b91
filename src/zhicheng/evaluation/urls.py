from django.urls import path

from zhicheng.core.session import requires
from zhicheng.evaluation.views import pool, records, sessions

app_name = "evaluation"

urlpatterns = [
    path("pool/", requires("evaluation.manage_pool")(pool.pool_page), name="pool"),
    path("pool/<int:pk>/status/", pool.change_status, name="pool_status"),
    path("sessions/", requires("evaluation.manage_pool")(sessions.sessions_page),
         name="sessions"),
    path("sessions/<int:pk>/", sessions.session_page, name="session"),
    path("sessions/<int:pk>/commit/", sessions.commit, name="commit"),
    path("sessions/<int:pk>/draw/", sessions.draw, name="draw"),
    path("sessions/<int:pk>/replace/", sessions.replace, name="replace"),
    path("sessions/<int:pk>/record.json", sessions.record_json, name="record"),
    path("sessions/<int:pk>/minutes/", requires("evaluation.make_session_record")(records.make),
         name="make_minutes"),
    path("sessions/<int:pk>/minutes.pdf",
         requires("evaluation.view_session_record")(records.pdf), name="minutes_pdf"),
    path("sessions/<int:pk>/minutes.json",
         requires("evaluation.view_session_record")(records.json_file), name="minutes_json"),
]
