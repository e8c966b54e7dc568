"""WordPress constructs mapped onto the story body's schema (articles/body_schema.py), before the
body is split into paragraphs: what a newsroom wrote keeps its meaning rather than its markup.

- pull quote blocks become pull quotes, table blocks keep their caption (WordPress puts it in a figcaption after the table);
- file blocks become downloads, button blocks buttons;
- `<!--nextpage-->` becomes a page break;
- embed blocks, and URLs alone on a line, become embeds;
- audio and video blocks play from our media when the file came in, else become a link;
- footnote references take their note from the post's `footnotes` meta and become footnotes.
"""

import html
import json
import re

from django.utils.html import strip_tags

from wordpress.shortcodes import MEDIA_TOKEN

TABLE_BLOCK = re.compile(
    r'<figure class="wp-block-table[^"]*">\s*(<table\b[^>]*>)(.*?)</table>\s*'
    r"(?:<figcaption[^>]*>(.*?)</figcaption>)?\s*</figure>",
    re.S | re.I,
)
PULL_QUOTE_BLOCK = re.compile(
    r'<figure class="wp-block-pullquote[^"]*">\s*<blockquote[^>]*>(.*?)</blockquote>\s*</figure>', re.S | re.I
)
FILE_BLOCK = re.compile(r'<div class="wp-block-file[^"]*">(.*?)</div>', re.S | re.I)
BUTTON_BLOCK = re.compile(r'<div class="wp-block-button(?:\s[^"]*)?">\s*(<a\b[^>]*>.*?</a>)\s*</div>', re.S | re.I)
LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)
HREF = re.compile(r"""href=["']([^"']+)["']""", re.I)
NEXT_PAGE = re.compile(r"<!--\s*nextpage\s*-->", re.I)
EMBED_BLOCK = re.compile(
    r'<figure class="wp-block-embed[^"]*">\s*<div class="wp-block-embed__wrapper">\s*(https?://[^\s<]+)\s*</div>'
    r"\s*(?:<figcaption[^>]*>(.*?)</figcaption>)?\s*</figure>",
    re.S | re.I,
)
URL_ALONE = re.compile(r"<p>\s*(https?://[^\s<>\"]+)\s*</p>", re.I)
MEDIA_BLOCK = re.compile(
    r'<figure class="wp-block-(audio|video)[^"]*">\s*<(?:audio|video)\b[^>]*\bsrc="([^"]+)"[^>]*>\s*</(?:audio|video)>'
    r"\s*(?:<figcaption[^>]*>(.*?)</figcaption>)?\s*</figure>",
    re.S | re.I,
)
# A post pasted with its provider's script: the quoted text, author and date make its card.
QUOTED_POST = re.compile(
    r'<blockquote class="(?:twitter-tweet|bluesky-embed|instagram-media|tiktok-embed)[^"]*"[^>]*>(.*?)</blockquote>'
    r"\s*(?:<script\b[^>]*>\s*</script>)?",
    re.S | re.I,
)
FOOTNOTE_REFERENCE = re.compile(r'<sup\b[^>]*\bdata-fn="([^"]+)"[^>]*>.*?</sup>', re.S | re.I)


def figure_node(caption, image_id, old_address):
    """A picture of the library in the text, or one whose file never arrived (its old address)."""
    inside = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    where = f'data-image="{image_id}"' if image_id else f'data-source="{html.escape(old_address)}"'
    return f'<figure {where} data-size="column">{inside}</figure>'


def link_block(markup, kind):
    """A file block (its first link: the file's name) or a button, as a download or button."""
    link = LINK.search(markup)
    href = HREF.search(link.group(1)) if link else None
    if not href:
        return markup
    download = " download" if kind == "download" else ""
    label = html.escape(" ".join(strip_tags(link.group(2)).split()), quote=False)
    return f'\n\n<p class="{kind}"><a href="{href.group(1)}"{download}>{label}</a></p>\n\n'


