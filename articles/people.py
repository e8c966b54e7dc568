"""Staff who write get an author profile linked to their account, made the first time it is needed."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.models import Author


def author_profile_for(user):
    """`user`'s author profile, created (named after the account) if they have none yet. An
    account without a full name (the first "admin") gets a byline readers can take: "<site> staff",
    not its user name; the profile can be renamed under Authors."""
    existing = Author.objects.filter(user=user).first()
    if existing is not None:
        return existing
    name = user.get_full_name().strip()[:150] or _("%(site)s staff") % {"site": settings.SITE_NAME}
    base = slugify(name, allow_unicode=True)[:140] or f"author-{user.pk}"
    for attempt in range(1, 50):
        slug = base if attempt == 1 else f"{base}-{attempt}"
        if Author.objects.filter(slug=slug).exists():
            continue
        try:
            with transaction.atomic():
                return Author.objects.create(user=user, name=name, slug=slug)
        except IntegrityError:
            # Another request made the same profile (or took the slug) meanwhile.
            existing = Author.objects.filter(user=user).first()
            if existing is not None:
                return existing
    raise RuntimeError(f"No free slug for the author profile of {user}")
