"""Comment text and thread markup, built in one pass (no template per comment)."""

import re
import zlib

import nh3
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape, format_html, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.times import machine_time

REL = "nofollow ugc noopener"
LINK_REL = f'rel="{REL}"'
# Whatever Django's urlize could turn into a link has one of these (its own patterns are stricter).
LINKISH = re.compile(r"https?:|www\.|@|\.(?:com|edu|gov|int|mil|net|org)\b", re.I)


# Avatar colours: hues 15° apart, as classes (a style attribute on each of 500 comments would
# cost the page 15 KB).
AVATAR_SHADES = 24


def avatar(name):
    """A reader's avatar made here from their name (no outside service is asked): their initials
    on a colour that is always the same for the same name."""
    words = [word for word in name.split() if word[:1].isalnum()]
    initials = "".join(word[0] for word in words[:2]).upper() or "?"
    shade = zlib.crc32(name.casefold().encode()) % AVATAR_SHADES  # .av0 … .av23 in comments.css
    # An f-string like the rest of the thread markup: this runs once per comment on the page.
    return f'<span class="comment__avatar av{shade}" aria-hidden="true">{escape(initials)}</span>'


def paragraphs(text):
    """The blocks of `text` that blank lines separate, stripped, empty ones left out."""
    return [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]


def format_body(text):
    """Plain text → escaped paragraphs with URLs linked (rel nofollow ugc noopener)."""
    html = []
    for paragraph in paragraphs(text):
        # urlize escapes the text it does not link; its own rel="nofollow" is the only
        # unescaped one, so widening it cannot touch anything the reader typed.
        if not LINKISH.search(paragraph):  # nothing urlize would link: escaping is all it would do
            html.append("<p>" + escape(paragraph).replace("\n", "<br>") + "</p>")
            continue
        linked = urlize(paragraph, trim_url_limit=60, nofollow=True, autoescape=True)
        linked = linked.replace('rel="nofollow"', LINK_REL).replace("\n", "<br>")
        html.append(f"<p>{linked}</p>")
    return "".join(html)


# What WordPress lets commenters use, and so what imported comments keep.
MARKUP_TAGS = {"a", "abbr", "b", "blockquote", "cite", "code", "del", "em", "i", "li", "ol", "p", "pre", "q", "s"}
MARKUP_TAGS |= {"strike", "strong", "ul", "br"}


def format_markup(html):
    """An imported comment's HTML, cleaned: only MARKUP_TAGS, links with http(s) and our rel;
    blank lines become paragraphs as WordPress shows them."""
    cleaned = nh3.clean(
        html,
        tags=MARKUP_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}, "q": {"cite"}, "blockquote": {"cite"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=REL,
    )
    return "".join(
        block if re.match(r"<(p|ul|ol|blockquote|pre)\b", block) else "<p>" + block.replace("\n", "<br>") + "</p>"
        for block in paragraphs(cleaned)
    )


