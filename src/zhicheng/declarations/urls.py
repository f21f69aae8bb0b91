from django.urls import path

from zhicheng.core.session import requires
from zhicheng.declarations import views

app_name = "declarations"

urlpatterns = [
    path("new/", requires("declarations.apply")(views.start), name="start"),
    path("<int:pk>/", views.view, name="view"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/eligibility/", views.eligibility_panel, name="eligibility"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
