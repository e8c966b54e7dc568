"""A stored body as readers see it: the schema's nodes (articles/body_schema.py, `rendered`)
expanded into page markup.

- a figure (`<figure data-image="12">`) becomes the responsive picture from the image library,
  with the figure's own caption, credit and alt text (the library's when it has none);
- a figure whose file never arrived (`data-source`) keeps its caption and links the old address;
- a gallery becomes a grid of such figures, each opening in the picture viewer;
- footnote references are numbered, linked to a list of notes after the text and back;
- page breaks become anchors (`#page-2`), which the old `/slug/2/` addresses lead to;
- an embed becomes a link card (pictures and text filled by the embeds feature later).

A body with none of these is returned as stored (it went through articles/sanitize.py).
One query fetches every picture the body refers to.
"""

import re

from django.utils.html import escape, format_html, format_html_join, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from lxml import html as lxml_html

from articles.templatetags.article_images import figure

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


def render_body(body, pictures, *, lazy=True):
    """The body's page markup. `pictures`: {id: Image} for `picture_ids(body)`."""
    if not has_nodes(body):
        return mark_safe(body or "")  # noqa: S308 - sanitised on save
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    notes = []
    pages = 1
    for element in list(root.iter("figure", "div", "sup", "hr")):
        kind = element.get("class")
        if element.tag == "figure" and kind == "embed":
            _replace(element, _embed_card(element.get("data-url")))
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
    serialised = lxml_html.tostring(root, encoding="unicode")[len("<div>") : -len("</div>")]
    return mark_safe(serialised + _notes(notes))  # noqa: S308 - built from sanitised parts


def _replace(element, markup):
    """Put `markup` (already safe HTML) where `element` stands, keeping the text after it."""
    fragments = lxml_html.fragments_fromstring(str(markup)) if markup else []
    parent = element.getparent()
    tail = element.tail
    position = parent.index(element)
    parent.remove(element)
    new_elements = [fragment for fragment in fragments if not isinstance(fragment, str)]
    for offset, new in enumerate(new_elements):
        parent.insert(position + offset, new)
    if new_elements:
        new_elements[-1].tail = (new_elements[-1].tail or "") + (tail or "")
    elif tail:
        previous = parent[position - 1] if position else None
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


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


def _embed_card(url):
    return format_html(
        '<figure class="embed embed--link"><a class="embed__link" href="{0}" rel="noopener noreferrer">{0}</a></figure>',
        url,
    )


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
    """The words a reader sees in the body: its text, captions and footnotes, without the
    addresses embeds and downloads carry (for the word count and read time)."""
    if not body:
        return ""
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    for embed in root.iter("figure"):
        if embed.get("class") == "embed":
            for child in list(embed):
                embed.remove(child)
    notes = [sup.get("data-footnote") for sup in root.iter("sup") if sup.get("data-footnote")]
    return " ".join([*root.itertext(), *notes])
