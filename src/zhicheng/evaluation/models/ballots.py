"""Voting rounds (无记名投票) over Belenios. The database holds what is public — who was
present and entitled, which round counts which applicant, the sealed tally and the archive's
hash — and never a choice, a private credential or a trustee's private key."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel


class Trustee(AuditedModel):
    """One of the (≥ 3) people holding a share of a session's decryption key (threshold 2)."""

    session = models.ForeignKey("evaluation.EvaluationSession", verbose_name="评审会议",
                                on_delete=models.PROTECT, related_name="trustees")
    position = models.PositiveSmallIntegerField("序号")  # Belenios' trustee id in each election
    name = models.CharField("姓名", max_length=40)
    capacity = models.CharField("身份", max_length=60)  # 主任委员 / 监督人员 / 职改办代表
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="账号", null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["session", "position"]
        verbose_name = verbose_name_plural = "计票受托人"
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="trustee_position"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.capacity}）"


class RoundState(models.TextChoices):
    OPEN = "open", "投票中"
    CLOSED = "closed", "投票已结束，待受托人解密"
    TALLIED = "tallied", "已计票，待主任委员确认"
    SEALED = "sealed", "计票结果已封存"


class BallotRound(AuditedModel):
    """One round of voting in a session (a re-vote is a new round). It holds one Belenios
    election per distinct list of entitled voters (recusals make the lists differ)."""

    session = models.ForeignKey("evaluation.EvaluationSession", verbose_name="评审会议",
                                on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField("轮次")
    state = models.CharField("状态", max_length=12, choices=RoundState.choices,
                             default=RoundState.OPEN)
    present = models.JSONField("到会委员（评委库编号）")
    members = models.PositiveSmallIntegerField("应到委员人数")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="开启人",
                                  on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("开始投票时间")
    closed_at = models.DateTimeField("结束投票时间", null=True, blank=True)
    sealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")
    sealed_at = models.DateTimeField("封存时间", null=True, blank=True)

    class Meta:
        ordering = ["session", "number"]
        verbose_name = verbose_name_plural = "投票轮次"
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="round_number"),
        ]

    def __str__(self) -> str:
        return f"{self.session.code} 第{self.number}轮"


class Election(AuditedModel):
    """One Belenios election of a round: its voters, its applicants (one question each), and,
    once counted, its tally and archive hash."""

    round = models.ForeignKey(BallotRound, verbose_name="投票轮次", on_delete=models.PROTECT,
                              related_name="elections")
    uuid = models.CharField("Belenios 选举编号", max_length=40, unique=True)
    directory = models.CharField("档案目录", max_length=200)  # relative to BALLOT_ROOT
    voters = models.JSONField("有表决权的到会委员（评委库编号）")
    declarations = models.JSONField("表决的申报（编号，按题目顺序）")
    questions = models.JSONField("题目（按顺序）")
    archive_sha256 = models.CharField("档案摘要", max_length=64, blank=True)
    tally = models.JSONField("计票结果", null=True, blank=True)
    ballots = models.PositiveSmallIntegerField("选票数", null=True, blank=True)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = verbose_name_plural = "投票（Belenios 选举）"


class VoterSlot(AuditedModel):
    """A present member's place in an election. It keeps the member's private credential only
    encrypted to the device key they checked in with, and whether they have voted — never
    which ballot is theirs."""

    election = models.ForeignKey(Election, verbose_name="投票", on_delete=models.PROTECT,
                                 related_name="slots")
    seat = models.ForeignKey("evaluation.Seat", verbose_name="席位", on_delete=models.PROTECT,
                             related_name="+")
    sealed_credential = models.TextField("加密的投票凭证", blank=True)
    voted_at = models.DateTimeField("投票时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "投票资格"
        constraints = [
            models.UniqueConstraint(fields=["election", "seat"], name="slot_once"),
        ]


class TrusteeShare(AuditedModel):
    """That a trustee's partial decryption of an election's tally was recorded (their key is
    not kept)."""

    election = models.ForeignKey(Election, verbose_name="投票", on_delete=models.PROTECT,
                                 related_name="shares")
    trustee = models.ForeignKey(Trustee, verbose_name="受托人", on_delete=models.PROTECT,
                                related_name="+")
    recorded_at = models.DateTimeField("解密时间")

    class Meta:
        verbose_name = verbose_name_plural = "受托人解密记录"
        constraints = [
            models.UniqueConstraint(fields=["election", "trustee"], name="share_once"),
        ]


class Verdict(AuditedModel):
    """The sealed outcome for one applicant: the counts, the members present and entitled,
    the threshold and its basis. record_pass / record_fail take only this as their ground."""

    round = models.ForeignKey(BallotRound, verbose_name="投票轮次", on_delete=models.PROTECT,
                              related_name="verdicts")
    declaration = models.ForeignKey("declarations.Declaration", verbose_name="申报",
                                    on_delete=models.PROTECT, related_name="+")
    agree = models.PositiveSmallIntegerField("同意")
    disagree = models.PositiveSmallIntegerField("不同意")
    abstain = models.PositiveSmallIntegerField("弃权")
    entitled = models.PositiveSmallIntegerField("到会且有表决权的委员")
    needed = models.PositiveSmallIntegerField("通过所需同意票")
    passed = models.BooleanField("通过")
    basis = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "表决结果"
        constraints = [
            models.UniqueConstraint(fields=["round", "declaration"], name="verdict_once"),
        ]


class SessionRecord(AuditedModel):
    """The session record (会议记录): JSON and PDF, archived, hashes in the audit chain."""

    session = models.OneToOneField("evaluation.EvaluationSession", verbose_name="评审会议",
                                   on_delete=models.PROTECT, related_name="minutes")
    content = models.JSONField("会议记录")
    json_sha256 = models.CharField("JSON 摘要", max_length=64)
    pdf = models.FileField("PDF", upload_to="session-records/")
    pdf_sha256 = models.CharField("PDF 摘要", max_length=64)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="生成人",
                                on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField("生成时间")

    class Meta:
        verbose_name = verbose_name_plural = "会议记录"
