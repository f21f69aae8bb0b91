from django.shortcuts import render
from django.urls import path

ITEMS = [{"n": i, "name": f"第{i}项", "state": "已提交" if i % 2 else "草稿"}
         for i in range(1, 21)]


def floor(request):
    return render(request, "floor.html", {"items": ITEMS})


urlpatterns = [path("", floor)]
