"""Section 三 of the notice (申报程序及要求), and 七（三） for the period.

Rules return early when they do not apply and build `facts` only when they
report, since most cases pass most rules.
"""

from __future__ import annotations

from typing import Any

from .. import idnumber
from ..case import Case
from ..dates import add_years, month_index, month_str
from ..findings import BLOCKING, INFO, MISSING, Finding
from ..vocab import APPROVAL_ZH, LEVEL_ZH, MATERIAL_ZH
from . import Ctx, rule, zh_date


def _missing(
    x: Ctx, clause: str, codes: list[str], why: str, facts: dict[str, Any]
) -> list[Finding]:
    """One `missing` finding per approval or material code not on file."""
    return [
        x.f(
            clause,
            f"{code}_missing",
            MISSING,
            f"{why}，未见{APPROVAL_ZH.get(code) or MATERIAL_ZH.get(code, code)}",
            facts,
        )
        for code in codes
    ]


def _others(c: Case, channel_other_than: str | None = None) -> list[dict[str, Any]]:
    return [
        {"series": o.series, "level": o.level, "channel": o.channel}
        for o in c.other_declarations
        if channel_other_than is None or o.channel != channel_other_than
    ]


@rule("3.1.1/talent-market@1")
def talent_market(c: Case, x: Ctx) -> list[Finding]:
    """三（一）1: via a talent market only with an archive hosted there, the
    unit's consent and its assessment opinion."""
    if c.channel != "talent_market":
        return []
    since = c.archive_hosted_since
    no_archive = since is None or since > c.application_date
    lacking = [a for a in ("unit_consent", "unit_assessment_opinion") if a not in c.approvals]
    if not no_archive and not lacking:
        return []
    facts = {
        "channel": c.channel,
        "archive_hosted_in_guangxi_since": since.isoformat() if since else None,
        "approvals": sorted(c.approvals),
    }
    out = []
    if no_archive:
        out.append(
            x.f(
                "3.1.1",
                "talent_market_without_archive",
                BLOCKING,
                "未在广西各级人才市场办理档案托管，不能通过人才市场推荐申报",
                facts,
            )
        )
    return out + _missing(
        x,
        "3.1.1",
        lacking,
        "通过人才市场推荐申报，应经所在单位同意并填写基层单位考核推荐意见",
        facts,
    )


@rule("3.1.3/branch-channel@1")
def branch_channel(c: Case, x: Ctx) -> list[Finding]:
    """三（一）3: central units / out-of-province branches: HQ's written opinion
    filed with the committee's office; one channel only (a declaration through
    any other channel, or of unknown channel, is a second one)."""
    if c.channel != "central_or_external_branch":
        return []
    others = _others(c, c.channel)
    lacking = [] if "hq_channel_opinion_filed" in c.approvals else ["hq_channel_opinion_filed"]
    if not others and not lacking:
        return []
    facts = {
        "channel": c.channel,
        "approvals": sorted(c.approvals),
        "other_declarations_same_year": others,
    }
    out = _missing(
        x,
        "3.1.3",
        lacking,
        "中直驻桂单位或外省驻桂企业分支机构人员选择通过广西相应评委会申报，"
        "应由中直单位组织人事部门或总公司人力资源管理部门出具书面意见并报备案",
        facts,
    )
    if others:
        out.append(
            x.f(
                "3.1.3",
                "multiple_channels",
                BLOCKING,
                f"不得同时保留两种以上申报渠道、多头申报：本年度另有{len(others)}项"
                "通过其他渠道的申报",
                facts,
            )
        )
    return out


@rule("3.1.4/entrusted@1")
def entrusted(c: Case, x: Ctx) -> list[Finding]:
    """三（一）4: entrusted evaluation is for senior qualifications and needs the
    home province's entrustment and the regional office's approval."""
    if c.channel != "entrusted":
        return []
    levels = x.p["entrusted_levels"]
    lacking = [
        a for a in ("home_province_entrustment", "regional_office_approval") if a not in c.approvals
    ]
    if c.level in levels and not lacking:
        return []
    facts = {
        "channel": c.channel,
        "level": c.level,
        "unit_in_guangxi": c.unit_in_guangxi,
        "approvals": sorted(c.approvals),
    }
    out = []
    if c.level not in levels:
        allowed = "、".join(LEVEL_ZH[v] for v in levels)
        out.append(
            x.f(
                "3.1.4",
                "entrusted_level_not_allowed",
                BLOCKING,
                f"委托评审只适用于高级专业技术资格（{allowed}），本次申报{LEVEL_ZH[c.level]}",
                facts,
            )
        )
    return out + _missing(
        x,
        "3.1.4",
        lacking,
        "委托评审应由申报人所属省级职改管理部门出具委托材料，并经自治区职改办审核同意",
        facts,
    )


