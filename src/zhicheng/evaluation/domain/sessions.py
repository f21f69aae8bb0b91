"""Sessions of a committee (§5.3): what they evaluate and what their draw requires."""

import datetime
import re

from django.db import transaction

from zhicheng.audit.domain import record
from zhicheng.core import clock
from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import Committee, Specialty, User
from zhicheng.declarations.models import Declaration, State
from zhicheng.evaluation.domain.pool import SOURCE, secretariat_of
from zhicheng.evaluation.models import EvaluationSession
from zhicheng.policy import committee as committee_rules

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{2,59}$")
# A session evaluates what the committee holds and has not yet decided (§3.2.1, §5.3.2).
EVALUABLE = frozenset({State.ACCEPTED_BY_COMMITTEE, State.UNDER_EVALUATION})


@transaction.atomic
def create_session(
    *,
    actor: User,
    committee_id: int,
    code: str,
    name: str,
    held_on: datetime.date,
    witness_name: str,
    witness_org: str,
    groups: dict[str, int],
    declaration_ids: list[int],
    max_per_unit: int = 0,
    min_external: int = 0,
    reserves: int = 2,
) -> EvaluationSession:
    acting = secretariat_of(actor, committee_id)
    committee = Committee.objects.get(pk=committee_id)
    code = (code or "").strip()
    if not CODE.match(code):
        raise Refused("会议编号由小写字母、数字和连字符组成（3～60个字符），"
                      "如 eng-senior-2017-1。", code="bad_code")
    if EvaluationSession.objects.filter(code=code).exists():
        raise Refused(f"会议编号「{code}」已被使用。", code="duplicate")
    if not name.strip() or not witness_name.strip() or not witness_org.strip():
        raise Refused("请填写会议名称、监督人员姓名及其所在单位（评委抽取须有监督人员在场）。",
                      code="required")
    specialties = set(Specialty.objects.filter(series_id=committee.series_id)
                      .values_list("code", flat=True))
    unknown = sorted(set(groups) - specialties)
    if unknown or not groups:
        raise Refused(f"专业组须为「{committee.series.name}」系列的专业"
                      + (f"，没有「{'、'.join(unknown)}」" if unknown else "") + "。",
                      code="bad_groups")
    if any(not isinstance(n, int) or n < 1 for n in groups.values()):
        raise Refused("每个专业组至少1个席位。", code="bad_groups")
    size = sum(groups.values())
    if not committee_rules.valid_committee_size(size, committee_rules.SESSION, held_on):
        raise Refused(f"评审会议出席的评委人数须为单数{SOURCE}，现为{size}人。",
                      code="even_size")
    decls = list(Declaration.objects.filter(pk__in=set(declaration_ids), committee=committee,
                                            state__in=EVALUABLE))
    if not decls or len(decls) != len(set(declaration_ids)):
        raise Refused("评审对象须为本评委会已受理、尚未作出评审结论的申报（§3.2.1、§5.3.2）。",
                      code="bad_declarations")
    session = EvaluationSession.objects.create(
        committee=committee, plan=decls[0].plan, code=code, name=name.strip(),
        held_on=held_on, witness_name=witness_name.strip(), witness_org=witness_org.strip(),
        groups=dict(sorted(groups.items())), max_per_unit=max_per_unit,
        min_external=min_external, reserves=reserves, created_by=actor,
        created_at=clock.now())
    session.declarations.set(decls)
    record(actor=actor, action="evaluation.session.create", obj=session, role=acting.role,
           scope=acting.scope_key, after={
               "code": code, "name": session.name, "held_on": held_on,
               "witness": f"{session.witness_name}（{session.witness_org}）",
               "groups": session.groups, "max_per_unit": max_per_unit,
               "min_external": min_external, "reserves": reserves,
               "declarations": sorted(d.pk for d in decls)})
    return session
