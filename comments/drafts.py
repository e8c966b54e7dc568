"""A refused comment kept for the reader across the redirect back to the story (post/redirect/get).

The reader's text, the reasons and the fields they belong to wait for one page view in a signed
cookie sent only to the story's address: nothing is written on the server, so refused posts from
strangers cannot fill a table. The story page built for that view shows the form with the text
(the cookie keeps the page cache aside for it) and `DraftCookieMiddleware` deletes the cookie as
the page goes out, so reloading shows a fresh form and never posts again. A draft too large for
a cookie (browsers keep about 4 KB) is not redirected: the story is shown at once, in the answer
to the post, with the form and the text (comments.views).
"""

from django.conf import settings
from django.core import signing
from django.utils.encoding import iri_to_uri

from comments.forms import CommentForm

COOKIE = "comment_draft"
SALT = "comments.draft"
KEPT_FIELDS = ("name", "email", "url", "body", "notify_replies", "save_details", "parent")
KEEP_SECONDS = 3600  # a draft waits an hour at most
FIELD_LIMIT = 300
# Bytes of the signed value: with the cookie's name and attributes it stays under the 4,096 bytes
# browsers keep for one cookie.
COOKIE_LIMIT = 3800


def kept_data(form):
    """The refused form's fields, each no longer than it can be (plus a margin, so a reader over
    the limit still gets most of their text back)."""
    limits = {"body": settings.COMMENTS_MAX_LENGTH + 1000}
    return {
        name: str(form.data.get(name, ""))[: limits.get(name, FIELD_LIMIT)] for name in KEPT_FIELDS if name in form.data
    }


def _path(article):
    return iri_to_uri(article.get_absolute_url())


def keep(response, article, form, *, error=None):
    """Set the cookie that brings the refused `form` (its data and errors) and the message above it
    back on the story's page; False when it is too large for a cookie (nothing is set)."""
    value = signing.dumps(
        {
            "article": article.pk,
            "data": kept_data(form),
            "errors": {
                field or "__all__": [str(message) for message in messages] for field, messages in form.errors.items()
            },
            "error": str(error) if error else "",
        },
        salt=SALT,
        compress=True,
    )
    if len(value) > COOKIE_LIMIT:
        return False
    response.set_cookie(
        COOKIE,
        value,
        max_age=KEEP_SECONDS,
        path=_path(article),
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )
    return True


def take(request, article):
    """The kept form and message for `article`, once (the cookie goes with this page); (None,
    None) when there is none, or it is not this story's, forged or too old."""
    raw = request.COOKIES.get(COOKIE) if request is not None else None
    if not raw:
        return None, None
    request.comment_draft_path = _path(article)  # DraftCookieMiddleware deletes it there
    try:
        kept = signing.loads(raw, salt=SALT, max_age=KEEP_SECONDS)
    except signing.BadSignature:
        return None, None
    if not isinstance(kept, dict) or kept.get("article") != article.pk:
        return None, None
    return refilled(kept.get("data") or {}, kept.get("errors") or {}), kept.get("error") or None


def refilled(data, errors):
    """A comment form holding `data` again, with the reasons it was refused (`errors`: field name,
    or "__all__", to messages) besides whatever checking it again finds."""
    form = CommentForm(data=data)
    form.full_clean()
    for field, messages in errors.items():
        field = None if field == "__all__" or field not in form.fields else field
        for message in messages:
            if str(message) not in (form.errors.get(field or "__all__") or []):
                form.add_error(field, str(message))
    return form


class DraftCookieMiddleware:
    """Deletes the draft cookie from the answer of the page that showed it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = getattr(request, "comment_draft_path", None)
        if path is not None:
            response.delete_cookie(COOKIE, path=path, samesite="Lax")
        return response
