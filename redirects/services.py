"""Recording redirects so that every old address reaches its story in one hop."""

from django.db import transaction

from redirects.models import Redirect


@transaction.atomic
def redirect_record(*, old_path, new_path, new_path_is_live=True):
    """Send `old_path` to `new_path`, keeping every redirect one hop long.

    Redirects that pointed at `old_path` now point at `new_path` (A→B plus B→C gives
    A→C and B→C), and nothing ever redirects to itself. When `new_path` is a live page
    (a story's new address) a redirect *from* it is stale and is dropped; when it is
    not (an editor's manual redirect to an old address), its own redirect is followed.
    Returns the redirect, or None when nothing needs recording.
    """
    onward = Redirect.objects.filter(old_path=new_path).first()
    if onward is not None:
        if new_path_is_live:
            onward.delete()
        else:
            new_path = onward.new_path
    if old_path == new_path:
        Redirect.objects.filter(old_path=old_path).delete()
        return None
    Redirect.objects.filter(new_path=old_path).exclude(old_path=new_path).update(new_path=new_path)
    Redirect.objects.filter(new_path=old_path, old_path=new_path).delete()
    redirect, _created = Redirect.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})
    return redirect


def redirect_claim(*, old_path, new_path):
    """Send `old_path` to `new_path` unless it already redirects somewhere (an importer must
    not take an address from an earlier story). Returns (the redirect holding `old_path`, created)."""
    return Redirect.objects.get_or_create(old_path=old_path, defaults={"new_path": new_path})
