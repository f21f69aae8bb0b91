"""Shared helpers of the review pages."""

from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from zhicheng.core.domain.errors import NotFound
from zhicheng.declarations.models import Declaration
from zhicheng.review.domain.acting import load
from zhicheng.review.domain.checks import check_status, current_checks
from zhicheng.review.domain.pledges import pledge_for
from zhicheng.review.domain.recommendation import (
    current_deliberation,
    current_interview,
    needs_interview,
)
from zhicheng.review.models import CheckItem, CheckParty

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


def review_record(decl: Declaration) -> dict:
    """What the unit side recorded in this round: pledges, the item grid, interview,
    deliberation — shown to the unit and to the office."""
    parties = [CheckParty.UNIT] + ([CheckParty.TALENT_CENTRE] if decl.host_centre_id else [])
    latest = current_checks(decl)
    rows = [{"item": item, "cells": [latest.get((p.value, item.value)) for p in parties]}
            for item in CheckItem]
    pledges = [(decl.unit, pledge_for(decl.unit_id, decl.plan_id))]
    if decl.host_centre_id:
        pledges.append((decl.host_centre, pledge_for(decl.host_centre_id, decl.plan_id)))
    return {
        "parties": parties, "check_rows": rows, "check_status": check_status(decl),
        "unit_pledges": pledges, "interview": current_interview(decl),
        "deliberation": current_deliberation(decl), "needs_interview": needs_interview(decl),
    }
