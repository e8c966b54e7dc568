"""Recording to the audit trail: in the same transaction as the change, so a change that rolls
back leaves no record, and a record never exists without its change."""

from audit.models import AuditEvent


def audit_record(*, action, obj, actor=None, from_state="", to_state="", note="", object_type=None):
    """Record that `actor` did `action` to `obj` (any model instance)."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=_name(actor),
        action=action,
        object_type=object_type or obj._meta.model_name,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        from_state=str(from_state or "")[:80],
        to_state=str(to_state or "")[:80],
        note=note or "",
    )


def _name(actor):
    if actor is None or not actor.is_authenticated:
        return "system"
    return (actor.get_full_name() or actor.get_username())[:150]


def audit_trail(obj, object_type=None):
    """The events of one object, newest first."""
    return AuditEvent.objects.filter(object_type=object_type or obj._meta.model_name, object_id=str(obj.pk))
