"""Unicode slugs for everything an editor makes, and the rich text stories may carry."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from articles.forms import ArticleAdminForm
from articles.models import Article
from articles.sanitize import sanitize_html
from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from articles.tests.test_admin import article_form

pytestmark = pytest.mark.django_db


def test_an_editor_makes_a_story_with_a_cyrillic_slug_and_readers_reach_it(editor_client, client):  # noqa: F811
    section = SectionFactory(name="Город", slug="город")
    data = article_form(section, slug="мост-открыт", headline="Мост открыт", status=Article.Status.PUBLISHED)
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:1500]
    story = Article.objects.get()
    assert story.slug == "мост-открыт"
    client.logout()
    assert "%D0%BC" in story.get_absolute_url()
    assert client.get(story.get_absolute_url()).status_code == 200  # percent-encoded
    assert client.get(unquote(story.get_absolute_url())).status_code == 200  # raw letters
    assert client.get(section.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("factory, slug", [(SectionFactory, "体育"), (TagFactory, "тег"), (AuthorFactory, "ana-lópez")])
def test_sections_tags_and_authors_answer_at_unicode_addresses_and_feeds(client, factory, slug):
    owner = factory(slug=slug)
    ArticleFactory(section=SectionFactory() if factory is not SectionFactory else owner)
    assert client.get(owner.get_absolute_url()).status_code == 200
    kind = factory._meta.model.__name__.lower()
    assert client.get(reverse(f"discovery:feed-{kind}-rss", args=[slug])).status_code == 200


def test_the_body_keeps_tables_code_details_and_only_local_sound_and_video(settings):
    media = settings.MEDIA_URL  # /media/, or the bucket's address with media on object storage
    html = sanitize_html(
        '<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td colspan="2" onclick="x()">1</td></tr></tbody></table>'
        "<pre><code>x = 1</code></pre><details open><summary>More</summary><p>Hidden</p></details>"
        f'<audio controls src="{media}audio-video/a.mp3"></audio><video controls src="https://evil.example/v.mp4"></video>'
        f'<audio src="{media}/evil.example/x.mp3"></audio><audio src="{media}%2e%2e/admin/evil.example"></audio>'
        "<p> </p><p>&nbsp;</p>"
    )
    # Cells hold paragraphs, as the visual editor writes them.
    assert '<th scope="col"><p>A</p></th>' in html and '<td colspan="2"><p>1</p></td>' in html
    assert "onclick" not in html
    assert "<pre><code>x = 1</code></pre>" in html and "<details open" in html
    assert f'src="{media}audio-video/a.mp3"' in html
    assert "evil.example" not in html
    assert "<p> </p>" not in html and "&nbsp;</p>" not in html


def test_the_editor_offers_tables_sound_and_video_and_opens_such_a_story_in_the_visual_editor(settings):
    form = ArticleAdminForm()
    extensions = form.fields["body"].widget.config["extensions"]
    assert {"Table", "Audio", "Video", "Details"} <= set(extensions)
    story = ArticleFactory(body=f'<p>Listen.</p><audio controls src="{settings.MEDIA_URL}audio-video/a.mp3"></audio>')
    form = ArticleAdminForm(instance=story)
    assert form.fields["body"].label == "Body"
    assert "<audio" in form["body"].value()
