from django.urls import include, path

from zhicheng.api.main import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("apply/", include("zhicheng.declarations.urls")),
    path("materials/", include("zhicheng.materials.urls")),
    path("", include("zhicheng.web.urls")),
]
