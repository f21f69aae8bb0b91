"""Section 二 of the notice: who may apply (申报范围和对象)."""

from __future__ import annotations

from ..case import Case
from ..dates import add_years
from ..findings import BLOCKING, INFO, MISSING, Finding
from ..retirement import BASE_AGE_MONTHS, retirement_date
from ..vocab import KIND_ZH, LEVEL_RANK, LEVEL_ZH
from . import Ctx, rule, zh_date


@rule("2.1.1/relation-in-guangxi@1")
def relation_in_guangxi(c: Case, x: Ctx) -> list[Finding]:
    """二（一）1: a Guangxi unit, relation ≥ N years on the application date.

    The anniversary day itself counts (一年以上 includes one year); a start on
    29 Feb completes on 28 Feb (民法典 第二百零二条)."""
    out: list[Finding] = []
    if not c.unit_in_guangxi:
        return out
    years = x.p["min_relation_years"]
    if c.relation_since.year + years < c.application_date.year:
        return out  # the common case: completed in an earlier year (add_years keeps the month)
    due = add_years(c.relation_since, years)
    if c.application_date < due:
        out.append(
            x.f(
                "2.1.1",
                "relation_too_short",
                BLOCKING,
                f"与用人单位建立人事（劳动）关系未满{years}年：关系自{zh_date(c.relation_since)}"
                f"起，至{zh_date(due)}方满{years}年，申报日期为{zh_date(c.application_date)}",
                {
                    "relation_since": c.relation_since.isoformat(),
                    "application_date": c.application_date.isoformat(),
                    "required_years": years,
                    "completed_on": due.isoformat(),
                },
            )
        )
    return out


@rule("2.1.2/outside-guangxi-tie@1")
def outside_guangxi_tie(c: Case, x: Ctx) -> list[Finding]:
    """二（一）2: a unit outside Guangxi needs 户口 in Guangxi or an archive hosted
    in Guangxi for ≥ N years. Entrusted evaluation (三（一）4) is the route for
    people without either, so it replaces this condition."""
    out: list[Finding] = []
    if c.unit_in_guangxi or c.hukou_in_guangxi:
        return out
    facts = {
        "unit_in_guangxi": False,
        "hukou_in_guangxi": c.hukou_in_guangxi,
        "archive_hosted_in_guangxi_since": c.archive_hosted_since.isoformat()
        if c.archive_hosted_since
        else None,
        "application_date": c.application_date.isoformat(),
        "channel": c.channel,
    }
    since = c.archive_hosted_since
    years = x.p["min_archive_hosting_years"]
    if since is not None and add_years(since, years) <= c.application_date:
        return out
    if c.channel == "entrusted":
        out.append(
            x.f(
                "2.1.2",
                "outside_guangxi_entrusted",
                INFO,
                "所在单位不在广西境内且户口、档案均不在广西，按委托评审程序申报，"
                "适用三（一）4的委托评审条件",
                facts,
            )
        )
    elif since is not None and since <= c.application_date:
        due = add_years(since, years)
        out.append(
            x.f(
                "2.1.2",
                "archive_hosting_too_short",
                BLOCKING,
                f"所在单位不在广西境内，户口不在广西，人事档案托管在广西人才交流服务中心"
                f"未满{years}年（自{zh_date(since)}起，至{zh_date(due)}方满）",
                facts | {"required_years": years, "completed_on": due.isoformat()},
            )
        )
    else:
        out.append(
            x.f(
                "2.1.2",
                "outside_guangxi_no_tie",
                BLOCKING,
                "所在单位不在广西境内，户口不在广西，人事档案也未托管在广西各级人才交流服务中心",
                facts,
            )
        )
    return out


@rule("2.1.3-2.1.4/retirement@1")
def retirement(c: Case, x: Ctx) -> list[Finding]:
    """二（一）3 and the paragraph after it.

    Retired, or at retirement age, on or before the cut-off → blocking unless an
    extension was approved. Reaching the age (or retiring) inside the year →
    allowed, except in 评聘结合 series; an approved extension also lifts that,
    since the person then does not retire in the year."""
    out: list[Finding] = []
    cutoff = x.p["retirement_cutoff"]
    start, end = x.p["retirement_window"]
    retired = c.retired_on
    if retired is None and c.birth_date.year + BASE_AGE_MONTHS[c.retirement_category] // 12 > (
        end.year
    ):
        return out  # the common case: the base age (never lowered) falls after the year
    due = retirement_date(c.birth_date, c.retirement_category, x.p["retirement_schedule"])
    if due > end and (retired is None or retired > end):
        return out  # the common case: retires after the year
    combined = (
        c.evaluation_appointment_combined
        or c.series in x.p["evaluation_appointment_combined_series"]
    )
    facts = {
        "birth_date": c.birth_date.isoformat(),
        "retirement_category": c.retirement_category,
        "retirement_date": due.isoformat(),
        "retired_on": retired.isoformat() if retired else None,
        "retirement_extension_approved": c.retirement_extension_approved,
    }
    extension = c.retirement_extension_approved
    if due <= cutoff or (retired is not None and retired <= cutoff):
        what = (
            f"已于{zh_date(retired)}办理退休手续"
            if retired is not None and retired <= cutoff
            else f"已于{zh_date(due)}达到规定退休年龄"
        )
        if extension:
            out.append(
                x.f(
                    "2.1.4",
                    "retirement_extension_approved",
                    INFO,
                    f"申报人{what}，已按审批程序办理延长退休年龄手续，可以申报",
                    facts,
                )
            )
        else:
            code = (
                "retired_before_cutoff"
                if retired is not None and retired <= cutoff
                else "retirement_age_before_cutoff"
            )
            out.append(
                x.f(
                    "2.1.4",
                    code,
                    BLOCKING,
                    f"{zh_date(cutoff)}以前已办理退休手续或已达规定退休年龄的专业技术人员不得"
                    f"申报：申报人{what}，且未办理延长退休年龄手续",
                    facts,
                )
            )
        return out
    if start <= due <= end or (retired is not None and start <= retired <= end):
        facts["evaluation_appointment_combined"] = combined
        if combined and not extension:
            out.append(
                x.f(
                    "2.1.3",
                    "retirement_in_year_combined_series",
                    BLOCKING,
                    f"申报人于{zh_date(due)}达到退休年龄；实行评聘结合的系列，"
                    f"{start.year}年度内达到退休年龄的人员不得申报",
                    facts,
                )
            )
        else:
            out.append(
                x.f(
                    "2.1.3",
                    "retirement_in_year",
                    INFO,
                    f"申报人于{zh_date(due)}达到退休年龄，{start.year}年度仍可申报相应的专业技术资格",
                    facts,
                )
            )
    return out


