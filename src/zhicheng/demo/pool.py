"""The demo committee's expert pool, entered by demo_secretariat through the pool's domain
functions (idempotent): enough experts across the engineering groups to look at, one suspended
and one out, each with its reason."""

import datetime

from django.db import transaction

from zhicheng.core import clock
from zhicheng.core.models import City, Committee, Specialty, User
from zhicheng.demo import data
from zhicheng.demo.codes import credit_code
from zhicheng.evaluation.domain.pool import add_expert, change_status
from zhicheng.evaluation.models import Expert

D = datetime.date
COMMITTEE = "engineering-senior"
SECRETARIAT = "demo_secretariat"

# (username, name, title, level, specialty, employer, org code body, city, external)
EXPERTS = [
    # The demo's expert login (printed by `make run`): the chair of both demo sessions.
    ("demo_expert", "蒙振国", "正高级工程师", "senior", "building", "广西华蓝设计（集团）有限公司",
     "19825000", "450100", False),
    ("expert_chenjh", "陈建华", "正高级工程师", "senior", "building", "广西建工集团有限责任公司",
     "19825001", "450100", False),
    ("expert_liuzy", "刘志远", "正高级工程师", "senior", "road_bridge", "广西交通设计集团有限公司",
     "19825002", "450100", False),
    ("expert_huanghai", "黄海", "高级工程师", "deputy_senior", "building", "柳州市建筑设计研究院",
     "19825003", "450200", False),
    ("expert_wenli", "温莉", "正高级工程师", "senior", "electrical", "广西电网有限责任公司",
     "19825004", "450100", False),
    ("expert_zhoumin", "周民", "正高级工程师", "senior", "mechanical", "广西柳工机械股份有限公司",
     "19825005", "450200", False),
    ("expert_tangyu", "唐宇", "正高级工程师", "senior", "road_bridge", "湖南省交通规划勘察设计院",
     "19825006", "", True),
    ("expert_qinfeng", "覃锋", "高级工程师", "deputy_senior", "electrical", "桂林电力设计院",
     "19825007", "450300", False),
    ("expert_mawei", "马伟", "正高级工程师", "senior", "mechanical", "广东省机械研究所",
     "19825008", "", True),
]


ENTERED = datetime.datetime(2017, 4, 10, 1, 30, tzinfo=datetime.UTC)
CHANGED = datetime.datetime(2017, 6, 12, 2, 0, tzinfo=datetime.UTC)


def _who() -> tuple[Committee | None, User | None]:
    return (Committee.objects.filter(code=COMMITTEE).first(),
            User.objects.filter(username=SECRETARIAT).first())


@transaction.atomic
def load_demo_pool() -> int:
    """The pool on its own (when the sample year is not loaded); the sample year enters it
    on its own dates (demo.declarations)."""
    committee, secretariat = _who()
    if committee is None or secretariat is None or Expert.objects.filter(
            committee=committee).exists():
        return 0
    with clock.fixed_at(ENTERED):
        enter_experts()
    with clock.fixed_at(CHANGED):
        change_statuses()
    return len(EXPERTS)


def enter_experts() -> None:
    committee, secretariat = _who()
    for username, name, title, level, specialty, employer, body, city, external in EXPERTS:
        add_expert(
            actor=secretariat, committee_id=committee.pk, username=username,
            real_name=name, password=data.DEMO_PASSWORD, title_name=title, level=level,
            specialty=Specialty.objects.get(series=committee.series, code=specialty),
            employer_name=employer, employer_code=credit_code("91", city or "430100", body),
            city=City.objects.filter(code=city).first() if city else None,
            external=external, term_starts=D(2017, 1, 1), term_ends=D(2019, 12, 31),
            reason="经自治区工程系列职改办遴选入库（2017—2019届）")


def change_statuses() -> None:
    committee, secretariat = _who()
    experts = {e.user.username: e for e in Expert.objects.filter(committee=committee)
               .select_related("user")}
    change_status(actor=secretariat, expert_id=experts["expert_qinfeng"].pk,
                  to_status="suspended", reason="本人申请：2017年下半年借调外省工作")
    change_status(actor=secretariat, expert_id=experts["expert_mawei"].pk,
                  to_status="out", reason="本人因健康原因申请退出评委库")


def expert_logins() -> list[tuple[str, str, str, str]]:
    """(username, password, role, scope) of the pool's experts, for the demo's login table."""
    return [(e.user.username, data.DEMO_PASSWORD, "评审专家", e.committee.name)
            for e in Expert.objects.filter(committee__code=COMMITTEE, status="in_pool")
            .select_related("user", "committee").order_by("code")]
