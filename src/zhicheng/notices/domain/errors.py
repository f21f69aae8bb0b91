from zhicheng.core.domain.errors import Refused


class NoticeRefused(Refused):
    """Posting refused for some declarations; problems maps declaration id → message."""

    def __init__(self, problems: dict[int, str], names: dict[int, str]):
        self.problems = problems
        lines = "；".join(f"{names.get(pk, pk)}：{msg}" for pk, msg in problems.items())
        super().__init__(f"以下申报暂不能公示，本次公示未发布——{lines}", code="cannot_post")