class ThreadRenderer:
    """Renders a flat list of nodes in (tree_id, lft) order as nested ordered lists.

    `visible(node)` says whether a node is shown as itself; other nodes with shown
    descendants become a placeholder; the rest are skipped.
    """

    def __init__(self, *, max_depth, reply_url, own_pending_ids=()):
        self.max_depth = max_depth
        self.reply_url = reply_url
        self.own_pending_ids = set(own_pending_ids)
        self.months = {number: str(name).title() for number, name in MONTHS_3.items()}
        self.says = _("says:")
        self.reply = _("Reply")
        self.removed = _("This comment was removed.")
        self.awaiting = _("Your comment is awaiting moderation.")
        self.reply_to = _("Reply to %(name)s")
        self.in_reply_to = _("in reply to %(name)s")

    def timestamp(self, moment):
        local = timezone.localtime(moment)
        return f"{local.day} {self.months[local.month]} {local.year}, {local:%H:%M}"

    def render(self, nodes, start=1):
        self.place(nodes)
        shown = [node for node in nodes if node.pk in self.placed]
        out = [f'<ol class="comment-list" start="{start}">']
        depth_stack = []
        for node in shown:
            depth = min(node.level, self.max_depth - 1)
            if depth_stack and depth > depth_stack[-1]:
                out.append('<ol class="children">')
                depth_stack.append(depth)
            else:
                while depth_stack and depth < depth_stack[-1]:
                    out.append("</li></ol>")
                    depth_stack.pop()
                if depth_stack:
                    out.append("</li>")
                else:
                    depth_stack.append(depth)
            out.append(self.comment(node))
        if depth_stack:
            out.append("</li>" + "</ol></li>" * (len(depth_stack) - 1))
        out.append("</ol>")
        return mark_safe("".join(out))  # noqa: S308 - every piece is escaped or format_html

    def place(self, nodes):
        """Decide which nodes appear: approved ones (and the reader's own pending ones) as
        themselves, and any other node with an appearing reply as a placeholder."""
        self.by_pk = by_pk = {node.pk: node for node in nodes}
        self.placed = set()
        for node in nodes:
            if node.is_approved or node.pk in self.own_pending_ids:
                current = node
                while current is not None and current.pk not in self.placed:
                    self.placed.add(current.pk)
                    current = by_pk.get(current.parent_id)
        return self

    def comment(self, node):
        anchor = f"comment-{node.pk}"
        if node.kind != "comment" and node.is_approved:
            # A link from another site, shown as WordPress shows it: "Pingback: <its title>".
            return format_html(
                '<li id="{}" class="comment comment--{}"><p><span class="comment__kind">{}:</span> {}</p>',
                anchor,
                node.kind,
                node.get_kind_display(),
                format_html('<a href="{}" rel="nofollow ugc">{}</a>', node.author_url, node.author_name)
                if node.author_url
                else node.author_name,
            )
        if node.is_approved or node.pk in self.own_pending_ids:
            # <bdi>: a name written right to left (or carrying an override) stays inside itself.
            name = f"<bdi>{escape(node.author_name)}</bdi>"
            if node.author_url:
                name = f'<a href="{escape(node.author_url)}" {LINK_REL}>{name}</a>'
            pending = f'<p class="comment__pending" role="status">{self.awaiting}</p>' if node.is_pending else ""
            # The deepest level shown takes no replies (as WordPress's thread depth): a reply there
            # could only be shown beside it.
            reply = (
                f'<a class="comment__reply" href="{self.reply_url}?replyto={node.pk}#respond" rel="nofollow" '
                f'data-reply-to="{node.pk}" aria-label="{escape(self.reply_to % {"name": node.author_name})}">'
                f"{self.reply}</a>"
                if node.is_approved and self.reply_url and node.level < self.max_depth - 1
                else ""
            )
            pending += self.cue(node)
            edited = ' <span class="comment__edited">(' + escape(_("edited")) + ")</span>" if node.edited_at else ""
            return (
                f'<li id="{anchor}" class="comment"><article><header class="comment__meta">'
                f'{avatar(node.author_name)}<b class="comment__author">{name}</b> <span class="comment__says">{self.says}</span> '
                f'<a class="comment__time" href="#{anchor}"><time datetime="{machine_time(node.created_at)}">'
                f"{self.timestamp(node.created_at)}</time></a>{edited}</header>{pending}"
                f'<div class="comment__text">{node.body_html}</div>{reply}</article>'
            )
        return format_html('<li id="{}" class="comment comment--removed"><p>{}</p>', anchor, self.removed)

    def cue(self, node):
        """The cue "in reply to Name", linked, for a reply shown beside its parent rather than under it
        (deeper than the thread's levels go: imported, or posted before the depth was lowered)."""
        parent = self.by_pk.get(node.parent_id)
        if node.level < self.max_depth or parent is None or parent.pk not in self.placed:
            return ""
        shown = parent.is_approved or parent.pk in self.own_pending_ids
        name = f"<bdi>{escape(parent.author_name)}</bdi>" if shown else escape(_("a removed comment"))
        text = escape(self.in_reply_to).replace("%(name)s", f'<a href="#comment-{parent.pk}">{name}</a>')
        return f'<p class="comment__in-reply-to">{text}</p>'
