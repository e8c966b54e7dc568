"""The canonical form of a cleaned body: the structure the visual editor holds, written as the
editor writes it, so that stored body == what the editor saves back when nothing changed.

Runs after nh3 (articles/sanitize.py) on markup that holds only the schema's elements. It fixes
what browsers forgive but an editor's document model cannot hold: text loose in list items, table
cells and quotes (wrapped in paragraphs), lists nested directly in lists (moved into the item
before), table rows outside their sections, stray line breaks between blocks, whitespace runs.
"""

import re

from lxml import etree
from lxml import html as lxml_html

from articles.embed_providers import BY_NAME, DISCOVERED, LINK, player_is_allowed, recognise

INLINE = {"a", "strong", "em", "u", "s", "del", "ins", "sub", "sup", "code", "mark", "abbr", "q", "cite", "kbd", "br"}
# Containers whose content is blocks: loose text in them is wrapped in a paragraph.
BLOCK_CONTAINERS = {"li", "td", "th", "blockquote", "aside", "details"}
# Elements holding text directly (inline content only).
TEXT_BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "summary", "caption", "figcaption"}
LISTS = {"ul", "ol"}
WHITESPACE = re.compile(r"[ \t\r\n\f]+")
TABLE_SECTIONS = ("thead", "tbody", "tfoot")
KNOWN_PROVIDERS = {*BY_NAME, DISCOVERED.name, LINK.name}
EMPTY_TEXT = re.compile(r"^[\s\u00a0]*$")


def canonical_form(markup):
    if not markup or not markup.strip():
        return ""
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    _fix(root)
    _wrap_loose_inline(root)
    _collapse_whitespace(root)
    _drop_empty_paragraphs(root)
    serialised = lxml_html.tostring(root, encoding="unicode")
    return serialised[len("<div>") : -len("</div>")].strip()


def _fix(root):
    # Children first for lists and tables, so that nested structure is settled before its parent.
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element is root or element.getparent() is None:
            continue  # (or taken out with an element fixed before it)
        if element.get("class") == "":
            del element.attrib["class"]  # a class value the schema does not know was taken out
        tag = element.tag
        if tag in LISTS:
            _fix_list(element)
        elif tag == "table":
            _fix_table(element)
        elif tag == "div":
            _fix_div(element)
        elif tag == "figure":
            _fix_figure(element)
        elif tag == "a" and not element.get("href"):
            element.drop_tag()
        elif tag == "a" and element.get("download") is not None and element.getparent().get("class") != "download":
            del element.attrib["download"]  # only a download block offers the file to save
        elif tag == "p" and element.get("class") in ("download", "button"):
            _fix_link_block(element)
        elif tag in ("audio", "video"):
            _fix_media(element)
        elif tag == "sup" and element.get("data-footnote") is not None:
            _fix_footnote(element)
        elif tag in ("dt", "dd"):
            _flatten_blocks(element)
        elif tag == "dl":
            _keep_only(element, ("dt", "dd"))
        elif tag == "pre":
            _fix_pre(element)


def _fix_list(element):
    for child in list(element):
        if not isinstance(child.tag, str):
            continue
        if child.tag in LISTS:
            previous = child.getprevious()
            if previous is not None and previous.tag == "li":
                previous.append(child)
            else:
                item = etree.Element("li")
                child.addprevious(item)
                item.append(child)
        elif child.tag != "li":
            if child.tag == "br" or not (child.text_content() or "").strip():
                _remove_keep_tail(child)
            else:
                item = etree.Element("li")
                child.addprevious(item)
                item.append(child)
    element.text = None
    for child in element:
        child.tail = None


def _keep_only(element, tags):
    for child in list(element):
        if child.tag not in tags:
            _remove_keep_tail(child)
    element.text = None
    for child in element:
        child.tail = None


