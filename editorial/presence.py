"""Who has a story open in the admin right now: each open form checks in every half minute."""

import time

from django.core.cache import cache

from audit.services import person_name

SEEN_FOR_SECONDS = 90


def _key(article):
    return f"editorial:presence:{article.pk}"


def seen(article, user):
    """Note that `user` has `article` open; return the names of the others who have it open."""
    now = time.time()
    present = cache.get(_key(article)) or {}
    present = {uid: entry for uid, entry in present.items() if now - entry[1] < SEEN_FOR_SECONDS}
    present[user.pk] = (person_name(user), now)
    cache.set(_key(article), present, SEEN_FOR_SECONDS * 2)
    return sorted(name for uid, (name, _at) in present.items() if uid != user.pk)
