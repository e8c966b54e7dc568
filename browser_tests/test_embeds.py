"""A story with 20 embeds, in Chromium: no request leaves our site until the reader asks; "Load"
asks only that provider; "Always load" is remembered per provider and taken back on the privacy
page; without JavaScript the cards read as they are. The editor's embed dialog fills the card from
the provider (a local stub). Screenshots at phone and desktop widths."""

import html
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from articles.embed_providers import BY_NAME
from articles.tests.factories import ArticleFactory, image_bytes
from articles.tests.test_embeds import SAMPLES, stub  # noqa: F401 - the oEmbed stub fixture
from browser_tests.admin_login import sign_in, staff_user
from pages.models import Page

pytestmark = pytest.mark.django_db(transaction=True)


def story_with_embeds(count=20):
    thumbnail = default_storage.url(default_storage.save("embeds/browser-test.jpg", ContentFile(image_bytes())))
    names = sorted(SAMPLES)
    parts = []
    for number in range(count):
        name = names[number % len(names)]
        url = SAMPLES[name]
        provider = BY_NAME[name]
        player = (
            provider.player_for(url, provider.match(url))
            or "https://embed.bsky.app/embed/did:plc:abc/app.bsky.feed.post/3k"
        )
        parts.append(
            f"<p>Paragraph {number} of the live blog.</p>"
            f'<figure class="embed" data-url="{html.escape(url)}" data-provider="{name}" data-player="{html.escape(player)}" '
            f'data-title="Post {number} from {provider.label}" data-author="Harbour Office" data-date="1 June 2025" '
            f'data-text="The seal pup went back in the water at noon." data-thumbnail="{thumbnail}"></figure>'
        )
    return ArticleFactory(headline="Twenty posts about a seal", body="".join(parts))


def watch(page, live_server):
    """Record every request to another host (and answer it from here: nothing reaches the internet)."""
    ours = urlsplit(live_server.url).hostname
    elsewhere = []

    def route(request_route):
        host = urlsplit(request_route.request.url).hostname
        if host == ours:
            request_route.continue_()
        else:
            elsewhere.append(host)
            request_route.fulfill(status=200, content_type="text/html", body="<p>A provider's player.</p>")

    page.route("**/*", route)
    return elsewhere


def test_nothing_is_asked_of_a_provider_until_the_reader_loads_it(live_server, page, screenshot):
    story = story_with_embeds()
    elsewhere = watch(page, live_server)
    page.goto(live_server.url + story.get_absolute_url())
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    assert page.locator("figure.embed").count() == 20
    assert elsewhere == []  # twenty embeds, not one request to another site
    assert page.console.errors == [] and page.console.csp_violations == []

    youtube = page.locator("figure.embed--youtube").first
    youtube.scroll_into_view_if_needed()
    screenshot("embed-card-desktop")
    with page.expect_request("https://www.youtube-nocookie.com/**"):
        youtube.locator(".embed__load").click()
    frame = youtube.locator("iframe.embed__player")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/gH7tBz2QkLw")
    page.wait_for_load_state("networkidle")
    assert set(elsewhere) == {"www.youtube-nocookie.com"}  # only that provider, only now
    assert page.console.csp_violations == []  # the page's policy allows that player
    screenshot("embed-loaded-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    youtube.scroll_into_view_if_needed()
    screenshot("embed-loaded-phone")
    page.locator("figure.embed--x").first.scroll_into_view_if_needed()
    screenshot("embed-card-phone")


def test_always_load_is_remembered_per_provider_and_taken_back_on_the_privacy_page(live_server, page):
    story = story_with_embeds(count=len(SAMPLES))
    Page.objects.create(title="Privacy", slug="privacy", status=Page.Status.PUBLISHED, purpose="privacy")
    elsewhere = watch(page, live_server)
    page.goto(live_server.url + story.get_absolute_url())
    vimeo = page.locator("figure.embed--vimeo")
    vimeo.locator(".embed__always").check()
    vimeo.locator(".embed__load").click()
    page.reload()
    expect(page.locator("figure.embed--vimeo iframe")).to_have_count(1)  # loaded without asking
    expect(page.locator("figure.embed--youtube iframe")).to_have_count(0)
    assert "player.vimeo.com" in elsewhere and "www.youtube-nocookie.com" not in elsewhere

    page.goto(live_server.url + "/privacy/")
    forget = page.locator("#embed-consents button", has_text="Vimeo")
    expect(forget).to_be_visible()
    forget.click()
    expect(page.locator(".embed-consents__none")).to_be_visible()
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator("figure.embed--vimeo iframe")).to_have_count(0)
    expect(page.locator("figure.embed--vimeo .embed__load")).to_be_visible()


def test_without_javascript_the_cards_read_as_they_are(live_server, browser):
    story = story_with_embeds(count=3)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    card = page.locator("figure.embed").first
    expect(card).to_contain_text("The seal pup went back in the water at noon.")
    expect(card.locator(".embed__source")).to_be_visible()
    expect(card.locator(".embed__load")).to_be_hidden()  # it needs JavaScript, so it is not offered
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_editor_fills_an_embeds_card_from_the_provider(live_server, browser, stub, screenshot_to, width):  # noqa: F811
    editor = staff_user("editor", [], is_superuser=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, editor)
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.locator(".field-body [contenteditable=true]").click()
    page.locator(".prose-menubar button[title=Embed]").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.locator("input[name=url]").fill(SAMPLES["x"])
    dialog.locator("button[type=submit]").click()
    card = page.locator("dialog.prose-editor-dialog")
    expect(card.locator("input[name=title]")).to_have_value("A post from x")
    expect(card.locator("textarea[name=text]")).to_have_value("Seal pup back in the water at noon.")
    screenshot_to(page, f"embed-editor-dialog-{'phone' if width < 600 else 'desktop'}")
    card.locator("textarea[name=text]").fill("Seal pup back in the water at noon, says the harbour office.")
    card.locator("button[type=submit]").click()
    expect(page.locator(".body-embed")).to_contain_text("says the harbour office")
    html_written = page.evaluate("document.querySelector('[name=body]').value")
    assert 'data-provider="x"' in html_written and "platform.twitter.com" in html_written
    context.close()


def test_an_address_pasted_on_a_line_of_its_own_becomes_an_embed(live_server, page, stub):  # noqa: F811
    sign_in(page, live_server.url, staff_user("editor", [], is_superuser=True))
    page.goto(live_server.url + "/admin/articles/article/add/")
    box = page.locator(".field-body [contenteditable=true]")
    box.click()
    page.evaluate(
        """url => {
            const data = new DataTransfer();
            data.setData("text/plain", url);
            document.querySelector(".field-body [contenteditable=true]")
                .dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        SAMPLES["youtube"],
    )
    expect(page.locator(".body-embed")).to_contain_text("A post from youtube")
    assert 'data-provider="youtube"' in page.evaluate("document.querySelector('[name=body]').value")
