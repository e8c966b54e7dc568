"""A story's picture opens large: a plain link without JavaScript, a viewer closed with Escape with it."""

import pytest
from playwright.sync_api import expect

from articles.tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_picture_opens_in_the_viewer_with_its_caption_and_escape_closes_it(live_server, page, screenshot):
    story = ArticleFactory(
        lead_image=ImageFactory(alt_text="Boats at dawn", credit="Ana Ruiz"), lead_image_caption="The fleet returns."
    )
    page.goto(live_server.url + story.get_absolute_url())

    page.locator(".story__lead a.figure__zoom").click()
    viewer = page.locator("dialog.lightbox")
    expect(viewer).to_be_visible()
    expect(viewer.locator("img")).to_have_attribute("alt", "Boats at dawn")
    expect(viewer.locator(".lightbox__caption")).to_contain_text("The fleet returns.")
    expect(viewer.locator(".lightbox__caption")).to_contain_text("Ana Ruiz")
    # Nothing of the page shows through behind the picture.
    backdrop = page.evaluate(
        "getComputedStyle(document.querySelector('dialog.lightbox'), '::backdrop').backgroundColor"
    )
    assert backdrop == "rgb(11, 11, 11)"
    screenshot("picture-viewer")
    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    assert page.url.endswith(story.get_absolute_url())
    assert page.console.csp_violations == [] and page.console.errors == []


def test_without_javascript_the_link_shows_the_largest_picture(live_server, browser):
    story = ArticleFactory(lead_image=ImageFactory(alt_text="Boats at dawn"))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    href = page.locator(".story__lead a.figure__zoom").get_attribute("href")

    response = page.goto(live_server.url + href if href.startswith("/") else href)

    assert response.status == 200 and response.headers["content-type"].startswith("image/")
    context.close()
