"""URLs as the lead will wire them: the project's, plus the materials pages and API."""

from django.urls import include, path
from ninja import NinjaAPI
from ninja.security import SessionAuth

from zhicheng.api_edge.errors import install_error_handlers
from zhicheng.materials.api import router
from zhicheng.urls import urlpatterns as project_urlpatterns

api = NinjaAPI(title="materials-test", version="test", auth=SessionAuth(),
               urls_namespace="materials-test-api")
install_error_handlers(api)
api.add_router("/materials", router)

urlpatterns = [
    path("api/test/", api.urls),
    path("materials/", include("zhicheng.materials.urls")),
    *project_urlpatterns,
]
