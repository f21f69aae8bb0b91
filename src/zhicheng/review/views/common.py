"""Shared helpers of the review pages."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.declarations.models import Declaration
from zhicheng.review.domain.acting import load
from zhicheng.review.domain.checks import Entry, record_checks
from zhicheng.review.models import CheckItem

NOT_FOUND = "未找到该申报，或不在您的管辖范围内。"


def declaration_or_404(request, pk: int, perm: str) -> Declaration:
    try:
        decl = load(pk)
    except NotFound:
        raise Http404(NOT_FOUND) from None
    if not request.user.has_perm(perm, decl):
        raise Http404(NOT_FOUND)
    return decl


def safe_next(request, fallback: str) -> str:
    url = request.POST.get("next") or ""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}):
        return url
    return fallback


def save_checks(request, decl, *, assignment_id, page, back: str):
    """Record the posted per-item conclusions of the acting party (unit side or office);
    a refused save re-renders the page with everything that was chosen."""
    try:
        made = record_checks(decl.pk, actor=request.user, entries=posted_entries(request.POST),
                             assignment_id=assignment_id)
    except NotFound:
        raise Http404(NOT_FOUND) from None
    except Refused as exc:
        messages.error(request, exc.message)
        return page(request, decl, status=422, posted=request.POST)
    if made:
        messages.success(request, f"已记录{len(made)}项审核结论。")
    else:
        messages.info(request, "审核结论没有变化，未重复记录。")
    return redirect(back, pk=decl.pk)


def posted_entries(post) -> list[Entry]:
    """The per-item conclusions a review page posts (rows left empty are not sent on)."""
    return [Entry(item.value, post.get(f"result_{item.value}", ""),
                  post.get(f"remark_{item.value}", ""))
            for item in CheckItem if post.get(f"result_{item.value}")]


def check_inputs(record: dict, party: str, posted=None) -> dict[str, dict]:
    """item → {result, remark} shown in the form: what was just posted (a refused save keeps
    every choice and remark), else the party's current conclusion."""
    col = record["parties"].index(party)
    inputs = {}
    for row in record["check_rows"]:
        item = row["item"].value
        if posted is not None:
            inputs[item] = {"result": posted.get(f"result_{item}", ""),
                            "remark": posted.get(f"remark_{item}", "")}
        else:
            c = row["cells"][col]
            inputs[item] = {"result": c.result if c else "", "remark": c.remark if c else ""}
    return inputs
