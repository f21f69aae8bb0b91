"""Helpers shared by the integrity pages."""

from django.http import Http404
from django.views.decorators.http import require_GET

from zhicheng.core.domain.errors import NotFound
from zhicheng.core.session import active_assignment
from zhicheng.integrity.domain.access import case_for, visible_cases
from zhicheng.integrity.models import CaseProof, FraudCase
from zhicheng.materials.serving import file_response

NOT_FOUND = "未找到该记录，或您无权查看。"


def load_case(request, pk: int) -> FraudCase:
    try:
        return case_for(request.user, pk)
    except NotFound:
        raise Http404(NOT_FOUND) from None


def acting_with(request, perm: str):
    """The session's active assignment, if it carries `perm`; else 404."""
    assignment = active_assignment(request)
    if assignment is None or not request.user.has_perm(perm, assignment):
        raise Http404(NOT_FOUND)
    return assignment


def answers_of(case: FraudCase) -> list:
    return list(case.answers.select_related("answered_by")
                .prefetch_related("proofs__stored_file").order_by("answered_at", "id"))


@require_GET
def proof_file(request, pk: int):
    proof = (CaseProof.objects.select_related("stored_file", "answer")
             .filter(pk=pk, answer__case__in=visible_cases(request.user).values("pk")).first())
    if proof is None:
        raise Http404(NOT_FOUND)
    return file_response(proof.stored_file)
