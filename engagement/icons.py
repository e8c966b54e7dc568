"""Our own small face icons for the six reactions (inline SVG, no icon font)."""

from django.utils.safestring import mark_safe

FACE = (
    '<svg class="reaction__icon" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">'
    '<circle cx="16" cy="16" r="15" fill="{fill}" stroke="#5c4400" stroke-width="1.2"/>{features}</svg>'
)
EYES = '<circle cx="11" cy="13" r="2" fill="#3a2a00"/><circle cx="21" cy="13" r="2" fill="#3a2a00"/>'
FEATURES = {
    "happy": EYES + '<path d="M9 19q7 7 14 0" fill="none" stroke="#3a2a00" stroke-width="2" stroke-linecap="round"/>',
    "sad": EYES
    + '<path d="M10 24q6-6 12 0" fill="none" stroke="#3a2a00" stroke-width="2" stroke-linecap="round"/>'
    + '<path d="M22 16q1.5 3 0 4q-1.5-1 0-4z" fill="#3b8fd9"/>',
    "excited": '<path d="M8 12l3 2 3-2M18 12l3 2 3-2" fill="none" stroke="#3a2a00" stroke-width="2"/>'
    + '<path d="M9 18h14q-1 8-7 8t-7-8z" fill="#3a2a00"/>',
    "sleepy": '<path d="M8 14q3 2 6 0M18 14q3 2 6 0" fill="none" stroke="#3a2a00" stroke-width="2"/>'
    + '<circle cx="16" cy="22" r="2.5" fill="#3a2a00"/><text x="22" y="9" font-size="7" fill="#3a2a00">z</text>',
    "angry": '<path d="M8 10l6 3M24 10l-6 3" stroke="#3a2a00" stroke-width="2"/>'
    + EYES
    + '<path d="M10 24q6-5 12 0" fill="none" stroke="#3a2a00" stroke-width="2" stroke-linecap="round"/>',
    "surprise": EYES + '<ellipse cx="16" cy="22" rx="3.5" ry="4.5" fill="#3a2a00"/>',
}
FILLS = {"angry": "#ffb199", "sad": "#ffe08a"}


def icon(kind):
    return mark_safe(FACE.format(fill=FILLS.get(kind, "#ffd54d"), features=FEATURES[kind]))  # noqa: S308 - constants
