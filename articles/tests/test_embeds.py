"""Embeds: every provider of the registry recognised, its archival card stored at edit time (from a
local oEmbed stub, never the internet), shown to readers without a request to the provider, its
player allowed by the page's CSP only where it is embedded; fetching bounded; the record kept and
checked; WordPress's embeds imported."""

import dataclasses
import html
import re

import pytest
from django.conf import settings
from django.urls import reverse

from articles import embed_cards
from articles.embed_checks import check_some
from articles.embed_providers import PROVIDERS, recognise
from articles.embed_records import EmbeddedPost
from articles.models import Article
from articles.sanitize import sanitize_html
from articles.tests import oembed_stub
from articles.tests.factories import ArticleFactory
from core.safe_fetch import FetchRefused, fetch
from newsroom.workers import queue_due_work

pytestmark = pytest.mark.django_db

SAMPLES = {
    "x": "https://x.com/harbour/status/1765432109876543210",
    "bluesky": "https://bsky.app/profile/harbour.bsky.social/post/3kxyz9abcd2",
    "mastodon": "https://mastodon.social/@harbour/113456789012345678",
    "threads": "https://www.threads.net/@harbour/post/C8abcDEF123",
    "instagram": "https://www.instagram.com/p/C8abcDEF123/",
    "facebook": "https://www.facebook.com/harbour/posts/pfbid0abc123",
    "tiktok": "https://www.tiktok.com/@harbour/video/7312345678901234567",
    "youtube": "https://www.youtube.com/watch?v=gH7tBz2QkLw",
    "vimeo": "https://vimeo.com/123456789",
    "soundcloud": "https://soundcloud.com/harbour/noon-bells",
    "spotify": "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
    "applepodcasts": "https://podcasts.apple.com/gb/podcast/harbour-hour/id1234567890",
    "datawrapper": "https://datawrapper.dwcdn.net/AbC12/3/",
    "flourish": "https://public.flourish.studio/visualisation/1234567/",
    "documentcloud": "https://www.documentcloud.org/documents/24567890-harbour-report",
    "googlemaps": "https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d2000.5",
}


@pytest.fixture
def stub(settings, monkeypatch):
    """The providers' oEmbed endpoints answered by the local stub (allowed on loopback)."""
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    server, base = oembed_stub.start()
    real = embed_cards.recognise

    def local(url):
        provider, found = real(url)
        if provider is not None and provider.oembed:
            provider = dataclasses.replace(provider, oembed=f"{base}/oembed?provider={provider.name}&url={{url}}")
        return provider, found

    monkeypatch.setattr(embed_cards, "recognise", local)
    stubbed = {provider.name: local(SAMPLES[provider.name])[0] for provider in PROVIDERS}
    monkeypatch.setattr("articles.embed_checks.BY_NAME", stubbed)
    yield base
    server.shutdown()


def embed_node(card):
    data = " ".join(
        f'data-{name.replace("_", "-")}="{html.escape(card[name])}"'
        for name in ("url", "provider", "title", "author", "author_url", "text", "date", "thumbnail", "player")
        if card.get(name)
    )
    return f'<p>Before the post.</p><figure class="embed" {data}></figure><p>After it.</p>'


