"""The story body's schema, declared once: every element, mark, attribute and node a body may hold.

Each feature names the editor extension that edits it (Tiptap extensions shipped by
django-prose-editor, or our own in static/js/body_editor.js), the HTML it is stored as, and the
attributes and class values that HTML may carry. Everything else follows from this list:

- the visual editor's extensions (`editor_extensions`),
- the sanitiser's allow-list (`allowed_tags`, `allowed_attributes`, `allowed_classes`, used by
  articles/sanitize.py), so the editor never offers what the sanitiser drops and the sanitiser
  never keeps what the editor cannot hold,
- the renderer (articles/body_render.py), which expands the nodes marked `rendered`,
- the importer (wordpress/content.py), which maps WordPress markup onto these elements and lets the
  sanitiser do the rest, and the feeds, search and word count, which read the rendered body.

articles/tests/test_body_schema.py checks each side against this declaration.
"""

from dataclasses import dataclass, field

# Our own editor extensions live in this static file (an ES module django-prose-editor loads).
EDITOR_MODULE = "js/body_editor.js"


@dataclass(frozen=True)
class Feature:
    extension: str  # the Tiptap extension that edits it
    tags: tuple = ()  # the elements it is stored as
    attributes: dict = field(default_factory=dict)  # element -> attributes it may carry
    classes: dict = field(default_factory=dict)  # element -> the class values it may carry
    config: object = True  # the extension's configuration in the editor
    ours: bool = False  # defined in EDITOR_MODULE rather than by django-prose-editor
    rendered: bool = False  # expanded by articles/body_render.py when a reader sees it


LINK_SCHEMES = ("http", "https", "mailto")
# What an embed stores (data-<name> on its figure): its address, provider and archival card.
EMBED_CARD = ("url", "provider", "title", "author", "author-url", "text", "date", "thumbnail", "player")

