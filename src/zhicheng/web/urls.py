from django.contrib.auth import views as auth_views
from django.urls import path

from zhicheng.core.session import requires
from zhicheng.web import accounts_views, applicant_views, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("role/", views.switch_role, name="switch_role"),
    path("declarations/", requires("declarations.list")(views.declaration_list),
         name="declarations"),
    path("declarations/<int:pk>/", views.declaration_detail, name="declaration"),
    path("declarations/<int:pk>/do/<slug:name>/", views.declaration_transition,
         name="declaration_transition"),
    path("accounts/", requires("core.open_accounts")(accounts_views.account_list), name="accounts"),
    path("plans/", views.plans, name="plans"),
    path("register/", applicant_views.register, name="register"),
    path("me/unit/", requires("declarations.apply")(applicant_views.binding), name="binding"),
    path("bindings/", requires("core.confirm_bindings")(applicant_views.unit_bindings),
         name="unit_bindings"),
    path("bindings/<int:pk>/decide/", applicant_views.decide_binding, name="decide_binding"),
]
