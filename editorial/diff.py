"""What changed between two versions of a story, for people: fields changed, words added and
removed in the text, pictures swapped, tags and bylines added or dropped."""

import difflib
import html
import re

from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

LABELS = {
    "headline": _("Headline"),
    "slug": _("Slug"),
    "standfirst": _("Standfirst"),
    "dateline": _("Dateline"),
    "body": _("Body"),
    "lead_image_caption": _("Lead image caption"),
    "editors_note": _("Editor's note"),
    "comments_enabled": _("Comments enabled"),
    "section": _("Section"),
    "tags": _("Tags"),
    "bylines": _("Bylines"),
    "key_points": _("At a glance"),
    "lead_image": _("Lead image"),
    "inline_images": _("Images in the body"),
}
WORD = re.compile(r"\S+|\s+")


def words(text):
    """The text a reader reads (markup gone, paragraphs kept apart), as words and spaces."""
    text = re.sub(r"</(p|h[1-6]|li|blockquote)>", "\n\n", text or "")
    return WORD.findall(html.unescape(strip_tags(text)))


def word_diff(old, new):
    """HTML: the new text with removed words in <del> and added words in <ins>, and the counts."""
    before, after = words(old), words(new)
    out, added, removed = [], 0, 0
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(before[a1:a2])))
            continue
        if a2 > a1:
            out.append(format_html("<del>{}</del>", "".join(before[a1:a2])))
            removed += sum(1 for w in before[a1:a2] if not w.isspace())
        if b2 > b1:
            out.append(format_html("<ins>{}</ins>", "".join(after[b1:b2])))
            added += sum(1 for w in after[b1:b2] if not w.isspace())
    return mark_safe("".join(out).replace("\n", "<br>")), added, removed  # noqa: S308 - escaped above


def _names(items):
    return [item["name"] if isinstance(item, dict) else item for item in items or []]


def _image_label(image):
    if not image:
        return "—"
    parts = [image["title"]]
    if image.get("position") is not None:
        parts.append(str(_("after paragraph %(n)s") % {"n": image["position"]}))
    if image.get("caption"):
        parts.append(f"“{image['caption']}”")
    return ", ".join(parts)


def diff(old, new):
    """A list of changes from `old` to `new` (revision data): dicts with `field`, `label`, and
    either `html` (a word diff), or `before`/`after`, or `added`/`removed` lists."""
    old, new = old or {}, new or {}
    changes = []
    for field, label in LABELS.items():
        before, after = old.get(field), new.get(field)
        if before == after:
            continue
        change = {"field": field, "label": label}
        if field in ("body", "standfirst", "editors_note", "lead_image_caption"):
            change["html"], change["words_added"], change["words_removed"] = word_diff(before or "", after or "")
        elif field in ("tags", "bylines", "key_points"):
            was, now = _names(before), _names(after)
            change["added"] = [name for name in now if name not in was]
            change["removed"] = [name for name in was if name not in now]
            if not (change["added"] or change["removed"]):
                change["before"], change["after"] = ", ".join(was), ", ".join(now)  # only the order changed
        elif field == "section":
            change["before"], change["after"] = (before or {}).get("name", "—"), (after or {}).get("name", "—")
        elif field == "lead_image":
            change["before"], change["after"] = _image_label(before), _image_label(after)
        elif field == "inline_images":
            was, now = [_image_label(i) for i in before or []], [_image_label(i) for i in after or []]
            change["added"] = [label for label in now if label not in was]
            change["removed"] = [label for label in was if label not in now]
        else:
            change["before"], change["after"] = before, after
        changes.append(change)
    return changes