@rule("3.1.5/legal-person@1")
def legal_person(c: Case, x: Ctx) -> list[Finding]:
    """三（一）5: a branch without legal-person status cannot be the applying unit,
    except banks, insurers (and the like, configurable)."""
    if c.unit_legal_person:
        return []
    facts = {"legal_person": False, "industry": c.unit_industry}
    if c.unit_industry in x.p["branch_exempt_industries"]:
        return [
            x.f(
                "3.1.5",
                "branch_exempt_industry",
                INFO,
                "申报单位不具有独立法人地位，但属银行、保险公司等法律法规明确规定可独立承担"
                "民事责任能力的分支机构，可以作为申报单位",
                facts,
            )
        ]
    return [
        x.f(
            "3.1.5",
            "branch_not_legal_person",
            BLOCKING,
            "不得选择不具有独立法人地位的分支机构作为申报单位参评",
            facts,
        )
    ]


@rule("3.1.6/one-per-year@1")
def one_per_year(c: Case, x: Ctx) -> list[Finding]:
    """三（一）6: one qualification per person per year; more voids them all."""
    if len(c.other_declarations) + 1 <= x.p["max_qualifications_per_year"]:
        return []
    listed = "、".join(f"{o.series}（{LEVEL_ZH[o.level]}）" for o in c.other_declarations)
    return [
        x.f(
            "3.1.6",
            "more_than_one_per_year",
            BLOCKING,
            f"同一年度不得申报评审两个以上专业技术资格，本年度另有申报：{listed}；"
            "如同一年度申报的，该年度所有评审结果无效",
            {"other_declarations_same_year": _others(c)},
        )
    ]


@rule("3.2.2/continuing-education@1")
def continuing_education(c: Case, x: Ctx) -> list[Finding]:
    """三（二）2: the year's continuing education, with its certificate.

    Not completed is blocking, not missing: the task must be done when the
    declaration is made, and 三（二）1 allows no material to be added once the
    declaration reaches the committee. Completed without the certificate on file
    is missing."""
    if not x.p["continuing_education_required"]:
        return []
    on_file = "continuing_education_certificate" in c.materials
    if c.continuing_education_completed and on_file:
        return []
    facts = {
        "continuing_education_completed": c.continuing_education_completed,
        "certificate_on_file": on_file,
    }
    if not c.continuing_education_completed:
        return [
            x.f(
                "3.2.2",
                "continuing_education_not_completed",
                BLOCKING,
                "未完成规定的继续教育任务或本年度公需科目学习任务",
                facts,
            )
        ]
    return _missing(
        x,
        "3.2.2",
        ["continuing_education_certificate"],
        "应提供继续教育（公需科目）合格证明材料",
        facts,
    )


@rule("3.2.3/exams@1")
def exams(c: Case, x: Ctx) -> list[Finding]:
    """三（二）3: exams per 桂人社发〔2017〕4号 — a parameter (none by default)."""
    out = []
    for req in x.p["exam_requirements"]:
        if not req.applies(c.series, c.level):
            continue
        if req.certificate in c.materials or any(e in c.materials for e in req.exemptions):
            continue
        if req.exempt_from_age and (
            add_years(c.birth_date, req.exempt_from_age) <= c.application_date
        ):
            continue
        out.append(
            x.f(
                "3.2.3",
                f"exam_{req.exam}_missing",
                MISSING,
                f"申报{LEVEL_ZH[c.level]}应提供{req.name_zh}合格证书或免试证明",
                {
                    "series": c.series,
                    "level": c.level,
                    "exam": req.exam,
                    "materials": sorted(c.materials),
                },
            )
        )
    return out


