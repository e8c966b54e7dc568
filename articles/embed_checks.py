"""Does each embedded post still answer? Asked now and then (the `check_embeds` command, and a
worker every EMBED_CHECK_SECONDS), the oldest answers first. A post that is gone keeps its card in
every story (the record survives); the admin lists it under "Embedded posts", still answers: No."""

from django.db.models import F
from django.utils import timezone

from articles.embed_providers import BY_NAME
from articles.embed_records import EmbeddedPost
from core.safe_fetch import FetchRefused, fetch

GONE = {401, 403, 404, 410}


def check(post):
    """Ask the provider (its oEmbed endpoint, else the address itself) and record the answer."""
    provider = BY_NAME.get(post.provider)
    address = (provider.oembed_for(post.url) if provider else "") or post.url
    try:
        status = fetch(address, max_bytes=200_000).status
    except FetchRefused as refusal:
        post.answers, post.problem = None, str(refusal)[:300]  # unknown: asked again next time
    else:
        post.answers = status not in GONE
        post.problem = "" if post.answers else f"answered {status}"
    post.checked_at = timezone.now()
    post.save(update_fields=["answers", "problem", "checked_at"])
    return post.answers


def check_some(limit=100):
    """Check the `limit` posts checked longest ago (never checked first); how many no longer answer."""
    posts = EmbeddedPost.objects.order_by(F("checked_at").asc(nulls_first=True), "pk")[:limit]
    return sum(check(post) is False for post in posts.iterator())


def keep_embedded_posts(article, urls):
    """The story's list of embedded posts, in step with its body (`urls`: {address: provider})."""
    have = {post.url: post for post in article.embedded_posts.all()}
    for url, provider in urls.items():
        if url not in have:
            post, _created = EmbeddedPost.objects.get_or_create(url=url, defaults={"provider": provider})
            article.embedded_posts.add(post)
    gone = [post for url, post in have.items() if url not in urls]
    if gone:
        article.embedded_posts.remove(*gone)
