"""RSS 2.0 and Atom feeds: latest stories, and each section, tag and author.

`ArticleFeed` owns everything the feeds share (items, links, content, authors,
categories, the lead image); the subclasses only say which stories and what to call
the feed. Every feed class is served in both formats: `LatestFeed(RSS)`, `LatestFeed(ATOM)`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.images import rendition_url
from articles.models import Article, Author, Section, Tag
from articles.templatetags.article_body import rendered_body
from core.addresses import absolute, absolute_in_html
from discovery.search import clean_text, lead_words

MEDIA_NS = "http://search.yahoo.com/mrss/"
FEED_IMAGE_WIDTH = 1200


def add_media_content(handler, image):
    """`<media:content>` with credit and caption, which feed readers show as the lead picture."""
    if not image:
        return
    handler.startElement(
        "media:content", {"url": image["url"], "medium": "image", "type": image["mime_type"], "width": image["width"]}
    )
    if image["credit"]:
        handler.addQuickElement("media:credit", image["credit"])
    if image["caption"]:
        handler.addQuickElement("media:description", image["caption"], {"type": "plain"})
    handler.endElement("media:content")


def xml_safe(value):
    """Strings, and the lists and dicts holding them, without characters XML cannot carry."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)):
        return type(value)(xml_safe(item) for item in value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    return value


class XmlSafeMixin:
    """Editors' text may hold control characters; XML may not, so they go before writing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*(xml_safe(arg) for arg in args), **xml_safe(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*(xml_safe(arg) for arg in args), **xml_safe(kwargs))


class NewsRssFeed(XmlSafeMixin, feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:media": MEDIA_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # RSS's own <author> wants an e-mail address, which we never publish.
        for name, _url in item["bylines"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content_html"])
        add_media_content(handler, item["image"])


class NewsAtomFeed(XmlSafeMixin, feedgenerator.Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["bylines"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        handler.addQuickElement("content", item["content_html"], {"type": "html"})
        add_media_content(handler, item["image"])


RSS, ATOM = NewsRssFeed, NewsAtomFeed


class ArticleFeed(Feed):
    """The parts every story feed shares; subclasses narrow `articles()` and name the feed."""

    def __init__(self, feed_type=RSS):
        self.feed_type = feed_type

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Absolute addresses come from SITE_URL, not from whatever Host the request named.
        feed.feed["feed_url"] = absolute(request.path)
        return feed

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).for_listing(with_body=True).prefetch_related("tags")[: settings.FEED_ITEMS]

    def link(self, obj):
        return absolute(obj.get_absolute_url() if obj is not None else reverse("articles:home"))

    def author_name(self):
        # Atom needs an author for the feed when an entry has none of its own.
        return settings.PUBLISHER_NAME

    def feed_copyright(self):
        return settings.PUBLISHER_NAME

    def item_title(self, item):
        return item.headline

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        # Stable across slug and date changes, so a moved story is not a "new" item.
        return f"tag:{urlsplit(settings.SITE_URL).hostname},2024:article:{item.pk}"

    item_guid_is_permalink = False

    def item_description(self, item):
        return item.standfirst or lead_words(item.body, 50)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_copyright(self, item):
        return settings.PUBLISHER_NAME

    def item_enclosures(self, item):
        image = self.lead_image(item)
        if image is None:
            return []
        # The rendition's byte size is not known without reading the file; 0 is the
        # conventional "unknown" length, which feed readers accept.
        return [feedgenerator.Enclosure(image["url"], "0", image["mime_type"])]

    def item_extra_kwargs(self, item):
        return {
            # The whole body as readers see it, pictures included, with full addresses.
            "content_html": absolute_in_html(rendered_body(item.body, interactive=False)),
            "bylines": [
                (byline.author.name, absolute(byline.author.get_absolute_url())) for byline in item.bylines.all()
            ],
            "image": self.lead_image(item),
        }

    def lead_image(self, item):
        image = item.lead_image
        if image is None:
            return None
        return {
            "url": absolute(rendition_url(image, FEED_IMAGE_WIDTH, "jpeg")),
            "mime_type": "image/jpeg",
            "width": str(min(FEED_IMAGE_WIDTH, image.width or FEED_IMAGE_WIDTH)),
            "credit": image.credit,
            "caption": item.lead_caption,
        }


class LatestFeed(ArticleFeed):
    def title(self):
        return _("%(site)s: latest stories") % {"site": settings.SITE_NAME}

    def description(self):
        return _("The latest stories from %(site)s.") % {"site": settings.SITE_NAME}


class ObjectFeed(ArticleFeed):
    """A feed of one section, tag or author, found by the slug in the address."""

    model = None
    article_filter = None
    title_format = None

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def articles(self, obj):
        return super().articles(obj).filter(**{self.article_filter: obj})

    def title(self, obj):
        return self.title_format % {"site": settings.SITE_NAME, "name": obj}

    def description(self, obj):
        return self.title(obj)


class SectionFeed(ObjectFeed):
    model, article_filter = Section, "section"
    title_format = gettext_lazy("%(site)s: %(name)s")


class TagFeed(ObjectFeed):
    model, article_filter = Tag, "tags"
    title_format = gettext_lazy("%(site)s: stories tagged %(name)s")


class AuthorFeed(ObjectFeed):
    model, article_filter = Author, "authors"
    title_format = gettext_lazy("%(site)s: stories by %(name)s")
