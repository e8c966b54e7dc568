"""A stored body as readers see it: the schema's nodes (articles/body_schema.py, `rendered`)
expanded into page markup.

- a figure (`<figure data-image="12">`) becomes the responsive picture from the image library,
  with the figure's own caption, credit and alt text (the library's when it has none);
- a figure whose file never arrived (`data-source`) keeps its caption and links the old address;
- a gallery becomes a grid of such figures, each opening in the picture viewer;
- footnote references are numbered, linked to a list of notes after the text and back;
- page breaks become anchors (`#page-2`), which the old `/slug/2/` addresses lead to;
- an embed becomes its archival card: the post's text, author and date, our copy of its
  thumbnail, "View on X", and (with JavaScript) a button that loads the provider's player.

A body with none of these is returned as stored (it went through articles/sanitize.py).
One query fetches every picture the body refers to.
"""

import re
import uuid

from django.utils.html import escape, format_html, format_html_join, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from lxml import html as lxml_html

from articles.embed_providers import BY_NAME, label_of, player_hosts
from articles.templatetags.article_images import figure

SHAPES = {provider.name: provider.shape for provider in BY_NAME.values()}
NODE_MARKERS = ("data-image", "data-source", "data-footnote", "page-break", 'class="embed"')
PICTURE_IDS = re.compile(r'data-image="(\d+)"')
SIZES = {
    "column": "(min-width: 50em) 46em, 100vw",
    "wide": "(min-width: 70em) 64em, 100vw",
    "full": "100vw",
}


def picture_ids(body):
    """The library ids of every picture the body shows (figures and galleries)."""
    return {int(found) for found in PICTURE_IDS.findall(body or "")}


def has_nodes(body):
    return any(marker in (body or "") for marker in NODE_MARKERS)


def render_body(body, pictures, *, lazy=True, interactive=True):
    """The body's page markup. `pictures`: {id: Image} for `picture_ids(body)`; `interactive`:
    False for feeds (an embed is its card and link, without the buttons that load it)."""
    if not has_nodes(body):
        return mark_safe(body or "")  # noqa: S308 - sanitised on save
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    notes = []
    pages = 1
    parts = Splice()
    _replace = parts.replace
    for element in list(root.iter("figure", "div", "sup", "hr")):
        kind = element.get("class")
        if element.tag == "figure" and kind == "embed":
            _replace(element, embed_card(element.attrib, interactive=interactive))
        elif element.tag == "figure" and element.getparent().get("class") != "gallery":
            _replace(element, _figure(element, pictures, lazy=lazy))
        elif element.tag == "div" and kind == "gallery":
            _replace(element, _gallery(element, pictures))
        elif element.tag == "sup" and element.get("data-footnote"):
            notes.append(element.get("data-footnote"))
            number = len(notes)
            _replace(
                element,
                format_html(
                    '<sup class="footnote-ref" id="footnote-ref-{0}"><a href="#footnote-{0}" aria-label="{1}">{0}</a></sup>',
                    number,
                    _("Note %(number)s") % {"number": number},
                ),
            )
        elif element.tag == "hr" and kind == "page-break":
            pages += 1
            _replace(element, format_html('<hr class="page-break" id="page-{}">', pages))
    serialised = parts.put_back(lxml_html.tostring(root, encoding="unicode")[len("<div>") : -len("</div>")])
    return mark_safe(serialised + _notes(notes))  # noqa: S308 - built from sanitised parts


class Splice:
    """Markup put where body elements stood, after the body is written out: parsing it into the
    tree would let libxml2's HTML 4 parser, which knows no `<source>`, nest a picture's `<img>`
    inside its `<source>` and write a stray `</source>`. Each element gives way to a token no
    text can hold (made afresh for each body), which the markup then replaces."""

    def __init__(self):
        self.marker = f"splice{uuid.uuid4().hex}n"
        self.parts = []

    def replace(self, element, markup):
        token = f"{self.marker}{len(self.parts)}x"
        self.parts.append(str(markup) if markup else "")
        parent, tail = element.getparent(), element.tail or ""
        previous = element.getprevious()
        parent.remove(element)
        if previous is not None:
            previous.tail = (previous.tail or "") + token + tail
        else:
            parent.text = (parent.text or "") + token + tail

    def put_back(self, text):
        for number, part in enumerate(self.parts):
            text = text.replace(f"{self.marker}{number}x", part, 1)
        return text


def _caption(element):
    caption = element.find("figcaption")
    return " ".join(caption.text_content().split()) if caption is not None else ""


def _figure(element, pictures, *, lazy=True, sizes=None):
    size = element.get("data-size") or "column"
    caption = _caption(element)
    image_id = element.get("data-image")
    image = pictures.get(int(image_id)) if image_id else None
    if image is None:
        source = element.get("data-source")
        if not (caption or source):
            return ""
        link = (
            format_html(' <a class="figure__source" href="{}">{}</a>', source, _("Original picture")) if source else ""
        )
        return format_html(
            '<figure class="figure--missing figure--{}"><figcaption><span class="caption">{}</span>{}</figcaption></figure>',
            size,
            caption,
            link,
        )
    return figure(
        image,
        caption=caption,
        lazy=lazy,
        sizes=sizes or SIZES.get(size, SIZES["column"]),
        alt=element.get("data-alt") or None,
        credit=element.get("data-credit") or None,
        size=size,
    )