def _fix_table(table):
    caption = None
    rows = []
    for child in list(table):
        if not isinstance(child.tag, str):
            continue
        if child.tag == "caption" and caption is None:
            caption = child
        elif child.tag in TABLE_SECTIONS:
            section = {"thead": "head", "tfoot": "foot"}.get(child.tag, "body")
            rows += [(row.get("data-section") or section, row) for row in child if row.tag == "tr"]
        elif child.tag == "tr":
            rows.append((child.get("data-section") or "body", child))
        table.remove(child)
    table.text = None
    if caption is not None:
        caption.tail = None
        table.append(caption)
    for section, tag in (("head", "thead"), ("body", "tbody"), ("foot", "tfoot")):
        chosen = [row for row_section, row in rows if row_section == section]
        if chosen:
            group = etree.SubElement(table, tag)
            for row in chosen:
                row.attrib.pop("data-section", None)
                row.text = row.tail = None
                for cell in list(row):
                    if cell.tag not in ("td", "th"):
                        row.remove(cell)
                    else:
                        cell.tail = None
                group.append(row)


def _fix_div(element):
    """Only galleries are kept as divisions: of pictures, and nothing else."""
    if element.get("class") != "gallery":
        element.drop_tag()
        return
    for child in list(element):
        if not (child.tag == "figure" and child.get("data-image")):
            _remove_keep_tail(child)
    element.text = None
    for child in element:
        child.tail = None
    if not len(element):
        element.getparent().remove(element)


def _fix_figure(element):
    if element.get("class") == "embed" and element.get("data-url"):
        _fix_embed(element)
        return
    if not (element.get("data-image") or element.get("data-source")):
        # A figure that is not one of our pictures: its content stays, the caption as a paragraph.
        for caption in element.findall("figcaption"):
            caption.tag = "p"
        element.drop_tag()
        return
    captions = element.findall("figcaption")
    text = " ".join((captions[0].text_content() if captions else "").split())
    for child in list(element):
        element.remove(child)
    element.text = None
    if text:
        etree.SubElement(element, "figcaption").text = text


def _fix_embed(element):
    """An embed keeps its card; its player only on its provider's own hosts; its content is the
    link to the post, for anyone reading the stored text."""
    url = element.get("data-url")
    provider = element.get("data-provider") or ""
    if provider not in KNOWN_PROVIDERS:  # an address alone (imported, or typed as HTML): recognised here
        known, found = recognise(url)
        provider = known.name if known else LINK.name
        element.set("data-provider", provider)
        if known is not None and known.player and not element.get("data-player"):
            element.set("data-player", known.player_for(url, found))
    player = element.get("data-player")
    if player is not None and not player_is_allowed(provider, url, player):
        del element.attrib["data-player"]
    for name in ("title", "author", "text", "date"):
        value = " ".join((element.get(f"data-{name}") or "").split())
        if value:
            element.set(f"data-{name}", value)
        else:
            element.attrib.pop(f"data-{name}", None)
    for child in list(element):
        element.remove(child)
    element.text = None
    link = etree.SubElement(element, "a", href=url, rel="noopener noreferrer")
    link.text = url


def _fix_link_block(element):
    links = [link for link in element.iter("a") if link.get("href")]
    if not links:
        element.attrib.pop("class", None)
        return
    link = links[0]
    label = " ".join(link.text_content().split()) or link.get("href")
    kind = element.get("class")
    for child in list(element):
        element.remove(child)
    element.text = None
    new = etree.SubElement(element, "a", href=link.get("href"), rel="noopener noreferrer")
    if kind == "download":
        new.set("download", "")
    new.text = label


def _fix_media(element):
    if not element.get("src"):
        source = next((child for child in element.iter("source") if child.get("src")), None)
        if source is None:
            _remove_keep_tail(element)
            return
        element.set("src", source.get("src"))
    for child in list(element):
        element.remove(child)
    element.text = None
    element.set("controls", "")


def _fix_footnote(element):
    note = " ".join(element.get("data-footnote", "").split())
    if not note:
        _remove_keep_tail(element)
        return
    element.set("data-footnote", note)
    for child in list(element):
        element.remove(child)
    element.text = None


def _flatten_blocks(element):
    """A term or definition holds text: paragraphs inside it become lines."""
    blocks = [child for child in element if child.tag not in INLINE]
    for index, block in enumerate(blocks):
        if index:
            block.addprevious(etree.Element("br"))
        block.drop_tag()


def _fix_pre(element):
    children = [child for child in element if isinstance(child.tag, str)]
    only_code = len(children) == 1 and children[0].tag == "code" and not (element.text or "").strip()
    if only_code and not (children[0].tail or "").strip():
        element.text = None
        children[0].tail = None
    for child in element.iter():
        if child is not element and child.tag not in INLINE:
            child.drop_tag()


