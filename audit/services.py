"""Writing and verifying the audit trail."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64
HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "institution_id",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "before",
    "after",
    "ip_address",
    "prev_hash",
)


def _plain(value):
    """What a JSON field will hold once saved and read back."""
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def entry_hash(entry: AuditEntry) -> str:
    fields = {name: getattr(entry, name) for name in HASHED_FIELDS}
    fields["at"] = entry.at.astimezone(UTC).isoformat()
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    institution=None,
    before=None,
    after=None,
    request=None,
    label: str = "",
) -> AuditEntry:
    """Append one entry. Call inside the transaction of the change it records."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if institution is None and obj is not None:
        institution = getattr(obj, "institution", None)
    with transaction.atomic(savepoint=False):  # part of the caller's transaction; no savepoint
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor,
            actor_label=(actor.get_username() if actor is not None else label)[:200],
            institution=institution,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_label=str(obj)[:300] if obj is not None else "",
            before=_plain(before),
            after=_plain(after),
            ip_address=client_ip(request),
            prev_hash=head.last_hash,
        )
        entry.hash = entry_hash(entry)
        entry.save()
        head.last_id, head.last_hash = entry.pk, entry.hash
        head.save()
    return entry


@dataclass
class Problem:
    entry_id: int | None
    message: str


def verify_chain() -> list[Problem]:
    """Walk the chain oldest first; report edited entries, broken links and missing entries."""
    problems = []
    prev_hash, prev_id = GENESIS, 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry_hash(entry) != entry.hash:
            problems.append(Problem(entry.pk, f"catatan #{entry.pk} telah diubah (hash tidak cocok)"))
        if entry.prev_hash != prev_hash:
            problems.append(
                Problem(
                    entry.pk,
                    f"rantai putus sebelum catatan #{entry.pk}: "
                    f"catatan sesudah #{prev_id} hilang atau diubah",
                )
            )
        prev_hash, prev_id = entry.hash, entry.pk
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.last_id != prev_id or head.last_hash != prev_hash):
        problems.append(
            Problem(
                head.last_id, f"catatan terakhir #{head.last_id} hilang; catatan terakhir yang ada #{prev_id}"
            )
        )
    return problems
