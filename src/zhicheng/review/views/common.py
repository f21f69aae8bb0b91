"""Shared helpers of the review pages."""

from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from zhicheng.core.domain.errors import NotFound
from zhicheng.declarations.models import Declaration
from zhicheng.review.domain.acting import load
from zhicheng.review.domain.checks import Entry
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
