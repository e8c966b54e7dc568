"""What readers see of the body's own nodes (articles/body_render.py), on the story page, in
feeds and in the read time."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from articles.sanitize import sanitize_html
from articles.templatetags.article_body import rendered_body
from articles.tests.factories import ArticleFactory, ImageFactory
from core.addresses import absolute

pytestmark = pytest.mark.django_db


def test_a_figure_shows_the_library_picture_with_its_own_caption_credit_alt_and_size():
    image = ImageFactory(caption="Library caption", credit="Library credit", alt_text="Library alt")
    html = str(
        rendered_body(
            f'<figure data-image="{image.pk}" data-size="wide" data-alt="A crane" data-credit="Port archive">'
            "<figcaption>Cranes at dawn</figcaption></figure>"
        )
    )
    assert '<figure class="figure--wide">' in html and 'alt="A crane"' in html
    assert "Cranes at dawn" in html and "Photo: Port archive" in html
    assert "Library caption" not in html and "Library credit" not in html


def test_a_figure_without_its_own_text_uses_the_librarys():
    image = ImageFactory(caption="Library caption", credit="Library credit", alt_text="Library alt")
    html = str(rendered_body(f'<figure data-image="{image.pk}" data-size="column"></figure>'))
    assert "Library caption" in html and "Photo: Library credit" in html and 'alt="Library alt"' in html


def test_a_picture_whose_file_never_arrived_keeps_its_caption_and_the_old_address():
    html = str(
        rendered_body(
            '<figure data-source="https://old.example/pier.jpg" data-size="column">'
            "<figcaption>The pier in 1985</figcaption></figure>"
        )
    )
    assert "The pier in 1985" in html and 'href="https://old.example/pier.jpg"' in html and "<img" not in html


def test_a_gallery_lays_its_pictures_in_columns_and_each_opens_in_the_viewer():
    first, second = ImageFactory(), ImageFactory()
    html = str(
        rendered_body(
            f'<div class="gallery" data-columns="4"><figure data-image="{first.pk}"><figcaption>One</figcaption>'
            f'</figure><figure data-image="{second.pk}"><figcaption>Two</figcaption></figure></div>'
        )
    )
    assert 'class="gallery gallery--columns-4"' in html
    assert html.count('class="figure__zoom"') == 2 and "One" in html and "Two" in html


def test_footnotes_are_numbered_listed_after_the_text_and_linked_both_ways():
    html = str(
        rendered_body(
            '<p>First<sup data-footnote="See https://data.example/tides for the series."></sup> and second'
            '<sup data-footnote="&lt;script&gt;alert(1)&lt;/script&gt;"></sup>.</p>'
        )
    )
    assert '<sup class="footnote-ref" id="footnote-ref-1"><a href="#footnote-1"' in html
    assert 'id="footnote-ref-2"' in html and '<li id="footnote-2">' in html
    assert 'href="#footnote-ref-1"' in html  # back to the text
    assert '<a href="https://data.example/tides" rel="nofollow">' in html  # an address in a note is a link
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_page_breaks_become_anchors_and_old_page_addresses_lead_to_them(client):
    html = str(rendered_body('<p>One.</p><hr class="page-break"><p>Two.</p><hr class="page-break"><p>Three.</p>'))
    assert 'id="page-2"' in html and 'id="page-3"' in html
    story = ArticleFactory(body='<p>One.</p><hr class="page-break"><p>Two.</p>')
    response = client.get(story.get_absolute_url() + "2/")
    assert response.status_code == 301 and response["Location"] == story.get_absolute_url() + "#page-2"
    assert client.get(story.get_absolute_url() + "1/")["Location"] == story.get_absolute_url()


def test_an_address_nobody_recognises_is_a_plain_link_card():
    html = str(rendered_body(sanitize_html('<figure class="embed" data-url="https://video.example/v/1"></figure>')))
    assert 'class="embed embed--link embed--post"' in html and 'href="https://video.example/v/1"' in html
    assert "data-embed-player" not in html and "Load content" not in html  # nothing to load


def test_a_body_without_nodes_is_shown_as_stored():
    body = "<p>Plain <strong>text</strong>.</p>"
    assert str(rendered_body(body)) == body


def test_read_time_counts_what_readers_read_captions_and_notes_but_not_addresses():
    story = ArticleFactory(
        body='<p>one two three</p><figure data-source="https://old.example/x.jpg"><figcaption>four five</figcaption>'
        '</figure><p>six<sup data-footnote="seven eight"></sup></p>'
        '<figure class="embed" data-url="https://video.example/v/1"></figure>'
    )
    assert Article.objects.get(pk=story.pk).word_count == 8


def test_the_story_page_reads_all_its_pictures_in_one_query(client):
    def queries_for(count):
        figures = "".join(f'<p>Para {n}.</p><figure data-image="{ImageFactory().pk}"></figure>' for n in range(count))
        story = ArticleFactory(body=figures)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(story.get_absolute_url()).status_code == 200
        return len(captured)

    queries_for(1)  # the site's first request reads what later ones find cached
    assert queries_for(1) == queries_for(20)


def test_feeds_carry_the_whole_body_with_its_pictures_at_full_addresses(client, settings):
    image = ImageFactory()
    ArticleFactory(body=f'<p>Text.</p><figure data-image="{image.pk}"><figcaption>In the feed</figcaption></figure>')
    feed = client.get(reverse("discovery:feed-latest-rss")).content.decode()
    # Full addresses: the site's for local media, the bucket's (already full) on object storage.
    assert "In the feed" in feed and absolute(settings.MEDIA_URL) in feed.replace("&quot;", '"')


def test_the_lead_picture_is_fetched_first_and_body_pictures_when_near(client):
    lead, inside = ImageFactory(), ImageFactory()
    story = ArticleFactory(lead_image=lead, body=f'<p>Text.</p><figure data-image="{inside.pk}"></figure>')
    html = client.get(story.get_absolute_url()).content.decode()
    lead_img = re.search(r'<div class="story__lead">.*?<img ([^>]*)>', html, re.S).group(1)
    body_img = re.search(r'<div class="story__body">.*?<img ([^>]*)>', html, re.S).group(1)
    assert 'fetchpriority="high"' in lead_img and 'loading="lazy"' not in lead_img
    assert 'loading="lazy"' in body_img and "fetchpriority" not in body_img


@pytest.mark.django_db
def test_a_picture_with_renditions_is_written_as_html_has_it_with_the_text_around_it_kept():
    from articles.renditions import make_renditions

    image = ImageFactory()
    image.rendition_widths = make_renditions(image)
    image.save()
    body = (
        f'<p>Before.</p><figure data-image="{image.pk}"><figcaption>Dawn</figcaption></figure>'
        f'<div class="gallery" data-columns="2"><figure data-image="{image.pk}"></figure>'
        f'<figure data-image="{image.pk}"></figure></div><p>After<sup data-footnote="A note.">*</sup> all.</p>'
    )
    html = str(rendered_body(body))

    # <source> is a void element: libxml2's HTML 4 parser nested the <img> inside it.
    assert "</source>" not in html
    assert html.count("<source") == 3 * 1 and re.search(r"<source [^>]*><img ", html)
    assert html.startswith("<p>Before.</p><figure") and '<p>After<sup class="footnote-ref"' in html
    assert "</sup> all.</p>" in html and "splice" not in html