def test_every_provider_in_the_registry_has_a_sample_here():
    assert {provider.name for provider in PROVIDERS} == set(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_provider_is_recognised_carded_and_shown_without_asking_it(name, stub, client):
    url = SAMPLES[name]
    provider, _found = recognise(url)
    assert provider is not None and provider.name == name
    card = embed_cards.card_for(url)
    assert card["provider"] == name
    host = re.match(r"https://([^/]+)/", card["player"]).group(1)
    assert host in provider.hosts_for(url)
    if provider.oembed:
        assert card["title"] == f"A post from {name}" and card["author"] == "Harbour Office"
        assert card["text"] == "Seal pup back in the water at noon." and card["date"] == "June 1, 2025"
        assert card["thumbnail"].startswith(settings.MEDIA_URL)  # our copy, not the provider's
    else:
        assert "by hand" in card["problem"]  # the provider wants a token: the editor fills the card
        card["text"] = "Seal pup back in the water at noon."

    story = ArticleFactory(body=embed_node(card))
    response = client.get(story.get_absolute_url())
    page = response.content.decode()
    assert "Seal pup back in the water at noon." in page and f"View on {provider.label}" in page
    sources = re.findall(r'\bsrc="([^"]+)"', page)
    assert all(source.startswith(("/", settings.MEDIA_URL)) for source in sources), sources  # nothing from elsewhere
    assert f'data-embed-player="{html.escape(card["player"])}"' in page
    assert f"frame-src {host}" in response["Content-Security-Policy"]


def test_a_page_without_embeds_allows_no_players(client):
    response = client.get(ArticleFactory(body="<p>Plain.</p>").get_absolute_url())
    assert "frame-src" not in response["Content-Security-Policy"]


def test_a_site_with_oembed_discovery_is_carded_and_an_unknown_page_is_a_link_card(stub):
    card = embed_cards.card_for(f"{stub}/page")
    assert card["provider"] == "oembed" and card["title"] == "Tide heights, 2025"
    assert card["player"] == "https://charts.example/e/1"
    plain = embed_cards.card_for(f"{stub}/plain-page")
    assert plain["provider"] == "link" and plain["title"] == "A plain page" and plain["player"] == ""


def test_a_deleted_post_gives_a_card_to_fill_by_hand(stub):
    card = embed_cards.card_for("https://x.com/harbour/status/1765432109876543999?deleted=1")
    assert card["problem"] and card["player"] and card["title"] == ""


def test_fetching_is_bounded(stub, settings):
    assert fetch(f"{stub}/thumbnail.jpg").status == 200
    with pytest.raises(FetchRefused, match="larger than"):
        fetch(f"{stub}/huge", max_bytes=1_000_000)
    with pytest.raises(FetchRefused, match="redirects"):
        fetch(f"{stub}/hop/0")
    with pytest.raises(FetchRefused, match="public internet"):
        fetch(f"{stub}/to-private")  # a redirect into a private network
    with pytest.raises(FetchRefused, match="http and https"):
        fetch("file:///etc/passwd")
    settings.FETCH_ALLOWED_NETWORKS = []
    for private in (stub, "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"):
        with pytest.raises(FetchRefused, match="public internet"):
            fetch(private)


def test_the_stored_card_keeps_only_what_is_safe():
    body = sanitize_html(
        '<figure class="embed" data-url="https://www.youtube.com/watch?v=gH7tBz2QkLw" data-provider="youtube" '
        'data-player="https://evil.example/frame" data-thumbnail="https://tracker.example/t.jpg" '
        'data-author-url="javascript:alert(1)" data-text="  Seal   pup  "></figure>'
    )
    assert "evil.example" not in body and "tracker.example" not in body and "javascript" not in body
    assert 'data-text="Seal pup"' in body
    imported = sanitize_html('<figure class="embed" data-url="https://youtu.be/gH7tBz2QkLw"></figure>')
    assert 'data-provider="youtube"' in imported  # recognised from its address
    assert 'data-player="https://www.youtube-nocookie.com/embed/gH7tBz2QkLw"' in imported


def test_feeds_search_and_read_time_take_the_posts_words_not_its_chrome(client, django_capture_on_commit_callbacks):
    card = {"url": SAMPLES["youtube"], "provider": "youtube", "title": "Seal rescue", "text": "pup swims free"}
    with django_capture_on_commit_callbacks(execute=True):  # the search index is written after commit
        story = ArticleFactory(body=embed_node(card))
    assert Article.objects.get(pk=story.pk).word_count == len(
        ["Before", "the", "post.", "After", "it.", "Seal", "rescue", "pup", "swims", "free"]
    )
    feed = client.get(reverse("discovery:feed-latest-rss")).content.decode()
    assert "pup swims free" in feed and "Load content from" not in feed
    assert client.get("/search/", {"q": "swims"}).content.decode().count(story.headline) >= 1


def test_the_editor_asks_the_server_for_a_card(stub, admin_client, client):
    url = reverse("admin:articles_embed_card")
    card = admin_client.get(url, {"url": SAMPLES["vimeo"]}).json()
    assert card["provider"] == "vimeo" and card["title"] == "A post from vimeo"
    assert "problem" in admin_client.get(url, {"url": "javascript:alert(1)"}).json()
    assert client.get(url, {"url": SAMPLES["vimeo"]}).status_code == 302  # signed-in staff only


def test_the_record_lists_each_stories_posts_and_the_check_finds_the_deleted_ones(stub, admin_client):
    kept = SAMPLES["youtube"]
    gone = "https://x.com/harbour/status/1765432109876543999?deleted=1"
    story = ArticleFactory(body=embed_node({"url": kept}) + embed_node({"url": gone}))
    assert set(story.embedded_posts.values_list("url", flat=True)) == {kept, gone}
    assert check_some() == 1
    assert EmbeddedPost.objects.get(url=gone).answers is False and EmbeddedPost.objects.get(url=kept).answers
    listing = admin_client.get(reverse("admin:articles_embeddedpost_changelist"), {"answers__exact": "0"})
    assert gone.replace("&", "&amp;") in listing.content.decode() and kept not in listing.content.decode()
    assert "Seal" not in story.body  # the story itself is untouched: its card stays as it was
    story.body = "<p>No embeds now.</p>"
    story.save()
    assert not story.embedded_posts.exists()


def test_a_worker_queues_the_check_when_it_is_due_and_only_once(monkeypatch):
    queued = []

    class Task:
        def enqueue(self):
            queued.append(1)

    monkeypatch.setattr("newsroom.workers.import_string", lambda path: Task())
    assert queue_due_work() == ["check-embedded-posts", "clear-expired-sessions", "retry-missing-renditions"]
    assert queue_due_work() == []  # not again before its time
    assert queued == [1, 1, 1]
