"""Site-wide background work queued by the workers now and then (newsroom/workers.py, PERIODIC_WORK)."""

from django.core.management import call_command

from core.tasks import background


@background()
def clear_expired_sessions():
    """Delete expired sessions (Django's `clearsessions`): old sign-ins would otherwise stay in the
    sessions table for ever."""
    call_command("clearsessions")
