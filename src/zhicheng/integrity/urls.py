from django.urls import path

from zhicheng.core.session import requires
from zhicheng.integrity.views import applicant, common, lists, office

app_name = "integrity"

urlpatterns = [
    path("cases/", requires("integrity.list_cases")(office.case_list), name="cases"),
    path("cases/open/", office.open_for, name="open_for"),
    path("declarations/<int:pk>/open/", office.open_case, name="open"),
    path("cases/<int:pk>/", office.case_page, name="case"),
    path("cases/<int:pk>/decide/", office.decide, name="decide"),
    path("my/", requires("declarations.apply")(applicant.my_cases), name="my_cases"),
    path("my/<int:pk>/", applicant.my_case, name="my_case"),
    path("my/<int:pk>/answer/", applicant.answer, name="answer"),
    path("proofs/<int:pk>/", common.proof_file, name="proof_file"),
    path("reported/", requires("integrity.view_reported")(lists.reported), name="reported"),
    path("records/", requires("integrity.view_records")(lists.records), name="records"),
    path("committee/", requires("integrity.committee_records")(lists.committee), name="committee"),
]
