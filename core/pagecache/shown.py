"""What each model shown on public pages makes stale when it changes, declared once per model by
the app that owns it (`shown_on_public_pages`), and wired here to its save and delete signals.

A change made stale after commit is one of three kinds (versions.py):
- **every page** (the default): what many pages show (an author, a picture, a section, a tag, a
  page of the site's, a live story starting): every cached page and every kept block;
- **one story** (`story=`): a story or a part of one (its bylines, key points, corrections): every
  page (the lists and feeds show the story), and that story's own kept blocks, no other story's;
- **one page** (`page=`): what shows under one story only (an approved comment, a live update):
  that page's cached copies (or those of the few pages listed: a comment is in feeds too), and
  no other page.

Models whose rows change in bulk (`QuerySet.update`, which sends no signal) are made stale by the
services that change them as well, with the same calls (`invalidate_*`).
`core/tests/test_pagecache_coverage.py` reads every public page and fails when a model a page
reads is neither declared here nor listed among what pages read without showing it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from core.pagecache.versions import invalidate_pages, invalidate_public_pages, invalidate_story


@dataclass(frozen=True)
class ShownOn:
    model: type
    story: Callable | None = None  # row -> the story (an Article) it is part of, or None
    page: Callable | None = None  # row -> the address of the page that shows it (or a list of them)
    # (row, created) -> whether readers see this change at all (created is None for a deletion)
    shows: Callable | None = None
    also: Callable | None = None  # row -> run after commit as well (a kept copy to forget, say)

    def changed(self, instance, created=None):
        if self.shows is not None and not self.shows(instance, created):
            return
        if self.page is not None:
            paths = self.page(instance)
            paths = [paths] if isinstance(paths, str) else list(paths or [])
            stale = (lambda: invalidate_pages(*paths)) if paths else invalidate_public_pages
        elif self.story is not None:
            story = self.story(instance)
            path = story.get_absolute_url() if story is not None else None
            stale = (lambda: invalidate_story(path)) if path else invalidate_public_pages
        else:
            stale = invalidate_public_pages
        transaction.on_commit(stale)
        if self.also is not None:
            transaction.on_commit(lambda: self.also(instance))


_declared = {}


def shown_on_public_pages(model, *, story=None, page=None, shows=None, also=None, deletions=True):
    """Declare that readers see `model`'s rows, and what a change to one makes stale (see the
    module docstring); its saves and deletions do so after commit from now on. `deletions=False`
    for rows deleted only with what shows them (a story's comments go with the story, whose
    deletion makes every page stale): Django then deletes them in bulk instead of one by one."""
    declaration = ShownOn(model, story=story, page=page, shows=shows, also=also)
    _declared[model] = declaration

    def saved(sender, instance, created=False, raw=False, **kwargs):
        if not raw:  # fixtures being loaded: nothing is cached from them yet
            declaration.changed(instance, created)

    def deleted(sender, instance, **kwargs):
        declaration.changed(instance)

    uid = f"pagecache-{model._meta.label_lower}"
    post_save.connect(saved, sender=model, dispatch_uid=f"{uid}-saved", weak=False)
    if deletions:
        post_delete.connect(deleted, sender=model, dispatch_uid=f"{uid}-deleted", weak=False)
    return declaration


def declared():
    """{model: ShownOn} of every model declared so far."""
    return dict(_declared)
