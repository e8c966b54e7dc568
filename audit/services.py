"""Recording to the audit trail: in the same transaction as the change, so a change that rolls
back leaves no record, and a record never exists without its change."""

from audit.models import AuditEvent


def audit_record(*, action, obj, actor=None, from_state="", to_state="", note="", object_type=None):
    """Record that `actor` did `action` to `obj` (any model instance)."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=person_name(actor, nobody="system"),
        action=action,
        object_type=object_type or obj._meta.model_name,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        from_state=str(from_state or "")[:80],
        to_state=str(to_state or "")[:80],
        note=note or "",
    )


def person_name(user, nobody="—"):
    """How the newsroom names a colleague: full name, else user name (`nobody` without one)."""
    if user is None or not user.is_authenticated:
        return nobody
    return (user.get_full_name() or user.get_username())[:150]


def audit_trail(obj, object_type=None):
    """The events of one object, newest first."""
    return AuditEvent.objects.filter(object_type=object_type or obj._meta.model_name, object_id=str(obj.pk))