@rule("2.2.1/no-title-cap@1")
def no_title_cap(c: Case, x: Ctx) -> list[Finding]:
    """二（二）1: staff moved out of state organs: no-title declarations up to the cap."""
    out: list[Finding] = []
    if c.kind != "no_title" or not c.from_state_organ:
        return out
    cap = x.p["no_title_state_organ_level_cap"]
    if LEVEL_RANK[c.level] > LEVEL_RANK[cap]:
        out.append(
            x.f(
                "2.2.1",
                "no_title_above_state_organ_cap",
                BLOCKING,
                f"国家机关分流或交流到企事业单位人员无职称申报限于{LEVEL_ZH[cap]}（含）以下"
                f"专业技术资格，本次申报{LEVEL_ZH[c.level]}",
                {"kind": c.kind, "from_state_organ": True, "level": c.level, "cap": cap},
            )
        )
    return out


@rule("2.2.2/no-level-skipping@1")
def no_level_skipping(c: Case, x: Ctx) -> list[Finding]:
    """二（二）2: one level above the current one at most, for every kind (破格
    waives education and seniority only). Not applicable where having no title
    is the premise: no-title declarations and 转正定职 (first title after
    probation, which can be 中级 for doctors) with no current level."""
    out: list[Finding] = []
    if c.current_level is None and c.kind in ("no_title", "probation_confirmation"):
        return out
    have, want = LEVEL_RANK[c.current_level], LEVEL_RANK[c.level]
    if want - have <= 1:
        return out
    now = LEVEL_ZH[c.current_level] if c.current_level else "无职称"
    text = f"不得越级申报：现有职称为{now}，申报{LEVEL_ZH[c.level]}"
    if c.kind == "exceptional":
        text += "；破格申报为破学历资历，不等同于越级申报"
    elif c.current_level is None:
        text += "；无职称人员申报初级以上资格应按无职称申报办理"
    out.append(
        x.f(
            "2.2.2",
            "level_skipping",
            BLOCKING,
            text,
            {"kind": c.kind, "current_level": c.current_level, "level": c.level},
        )
    )
    return out


@rule("2.2.3/prior-approval@1")
def prior_approval(c: Case, x: Ctx) -> list[Finding]:
    """二（二）3: no-title and exceptional declarations need the series office's
    approval before applying; strict review flagged for the levels named."""
    out: list[Finding] = []
    if c.kind not in x.p["prior_approval_kinds"]:
        return out
    facts = {
        "kind": c.kind,
        "level": c.level,
        "series_office_prior_approval": "series_office_prior_approval" in c.approvals,
    }
    if "series_office_prior_approval" not in c.approvals:
        out.append(
            x.f(
                "2.2.3",
                "prior_approval_missing",
                MISSING,
                f"{KIND_ZH[c.kind]}应在申报前经相关系列职改办审批同意，未见审批同意记录",
                facts,
            )
        )
    strict = (c.kind == "no_title" and c.level in x.p["strict_review_no_title_levels"]) or (
        c.kind == "exceptional" and c.level in x.p["strict_review_exceptional_levels"]
    )
    if strict:
        out.append(
            x.f(
                "2.2.3",
                "strict_review",
                INFO,
                f"{LEVEL_ZH[c.level]}{KIND_ZH[c.kind]}由系列职改办从严掌握审批",
                facts,
            )
        )
    return out


@rule("2.3/civil-servant@1")
def civil_servant(c: Case, x: Ctx) -> list[Finding]:
    """二（三）: civil servants may not take part (中办发〔2016〕77号)."""
    out: list[Finding] = []
    if c.civil_servant and x.p["civil_servants_excluded"]:
        out.append(
            x.f(
                "2.3",
                "civil_servant",
                BLOCKING,
                "公务员不得参加专业技术人才职称评审",
                {"civil_servant": True},
            )
        )
    return out
