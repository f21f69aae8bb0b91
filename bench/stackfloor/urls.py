from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import include, path
from floor.urls import ITEMS


def anonymous(request):
    """The floor's template through the project's whole middleware stack."""
    return render(request, "floor.html", {"items": ITEMS})


@login_required
def signed_in(request):
    """The same for a signed-in user: the session and the user read as every page reads them
    (rendered without the request, so without the project's context processors)."""
    return HttpResponse(render_to_string("floor.html", {"items": ITEMS}))


@login_required
def chrome(request):
    """A signed-in page of the project with nothing in it: the context processors (role
    assignments for the navigation; in demo mode the banner's phases), base.html and its
    navigation — what every page of a role's daily work carries."""
    return render(request, "stackfloor/chrome.html", {"items": ITEMS})


urlpatterns = [
    path("_floor/anonymous/", anonymous),
    path("_floor/signed-in/", signed_in),
    path("_floor/chrome/", chrome),
    path("", include("zhicheng.urls")),
]