FEATURES = (
    # Text blocks
    Feature("Paragraph", ("p",)),
    Feature("Heading", ("h2", "h3", "h4", "h5", "h6"), config={"levels": [2, 3, 4, 5, 6]}),
    Feature("HardBreak", ("br",)),
    Feature("HorizontalRule", ("hr",)),
    # Marks
    Feature("Bold", ("strong",)),
    Feature("Italic", ("em",)),
    Feature("Underline", ("u",)),
    Feature("Strike", ("s",)),
    Feature("Deleted", ("del",), ours=True),
    Feature("Inserted", ("ins",), ours=True),
    Feature("Subscript", ("sub",)),
    Feature("Superscript", ("sup",)),
    Feature("Code", ("code",)),
    Feature("Marked", ("mark",), ours=True),
    Feature("Abbreviation", ("abbr",), {"abbr": {"title"}}, ours=True),
    Feature("InlineQuote", ("q",), ours=True),
    Feature("Citation", ("cite",), ours=True),
    Feature("Keyboard", ("kbd",), ours=True),
    Feature(
        "Link",
        ("a",),
        {"a": {"href", "title"}},
        config={"enableTarget": False, "protocols": list(LINK_SCHEMES)},
    ),
    # Lists
    Feature("BulletList", ("ul",)),
    Feature("OrderedList", ("ol",), {"ol": {"start", "type"}}),
    Feature("ListItem", ("li",)),
    Feature("DefinitionList", ("dl", "dt", "dd"), ours=True),
    # Quotes and preformatted text
    Feature("Blockquote", ("blockquote",)),
    Feature("QuoteCitation", ("cite",), ours=True),  # <cite> as the last line of a quote
    Feature("PullQuote", ("aside",), classes={"aside": {"pull-quote"}}, ours=True),
    # <pre><code> for code, <pre class="verse"> for poems, plain <pre> otherwise; all keep marks.
    Feature("Preformatted", ("pre", "code"), classes={"pre": {"verse"}}, ours=True),
    # Tables: prosemirror-tables holds the rows; our extension adds the caption and the
    # head/body/foot sections (stored as <thead>/<tbody>/<tfoot>).
    Feature("Table", ("table", "caption", "thead", "tbody", "tfoot", "tr")),
    Feature("TableRow", ()),
    Feature("TableHeader", ("th",), {"th": {"colspan", "rowspan", "scope"}}),
    Feature("TableCell", ("td",), {"td": {"colspan", "rowspan"}}),
    # The editor marks a head or foot row with data-section; the sanitiser moves it into its section.
    Feature("TableSections", (), {"tr": {"data-section"}}, ours=True),
    Feature("Details", ("details", "summary"), {"details": {"open"}}, ours=True),
    # Media and the newsroom's own nodes (atoms in the editor, expanded for readers)
    Feature(
        "BodyFigure",
        ("figure", "figcaption"),
        {"figure": {"data-image", "data-size", "data-alt", "data-credit", "data-source"}},
        ours=True,
        rendered=True,
    ),
    Feature("Gallery", ("div",), {"div": {"data-columns"}}, {"div": {"gallery"}}, ours=True, rendered=True),
    # <source> is read (older markup) and written as the element's own src.
    Feature("Audio", ("audio", "source"), {"audio": {"src", "controls"}, "source": {"src"}}, ours=True),
    Feature("Video", ("video",), {"video": {"src", "controls", "poster"}}, ours=True),
    Feature("Download", ("p", "a"), {"a": {"download"}}, {"p": {"download"}}, ours=True),
    Feature("Button", ("p", "a"), classes={"p": {"button"}}, ours=True),
    Feature("Footnote", ("sup",), {"sup": {"data-footnote"}}, ours=True, rendered=True),
    Feature("PageBreak", ("hr",), classes={"hr": {"page-break"}}, ours=True, rendered=True),
    # An embedded post or video with its archival card (articles/embed_cards.py): nothing is
    # fetched from the provider when a reader opens the page, until the reader asks.
    Feature(
        "Embed",
        ("figure", "a"),
        {"figure": {f"data-{name}" for name in EMBED_CARD}},
        {"figure": {"embed"}},
        ours=True,
        rendered=True,
    ),
    # Editing aids that store nothing (django-prose-editor adds its menu, history and cursors)
    Feature("BodyChooser", ours=True),  # the buttons that insert figures, galleries, footnotes…
    # The editor's default turns the browser's spell-check off; writers want it on.
    Feature("NoSpellCheck", config=False),
)

# Figure sizes an editor may choose; "column" (the text's width) is the default.
FIGURE_SIZES = ("column", "wide", "full")
GALLERY_COLUMNS = (1, 2, 3, 4, 5, 6)

# Markup from elsewhere that has a faithful counterpart in the schema; the sanitiser renames it
# before cleaning so that the stored body is what the editor writes back.
RENAMED_TAGS = {"h1": "h2", "b": "strong", "i": "em", "strike": "s", "tt": "code", "var": "em", "samp": "code"}
# Elements whose meaning has no counterpart: their text is kept, the element is not.
UNWRAPPED_TAGS = ("span", "font", "small", "big", "address", "center", "section", "article", "header", "footer")


def editor_extensions():
    """The visual editor's extensions and their configuration (django-prose-editor's form)."""
    return {feature.extension: feature.config for feature in FEATURES}


def our_extensions():
    return sorted(feature.extension for feature in FEATURES if feature.ours)


def allowed_tags():
    return {tag for feature in FEATURES for tag in feature.tags}


def allowed_attributes():
    merged = {}
    for feature in FEATURES:
        for tag, names in feature.attributes.items():
            merged.setdefault(tag, set()).update(names)
    # Classes are allowed value by value (allowed_classes), never as a free attribute.
    return merged


def allowed_classes():
    merged = {}
    for feature in FEATURES:
        for tag, values in feature.classes.items():
            merged.setdefault(tag, set()).update(values)
    return merged


def rendered_extensions():
    return {feature.extension for feature in FEATURES if feature.rendered}
