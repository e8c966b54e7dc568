from django.core import signing
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article
from comments import cookies
from comments.forms import CommentForm, add_model_errors
from comments.models import Comment
from comments.notifications import email_from_token
from comments.submission import CommentRefused, comment_submit
from comments.threads import comment_url
from core.clients import client_ip


def _article_page(request, article, form, *, error=None, status=400):
    """The article page again, with the reader's text in the form and the reason beside it."""
    article = Article.objects.for_page().get(pk=article.pk)
    context = {"article": article, "comment_form": form, "comment_error": error}
    return render(request, "articles/article_detail.html", context, status=status)


@require_POST
def post_comment(request, article_id):
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    form = CommentForm(request.POST)
    if form.is_bot:
        # Quietly dropped: telling a bot why only teaches it.
        return redirect(article.get_absolute_url() + "#comments", permanent=False)
    if not form.is_valid():
        return _article_page(request, article, form)
    try:
        comment = comment_submit(
            article=article,
            data=form.cleaned_data,
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            user=request.user,
        )
    except CommentRefused as refusal:
        if refusal.field:
            form.add_error(refusal.field, refusal.message)
            return _article_page(request, article, form, status=refusal.status)
        return _article_page(request, article, form, error=refusal.message, status=refusal.status)
    except ValidationError as error:
        # The model refused a field the form let through: say so beside that field.
        add_model_errors(form, error)
        return _article_page(request, article, form)
    # The comment is saved: from here on nothing may answer with an error, or the reader posts it
    # again. If the database went away meanwhile, the story's address will do instead of the page.
    try:
        location = comment_url(comment)
    except DatabaseError:
        location = f"{article.get_absolute_url()}#comment-{comment.pk}"
    response = redirect(location)
    response.status_code = 303
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
