"""A reader's journey, on a phone and on a desktop: read, react, rate, comment and reply (with
JavaScript and without), sign up for the digest and confirm it from the e-mail, search."""

import datetime
import re
import threading
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.tests.factories import post

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(params=sorted(SCREENS))
def reader(request, browser):
    """A fresh browser context at one screen size; `javascript` says whether scripts run."""

    def open_page(javascript=True):
        context = browser.new_context(
            viewport=SCREENS[request.param], is_mobile=request.param == "phone", java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        page.screen = request.param
        return page

    contexts = []
    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def mail_sent(monkeypatch):
    """Set when the site hands a message to the (test) mail backend; the sign-up mail leaves after
    the response, so the test waits on this rather than on the clock."""
    sent = threading.Event()
    original = locmem.EmailBackend.send_messages

    def send_messages(self, messages):
        count = original(self, messages)
        sent.set()
        return count

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_messages)
    mail.outbox = []
    return sent


def in_view(page, locator):
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] < height and box["y"] + box["height"] > 0


def test_a_reader_reads_votes_comments_and_replies_with_javascript(live_server, reader, screenshot_to):
    story = ArticleFactory(headline="Harbour wall to be rebuilt before winter")
    earlier = post(story, body="Good to see the council act at last.", name="Maya Ortiz")
    page = reader()
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Harbour wall to be rebuilt before winter")
    screenshot_to(page, f"reader-{page.screen}-1-story")

    page.locator('button[data-kind="happy"]').click()
    expect(page.locator('[data-text="reaction_total"]')).to_have_text("1 reaction")
    page.get_by_role("button", name="Rate it 5 stars").click()
    expect(page.locator('[data-text="rating_summary"]')).to_have_text("Average 5.0 out of 5 from 1 rating")

    # An empty comment: the reason appears in the form, in sight, and the page stays put.
    form = page.locator("form[data-comment-form]")
    form.locator("#id_name").fill("Sam Reader")
    form.locator("#id_email").fill("sam@example.org")
    form.locator("button[type=submit]").click()
    status = page.locator("[data-comment-status]")
    expect(status).to_contain_text("Your comment was not posted")
    expect(page.locator("#id_body")).to_be_focused()
    expect(page.locator("#id_body")).to_have_attribute("aria-invalid", "true")
    assert page.url == live_server.url + story.get_absolute_url()
    assert in_view(page, page.locator("#id_body")) and in_view(page, status)
    screenshot_to(page, f"reader-{page.screen}-2-comment-refused-in-place")

    page.locator("#id_body").fill("The old wall held for ninety years; let us hope this one does too.")
    form.locator("#id_save_details").check()
    form.locator("button[type=submit]").click()
    expect(page.locator(".comment__pending")).to_have_text("Your comment is awaiting moderation.")
    assert "#comment-" in page.url
    screenshot_to(page, f"reader-{page.screen}-3-comment-held")

    # A reply, a while later (flood control refuses a second comment within seconds): the form
    # moves under the comment answered.
    Comment.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    page.locator(f'a[data-reply-to="{earlier.pk}"]').click()
    expect(page.locator(f"#comment-{earlier.pk} #respond")).to_be_visible()
    expect(page.locator("#id_body")).to_be_focused()
    expect(page.locator("#id_name")).to_have_value("Sam Reader")  # saved in this browser
    page.locator("#id_body").fill("Agreed, and the harbour master said the same.")
    page.locator("form[data-comment-form] button[type=submit]").click()
    expect(page.locator(".comment__pending")).to_have_count(2)
    reply = Comment.objects.get(body="Agreed, and the harbour master said the same.")
    assert reply.parent_id == earlier.pk

    # Back on the story's own address, the page everyone gets (from the page cache): the
    # reader's held comments are fetched and shown in place, the reply under the comment it answers.
    response = page.goto(live_server.url + story.get_absolute_url())
    assert response.headers.get("x-page-cache") in ("hit", "miss")
    expect(page.locator(".comment__pending")).to_have_count(2)
    expect(page.locator(f"#comment-{earlier.pk} #comment-{reply.pk} .comment__pending")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Sam Reader")
    screenshot_to(page, f"reader-{page.screen}-4-held-comments-on-the-cached-page")


def test_a_reader_without_javascript_sees_the_refusal_at_the_form_and_a_reload_posts_nothing(
    live_server, reader, screenshot_to
):
    story = ArticleFactory(body="<p>" + "A long paragraph about the harbour. " * 200 + "</p>")
    earlier = post(story, body="First!", name="Maya Ortiz")
    page = reader(javascript=False)
    page.goto(live_server.url + story.get_absolute_url() + f"?replyto={earlier.pk}#respond")
    page.locator("#id_name").fill("Sam Reader")
    page.locator("#id_body").fill("A reply without an e-mail address.")
    page.locator("form.comment-form button[type=submit]").click()

    assert page.url == live_server.url + story.get_absolute_url()
    expect(page.locator("#respond .comment-respond__status")).to_contain_text("Your comment was not posted")
    expect(page.locator("#id_email")).to_be_focused()
    expect(page.locator("#id_body")).to_have_value("A reply without an e-mail address.")
    expect(page.locator("#reply-title")).to_contain_text("Replying to Maya Ortiz")
    assert in_view(page, page.locator("#id_email"))
    screenshot_to(page, f"reader-{page.screen}-nojs-comment-refused")

    page.reload()
    expect(page.locator("#respond .comment-respond__status")).to_have_text("")
    assert Comment.objects.filter(article=story).count() == 1

    page.locator("#id_name").fill("Sam Reader")
    page.locator("#id_email").fill("sam@example.org")
    page.locator("#id_body").fill("A comment, now with an address.")
    page.locator("form.comment-form button[type=submit]").click()
    # The story page was a shared (cached) one, whose form has no token of this reader's without
    # scripts: the server keeps everything typed and asks for one more click.
    expect(page.locator("main h1")).to_have_text("Please send it once more")
    expect(page.locator("main")).to_contain_text("A comment, now with an address.")
    screenshot_to(page, f"reader-{page.screen}-nojs-send-again")
    assert Comment.objects.filter(article=story).count() == 1
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".comment__pending")).to_have_text("Your comment is awaiting moderation.")
    page.reload()
    assert Comment.objects.filter(article=story).count() == 2


