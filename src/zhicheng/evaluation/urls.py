from django.urls import path

from zhicheng.core.session import requires
from zhicheng.evaluation.views import pool

app_name = "evaluation"

urlpatterns = [
    path("pool/", requires("evaluation.manage_pool")(pool.pool_page), name="pool"),
    path("pool/<int:pk>/status/", pool.change_status, name="pool_status"),
]
