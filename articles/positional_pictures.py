"""Pictures placed "after paragraph N", as stories placed them before pictures were part of the
text: used to move them into the text (migration 0010, old revisions restored, the demo)."""

from html import escape


def figures_after_paragraphs(body, placements):
    """`body` with a figure node for each (position, image id, caption) placed "after paragraph
    N" the way stories placed pictures before they were part of the text: after the N-th closing
    </p> of the stored markup, or at the end when the body has fewer paragraphs."""
    by_position = {}
    for position, image_id, caption in placements:
        inside = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
        by_position.setdefault(position, []).append(
            f'<figure data-image="{image_id}" data-size="column">{inside}</figure>'
        )
    pieces = (body or "").split("</p>")
    out = []
    for number, piece in enumerate(pieces[:-1], start=1):
        out.append(piece + "</p>")
        out.extend(by_position.pop(number, []))
    out.append(pieces[-1])
    for position in sorted(by_position):
        out.extend(by_position[position])
    return "".join(out)
