"""A refused comment kept for the reader across the redirect back to the story (post/redirect/get).

The reader's text, the reasons and the fields they belong to wait in the session for one page
view; the story's address stays the story's, and reloading it never posts again.
"""

from django.conf import settings

from comments.forms import CommentForm

KEPT_FIELDS = ("name", "email", "url", "body", "notify_replies", "save_details", "parent")
# A draft waits an hour at most, and is only as large as a comment can be (plus a margin, so a
# reader over the limit still gets most of their text back): no one can fill the sessions table.
KEEP_SECONDS = 3600
FIELD_LIMIT = 300


def _key(article):
    return f"comment_draft:{article.pk}"


def keep(request, article, form, *, error=None):
    """Remember the refused `form` (its data and errors) and the message above it."""
    new_session = not request.session.session_key
    limits = {"body": settings.COMMENTS_MAX_LENGTH + 1000}
    request.session[_key(article)] = {
        "data": {
            name: str(form.data.get(name, ""))[: limits.get(name, FIELD_LIMIT)]
            for name in KEPT_FIELDS
            if name in form.data
        },
        "errors": {
            field or "__all__": [str(message) for message in messages] for field, messages in form.errors.items()
        },
        "error": str(error) if error else "",
    }
    if new_session:
        # A reader without a session gets one only for this, and only for a while.
        request.session.set_expiry(KEEP_SECONDS)


def forget(request, article):
    request.session.pop(_key(article), None)
    if set(request.session.keys()) <= {"_session_expiry"}:
        request.session.clear()  # nothing left to keep: no session is written


def take(request, article):
    """The kept form and message for `article`, once; (None, None) when there is none."""
    session = getattr(request, "session", None)
    if session is None or not session.session_key:
        return None, None
    kept = session.pop(_key(article), None)
    if not isinstance(kept, dict):
        return None, None
    if set(session.keys()) <= {"_session_expiry"}:
        # Nothing else in it: the session goes, and the reader is back on cached pages.
        session.flush()
    form = CommentForm(data=kept.get("data") or {})
    form.full_clean()
    for field, messages in (kept.get("errors") or {}).items():
        field = None if field == "__all__" or field not in form.fields else field
        for message in messages:
            if message not in (form.errors.get(field or "__all__") or []):
                form.add_error(field, message)
    return form, kept.get("error") or None
