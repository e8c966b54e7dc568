"""The site, the admin and the body editor work under the Content-Security-Policy."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from articles.tests.factories import ArticleFactory
from comments.tests.factories import post

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story():
    article = ArticleFactory(headline="Harbour bridge reopens", body="<p>Commuters cheered.</p><p>Cars rolled.</p>")
    post(article, body="First!", name="Marta")
    return article


def test_public_pages_and_their_scripts_work_under_the_policy(live_server, page, story, screenshot):
    response = page.goto(live_server.url + story.get_absolute_url())

    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in response.headers["content-security-policy"].split("style-src-attr")[0]
    # The reactions script answers in place, without a reload.
    button = page.locator('button[data-kind="happy"]')
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert page.url.endswith(story.get_absolute_url())
    # The comment script moves the form under the comment being answered.
    page.locator("a.comment__reply").first.click()
    screenshot("csp-story")
    for path in ["/", "/search/?q=harbour"]:
        page.goto(live_server.url + path)

    assert page.console.csp_violations == []
    assert page.console.errors == []


def test_the_admin_and_its_body_editor_work_under_the_policy(live_server, page, story, screenshot):
    User.objects.create_superuser("chief", password="a-long-test-password")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(live_server.url + "/admin/articles/article/add/")
    editor = page.locator(".ProseMirror >> visible=true").first
    editor.wait_for()
    editor.click()
    page.keyboard.type("Typed in the editor under the policy.")
    assert "Typed in the editor under the policy." in editor.inner_text()
    page.locator("#id_headline").press_sequentially("A headline")  # keyup, as a person types
    assert page.input_value("#id_slug") == "a-headline"  # the admin's own scripts run
    screenshot("csp-admin-editor")
    for path in [
        "/admin/articles/image/add/",
        "/admin/comments/comment/",
        f"/admin/articles/article/{story.pk}/change/",
    ]:
        page.goto(live_server.url + path)

    assert page.console.csp_violations == []
