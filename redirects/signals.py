"""A published story whose address changes (new slug, new date) keeps answering at the old one.

Wired in `RedirectsConfig.ready()`. The redirect is recorded `on_commit`, so a rolled-back
save records nothing, and a failure here is logged (`robust=True`) without failing the save.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save, pre_save

from articles.models import Article
from core.signals import address_moved
from redirects.services import redirect_record


def remember_public_url(sender, instance, raw=False, **kwargs):
    """Before a save, note the address readers could reach the story at, if any."""
    instance._previous_public_url = None
    if raw or instance.pk is None:
        return
    previous = Article.objects.filter(pk=instance.pk).only("slug", "publish_at", "status").first()
    if previous is not None and previous.is_published:
        instance._previous_public_url = previous.get_absolute_url()


def redirect_moved_url(sender, instance, raw=False, **kwargs):
    old_url = getattr(instance, "_previous_public_url", None)
    if raw or not old_url or instance.status != Article.Status.PUBLISHED:
        return
    new_url = instance.get_absolute_url()
    if new_url != old_url:
        transaction.on_commit(partial(redirect_record, old_path=old_url, new_path=new_url), robust=True)


def redirect_moved_address(sender, old_path, new_path, **kwargs):
    """Anything else readers reach that moved (a renamed page, say): its old address follows."""
    transaction.on_commit(partial(redirect_record, old_path=old_path, new_path=new_path), robust=True)


def connect():
    address_moved.connect(redirect_moved_address, dispatch_uid="redirects.redirect_moved_address")
    pre_save.connect(remember_public_url, sender=Article, dispatch_uid="redirects.remember_public_url")
    post_save.connect(redirect_moved_url, sender=Article, dispatch_uid="redirects.redirect_moved_url")
