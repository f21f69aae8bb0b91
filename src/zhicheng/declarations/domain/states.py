"""The states of a declaration, as the workflow table sees them: for each, the name the
applicant sees, what happens next, and which roles may view and edit the declaration in it.
Scope (scope.py) says which declarations an assignment covers; this says in which states."""

from dataclasses import dataclass

from zhicheng.core.models import Role
from zhicheng.declarations.models import State

S = State
R = Role
UNIT_SIDE = Role.UNIT_SIDE


@dataclass(frozen=True)
class StateInfo:
    state: str
    applicant_label: str  # the name the applicant sees
    next_step: str  # what happens next, told to the applicant
    viewers: frozenset[str]  # roles that may view the declaration in this state (in scope)
    editors: frozenset[str]  # roles that may change its facts and materials


def _s(state, applicant_label, next_step, viewers, editors=()):
    return StateInfo(state, applicant_label, next_step, frozenset(viewers), frozenset(editors))


_UNTIL_UNIT = {R.APPLICANT, *UNIT_SIDE, R.OFFICE, R.REGIONAL_OFFICE}
_WITH_COMMITTEE = {*_UNTIL_UNIT, R.SECRETARIAT}
# A member sees a session's dossiers while the committee evaluates them (§5.3.2), not after.
_IN_EVALUATION = {*_WITH_COMMITTEE, R.EXPERT}

# A draft is the applicant's until submitted (issue 8): officials see one only through a
# request it carries (§2.2.3, §3.1.1, §3.1.3, §3.1.4), and then only that request's facts.
STATES: dict[str, StateInfo] = {i.state: i for i in (
    _s(S.DRAFT, "草稿", "继续填写申报表、上传材料，检查无误后提交。", {R.APPLICANT},
       {R.APPLICANT}),
    _s(S.RETURNED, "已退回修改", "按退回理由修改后重新提交。", _UNTIL_UNIT, {R.APPLICANT}),
    _s(S.SUBMITTED, "已提交，待单位审核", "等待单位审核；单位处理前您可以撤回。", _UNTIL_UNIT),
    _s(S.UNIT_REVIEW, "单位审核中", "单位正在审核您的材料。", _UNTIL_UNIT),
    _s(S.UNIT_NOTICE, "单位公示中", "单位正在公示申报人员及材料（§4.1.3）。", _UNTIL_UNIT),
    _s(S.RECOMMENDED, "单位已推荐", "单位已推荐，等待职改办审核。", _UNTIL_UNIT),
    _s(S.OFFICE_REVIEW, "职改办审核中", "职改办正在审核。", _UNTIL_UNIT),
    _s(S.ACCEPTED_BY_COMMITTEE, "评委会已受理",
       "材料已报送评委会，不能再补充或更换（§3.2.1）。", _IN_EVALUATION),
    _s(S.UNDER_EVALUATION, "评审中", "评委会评审中。", _IN_EVALUATION),
    _s(S.PASSED, "评审通过", "评审通过，等待结果公示。", _WITH_COMMITTEE),
    _s(S.FAILED, "评审未通过", "评审未通过。", _WITH_COMMITTEE),
    _s(S.RESULT_NOTICE, "评审结果公示中", "评审结果公示中。", _WITH_COMMITTEE),
    _s(S.REPORTED, "已报批", "已报自治区职改办审核确认。", _WITH_COMMITTEE),
    _s(S.APPROVED, "已批准", "已批准，等待发放证书。", _WITH_COMMITTEE),
    _s(S.CERTIFIED, "已发证", "证书已发放，可在线审验。", _WITH_COMMITTEE),
    _s(S.REJECTED, "审核不通过", "审核不通过，本年度申报结束。", _UNTIL_UNIT),
    _s(S.WITHDRAWN, "已撤回", "您已撤回本申报。", _UNTIL_UNIT),
    _s(S.REVOKED, "已撤销（材料造假）", "评审结果已被取消（§4.2.2）。", _WITH_COMMITTEE),
    _s(S.VOIDED, "已作废（同年多头申报）",
       "同一年度申报两个以上资格，本年度评审结果无效（§3.1.6）。", _WITH_COMMITTEE),
)}


def may_view(role: str, state: str) -> bool:
    return role in STATES[state].viewers


def may_edit(role: str, state: str) -> bool:
    return role in STATES[state].editors


def hidden_from(role: str) -> frozenset[str]:
    """The states in which `role` may not view a declaration, even one in its scope."""
    return frozenset(s for s, info in STATES.items() if role not in info.viewers)
