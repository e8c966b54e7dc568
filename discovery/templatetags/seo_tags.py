"""`{% seo_head %}` in base.html's <head>: canonical URL, feed autodiscovery, OpenGraph and
Twitter card tags, and JSON-LD: `NewsArticle` and `BreadcrumbList` on article pages, `WebSite`
(with its search) and `Organization` on the home page, `CollectionPage` on a section's or a
tag's, `ProfilePage` (a `Person`) on an author's.

It reads the page's context (`article`, `section`, `tag`, `author`, `page_obj`,
`request`). The meta description stays with base.html's `description` block.
"""

import functools
import html
import json

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.images import rendition_url
from core.addresses import AddressPattern, absolute
from discovery.search import lead_words

register = template.Library()

SHARE_IMAGE_WIDTH = 1200
# JSON inside <script> must not be able to close the element or open a comment.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
# What the site is, where a page has nothing of its own to say (base.html's meta description too).
SITE_DESCRIPTION = gettext_lazy("News, analysis and comment from our reporters.")


def escape(value):
    return html.escape(str(value))  # what Django's escape gives, without its lazy-string wrapper


def share_image(image):
    """The lead image as social networks and search engines want it: 1,200 wide, absolute."""
    if image is None:
        return None
    width = min(SHARE_IMAGE_WIDTH, image.width) if image.width else SHARE_IMAGE_WIDTH
    height = round(image.height * width / image.width) if image.width and image.height else None
    return {
        "url": absolute(rendition_url(image, SHARE_IMAGE_WIDTH, "jpeg")),
        "width": width,
        "height": height,
        "alt": image.alt_text,
        "credit": image.credit,
        "licence": image.licence,
    }


def page_facts(context):
    """Title, description, canonical URL, image and feeds for whatever page this is."""
    request = context.get("request")
    article, section, tag, author = (context.get(name) for name in ("article", "section", "tag", "author"))
    latest = (_("Latest stories"), "discovery:feed-latest", {})
    if article is not None and hasattr(article, "get_absolute_url"):
        return {
            "keywords": [keyword.name for keyword in article.tags.all()],
            "title": article.headline,
            "description": article.standfirst or lead_words(article.body, 40),
            "url": absolute(article.get_absolute_url()),
            "image": share_image(article.lead_image),
            "feeds": [latest, (article.section.name, "discovery:feed-section", {"slug": article.section.slug})],
        }
    path = request.path if request is not None else reverse("articles:home")
    page_obj = context.get("page_obj")
    if page_obj is not None and getattr(page_obj, "number", 1) > 1:
        path = f"{path}?page={page_obj.number}"
    facts = {"title": settings.SITE_NAME, "description": str(SITE_DESCRIPTION), "url": absolute(path)}
    facts.update(image=None, feeds=[latest], kind="page")
    if request is not None and request.path == reverse("articles:home"):
        lead = context.get("lead_story")  # the front page's lead picture is the one to share
        facts.update(kind="home", image=share_image(lead.lead_image) if lead else None)
    elif section is not None:
        facts.update(kind="section", title=section.name, description=section.description or facts["description"])
        facts["feeds"].append((section.name, "discovery:feed-section", {"slug": section.slug}))
    elif tag is not None:
        facts.update(kind="tag", title=tag.name, description=_("All our stories about %(name)s.") % {"name": tag.name})
        facts["feeds"].append((tag.name, "discovery:feed-tag", {"slug": tag.slug}))
    elif author is not None:
        facts.update(kind="author", title=author.name, description=author.bio, image=share_image(author.photo))
        facts["feeds"].append((author.name, "discovery:feed-author", {"slug": author.slug}))
    return facts


@functools.cache
def feed_address(view_name, *slugs):
    """A feed's address pattern (core.addresses.AddressPattern: no resolver walk for each page)."""
    return AddressPattern(view_name, **dict.fromkeys(slugs, str))


def feed_links(feeds):
    for title, url_name, kwargs in feeds:
        for kind in ("rss", "atom"):
            href = escape(absolute(feed_address(f"{url_name}-{kind}", *kwargs)(**kwargs)))
            yield f'<link rel="alternate" type="application/{kind}+xml" title="{escape(title)}" href="{href}">'


def meta_tags(facts, article):
    image = facts["image"]
    tags = [
        ("property", "og:site_name", settings.SITE_NAME),
        ("property", "og:type", "article" if article is not None else "website"),
        ("property", "og:title", facts["title"]),
        ("property", "og:url", facts["url"]),
        ("property", "og:description", facts["description"]),
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", facts["title"]),
        ("name", "twitter:description", facts["description"]),
    ]
    if image:
        tags += [
            ("property", "og:image", image["url"]),
            ("property", "og:image:width", image["width"]),
            ("property", "og:image:height", image["height"]),
            ("property", "og:image:alt", image["alt"]),
            ("name", "twitter:image", image["url"]),
            ("name", "twitter:image:alt", image["alt"]),
        ]
    if article is not None:
        tags += [
            ("property", "article:published_time", article.publish_at.isoformat()),
            ("property", "article:modified_time", date_modified(article).isoformat()),
            ("property", "article:section", article.section.name),
        ]
        tags += [("property", "article:tag", name) for name in facts["keywords"]]
    for attribute, name, value in tags:
        if value not in (None, ""):
            yield f'<meta {attribute}="{name}" content="{escape(value)}">'  # attribute and name: ours


