"""Accounts whose username is (or contains) an ID number get a generated one (issue 8).

Until now self-registered applicants were named by their ID number, which then showed in
every place that names an account (API fields such as uploaded_by). Generated, not chosen:
nobody is present to choose during a migration; applicants keep logging in with their ID
number (zhicheng.core.auth) and see the new name on their pages.

Each rename appends an `account.rename` event to the audit chain, hashed exactly as
zhicheng.audit.domain.record does, so `zhicheng audit verify` keeps passing; past events are
never touched (they are append-only, with triggers). The event names the old username only
masked, so the ID number is not copied into the chain once more."""

import re

from django.db import migrations
from django.utils import timezone

from zhicheng.audit.hashing import GENESIS_HASH, event_hash, to_json_safe, utc_text
from zhicheng.audit.locking import CHAIN_LOCK_KEY

# As zhicheng.core.domain.usernames.ID_LIKE, kept inline so later edits there cannot change
# what this migration did.
ID_LIKE = re.compile(r"\d{17}[Xx]|\d{15,}")
NOTE = ("用户名含身份证号码，已改为系统生成的用户名：身份证号码不作登录名，以免在系统中显示"
        "（申报人仍可用身份证号码登录）。")


def _mask(username: str) -> str:
    def hide(m: re.Match) -> str:
        s = m.group(0)
        return s[:6] + "*" * (len(s) - 10) + s[-4:]
    return ID_LIKE.sub(hide, username)


def _new_name(User, user, is_applicant: bool) -> str:
    base = f"{'applicant' if is_applicant else 'user'}_{user.pk}"
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}_{n}"
    return name


def rename(apps, schema_editor):
    User = apps.get_model("core", "User")
    RoleAssignment = apps.get_model("core", "RoleAssignment")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    connection = schema_editor.connection
    # A cheap pre-filter on both engines; the exact rule is ID_LIKE below.
    candidates = [u for u in User.objects.filter(username__regex=r"[0-9]{15}").order_by("pk")
                  if ID_LIKE.search(u.username)]
    if not candidates:
        return
    if connection.vendor == "postgresql":  # as zhicheng.audit.locking.lock_chain
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    applicants = set(RoleAssignment.objects.filter(role="applicant")
                     .values_list("user_id", flat=True))
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = head or (0, GENESIS_HASH)
    for user in candidates:
        old = user.username
        user.username = _new_name(User, user, user.pk in applicants)
        user.save(update_fields=["username"])
        seq += 1
        fields = {
            "seq": seq, "created_at": timezone.now(), "actor_id": None, "actor_username": "",
            "role": "", "scope": "", "action": "account.rename", "object_type": "core.user",
            "object_id": str(user.pk), "before": to_json_safe({"username": _mask(old)}),
            "after": to_json_safe({"username": user.username}), "request_id": "",
            "note": NOTE, "prev_hash": prev_hash,
        }
        digest = event_hash({**fields, "created_at": utc_text(fields["created_at"])})
        AuditEvent.objects.create(**fields, hash=digest)
        prev_hash = digest


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_workdayoverride"),
        ("audit", "0002_append_only_triggers"),
    ]
    # Not reversible: the old names were ID numbers, which is what this removes.
    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
