from django.urls import path

from zhicheng.demo import views

app_name = "demo"
urlpatterns = [path("date/", views.move_date, name="move_date")]
