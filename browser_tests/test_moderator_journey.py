"""A moderator works the queue at 1280 × 800: the whole list in sight, one click per comment."""

import pytest
from playwright.sync_api import expect

from articles.tests.factories import ArticleFactory
from browser_tests.admin_login import sign_in, staff_user
from comments.models import Comment
from comments.tests.factories import post, thread

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_moderator_approves_marks_spam_removes_and_replies_from_the_list(live_server, page, screenshot):
    story = ArticleFactory(headline="Ferry timetable changes from Monday")
    deep = thread(story, depth=8, body="A reply deep in a long thread, long enough to wrap across the column")
    held = post(story, body="Will the early boat still run on Sundays?", name="Ola", status=Comment.Status.PENDING)
    spam = post(story, body="Cheap watches at example.com", name="Bot", status=Comment.Status.PENDING)
    rude = post(story, body="Something nobody should read", name="Troll")
    moderator = staff_user("mod", ["view_comment", "change_comment", "moderate_comment"], first_name="Dana")
    sign_in(page, live_server.url, moderator)

    page.goto(live_server.url + "/admin/comments/comment/")
    # Nothing is cut off on the right: neither the page nor the list scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    results = page.locator("#changelist .results")
    assert results.evaluate("element => element.scrollWidth <= element.clientWidth")
    for header in page.locator("#result_list thead th").all():
        box = header.bounding_box()
        assert box["x"] + box["width"] <= 1280, header.inner_text()
    # Deep replies keep a readable width (no one word per line).
    deepest = page.locator(f"#result_list tr:has(button[formaction*='/{deep[-1].pk}/moderate/']) .moderation__text")
    assert deepest.bounding_box()["width"] > 250
    screenshot("moderator-queue")

    page.locator(f"button[formaction$='/{held.pk}/moderate/approve/']").click()
    expect(page.locator(".messagelist")).to_contain_text("Comment by Ola approved.")
    page.locator(f"button[formaction$='/{spam.pk}/moderate/spam/']").click()
    expect(page.locator(".messagelist")).to_contain_text("Comment by Bot marked as spam.")
    page.locator(f"button[formaction$='/{rude.pk}/moderate/remove/']").click()
    expect(page.locator(".messagelist")).to_contain_text("Comment by Troll removed.")
    statuses = dict(Comment.objects.filter(pk__in=[held.pk, spam.pk, rude.pk]).values_list("pk", "status"))
    assert statuses == {held.pk: "approved", spam.pk: "spam", rude.pk: "removed"}

    page.locator(f"a[href$='/{held.pk}/reply/']").click()
    page.locator("#id_body").fill("Yes: the 07:10 runs every day of the week.")
    page.locator("input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("Your reply to Ola is on the site.")
    assert page.url.startswith(live_server.url + "/admin/comments/comment/")
    screenshot("moderator-after-reply")
    reply = Comment.objects.get(parent=held)
    assert reply.status == Comment.Status.APPROVED and reply.author_name == "Dana"
