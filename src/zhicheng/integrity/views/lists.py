"""Lists: cases reported to the regional office, the integrity list, and the committee's
applicants with their integrity flags (§4.2.1)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import render

from zhicheng.core import clock
from zhicheng.declarations.domain.scope import scope_q
from zhicheng.declarations.models import Declaration
from zhicheng.integrity.domain.records import (
    COMMITTEE_STATES,
    mask_id,
    person_numbers,
    records_for_declarations,
    search_records,
)
from zhicheng.integrity.models import FraudCase, IntegrityRecord
from zhicheng.integrity.views.common import acting_with


@login_required
def reported(request):
    acting_with(request, "integrity.view_reported")
    qs = (FraudCase.objects.filter(reported_to_region=True)
          .select_related("declaration__applicant", "declaration__unit", "office",
                          "decided_by", "integrity_record")
          .order_by("-reported_at", "-id"))
    office = request.GET.get("office", "")
    if office.isdigit():
        qs = qs.filter(office_id=int(office))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    for case in page:
        case.masked_id = mask_id(case.declaration.id_number)
    return render(request, "integrity/reported.html", {"page": page})


@login_required
def records(request):
    acting_with(request, "integrity.view_records")
    query = request.GET.get("q", "").strip()
    current_only = request.GET.get("current") == "1"
    today = clock.today()
    qs = search_records(query, include_expired=not current_only, today=today)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    for r in page:
        r.masked_id = mask_id(r.id_number)
        r.expired = r.is_expired(today)
    return render(request, "integrity/records.html", {
        "page": page, "q": query, "current_only": current_only})


@login_required
def committee(request):
    """The secretariat's declarations, each with the integrity records that concern it."""
    assignment = acting_with(request, "integrity.committee_records")
    flagged_only = request.GET.get("flagged") == "1"
    qs = (Declaration.objects.filter(scope_q(assignment), state__in=COMMITTEE_STATES)
          .select_related("applicant", "unit", "series").order_by("-id"))
    if flagged_only:
        qs = qs.filter(_flagged_q())
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    decls = list(page.object_list)
    found = records_for_declarations(decls)
    today = clock.today()
    rows = []
    for d in decls:
        numbers = person_numbers(d)
        # One record may concern several declarations (a unit's): flags per row, not on it.
        flags = [{"record": r, "own": r.id_number in numbers, "expired": r.is_expired(today)}
                 for r in found[d.pk]]
        rows.append({"decl": d, "records": flags, "masked_id": mask_id(d.id_number),
                     "current": any(not f["expired"] for f in flags)})
    return render(request, "integrity/committee.html", {
        "assignment": assignment, "page": page, "rows": rows, "flagged_only": flagged_only})


def _flagged_q() -> Q:
    return Q(Exists(IntegrityRecord.objects.filter(id_number=OuterRef("id_number")))
             | Exists(IntegrityRecord.objects.filter(unit_id=OuterRef("unit_id"))))
