from django.urls import include, path

urlpatterns = [
    path("", include("zhicheng.web.urls")),
]