def corrections_of(article):
    """The story's corrections and updates (prefetched for the story page), if the editorial app keeps any."""
    manager = getattr(article, "corrections", None)
    return list(manager.all()) if manager is not None else []


def date_modified(article):
    """The last change readers can see: an edit, or a correction or update."""
    return max([article.updated_at, article.publish_at, *(entry.published_at for entry in corrections_of(article))])


# Apps that know more about a kind of story add it to its JSON-LD: functions (article, data) → None
# that change `data` (a live story becomes a LiveBlogPosting with its updates).
ARTICLE_DATA_HOOKS = []


def news_article_data(article, facts):
    image = facts["image"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": facts["url"]},
        "url": facts["url"],
        "headline": article.headline,
        "description": facts["description"],
        "datePublished": timezone.localtime(article.publish_at).isoformat(),
        "dateModified": timezone.localtime(date_modified(article)).isoformat(),
        "author": [
            {"@type": "Person", "name": byline.author.name, "url": absolute(byline.author.get_absolute_url())}
            for byline in article.bylines.all()  # prefetched with the author by the article view
        ],
        "publisher": publisher_data(),
        "articleSection": article.section.name,
        "keywords": facts["keywords"],
        "wordCount": article.word_count,
        "inLanguage": settings.LANGUAGE_CODE,
    }
    corrections = [entry for entry in corrections_of(article) if entry.kind == "correction"]
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": entry.text,
                "datePublished": timezone.localtime(entry.published_at).isoformat(),
            }
            for entry in corrections
        ]
    if image:
        data["image"] = [
            {
                "@type": "ImageObject",
                "url": image["url"],
                "width": image["width"],
                "height": image["height"],
                "caption": article.lead_caption,
                "creditText": image["credit"],
                "copyrightNotice": image["licence"],
            }
        ]
    for hook in ARTICLE_DATA_HOOKS:
        hook(article, data)
    return data


def breadcrumb_data(article, facts):
    crumbs = [
        (settings.SITE_NAME, absolute(reverse("articles:home"))),
        (article.section.name, absolute(article.section.get_absolute_url())),
        (article.headline, facts["url"]),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def publisher_data():
    return {
        "@type": "Organization",
        "@id": settings.SITE_URL + "/#publisher",
        "name": settings.PUBLISHER_NAME,
        "url": settings.SITE_URL + "/",
        "logo": {"@type": "ImageObject", "url": absolute(static(settings.PUBLISHER_LOGO))},
    }


def website_data():
    return {
        "@type": "WebSite",
        "@id": settings.SITE_URL + "/#website",
        "name": settings.SITE_NAME,
        "url": settings.SITE_URL + "/",
        "description": str(SITE_DESCRIPTION),
        "inLanguage": settings.LANGUAGE_CODE,
        "publisher": {"@id": settings.SITE_URL + "/#publisher"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": absolute(reverse("discovery:search")) + "?q={query}"},
            "query-input": "required name=query",
        },
    }


def list_page_data(facts, context):
    """The home page's site and publisher; a section's or tag's CollectionPage; an author's
    ProfilePage; None for other pages."""
    kind = facts.get("kind")
    if kind == "home":
        return {"@context": "https://schema.org", "@graph": [website_data(), publisher_data()]}
    page = {
        "@context": "https://schema.org",
        "url": facts["url"],
        "name": facts["title"],
        "description": facts["description"],
        "inLanguage": settings.LANGUAGE_CODE,
        "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"},
    }
    if kind in ("section", "tag"):
        return {**page, "@type": "CollectionPage"}
    if kind == "author":
        author = context["author"]
        person = {"@type": "Person", "name": author.name, "url": facts["url"]}
        if author.bio:
            person["description"] = author.bio
        if facts["image"]:
            person["image"] = facts["image"]["url"]
        return {**page, "@type": "ProfilePage", "mainEntity": person}
    return None


def json_ld(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_SCRIPT_ESCAPES)
    return f'<script type="application/ld+json">{text}</script>'


@register.simple_tag(takes_context=True)
def seo_head(context):
    facts = page_facts(context)
    article = context.get("article")
    if not hasattr(article, "get_absolute_url"):
        article = None
    parts = [f'<link rel="canonical" href="{escape(facts["url"])}">']
    parts += feed_links(facts["feeds"])
    parts += meta_tags(facts, article)
    if article is not None:
        parts += [json_ld(news_article_data(article, facts)), json_ld(breadcrumb_data(article, facts))]
    elif (data := list_page_data(facts, context)) is not None:
        parts.append(json_ld(data))
    return mark_safe("\n  ".join(parts))  # noqa: S308 -- every value in the parts is escaped (or JSON made safe)
