"""账号管理: officials open accounts for the level below them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from zhicheng.core.domain import accounts
from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import RoleAssignment
from zhicheng.core.session import active_assignment
from zhicheng.web.forms import AccountForm


@login_required
def account_list(request):
    creator = active_assignment(request)
    if not request.user.has_perm("core.open_accounts", creator):
        raise Http404
    form = AccountForm(
        request.POST or None,
        roles=accounts.creatable_roles(creator),
        units=accounts.units_in_scope(creator),
        offices=accounts.offices_in_scope(creator),
        committees=accounts.committees_in_scope(creator),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = accounts.create_official_account(
                creator=request.user, creator_assignment=creator, username=data["username"],
                real_name=data["real_name"], password=data["password"], role=data["role"],
                mobile=data["mobile"], unit=data["unit"], office=data["office"],
                committee=data["committee"])
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已开设账号「{user.username}」（{user.real_name}）。")
            return redirect("web:accounts")
    opened = (RoleAssignment.objects.filter(created_by=request.user)
              .select_related("user", "unit", "office", "committee").order_by("-id")[:200])
    return render(request, "web/accounts.html", {"form": form, "opened": opened})
