from django.urls import path

from zhicheng.core.session import requires
from zhicheng.review.views import office, unit

app_name = "review"

urlpatterns = [
    path("unit/", requires("review.unit_queue")(unit.unit_queue), name="unit_queue"),
    path("unit/pledge/", unit.sign_pledge, name="sign_pledge"),
    path("unit/<int:pk>/", unit.unit_review, name="unit_review"),
    path("unit/<int:pk>/checks/", unit.record_checks, name="record_checks"),
    path("unit/<int:pk>/interview/", unit.record_interview, name="record_interview"),
    path("unit/<int:pk>/deliberation/", unit.record_deliberation, name="record_deliberation"),
    path("unit/<int:pk>/do/<slug:name>/", unit.unit_transition, name="unit_transition"),
    path("office/", requires("review.office_queue")(office.office_queue_page), name="office_queue"),
    path("office/bulk/", office.office_bulk, name="office_bulk"),
    path("office/<int:pk>/", office.office_review, name="office_review"),
    path("office/<int:pk>/checks/", office.office_checks, name="office_checks"),
    path("office/<int:pk>/do/<slug:name>/", office.office_transition, name="office_transition"),
]