def _remove_keep_tail(child):
    parent = child.getparent()
    tail = child.tail
    previous = child.getprevious()
    parent.remove(child)
    if tail and tail.strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _wrap_loose_inline(root):
    """Runs of text and inline elements directly in the body or in a block container become
    paragraphs, as the editor holds them."""
    for container in [root] + [el for el in root.iter(*BLOCK_CONTAINERS) if el is not root]:
        summary = container.find("summary") if container.tag == "details" else None
        _rewrap(container, container.index(summary) + 1 if summary is not None else 0)


def _is_block(child):
    if child.tag == "cite" and child.getparent() is not None and child.getparent().tag in ("blockquote", "aside"):
        previous = child.getprevious()
        return previous is not None and previous.tag not in INLINE  # a quote's citation line
    return child.tag not in INLINE


def _rewrap(container, start):
    kept = list(container)[:start]
    rest = list(container)[start:]
    pieces = []  # (text or element, is it a block)
    text = kept[-1].tail if kept else container.text
    if text:
        pieces.append((text, False))
    for child in rest:
        pieces.append((child, _is_block(child)))
        if child.tail:
            pieces.append((child.tail, False))
            child.tail = None
    if not any(
        not block and not isinstance(piece, str) or isinstance(piece, str) and piece.strip() for piece, block in pieces
    ):
        return  # nothing loose
    if kept:
        kept[-1].tail = None
    else:
        container.text = None
    for child in rest:
        container.remove(child)
    run = []
    for piece, block in pieces + [(None, True)]:
        if not block:
            run.append(piece)
            continue
        if any(not isinstance(item, str) or item.strip() for item in run):
            paragraph = etree.SubElement(container, "p")
            for item in run:
                if isinstance(item, str):
                    if len(paragraph):
                        paragraph[-1].tail = (paragraph[-1].tail or "") + item
                    else:
                        paragraph.text = (paragraph.text or "") + item
                else:
                    paragraph.append(item)
        run = []
        if piece is not None:
            container.append(piece)


def _collapse_whitespace(root):
    for element in root.iter():
        if not isinstance(element.tag, str) or _inside_pre(element):
            continue
        if element.tag not in INLINE and element.tag not in TEXT_BLOCKS:
            # A block container: whitespace between its blocks is not content.
            if element.text and not element.text.strip():
                element.text = None
            for child in element:
                if child.tail and not child.tail.strip() and _is_block(child):
                    child.tail = None
        if element.text:
            element.text = WHITESPACE.sub(" ", element.text)
        if element.tail:
            element.tail = WHITESPACE.sub(" ", element.tail)
    for block in root.iter(*TEXT_BLOCKS):
        _trim_line_breaks(block)
        _trim_edges(block)


def _trim_line_breaks(block):
    """Line breaks at the very start or end of a paragraph or heading show nothing."""
    while len(block) and block[0].tag == "br" and not (block.text or "").strip():
        block.text = (block.text or "") + (block[0].tail or "")
        block.remove(block[0])
    while len(block) and block[-1].tag == "br" and not (block[-1].tail or "").strip():
        block.remove(block[-1])


def _inside_pre(element):
    return any(ancestor.tag == "pre" for ancestor in element.iterancestors()) or element.tag == "pre"


def _trim_edges(block):
    """Leading and trailing spaces of a block are not content (the editor drops them)."""
    if block.text:
        block.text = block.text.lstrip(" ")
    elif len(block) and block[0].tag in INLINE and block[0].text:
        block[0].text = block[0].text.lstrip(" ")
    last = block[-1] if len(block) else None
    if last is None:
        if block.text:
            block.text = block.text.rstrip(" ")
    elif last.tail:
        last.tail = last.tail.rstrip(" ")
    elif last.text and not len(last):
        last.text = last.text.rstrip(" ")


def _drop_empty_paragraphs(root):
    for paragraph in list(root.iter("p")):
        if len(paragraph) and any(child.tag != "br" for child in paragraph):
            continue
        if EMPTY_TEXT.match(paragraph.text_content() or ""):
            _remove_keep_tail(paragraph)
