"""Shared helpers of the review pages."""

from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from zhicheng.core.domain.errors import NotFound
from zhicheng.declarations.models import Declaration
from zhicheng.review.domain.acting import load

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
