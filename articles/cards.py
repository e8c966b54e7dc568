"""Story cards, related-story cards and bylines, written in one pass (no template per card), as
comment threads are.

A section, tag or author page shows twenty cards; through the template engine (a card, its
byline, each a template) they were most of the page's build. The markup is the cards' one
definition: `{% story_card %}`, `{% related_card %}`, `{% byline %}` and `{% comments_link %}`
(articles/templatetags/article_cards.py).
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.templatetags.article_images import picture
from core.times import machine_time

# The card's picture: (sizes, fetched at once) for the front page's lead story, a compact card,
# the first card of a list (the largest thing on a phone's first screen), and any other card.
LEAD_PICTURE = ("(min-width: 60em) 50em, 100vw", False)
COMPACT_PICTURE = ("7rem", True)
FIRST_PICTURE = ("(min-width: 40em) 12rem, 100vw", False)
CARD_PICTURE = ("(min-width: 40em) 12rem, 100vw", True)
RELATED_PICTURE = "(min-width: 50em) 11em, 33vw"
# What a card reads of its story's own row (lists ask for these alone: ArticleQuerySet.for_listing);
# its section and picture come whole.
CARD_FIELDS = ["headline", "slug", "standfirst", "publish_at", "status", "comments_enabled", "comment_count"]
CARD_FIELDS += ["pinned", "section", "lead_image"]


def picture_link(card, url, image, sizes, lazy):
    """A card's picture, linked to its story (for pointers only: the headline is the link read out)."""
    return (
        f'<a class="{card}__image" href="{url}" tabindex="-1" aria-hidden="true">'
        f"{picture(image, sizes=sizes, lazy=lazy)}</a>"
    )


def time_element(moment, format):
    """`moment` in a `<time>` element: for machines in full, for people in `format`, in the site's time zone."""
    local = timezone.localtime(moment)
    return f'<time datetime="{machine_time(local)}">{date_format(local, format)}</time>'


def kicker(section):
    """The section a card's story is in, linked to its page."""
    return f'<p class="kicker"><a href="{escape(section.get_absolute_url())}">{escape(section.name)}</a></p>'


def byline(story):
    """ "By Ann, Bob and Cy", each name linked to the author's page; empty without bylines."""
    authors = [entry.author for entry in story.bylines.all()]
    if not authors:
        return ""
    links = [
        f'<a href="{escape(author.get_absolute_url())}" rel="author">{escape(author.name)}</a>' for author in authors
    ]
    names = links[0] if len(links) == 1 else ", ".join(links[:-1]) + f" {_('and')} {links[-1]}"
    return mark_safe(f'<span class="byline">{_("By")} {names}</span>')  # noqa: S308 - escaped above


def comments_link(story, url=None):
    """ "3 comments", linked to the story's thread, in a list's entry; empty while it has none."""
    if not (story.comments_enabled and story.comment_count):
        return ""
    count = story.comment_count
    text = ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": count}
    href = f"{url or escape(story.get_absolute_url())}#comments"
    return mark_safe(f'<a class="meta__comments" href="{href}">{text}</a>')  # noqa: S308 - a number and our address


def story_card(story, *, heading="h3", big=False, compact=False, first=False, show_section=False):
    url = escape(story.get_absolute_url())
    kind = " story-card--lead" if big else " story-card--compact" if compact else ""
    out = [f'<article class="story-card{kind}">\n  ']
    if story.lead_image:
        sizes, lazy = LEAD_PICTURE if big else COMPACT_PICTURE if compact else FIRST_PICTURE if first else CARD_PICTURE
        out.append(picture_link("story-card", url, story.lead_image, sizes, lazy))
    out.append('\n  <div class="story-card__text">\n    ')
    if show_section:
        out.append(kicker(story.section))
    out.append(
        f'\n    <{heading} class="story-card__headline"><a href="{url}">{escape(story.headline)}</a></{heading}>\n    '
    )
    if story.standfirst and not compact:
        out.append(f'<p class="story-card__standfirst">{escape(story.standfirst)}</p>')
    out.append(f'\n    <p class="meta">{byline(story)}\n\n      {time_element(story.publish_at, "j M Y, H:i")}\n      ')
    out.append(f"{comments_link(story, url)}\n    </p>\n  </div>\n</article>\n")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped or built by picture()


def related_card(story):
    """A related story under a story page: its picture, section, headline and day."""
    url = escape(story.get_absolute_url())
    out = ['<article class="related-card">\n  ']
    if story.lead_image:
        out.append(picture_link("related-card", url, story.lead_image, RELATED_PICTURE, lazy=True))
    out.append(
        f"\n  <div>{kicker(story.section)}\n"
        f'  <h3 class="related-card__headline"><a href="{url}">{escape(story.headline)}</a></h3>\n'
        f'  <p class="meta">{time_element(story.publish_at, "j M Y")}</p></div>\n'
        "</article>\n"
    )
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped or built by picture()


def river_item(story):
    """A story in the home page's river of latest stories: its time, section and headline."""
    url = escape(story.get_absolute_url())
    return mark_safe(  # noqa: S308 - every piece is escaped or built by kicker() and comments_link()
        '<li class="river__item">\n'
        f"      {time_element(story.publish_at, 'j M, H:i')}\n"
        f"      {kicker(story.section)}\n"
        f'      <h3 class="river__headline"><a href="{url}">{escape(story.headline)}</a></h3>\n'
        f"      {comments_link(story, url)}\n"
        "    </li>"
    )


def compact_item(story):
    """A story in a home page section block: its headline and day."""
    return mark_safe(  # noqa: S308 - escaped
        f'<li><a href="{escape(story.get_absolute_url())}">{escape(story.headline)}</a> '
        f"{time_element(story.publish_at, 'j M')}</li>"
    )
