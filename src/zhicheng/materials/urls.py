from django.urls import path

from zhicheng.materials import views

app_name = "materials"

urlpatterns = [
    path("declarations/<int:pk>/", views.slots_page, name="slots"),
    path("declarations/<int:pk>/<slug:code>/upload/", views.upload, name="upload"),
    path("declarations/<int:pk>/<slug:code>/history/", views.slot_history, name="history"),
    path("files/<int:file_pk>/remove/", views.remove, name="remove"),
    path("files/<int:file_pk>/download/", views.download, name="download"),
    path("files/<int:file_pk>/preview/", views.preview, name="preview"),
]
