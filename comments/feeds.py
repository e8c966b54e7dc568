"""RSS feeds of comments, as WordPress has them: the site's latest comments at `/comments/feed/`
and one story's at `/comments/feed/<story id>/` (announced in that story's head).

Only what every reader sees goes in: approved comments on published stories. Entries link to the
comment's permalink (`/comments/<id>/`, which finds its page); no address or e-mail is published.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article
from comments.models import Comment
from core.addresses import absolute

# What XML 1.0 cannot carry (a comment imported from elsewhere may hold one).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text):
    return NOT_XML.sub(" ", text or "")


class SiteCommentsFeed(Feed):
    """The latest approved comments on every published story, newest first."""

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute(request.path)  # from SITE_URL, not the request's Host
        return feed

    def comments(self, obj):
        return Comment.objects.approved().filter(article__in=Article.objects.published())

    def items(self, obj):
        newest = self.comments(obj).select_related("article").order_by("-created_at", "-pk")
        return newest[: settings.FEED_ITEMS]

    def title(self, obj):
        return xml_text(_("Comments on %(site)s") % {"site": settings.SITE_NAME})

    def link(self, obj):
        return absolute(reverse("articles:home"))

    def description(self, obj):
        return self.title(obj)

    def item_title(self, item):
        return xml_text(_("%(name)s on “%(story)s”") % {"name": item.author_name, "story": item.article.headline})

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return f"tag:{urlsplit(settings.SITE_URL).hostname},2024:comment:{item.pk}"

    item_guid_is_permalink = False

    def item_description(self, item):
        return xml_text(item.body_html)

    def item_author_name(self, item):
        return xml_text(item.author_name)

    def item_pubdate(self, item):
        return item.created_at


class StoryCommentsFeed(SiteCommentsFeed):
    """One published story's approved comments, newest first."""

    def get_object(self, request, article_id):
        return get_object_or_404(Article.objects.published(), pk=article_id)

    def comments(self, obj):
        return Comment.objects.approved().filter(article=obj)

    def title(self, obj):
        return xml_text(_("Comments on “%(story)s”") % {"story": obj.headline})

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def item_title(self, item):
        return xml_text(_("By %(name)s") % {"name": item.author_name})
