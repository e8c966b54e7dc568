"""The built-in moderation rules, from settings (COMMENTS_*): each a check of comments/checks.py
(a status, or None for no opinion), run in the order COMMENTS_CHECKS gives."""

import re
import unicodedata

from django.conf import settings
from django.utils.html import strip_tags

from comments.models import Comment
from core.clients import hash_ip

URL_PATTERN = re.compile(r"(https?://|www\.)", re.IGNORECASE)


def without_format_characters(text):
    """Text without the invisible format characters (zero-width spaces and joiners, soft hyphens,
    direction marks: Unicode's Cf) that would hide a word from the filters or make an empty
    comment look written."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def normalise(text):
    """Lower-case, accents, markup and invisible characters removed: "Ça <b>V\u200bA</b>" → "ca va"."""
    decomposed = unicodedata.normalize("NFKD", without_format_characters(strip_tags(text or "")))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _contains_any(text, words):
    normalised = normalise(text)
    return any(re.search(rf"(?<!\w){re.escape(normalise(word))}(?!\w)", normalised) for word in words if word.strip())


def _text(comment):
    return " ".join([comment.author_name, comment.author_email, comment.author_url, comment.body])


def staff_are_approved(comment, *, user, **context):
    if user is not None and user.is_authenticated and user.is_staff:
        return Comment.Status.APPROVED
    return None


def blocked_are_spam(comment, **context):
    domain = comment.author_email.rsplit("@", 1)[-1].casefold()
    if (
        _contains_any(_text(comment), settings.COMMENTS_BLOCKED_WORDS)
        or domain in {d.casefold().lstrip("@") for d in settings.COMMENTS_BLOCKED_EMAIL_DOMAINS}
        or (comment.ip_hash and comment.ip_hash in _blocked_ip_hashes())
    ):
        return Comment.Status.SPAM
    return None


def links_are_held(comment, **context):
    return Comment.Status.PENDING if len(URL_PATTERN.findall(comment.body)) > settings.COMMENTS_MAX_LINKS else None


def held_words_are_held(comment, **context):
    return Comment.Status.PENDING if _contains_any(_text(comment), settings.COMMENTS_HELD_WORDS) else None


def first_timers_are_held(comment, **context):
    """Held until a moderator has approved a comment from this name and this address together
    (as WordPress does): a known address under a new name is held too."""
    if not settings.COMMENTS_HOLD_FIRST_TIMERS:
        return None
    known = Comment.objects.approved().filter(
        author_email__iexact=comment.author_email, author_name__iexact=comment.author_name.strip()
    )
    return None if known.exists() else Comment.Status.PENDING


def _blocked_ip_hashes():
    return {hash_ip(ip) for ip in settings.COMMENTS_BLOCKED_IPS}
