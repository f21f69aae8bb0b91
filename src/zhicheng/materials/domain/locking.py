"""When materials may change (§3.2.1: no supplementing after hand-over to the committee)."""

from zhicheng.declarations.models import Declaration, State

LOCKED_MESSAGE = "申报材料已报送评委会，按桂职办〔2017〕26号 §3.2.1 不允许补充或更换材料。"


def can_change_materials(declaration: Declaration) -> tuple[bool, str]:
    """(allowed, why not). Applies to everyone: after hand-over not even an office may add."""
    state = declaration.state
    if state in State.EDITABLE:
        return True, ""
    if state in State.MATERIALS_LOCKED:
        return False, LOCKED_MESSAGE
    return False, (f"申报已提交（当前状态：{State(state).label}），申报材料只能在被退回修改后"
                   "补充或更换。")


def lock_code(declaration: Declaration) -> str:
    locked = declaration.state in State.MATERIALS_LOCKED
    return "materials_locked" if locked else "materials_submitted"
