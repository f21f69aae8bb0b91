"""会议记录 (point 8): make it from the session page; download its PDF and JSON."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.evaluation.domain import records


@require_POST
def make(request, pk: int):
    try:
        minutes = records.make_record(actor=request.user, session_id=pk)
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "会议记录已生成，PDF 与 JSON 的摘要已写入审计链："
                                  f"PDF {minutes.pdf_sha256[:16]}…，"
                                  f"JSON {minutes.json_sha256[:16]}…。")
    return redirect("evaluation:session", pk=pk)


def _minutes(request, pk: int):
    try:
        return records.record_of(request.user, pk)
    except (NotFound, Refused):
        raise Http404 from None


def pdf(request, pk: int):
    minutes = _minutes(request, pk)
    with minutes.pdf.open("rb") as f:
        body = f.read()
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (f'attachment; filename="session-record-'
                                       f'{minutes.session.code}.pdf"')
    return response


def json_file(request, pk: int):
    minutes = _minutes(request, pk)
    # The canonical bytes: their sha256 is the one in the audit chain.
    response = HttpResponse(records.canonical_bytes(minutes.content),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="session-record-'
                                       f'{minutes.session.code}.json"')
    return response
