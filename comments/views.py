from django.core import signing
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article
from comments import cookies, drafts
from comments.forms import CommentForm, add_model_errors
from comments.models import Comment
from comments.notifications import email_from_token
from comments.submission import CommentRefused, comment_submit
from comments.templatetags.comments_tags import comments_block
from comments.threads import comment_url
from core.clients import client_ip
from core.pagecache import never_stored


def _refused(request, article, form, *, error=None, status=400):
    """Tell the reader why, without losing a word. A script gets the reasons as JSON to show in
    place; a plain form post goes back to the story's own address (303), where the form waits
    with the text and the reasons (comments/drafts.py), so reloading never posts again."""
    if _wants_json(request):
        errors = {field or "__all__": [str(message) for message in messages] for field, messages in form.errors.items()}
        if not error and errors:
            error = _("Your comment was not posted. Please check the fields marked below; your text is kept.")
        return JsonResponse({"error": error, "errors": errors}, status=status)
    # No #respond in the address: browsers skip autofocus when the address names a fragment, and
    # the focus on the field to fix is what brings the reader (and their screen reader) there.
    response = _see_other(article.get_absolute_url())
    if drafts.keep(response, article, form, error=error):
        return response
    # Too much to carry in a cookie: the story with the form and the text, here and now.
    form = drafts.refilled(drafts.kept_data(form), form.errors)
    form.focus_first_error()
    context = {"article": Article.objects.for_page().get(pk=article.pk), "comment_form": form, "comment_error": error}
    return never_stored(render(request, "articles/article_detail.html", context, status=status))


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _see_other(location):
    response = redirect(location)
    response.status_code = 303
    return response


@require_POST
def post_comment(request, article_id):
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    form = CommentForm(request.POST)
    if form.is_bot:
        # Quietly dropped: telling a bot why only teaches it.
        return redirect(article.get_absolute_url() + "#comments", permanent=False)
    if not form.is_valid():
        return _refused(request, article, form)
    try:
        comment = comment_submit(
            article=article,
            data=form.cleaned_data,
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            user=request.user,
        )
    except CommentRefused as refusal:
        if refusal.status == 404:
            raise Http404(refusal.message) from None
        if refusal.field:
            form.add_error(refusal.field, refusal.message)
            return _refused(request, article, form, status=refusal.status)
        return _refused(request, article, form, error=refusal.message, status=refusal.status)
    except ValidationError as error:
        # The model refused a field the form let through: say so beside that field.
        add_model_errors(form, error)
        return _refused(request, article, form)
    # The comment is saved: from here on nothing may answer with an error, or the reader posts it
    # again. If the database went away meanwhile, the story's address will do instead of the page.
    try:
        location = comment_url(comment)
    except DatabaseError:
        location = f"{article.get_absolute_url()}#comment-{comment.pk}"
    if comment.status == Comment.Status.PENDING:
        # A page made fresh for this reader, showing their comment in place (the page cache
        # keeps everyone's copy without it).
        address, anchor = location.split("#", 1)
        location = f"{address}{'&' if '?' in address else '?'}held=1#{anchor}"
    response = JsonResponse({"location": location}) if _wants_json(request) else _see_other(location)
    if comment.status == Comment.Status.PENDING:
        cookies.remember_pending(request, response, comment.pk)
    data = form.cleaned_data
    if data["save_details"]:
        cookies.remember_details(response, name=data["name"], email=data["email"], url=data["url"])
    else:
        cookies.forget_details(response)
    return response


def permalink(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    own = comment.pk in cookies.pending_ids(request)
    if not comment.article.is_published or (comment.status == Comment.Status.PENDING and not own):
        raise Http404
    if comment.status == Comment.Status.SPAM:
        raise Http404
    return redirect(comment_url(comment))


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        email = email_from_token(token)
    except signing.BadSignature:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        Comment.objects.filter(author_email__iexact=email, notify_replies=True).update(notify_replies=False)
        return render(request, "comments/unsubscribe.html", {"done": True})
    return render(request, "comments/unsubscribe.html", {"token": token})


@require_GET
def my_thread(request, article_id):
    """The story's comments block as this reader sees it, with their comments awaiting moderation
    in place; never cached. comments.js puts it in place of the cached page's block when the
    reader has such comments. When none is still waiting, answers 204 and forgets them."""
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    waiting = Comment.objects.filter(pk__in=cookies.pending_ids(request), status=Comment.Status.PENDING)
    if not waiting.exists():
        response = HttpResponse(status=204)
        cookies.forget_pending(response)
    else:
        response = HttpResponse(comments_block({"request": request}, article))
    return never_stored(response)


@require_GET
def my_details(request):
    """The commenter's saved name, e-mail and website, never cached: what comments.js puts
    into the form of a cached page."""
    response = JsonResponse(cookies.saved_details(request))
    never_stored(response)
    return response