def test_a_reader_signs_up_confirms_from_the_email_and_searches(live_server, reader, mail_sent, screenshot_to):
    ArticleFactory(headline="Lighthouse keepers return to Skerry Point")
    page = reader()
    page.goto(live_server.url + "/")
    box = page.locator(".newsletter-signup--footer form")
    box.locator("input[type=email]").fill("new.reader@example.org")
    box.locator("input[type=checkbox]").check()
    box.locator("button[type=submit]").click()
    # Back on the page signed up from, where the form says what comes next, in view.
    done = page.locator("#newsletter-footer-done")
    expect(done).to_contain_text("Almost there")
    assert urlsplit(page.url).path == "/" and "subscribed=footer" in page.url
    assert in_view(page, done)
    screenshot_to(page, f"reader-{page.screen}-newsletter-check-inbox")

    assert mail_sent.wait(timeout=10)
    link = re.search(r"https?://\S+/newsletter/confirm/\S+", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + urlsplit(link).path)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main [role=status]")).to_have_text("You are subscribed. The next digest arrives on Sunday.")

    if page.screen == "desktop":
        page.locator("#site-search").fill("lighthouse")
        page.locator("#site-search").press("Enter")
    else:
        page.goto(live_server.url + "/search/")
        page.locator("main input[name=q]").fill("lighthouse")
        page.locator("main input[name=q]").press("Enter")
    expect(page.locator("main")).to_contain_text("Lighthouse keepers return to Skerry Point")
    screenshot_to(page, f"reader-{page.screen}-search")


def test_a_reply_on_a_later_page_of_comments_appears_once_posted(live_server, page, settings):
    settings.COMMENTS_PER_PAGE = 2
    story = ArticleFactory()
    threads = [post(story, body=f"Thread {number}", name=f"Person {number}") for number in range(3)]
    page.goto(live_server.url + story.get_absolute_url() + "?cpage=2")
    page.locator(f'a[data-reply-to="{threads[2].pk}"]').click()
    page.locator("#id_name").fill("Sam Reader")
    page.locator("#id_email").fill("sam@example.org")
    page.locator("#id_body").fill("A reply on page two")
    page.locator("form[data-comment-form] button[type=submit]").click()

    expect(page.locator(".comment__text", has_text="A reply on page two")).to_be_visible()
    assert "?cpage=2&held=1#comment-" in page.url  # held: a page made for this reader


def test_a_returning_commenter_finds_their_details_in_the_form_of_a_cached_page(live_server, page):
    from django.core.cache import cache

    story = ArticleFactory()
    earlier = timezone.now() - datetime.timedelta(minutes=10)
    post(ArticleFactory(), email="sam@example.org", name="Sam Reader", body="An earlier one", created_at=earlier)
    page.goto(live_server.url + story.get_absolute_url())
    page.locator("#id_name").fill("Sam Reader")
    page.locator("#id_email").fill("sam@example.org")
    page.locator("#id_body").fill("Approved at once, as a regular's comments are.")
    page.locator("#id_save_details").check()
    page.locator("form[data-comment-form] button[type=submit]").click()
    expect(page.locator(".comment__text", has_text="Approved at once")).to_be_visible()

    cache.clear()
    Client().get(story.get_absolute_url())  # someone else's visit stores the page
    response = page.goto(live_server.url + story.get_absolute_url())
    assert response.headers["x-page-cache"] == "hit"
    expect(page.locator("#id_name")).to_have_value("Sam Reader")
    expect(page.locator("#id_email")).to_have_value("sam@example.org")


def test_an_approved_comment_posted_with_javascript_is_landed_on_highlighted(live_server, reader, screenshot_to):
    story = ArticleFactory()
    for number in range(8):
        post(story, body=f"Comment number {number}. " + "A longer thought about the harbour. " * 12)
    # A returning commenter: approved at once.
    post(ArticleFactory(), name="Sam Reader", email="sam@example.org", body="earlier")
    Comment.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    page = reader()
    page.goto(live_server.url + story.get_absolute_url() + "#respond")
    page.locator("#id_name").fill("Sam Reader")
    page.locator("#id_email").fill("sam@example.org")
    page.locator("#id_body").fill("Posted and shown at once.")
    page.locator("form[data-comment-form] button[type=submit]").click()

    posted = page.locator(".comment--just-posted")
    expect(posted).to_contain_text("Posted and shown at once.")
    expect(posted.locator(".comment__posted[role=status]")).to_have_text("Your comment is posted.")
    expect(posted).to_be_focused()
    assert in_view(page, posted.locator(".comment__text"))
    screenshot_to(page, f"reader-{page.screen}-comment-posted")
    page.reload()  # said once
    expect(page.locator(".comment__posted")).to_have_count(0)
