from django.urls import include, path

from zhicheng.api.main import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("apply/", include("zhicheng.declarations.urls")),
    path("materials/", include("zhicheng.materials.urls")),
    path("review/", include("zhicheng.review.urls")),
    path("notices/", include("zhicheng.notices.urls")),
    path("approvals/", include("zhicheng.approvals.urls")),
    path("integrity/", include("zhicheng.integrity.urls")),
    path("evaluation/", include("zhicheng.evaluation.urls")),
    path("demo/", include("zhicheng.demo.urls")),
    path("", include("zhicheng.web.urls")),
]