def _gallery(element, pictures):
    columns = int(element.get("data-columns") or 3)
    sizes = f"(min-width: 50em) {46 // columns}em, {100 // min(columns, 2)}vw"
    figures = [_figure(child, pictures, sizes=sizes) for child in element if child.tag == "figure"]
    return format_html(
        '<div class="gallery gallery--columns-{}">{}</div>',
        columns,
        mark_safe("".join(map(str, figures))),  # noqa: S308
    )


def embed_card(card, *, interactive=True):
    """The archival card readers see (no request to the provider); with JavaScript, a button loads
    the provider's player in its place, only then (static/js/embeds.js)."""
    url, provider = card.get("data-url"), card.get("data-provider") or "link"
    label = label_of(provider, url)
    player = card.get("data-player")
    thumbnail = (
        format_html('<img class="embed__thumbnail" src="{}" alt="" loading="lazy">', card["data-thumbnail"])
        if card.get("data-thumbnail")
        else ""
    )
    author = card.get("data-author")
    if author and card.get("data-author-url"):
        author = format_html('<a href="{}" rel="nofollow noopener">{}</a>', card["data-author-url"], author)
    byline = format_html_join(" · ", "{}", ((part,) for part in (author, card.get("data-date")) if part))
    quoted = format_html_join(
        "",
        '<p class="embed__{}">{}</p>',
        ((kind, card[f"data-{kind}"]) for kind in ("title", "text") if card.get(f"data-{kind}")),
    )
    controls = (
        format_html(
            '<span class="embed__consent" hidden><button type="button" class="embed__load">{}</button> '
            '<label><input type="checkbox" class="embed__always"> {}</label></span>',
            _("Load content from %(provider)s") % {"provider": label},
            _("Always load %(provider)s") % {"provider": label},
        )
        if player and interactive
        else ""
    )
    return format_html(
        '<figure class="embed embed--{} embed--{}" data-embed-provider="{}"{}><div class="embed__card">{}'
        '<blockquote class="embed__quote" cite="{}">{}{}</blockquote></div><figcaption class="embed__actions">'
        '<a class="embed__source" href="{}" rel="noopener noreferrer">{}</a>{}</figcaption></figure>',
        provider,
        SHAPES.get(provider, "post"),
        provider,
        format_html(' data-embed-player="{}" data-embed-label="{}"', player, label) if player else "",
        thumbnail,
        url,
        quoted or format_html('<p class="embed__title">{}</p>', url),
        format_html('<footer class="embed__byline">{}</footer>', byline) if byline else "",
        url,
        _("View on %(provider)s") % {"provider": label} if label else url,
        controls,
    )


def allow_players(response, body):
    """Let the page load the players its embeds name, and no other (frame-src, this page only)."""
    hosts = frame_hosts(body)
    if hosts:
        response._csp_update = {"frame-src": sorted(hosts)}  # django-csp reads it
    return response


def _embeds(body):
    """The attributes of every embed node in a stored body."""
    if 'class="embed"' not in (body or ""):
        return []
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    return [embed.attrib for embed in root.iter("figure") if embed.get("class") == "embed"]


def embedded_urls(body):
    """{address: provider} of every embed in the body."""
    return {card["data-url"]: card.get("data-provider") or "link" for card in _embeds(body) if card.get("data-url")}


def frame_hosts(body):
    """The hosts the body's embeds may load their players from, once a reader asks (for the
    page's Content-Security-Policy: frame-src)."""
    return {
        host
        for card in _embeds(body)
        if card.get("data-player")
        for host in player_hosts(card.get("data-provider"), card.get("data-url"), card["data-player"])
    }


def _notes(notes):
    if not notes:
        return ""
    return format_html(
        '<section class="footnotes" aria-labelledby="footnotes-title"><h2 id="footnotes-title">{}</h2><ol>{}</ol></section>',
        _("Notes"),
        format_html_join(
            "",
            '<li id="footnote-{0}">{1} <a class="footnote-back" href="#footnote-ref-{0}" aria-label="{2}">↩</a></li>',
            (
                (number, mark_safe(urlize(escape(note), nofollow=True)), _("Back to the text"))  # noqa: S308
                for number, note in enumerate(notes, start=1)
            ),
        ),
    )


def reader_text(body):
    """The words a reader sees in the body: its text, captions, footnotes and the embedded posts'
    words, without the addresses and buttons around them (for the word count, read time, search)."""
    if not body:
        return ""
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    quoted = []
    for embed in root.iter("figure"):
        if embed.get("class") == "embed":  # the post's words count, not its address or chrome
            quoted += [embed.get(f"data-{kind}") or "" for kind in ("title", "text")]
            for child in list(embed):
                embed.remove(child)
    notes = [sup.get("data-footnote") for sup in root.iter("sup") if sup.get("data-footnote")]
    return " ".join([*root.itertext(), *notes, *quoted])
