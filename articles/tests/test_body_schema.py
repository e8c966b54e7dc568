"""The body schema (articles/body_schema.py) is the one declaration the editor, the sanitiser and
the renderer follow: each side is checked against it here (the browser round trip checks that
the editor really holds what it declares: browser_tests/test_body_round_trip.py)."""

import json
import re
from pathlib import Path

import pytest
from django_prose_editor.config import allowlist_from_extensions

from articles import body_schema
from articles.body_render import NODE_MARKERS
from articles.forms import ArticleAdminForm
from articles.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_CLASSES, ALLOWED_TAGS, sanitize_html

EDITOR_MODULE = Path(__file__).resolve().parents[2] / "static" / body_schema.EDITOR_MODULE
BLNS = Path(__file__).resolve().parents[2] / "testdata" / "blns.json"


def library_features():
    return {f.extension: f.config for f in body_schema.FEATURES if not f.ours and f.config is not False}


def test_the_editor_offers_nothing_the_sanitiser_drops():
    """django-prose-editor says what HTML each of its extensions writes; all of it is kept."""
    written = allowlist_from_extensions(library_features())
    assert written["tags"] <= ALLOWED_TAGS, written["tags"] - ALLOWED_TAGS
    for tag, names in written["attributes"].items():
        # rel is set by the sanitiser on every link; target is switched off in the schema;
        # data-type is the editor's own list-style marker, which the schema leaves to the stylesheet.
        extra = set(names) - ALLOWED_ATTRIBUTES.get(tag, set()) - {"rel", "target", "data-type"}
        assert not extra, (tag, extra)


def test_every_extension_of_ours_is_defined_by_the_editor_module():
    source = EDITOR_MODULE.read_text(encoding="utf-8")
    exported = set(re.findall(r"^export const (\w+)", source, re.M))
    assert set(body_schema.our_extensions()) <= exported, set(body_schema.our_extensions()) - exported
    # and every element of ours is one the module reads or writes
    for feature in body_schema.FEATURES:
        if feature.ours:
            for tag in feature.tags:
                assert re.search(rf'["\s>(]{tag}\b', source), (feature.extension, tag)


def test_the_form_loads_exactly_the_schemas_extensions_and_our_module():
    config = ArticleAdminForm().fields["body"].widget.get_config()
    assert set(body_schema.editor_extensions()) - {"NoSpellCheck"} <= set(config["extensions"])
    assert config["js_modules"][-1].endswith(body_schema.EDITOR_MODULE)


def test_the_sanitiser_keeps_exactly_the_schema():
    assert body_schema.allowed_tags() == ALLOWED_TAGS
    assert body_schema.allowed_attributes() == ALLOWED_ATTRIBUTES
    assert body_schema.allowed_classes() == ALLOWED_CLASSES
    assert "script" not in ALLOWED_TAGS and "style" not in ALLOWED_TAGS and "img" not in ALLOWED_TAGS


def test_the_nodes_the_renderer_expands_are_declared_as_rendered():
    rendered = body_schema.rendered_extensions()
    assert rendered == {"BodyFigure", "Gallery", "Footnote", "PageBreak", "Embed"}
    assert len(NODE_MARKERS) == 5


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("<h1>One</h1><h5>Five</h5><h6>Six</h6>", "<h2>One</h2><h5>Five</h5><h6>Six</h6>"),
        ("<p><b>b</b> <i>i</i> <strike>s</strike></p>", "<p><strong>b</strong> <em>i</em> <s>s</s></p>"),
        ("<dl><dt>T</dt><dd><p>one</p><p>two</p></dd></dl>", "<dl><dt>T</dt><dd>one<br>two</dd></dl>"),
        ("<ul><li>a</li><ul><li>b</li></ul><br></ul>", "<ul><li><p>a</p><ul><li><p>b</p></li></ul></li></ul>"),
        ('<p>x<sup data-footnote="A  note">1</sup></p>', '<p>x<sup data-footnote="A note"></sup></p>'),
        ("<p><abbr title='World Health Organization'>WHO</abbr> <q>q</q> <kbd>K</kbd> <mark>m</mark></p>", None),
        ('<p class="button"><a href="https://a.example/">Go</a><a href="https://b.example/">x</a></p>', None),
    ],
)
def test_the_sanitiser_writes_the_editors_form_and_keeps_what_newsrooms_write(given, kept):
    cleaned = sanitize_html(given)
    if kept is not None:
        assert cleaned == kept
    assert sanitize_html(cleaned) == cleaned  # a second pass changes nothing


@pytest.mark.parametrize(
    "hostile",
    [
        '<figure data-image="1 or 1=1"><figcaption>x</figcaption></figure>',
        '<figure data-source="javascript:alert(1)"><figcaption>x</figcaption></figure>',
        '<figure class="embed" data-url="javascript:alert(1)"></figure>',
        '<p class="download"><a href="javascript:alert(1)" download>x</a></p>',
        '<div class="gallery" data-columns="3; background:red"><figure data-image="x"></figure></div>',
        '<audio src="https://tracker.example/a.mp3"></audio><video poster="https://tracker.example/p.jpg"></video>',
        '<tr data-section="head"><td>x</td></tr><sup data-footnote="<script>alert(1)</script>"></sup>',
    ],
)
def test_hostile_node_attributes_are_dropped(hostile):
    cleaned = sanitize_html(hostile)
    assert "javascript:" not in cleaned and "tracker.example" not in cleaned and "1 or 1" not in cleaned
    assert "<script" not in cleaned and "background" not in cleaned


def test_every_naughty_string_is_cleaned_once_and_for_all():
    for text in json.loads(BLNS.read_text(encoding="utf-8")):
        cleaned = sanitize_html(f"<p>{text}</p><figure data-image='1'><figcaption>{text}</figcaption></figure>")
        assert sanitize_html(cleaned) == cleaned, text
