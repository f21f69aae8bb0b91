"""A session of a committee (评审会议, §5.3) and its draw of members (draw.md)."""

from django.conf import settings
from django.db import models

from zhicheng.audit.base import AuditedModel


class EvaluationSession(AuditedModel):
    committee = models.ForeignKey("core.Committee", verbose_name="评审委员会",
                                  on_delete=models.PROTECT, related_name="sessions")
    plan = models.ForeignKey("core.Plan", verbose_name="年度评审", on_delete=models.PROTECT,
                             related_name="+")
    code = models.SlugField("会议编号", max_length=60, unique=True)
    name = models.CharField("会议名称", max_length=80)
    held_on = models.DateField("评审日期")
    # The supervising witness (监督人员) types their own value at the draw, in person.
    witness_name = models.CharField("监督人员", max_length=40)
    witness_org = models.CharField("监督人员所在单位", max_length=80)
    # Requirements of the draw (draw.md): seats per specialty group (specialty code → seats).
    groups = models.JSONField("各专业组席位")
    max_per_unit = models.PositiveSmallIntegerField("同一单位最多（0为不限）", default=0)
    min_external = models.PositiveSmallIntegerField("外来专家至少（§5.3.3）", default=0)
    reserves = models.PositiveSmallIntegerField("每组候补人数", default=2)
    # §5.3.1: a committee evaluating another city's applicants; members from the applicant's
    # own city are then detected as conflicts.
    cross_evaluation = models.BooleanField("交叉评审（§5.3.1）", default=False)
    # The meeting itself: opened (declarations under evaluation), then ended with its record.
    started_at = models.DateTimeField("会议开始时间", null=True, blank=True)
    ended_at = models.DateTimeField("会议结束时间", null=True, blank=True)
    declarations = models.ManyToManyField("declarations.Declaration", verbose_name="评审对象",
                                          related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人",
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间")

    class Meta:
        ordering = ["-held_on", "code"]
        verbose_name = verbose_name_plural = "评审会议"

    def __str__(self) -> str:
        return self.name

    @property
    def size(self) -> int:
        return sum(self.groups.values())


class DrawState(models.TextChoices):
    COMMITTED = "committed", "已冻结输入并承诺，待监督人员输入"
    DRAWN = "drawn", "已抽取"
    FAILED = "failed", "抽取未能完成"


class MemberDraw(AuditedModel):
    """One draw of a session: frozen inputs and commitment first (in the audit chain before
    the witness types), then the revealed record."""

    session = models.OneToOneField(EvaluationSession, verbose_name="评审会议",
                                   on_delete=models.PROTECT, related_name="draw")
    state = models.CharField("状态", max_length=12, choices=DrawState.choices)
    inputs = models.JSONField("冻结的输入")
    inputs_sha256 = models.CharField("输入摘要", max_length=64)
    commitment = models.CharField("承诺值", max_length=64)
    server_secret = models.CharField("服务器随机数", max_length=64)
    committed_at = models.DateTimeField("承诺时间")
    record = models.JSONField("抽取记录", null=True, blank=True)
    record_sha256 = models.CharField("记录摘要", max_length=64, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    failure = models.CharField("未能完成的原因", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评委抽取"