def embed(url, caption="", card=None):
    """An embed node for `url`; `card`: what the export says of the post ({"text": …})."""
    after = f"\n\n<p>{caption.strip()}</p>" if caption and strip_tags(caption).strip() else ""
    filled = "".join(f' data-{name}="{html.escape(value)}"' for name, value in (card or {}).items() if value)
    return f'\n\n<figure class="embed" data-url="{html.escape(html.unescape(url))}"{filled}></figure>{after}\n\n'


def quoted_post(match):
    """A post pasted as its provider's blockquote: an embed whose card is what the quote says."""
    inner = match.group(1)
    links = list(LINK.finditer(inner))
    addresses = [
        found.group(1)
        for found in (HREF.search(link.group(1)) for link in links)
        if found and ("/status/" in found.group(1) or "/post/" in found.group(1) or "/p/" in found.group(1))
    ]
    if not addresses:
        return match.group(0)
    text = re.search(r"<p\b[^>]*>(.*?)</p>", inner, re.S)
    byline = html.unescape(strip_tags(inner[text.end() if text else 0 : links[-1].start()]))
    card = {
        "text": " ".join(html.unescape(strip_tags(text.group(1))).split()) if text else "",
        "author": " ".join(byline.replace("\u2014", " ").split()).strip(" -"),
        "date": " ".join(strip_tags(links[-1].group(2)).split()),
    }
    return embed(html.unescape(addresses[-1]), card=card)


def _table(match):
    opening, rows, caption = match.groups()
    inside = f"<caption>{caption.strip()}</caption>" if caption and strip_tags(caption).strip() else ""
    return f"\n\n{opening}{inside}{rows}</table>\n\n"


def note_text(note):
    """A footnote's text, its links written out: "the survey (https://…)"."""

    def written_out(match):
        href, label = HREF.search(match.group(1)), " ".join(strip_tags(match.group(2)).split())
        if not href or href.group(1) == label:
            return label or (href.group(1) if href else "")
        return f"{label} ({href.group(1)})"

    return " ".join(html.unescape(strip_tags(LINK.sub(written_out, note or ""))).split())


def footnotes_from_meta(value):
    """{footnote id: text} from the `footnotes` post meta (a JSON list of {id, content})."""
    try:
        notes = json.loads(value or "[]")
    except ValueError:
        return {}
    return {note["id"]: note_text(note.get("content")) for note in notes if isinstance(note, dict) and "id" in note}


def map_blocks(body, *, footnotes, media):
    """`body` with WordPress's constructs written in the schema's markup. `media`: a list that
    receives (kind, [urls]) for each sound or video, replaced by `media_token(index)`."""
    body = TABLE_BLOCK.sub(_table, body)
    body = PULL_QUOTE_BLOCK.sub(lambda match: f'\n\n<aside class="pull-quote">{match.group(1)}</aside>\n\n', body)
    body = FILE_BLOCK.sub(lambda match: link_block(match.group(1), "download"), body)
    body = BUTTON_BLOCK.sub(lambda match: link_block(match.group(1), "button"), body)
    body = NEXT_PAGE.sub('\n\n<hr class="page-break">\n\n', body)
    body = EMBED_BLOCK.sub(lambda match: embed(match.group(1), match.group(2)), body)
    body = QUOTED_POST.sub(quoted_post, body)

    def play(match):
        kind, url, caption = match.groups()
        media.append((kind.lower(), [html.unescape(url)]))
        after = f"\n\n<p>{caption.strip()}</p>" if caption and strip_tags(caption).strip() else ""
        return "\n\n" + MEDIA_TOKEN.format(len(media) - 1) + after + "\n\n"

    body = MEDIA_BLOCK.sub(play, body)

    def footnote(match):
        note = footnotes.get(match.group(1))
        return f'<sup data-footnote="{html.escape(note)}"></sup>' if note else ""

    return FOOTNOTE_REFERENCE.sub(footnote, body)


def embed_lone_urls(paragraphs):
    """A URL alone in a paragraph is an embed, as WordPress treats it."""
    return URL_ALONE.sub(lambda match: embed(match.group(1)).strip(), paragraphs)
