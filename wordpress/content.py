"""Turning a WordPress post body into ours: paragraphs, and images pulled out as placements."""

import re
from dataclasses import dataclass

from django.utils.html import strip_tags

CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S | re.I)
FIGURE = re.compile(r"<figure[^>]*class=\"[^\"]*wp-block-image[^\"]*\"[^>]*>(.*?)</figure>", re.S | re.I)
FIGCAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.S | re.I)
IMG = re.compile(r"<img\b[^>]*>", re.I)
WP_IMAGE_CLASS = re.compile(r"wp-image-(\d+)")
SRC = re.compile(r"src=[\"']([^\"']+)[\"']", re.I)
CREDIT = re.compile(
    r"\s*[\(\[]?\b(?:photo credit|photo|credit|picture)\s*:\s*(?P<credit>[^\n\)\]]+?)[\)\]]?\s*\.?$", re.I
)
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*-->")
PARAGRAPH_END = "</p>"
BLOCK_START = re.compile(r"^\s*<(p|h[1-6]|ul|ol|blockquote|figure|div|table|pre)\b", re.I)


@dataclass
class Placement:
    attachment_id: int | None
    src: str
    caption: str
    credit: str
    paragraph: int


def split_credit(caption):
    """("Rescuers at work", "AFP") from "Rescuers at work. Photo: AFP"."""
    caption = " ".join(strip_tags(caption).split())
    match = CREDIT.search(caption)
    if not match:
        return caption, ""
    return caption[: match.start()].rstrip(" .–—-"), match.group("credit").strip().rstrip(".")


def autop(html):
    """WordPress stores classic posts with blank lines for paragraphs; wrap those in <p>."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", html.replace("\r\n", "\n")) if block.strip()]
    out = []
    for block in blocks:
        if BLOCK_START.match(block):
            out.append(block)
        else:
            out.append("<p>" + block.replace("\n", "<br>") + "</p>")
    return "\n".join(out)


def _image_reference(markup):
    img = IMG.search(markup)
    if not img:
        return None, ""
    tag = img.group(0)
    wp_id = WP_IMAGE_CLASS.search(tag)
    src = SRC.search(tag)
    return (int(wp_id.group(1)) if wp_id else None), (src.group(1) if src else "")


def extract(body):
    """The body without its captioned images, and where each image stood (after which paragraph)."""
    body = BLOCK_COMMENT.sub("", body)
    marker = "\x00image{}\x00"
    found = []

    def take(markup, caption):
        attachment_id, src = _image_reference(markup)
        text, credit = split_credit(caption)
        found.append((attachment_id, src, text, credit))
        return "\n\n" + marker.format(len(found) - 1) + "\n\n"

    body = CAPTION.sub(lambda m: take(m.group(2), IMG.sub("", m.group(2))), body)
    body = FIGURE.sub(
        lambda m: take(m.group(1), (FIGCAPTION.search(m.group(1)).group(1) if FIGCAPTION.search(m.group(1)) else "")),
        body,
    )
    html = autop(body)
    placements = []
    for index, (attachment_id, src, caption, credit) in enumerate(found):
        token = marker.format(index)
        position = html.find(token)
        before = html[:position] if position >= 0 else html
        paragraphs = before.count(PARAGRAPH_END)
        placements.append(Placement(attachment_id, src, caption, credit, max(paragraphs, 1)))
        html = html.replace(f"<p>{token}</p>", "").replace(token, "")
    return html.strip(), placements
