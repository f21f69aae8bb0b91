"""Accounts, roles and the scope each role is bound to."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Coalesce

from zhicheng.core.fields import ClockDateTimeField


class Role(models.TextChoices):
    APPLICANT = "applicant", "申报人"
    UNIT_HR = "unit_hr", "单位人事（职改）部门"
    TALENT_CENTRE = "talent_centre", "人才交流服务中心"
    OFFICE = "office", "市／系列职改办"
    SECRETARIAT = "secretariat", "评委会办事机构"
    EXPERT = "expert", "评审专家"
    REGIONAL_OFFICE = "regional_office", "自治区职改办"


# Role groupings, declared once (set after the class: in an Enum body they would be members).
# The unit side of §4.1: the unit's HR, or the talent-service centre hosting the archive.
Role.UNIT_SIDE = frozenset({Role.UNIT_HR, Role.TALENT_CENTRE})
Role.OFFICES = frozenset({Role.OFFICE, Role.REGIONAL_OFFICE})
Role.OFFICIALS = frozenset(r for r in Role if r != Role.APPLICANT)


# Which scope field each role is bound to.
ROLE_SCOPE_FIELD: dict[str, str | None] = {
    Role.APPLICANT: None,
    Role.UNIT_HR: "unit",
    Role.TALENT_CENTRE: "unit",
    Role.OFFICE: "office",
    Role.SECRETARIAT: "committee",
    Role.EXPERT: "committee",
    Role.REGIONAL_OFFICE: "office",
}


class User(AbstractUser):
    real_name = models.CharField("姓名", max_length=40, blank=True)
    id_number = models.CharField("身份证号码", max_length=18, null=True, blank=True, unique=True,
                                 help_text="规范化为18位")
    mobile = models.CharField("手机号码", max_length=11, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.real_name or self.username


class RoleAssignment(models.Model):
    """A user acting in a role within one scope (a unit, an office, a committee, or the region)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    unit = models.ForeignKey("core.Unit", verbose_name="单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="staff")
    office = models.ForeignKey("core.Office", verbose_name="职改办", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="staff")
    committee = models.ForeignKey("core.Committee", verbose_name="评委会", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="staff")
    created_by = models.ForeignKey(User, verbose_name="开设人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = ClockDateTimeField("开设时间", auto_now_add=True)

    class Meta:
        ordering = ["user", "id"]
        verbose_name = verbose_name_plural = "角色授权"
        constraints = [
            models.CheckConstraint(
                name="assignment_scope_matches_role",
                condition=(
                    models.Q(role="applicant", unit__isnull=True, office__isnull=True,
                             committee__isnull=True)
                    | models.Q(role__in=["unit_hr", "talent_centre"], unit__isnull=False,
                               office__isnull=True, committee__isnull=True)
                    | models.Q(role__in=["office", "regional_office"], unit__isnull=True,
                               office__isnull=False, committee__isnull=True)
                    | models.Q(role__in=["secretariat", "expert"], unit__isnull=True,
                               office__isnull=True, committee__isnull=False)
                ),
            ),
            # Coalesce instead of nulls_distinct, which SQLite lacks.
            models.UniqueConstraint(
                "user", "role", Coalesce("unit", 0), Coalesce("office", 0),
                Coalesce("committee", 0), name="assignment_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}·{self.scope_label}"

    @property
    def scope_object(self):
        field = ROLE_SCOPE_FIELD[self.role]
        return getattr(self, field) if field else None

    @property
    def scope_label(self) -> str:
        obj = self.scope_object
        return str(obj) if obj is not None else "本人"

    @property
    def scope_key(self) -> str:
        """Stable text form of the scope, as written into audit events."""
        field = ROLE_SCOPE_FIELD[self.role]
        if field is None:
            return f"user:{self.user_id}"
        return f"{field}:{getattr(self, field + '_id')}"
