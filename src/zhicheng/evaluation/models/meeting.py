"""The people of a session and what they record before the vote (§5.3.2): seats (from the
draw), chair and vice-chairs, group leaders, attendance, conflicts (回避), opinions, group
reports and the committee's deliberation."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel


class SeatRole(models.TextChoices):
    MEMBER = "member", "委员"
    CHAIR = "chair", "主任委员（会议主持）"
    VICE_CHAIR = "vice_chair", "副主任委员"


class Seat(AuditedModel):
    """A drawn member's seat in a session. Written when the draw is recorded and on each
    replacement (the declined seat stays, inactive, with the reason)."""

    session = models.ForeignKey("evaluation.EvaluationSession", verbose_name="评审会议",
                                on_delete=models.PROTECT, related_name="seats")
    expert = models.ForeignKey("evaluation.Expert", verbose_name="评审专家",
                               on_delete=models.PROTECT, related_name="seats")
    group = models.CharField("专业组", max_length=40)  # Specialty.code, as in the draw
    active = models.BooleanField("在任", default=True)
    declined_reason = models.CharField("不能参加的原因", max_length=200, blank=True)
    role = models.CharField("会议职务", max_length=12, choices=SeatRole.choices,
                            default=SeatRole.MEMBER)
    group_leader = models.BooleanField("专业组组长", default=False)
    # Attendance (签到): the member checks in on their own device; absent members do not vote.
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    # The member's device key (SPKI, base64) given at check-in: the round's private voting
    # credential is stored only encrypted to it, so the server never holds it in clear.
    device_key = models.TextField("签到设备公钥", blank=True)

    class Meta:
        ordering = ["session", "group", "expert__code"]
        verbose_name = verbose_name_plural = "会议席位"
        constraints = [
            models.UniqueConstraint(fields=["session", "expert"], name="seat_once"),
            models.UniqueConstraint(fields=["session"], condition=models.Q(role="chair",
                                    active=True), name="one_chair"),
        ]

    def __str__(self) -> str:
        return f"{self.session.code} {self.expert.code}"

    @property
    def present(self) -> bool:
        return self.active and self.checked_in_at is not None


class ConflictKind(models.TextChoices):
    SAME_UNIT = "same_unit", "同单位"
    TEACHER_STUDENT = "teacher_student", "师生"
    RELATIVE = "relative", "亲属"
    COLLABORATOR = "collaborator", "合作关系"
    SAME_CITY = "same_city", "同市（交叉评审，§5.3.1）"
    OTHER = "other", "其他"


class ConflictSource(models.TextChoices):
    DETECTED = "detected", "系统比对发现"
    EXPERT = "expert", "评委本人申报"
    APPLICANT = "applicant", "申报人申请"


class ConflictState(models.TextChoices):
    DECLARED = "declared", "待主任委员确认"
    CONFIRMED = "confirmed", "确认回避"
    DISMISSED = "dismissed", "不予回避"


class Conflict(AuditedModel):
    """A conflict between a member and an applicant (HotCRP's model): declared, then confirmed
    or dismissed by the chair with a reason. A confirmed one keeps the member away from that
    applicant's dossier, discussion and vote."""

    session = models.ForeignKey("evaluation.EvaluationSession", verbose_name="评审会议",
                                on_delete=models.PROTECT, related_name="conflicts")
    expert = models.ForeignKey("evaluation.Expert", verbose_name="评审专家",
                               on_delete=models.PROTECT, related_name="conflicts")
    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("回避类型", max_length=20, choices=ConflictKind.choices)
    source = models.CharField("来源", max_length=12, choices=ConflictSource.choices)
    detail = models.CharField("说明", max_length=300)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申报人",
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    declared_at = models.DateTimeField("提出时间")
    state = models.CharField("状态", max_length=12, choices=ConflictState.choices,
                             default=ConflictState.DECLARED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)
    decision_reason = models.CharField("确认理由", max_length=300, blank=True)

    class Meta:
        ordering = ["session", "declaration", "expert"]
        verbose_name = verbose_name_plural = "回避"
        constraints = [
            models.UniqueConstraint(fields=["session", "expert", "declaration", "kind"],
                                    name="conflict_once"),
        ]


class Opinion(AuditedModel):
    """One member's opinion on one applicant in the group review (推荐 / 不推荐). Seen by
    nobody but its author before the vote."""

    session = models.ForeignKey("evaluation.EvaluationSession", verbose_name="评审会议",
                                on_delete=models.PROTECT, related_name="opinions")
    expert = models.ForeignKey("evaluation.Expert", verbose_name="评审专家",
                               on_delete=models.PROTECT, related_name="opinions")
    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="+")
    recommend = models.BooleanField("推荐")
    score = models.DecimalField("评分", max_digits=5, decimal_places=1, null=True, blank=True)
    remark = models.CharField("意见", max_length=500, blank=True)
    updated_at = models.DateTimeField("填写时间")

    class Meta:
        verbose_name = verbose_name_plural = "评委评议意见"
        constraints = [
            models.UniqueConstraint(fields=["session", "expert", "declaration"],
                                    name="opinion_once"),
        ]


class GroupReport(AuditedModel):
    """The specialty group's recommendation on an applicant, recorded by the group leader."""

    session = models.ForeignKey("evaluation.EvaluationSession", verbose_name="评审会议",
                                on_delete=models.PROTECT, related_name="group_reports")
    group = models.CharField("专业组", max_length=40)
    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="+")
    recommend = models.BooleanField("小组意见：推荐")
    for_count = models.PositiveSmallIntegerField("推荐人数")
    against_count = models.PositiveSmallIntegerField("不推荐人数")
    summary = models.TextField("评议意见")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="组长",
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = verbose_name_plural = "专业组评议意见"
        constraints = [
            models.UniqueConstraint(fields=["session", "declaration"], name="group_report_once"),
        ]


class Deliberation(AuditedModel):
    """The full committee's collective deliberation on an applicant (集体评议, §5.3.2)."""

    session = models.ForeignKey("evaluation.EvaluationSession", verbose_name="评审会议",
                                on_delete=models.PROTECT, related_name="deliberations")
    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="+")
    notes = models.TextField("评议记录")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人",
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = verbose_name_plural = "集体评议记录"
        constraints = [
            models.UniqueConstraint(fields=["session", "declaration"], name="deliberation_once"),
        ]


class RecusalRequest(AuditedModel):
    """An applicant's request that a named person recuse themselves (申请回避). Kept apart from
    Conflict because it may come before any session exists and names a person, not a seat:
    the member list is confidential, so the applicant names someone and is never told whether
    they sit. Each session that holds the declaration matches it against its seats."""

    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField("申请回避人员姓名", max_length=40)
    employer_name = models.CharField("申请回避人员单位", max_length=80, blank=True)
    kind = models.CharField("回避类型", max_length=20, choices=ConflictKind.choices)
    detail = models.CharField("理由", max_length=300)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人",
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间")

    class Meta:
        ordering = ["declaration", "requested_at", "id"]
        verbose_name = verbose_name_plural = "申报人回避申请"
