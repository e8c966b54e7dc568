"""Recording redirects so that every old address reaches its story in one hop."""

from django.db import transaction

from redirects.models import Redirect

OLD_PATH_LENGTH = Redirect._meta.get_field("old_path").max_length


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


def redirects_claim(moves):
    """Send each old path of `moves` ({old: new}) to its new one, unless it already redirects
    somewhere (an importer must not take an address from an earlier story). Two queries.
    Returns (the old paths claimed now, {old path: where it already went} for those refused)."""
    moves = {old: new for old, new in moves.items() if old and old != new and len(old) <= OLD_PATH_LENGTH}
    existing = dict(Redirect.objects.filter(old_path__in=moves).values_list("old_path", "new_path"))
    fresh = [Redirect(old_path=old, new_path=new) for old, new in moves.items() if old not in existing]
    Redirect.objects.bulk_create(fresh, ignore_conflicts=True)
    refused = {old: existing[old] for old in sorted(existing) if existing[old] != moves[old]}
    return [redirect.old_path for redirect in fresh], refused
