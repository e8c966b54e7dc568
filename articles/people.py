"""Staff who write get an author profile linked to their account, made the first time it is needed."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from articles.models import Author
from audit.services import person_name


def author_profile_for(user):
    """`user`'s author profile, created (named after the account) if they have none yet."""
    existing = Author.objects.filter(user=user).first()
    if existing is not None:
        return existing
    name = person_name(user)
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
