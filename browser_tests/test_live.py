"""A live story in Chromium: an editor posts from the live desk, a reader's open page announces
"1 new update" and inserts it when clicked without moving what the reader is reading; key events
and a corrected update show; without JavaScript a reload shows new updates. Screenshots of the
story (phone and desktop) and of the desk."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.people import author_profile_for
from articles.tests.factories import ArticleFactory
from browser_tests.admin_login import sign_in, staff_user
from live.models import LiveCoverage
from live.services import update_correct, update_post

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def newsroom():
    editor = staff_user("edna", [], first_name="Edna", last_name="Editor", is_superuser=True)
    author_profile_for(editor)
    start = timezone.now() - datetime.timedelta(hours=2)
    article = ArticleFactory(headline="Storm live", publish_at=start)
    coverage = LiveCoverage.objects.create(article=article, started_at=start, summary="<p>Amber warning.</p>")
    for number in range(8):
        update_post(
            coverage=coverage,
            by=editor,
            headline="Gates shut" if number == 2 else "",
            body=f"<p>Update number {number}: the wind is rising along the quay, and the gauge with it.</p>" * 3,
            is_key=number == 2,
            publish_at=start + datetime.timedelta(minutes=10 * number),
        )
    return editor, coverage


def test_a_reader_sees_new_updates_announced_and_inserted_without_their_text_moving(
    live_server, browser, newsroom, screenshot_to
):
    editor, coverage = newsroom
    url = live_server.url + coverage.article.get_absolute_url()
    reader = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    reader.goto(url)
    expect(reader.locator(".live__key-events")).to_contain_text("Gates shut")
    screenshot_to(reader, "live-story-desktop", full_page=True)

    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(desk, live_server.url, editor)
    desk.goto(f"{live_server.url}/admin/live/livecoverage/{coverage.pk}/desk/")
    desk.locator("#id_headline").fill("Sea wall breached")
    desk.locator(".field-body [contenteditable=true], [contenteditable=true]").first.click()
    desk.keyboard.type("Water is over the sea wall at the north mole.")
    screenshot_to(desk, "live-desk")
    desk.locator("input[type=submit][value='Post the update']").click()
    expect(desk.locator(".messagelist")).to_contain_text("Your update is out")

    reading = reader.locator(f"#{reader.locator('.live-update').nth(3).get_attribute('id')}")  # by its own id
    reading.scroll_into_view_if_needed()
    reader.evaluate("window.newsroomLiveAskNow()")  # the 15-second poll, now
    button = reader.locator(".live__show-new")
    expect(button).to_have_text("1 new update")
    before = reading.bounding_box()["y"]
    button.dispatch_event("click")  # the reader's click, where the banner is: no scrolling to it
    expect(reader.locator(".live-update").first).to_contain_text("Sea wall breached")
    assert abs(reading.bounding_box()["y"] - before) < 2  # what the reader was reading did not move
    expect(reader.locator(".live__new")).to_be_hidden()


def test_a_corrected_update_and_the_no_javascript_reload(live_server, browser, newsroom, screenshot_to):
    editor, coverage = newsroom
    latest = coverage.updates.order_by("-publish_at").first()
    update_correct(latest, by=editor, text="An earlier version gave the wrong quay.")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False).new_page()
    url = live_server.url + coverage.article.get_absolute_url()
    phone.goto(url)
    expect(phone.locator(".live-update__correction").first).to_contain_text("An earlier version gave the wrong quay.")
    screenshot_to(phone, "live-story-phone", full_page=True)
    update_post(coverage=coverage, by=editor, body="<p>Posted while the reader was away.</p>")
    phone.reload()
    expect(phone.locator(".live-update").first).to_contain_text("Posted while the reader was away.")


def test_an_updates_anchor_finds_it_on_an_older_page(live_server, page, newsroom):
    editor, coverage = newsroom
    start = timezone.now() - datetime.timedelta(hours=1)
    for number in range(25):  # the first updates move to the second page
        update_post(
            coverage=coverage,
            by=editor,
            body=f"<p>Later {number}.</p>",
            publish_at=start + datetime.timedelta(seconds=number),
        )
    oldest = coverage.updates.order_by("publish_at").first()
    page.goto(f"{live_server.url}{coverage.article.get_absolute_url()}#update-{oldest.pk}", wait_until="commit")
    page.wait_for_url(f"**?page=2#update-{oldest.pk}", wait_until="commit")
    expect(page.locator(f"#update-{oldest.pk}")).to_be_visible()
