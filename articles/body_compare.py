"""Comparing two bodies as a reader and an editor would: the same elements, attributes and text,
whatever the attribute order and the whitespace between blocks.

`losses(before, after)` names what `after` lacks, in words an editor understands ("2 × footnote",
the text "E = MC²"), for the refusal that keeps the visual editor from dropping it.
"""

from collections import Counter

from lxml import html as lxml_html

NAMES = {
    "sup[data-footnote]": "footnote",
    "figure[data-image]": "picture",
    "figure[data-source]": "picture (missing file)",
    "div.gallery": "gallery",
    "hr.page-break": "page break",
    "figure.embed": "embedded post",
    "p.download": "download",
    "p.button": "button",
    "aside.pull-quote": "pull quote",
}


def _signature(element):
    tag = element.tag
    if element.get("class"):
        return f"{tag}.{element.get('class')}"
    for attribute in ("data-footnote", "data-image", "data-source"):
        if element.get(attribute) is not None:
            return f"{tag}[{attribute}]"
    return tag


def _parts(markup):
    """(Counter of element signatures with their attributes, list of words)."""
    if not markup or not markup.strip():
        return Counter(), Counter(), []
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    elements, attributes = Counter(), Counter()
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):
            continue
        signature = _signature(element)
        elements[signature] += 1
        for name, value in element.attrib.items():
            if name != "rel":
                attributes[(signature, name, value)] += 1
    # Text piece by piece: words that only touch across elements are not run together.
    return elements, attributes, " ".join(root.itertext()).split()


def equivalent(first, second):
    return _parts(first) == _parts(second)


def losses(before, after):
    """What `before` holds that `after` does not, described for an editor."""
    elements_before, attributes_before, words_before = _parts(before)
    elements_after, attributes_after, words_after = _parts(after)
    found = []
    for signature, count in sorted((elements_before - elements_after).items()):
        name = NAMES.get(signature, f"<{signature}>")
        found.append(f"{count} × {name}")
    for (signature, name, _value), count in sorted((attributes_before - attributes_after).items()):
        if signature in elements_after:
            found.append(f"{count} × {name} of {NAMES.get(signature, f'<{signature}>')}")
    missing_words = Counter(words_before) - Counter(words_after)
    if missing_words:
        sample = " ".join(word for word in words_before if word in missing_words)[:80]
        found.append(f"the text “{sample}”")
    return found