@rule("3.2.4.1/non-public-proofs@1")
def non_public_proofs(c: Case, x: Ctx) -> list[Finding]:
    """三（二）4（1）: non-public organisations: social insurance paid in each of the
    N months immediately before the application month (that month excluded),
    the payment proof, and the business licence."""
    if c.unit_type not in x.p["social_insurance_unit_types"]:
        return []
    n = x.p["social_insurance_months"]
    this_month = month_index(c.application_date)
    gaps = [m for m in range(this_month - n, this_month) if m not in c.social_insurance_months]
    lacking = [m for m in ("social_insurance_proof", "business_license") if m not in c.materials]
    if not gaps and not lacking:
        return []
    window = [month_str(m) for m in range(this_month - n, this_month)]
    gap_names = [month_str(m) for m in gaps]
    facts = {
        "unit_type": c.unit_type,
        "application_date": c.application_date.isoformat(),
        "required_months": window,
        "months_without_payment": gap_names,
        "materials": sorted(c.materials),
    }
    why = "非公经济组织和社会组织人员申报"
    out = []
    if gaps:
        out.append(
            x.f(
                "3.2.4.1",
                "social_insurance_too_short",
                BLOCKING,
                f"{why}，应有申报前连续{n}个月以上（不含申报当月）个人社保缴费记录："
                f"{window[0]}至{window[-1]}中{'、'.join(gap_names)}无缴费记录",
                facts,
            )
        )
    for code in lacking:
        what = (
            f"申报前连续{n}个月以上（不含申报当月）个人社保缴费证明"
            if code == "social_insurance_proof"
            else "法人营业执照复印件或工商部门出具的单位查档证明材料"
        )
        out += _missing(x, "3.2.4.1", [code], f"{why}，应提供{what}", facts)
    return out


@rule("3.2.4.2/exceptional-proofs@1")
def exceptional_proofs(c: Case, x: Ctx) -> list[Finding]:
    """三（二）4（2）: exceptional: the approval to apply so + proof of the conditions."""
    if c.kind != "exceptional":
        return []
    out = []
    if "series_office_prior_approval" not in c.approvals or (
        "exceptional_conditions_proof" not in c.materials
    ):
        facts = {"kind": c.kind, "approvals": sorted(c.approvals), "materials": sorted(c.materials)}
        if "series_office_prior_approval" not in c.approvals:
            out += _missing(
                x,
                "3.2.4.2",
                ["series_office_prior_approval"],
                "破格申报应提供系列评委会（职改办）同意破格申报的材料",
                facts,
            )
        if "exceptional_conditions_proof" not in c.materials:
            out += _missing(
                x,
                "3.2.4.2",
                ["exceptional_conditions_proof"],
                "破格申报应提供达到破格条件的证明材料",
                facts,
            )
    return out


@rule("3.2.4.3/id-change@1")
def id_change(c: Case, x: Ctx) -> list[Finding]:
    """三（二）4（3）: proofs under another ID number. The standard 15→18 upgrade of
    the current number is the same number by rule (info only); any other number
    needs the household-registration authority's proof."""
    if not c.previous_id_numbers:
        return []
    out = []
    abnormal = []
    for prev in c.previous_id_numbers:
        if prev == c.id_number:
            continue
        if len(prev) == 15 and idnumber.upgrade(prev) == c.id_number:
            out.append(
                x.f(
                    "3.2.4.3",
                    "id_standard_upgrade",
                    INFO,
                    f"证明材料上的身份证号码{prev}是本人号码{c.id_number}的正常升位"
                    "（15位升18位），视为同一号码",
                    {"previous_id_number": prev, "id_number": c.id_number},
                )
            )
        else:
            abnormal.append(prev)
    if not abnormal:
        return out
    listed = "、".join(abnormal)
    facts = {
        "id_number": c.id_number,
        "previous_id_numbers": abnormal,
        "id_change_proof_on_file": "id_change_proof" in c.materials,
    }
    if "id_change_proof" in c.materials:
        out.append(
            x.f(
                "3.2.4.3",
                "id_change_proof_on_file",
                INFO,
                f"证明材料关联其他身份证号码（{listed}），已提供户籍管理部门的同一人证明",
                facts,
            )
        )
        return out
    return out + _missing(
        x,
        "3.2.4.3",
        ["id_change_proof"],
        f"证明材料关联其他身份证号码（{listed}），属号码非正常升位（变动），"
        "应提供户籍管理部门关于两个身份证号码属于同一人的证明材料",
        facts,
    )


@rule("7.3/period@1")
def period(c: Case, x: Ctx) -> list[Finding]:
    """七（三）: a declaration dated outside the set's period is evaluated, with a note."""
    if x.ps.in_force(c.application_date):
        return []
    start, end = x.ps.effective_from, x.ps.effective_to
    span = f"{zh_date(start)}至{zh_date(end) if end else '今'}"
    return [
        x.f(
            "7.3",
            "outside_policy_period",
            INFO,
            f"申报日期{zh_date(c.application_date)}不在本通知适用期间（{span}）内，"
            "应按届时现行有效的职称政策执行，本结论仅供参考",
            {
                "application_date": c.application_date.isoformat(),
                "effective_from": start.isoformat(),
                "effective_to": end.isoformat() if end else None,
            },
        )
    ]
