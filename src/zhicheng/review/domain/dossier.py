"""The whole dossier a reviewer decides on (§4.1.2, §4.2): the declared facts, every
education, work and achievement row, every current material file, the frozen eligibility
decision and the review records so far — grouped by the item each check judges, so that each
conclusion sits beside the material it is about. One fixed set of queries, however many rows
or files (the pages assert it)."""

from dataclasses import dataclass, field

from zhicheng.approvals.domain.education import status_rows
from zhicheng.declarations.domain.timeline import timeline
from zhicheng.declarations.models import AchievementKind, Declaration, State
from zhicheng.materials.models import MaterialFile
from zhicheng.review.domain.checks import check_status, current_checks
from zhicheng.review.domain.pledges import pledge_for
from zhicheng.review.domain.recommendation import (
    current_deliberation,
    current_interview,
    needs_interview,
)
from zhicheng.review.models import CheckItem, CheckParty, ItemCheck

# Which material slots bear on which check item (§4.1.2). A slot may serve two items
# (achievement proofs cover projects and papers); slots serving none are "其他材料".
ITEM_MATERIALS: dict[str, tuple[str, ...]] = {
    CheckItem.EDUCATION: ("education_certificate",),
    CheckItem.SENIORITY: ("title_certificate",),
    CheckItem.WORK_EXPERIENCE: ("social_insurance_proof", "business_license"),
    CheckItem.ACHIEVEMENTS: ("achievement_proof",),
    CheckItem.PAPERS: ("achievement_proof",),
    CheckItem.EXEMPTION_PROOFS: ("continuing_education_certificate", "prior_approval",
                                 "exceptional_conditions_proof"),
}
OFFICE_ON = State.OFFICE_QUEUE | State.WITH_COMMITTEE
PREVIEW_PAGE_CAP = 30  # pages shown inline per PDF; the rest are one download away


@dataclass
class FileView:
    file: MaterialFile
    is_pdf: bool
    pages: list[int]  # 1-based PDF pages previewed inline
    more_pages: int = 0  # pages beyond the cap


@dataclass
class Section:
    item: CheckItem | None  # None: 其他材料 (judged by no single item)
    title: str
    files: list[FileView] = field(default_factory=list)
    rows: list = field(default_factory=list)
    cells: list = field(default_factory=list)  # (party, latest check or None) per party


@dataclass
class Dossier:
    decl: Declaration
    education: list
    work: list
    achievements: list
    papers: list
    approvals: list
    education_status: list
    sections: list[Section]
    decision: dict | None
    findings: list[dict]
    parties: list[str]
    check_rows: list[dict]
    check_status: object
    unit_pledges: list
    interview: object
    deliberation: object
    needs_interview: bool
    earlier_checks: list[ItemCheck]
    timeline: list[dict]
    office_column: bool = False


def _file_view(mf: MaterialFile) -> FileView:
    stored = mf.stored_file
    if stored.content_type == "application/pdf":
        n = stored.page_count or 1
        shown = min(n, PREVIEW_PAGE_CAP)
        return FileView(mf, True, list(range(1, shown + 1)), n - shown)
    return FileView(mf, False, [])


def current_files(decl: Declaration) -> list[MaterialFile]:
    return list(MaterialFile.objects.filter(declaration=decl, is_current=True)
                .select_related("stored_file", "material_type")
                .order_by("material_type__sort_order", "material_type__code", "version"))


def dossier(decl: Declaration) -> Dossier:
    """Everything a reviewer sees on one declaration. `decl` comes from review.domain.acting
    .load (plan, unit, host centre, committee, series and applicant already joined)."""
    decl = (Declaration.objects.filter(pk=decl.pk)
            .select_related("plan", "unit", "host_centre", "committee", "series", "specialty",
                            "applicant")
            .prefetch_related("work_history", "approvals", "education", "achievements")
            .get())
    achievements = list(decl.achievements.all())
    files = [_file_view(mf) for mf in current_files(decl)]
    by_code: dict[str, list[FileView]] = {}
    for fv in files:
        by_code.setdefault(fv.file.material_type.code, []).append(fv)

    parties = [CheckParty.UNIT] + ([CheckParty.TALENT_CENTRE] if decl.host_centre_id else [])
    latest = current_checks(decl)
    # The office's own column (§4.2) from its review on, and wherever it has concluded.
    office_column = (decl.state in OFFICE_ON
                     or any(party == CheckParty.OFFICE for party, _ in latest))
    if office_column:
        parties.append(CheckParty.OFFICE)
    education = list(decl.education.all())
    rows_for = {
        CheckItem.EDUCATION: education,
        CheckItem.WORK_EXPERIENCE: list(decl.work_history.all()),
        CheckItem.ACHIEVEMENTS: [a for a in achievements if a.kind != AchievementKind.PAPER],
        CheckItem.PAPERS: [a for a in achievements if a.kind == AchievementKind.PAPER],
        CheckItem.EXEMPTION_PROOFS: list(decl.approvals.all()),
    }
    sections, used = [], set()
    for item in CheckItem:
        codes = ITEM_MATERIALS.get(item, ())
        used.update(codes)
        sections.append(Section(
            item=item, title=item.label, rows=rows_for.get(item, []),
            files=[fv for code in codes for fv in by_code.get(code, [])],
            cells=[(p, latest.get((p.value, item.value))) for p in parties]))
    others = [fv for fv in files if fv.file.material_type.code not in used]
    sections.append(Section(item=None, title="其他材料", files=others))

    pledges = [(decl.unit, pledge_for(decl.unit_id, decl.plan_id))]
    if decl.host_centre_id:
        pledges.append((decl.host_centre, pledge_for(decl.host_centre_id, decl.plan_id)))
    current_ids = {c.pk for c in latest.values()}
    # Earlier rounds and superseded conclusions: nothing a reviewer wrote is out of sight.
    earlier = [c for c in ItemCheck.objects.filter(declaration=decl)
               .select_related("checked_by", "checker_unit").order_by("-checked_at", "-id")
               if c.pk not in current_ids]
    decision = decl.decision or None
    return Dossier(
        decl=decl, education=education, work=rows_for[CheckItem.WORK_EXPERIENCE],
        achievements=rows_for[CheckItem.ACHIEVEMENTS], papers=rows_for[CheckItem.PAPERS],
        approvals=rows_for[CheckItem.EXEMPTION_PROOFS],
        education_status=status_rows(decl),  # without `user`: no per-row queries
        sections=sections, decision=decision,
        findings=(decision or {}).get("output", {}).get("findings", []),
        parties=parties,
        check_rows=[{"item": s.item, "cells": [c for _, c in s.cells]}
                    for s in sections if s.item],
        check_status=check_status(decl), unit_pledges=pledges,
        interview=current_interview(decl), deliberation=current_deliberation(decl),
        needs_interview=needs_interview(decl), earlier_checks=earlier,
        timeline=timeline(decl), office_column=office_column,
    )
