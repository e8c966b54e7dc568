"""The editorial workflow in a browser: a reporter's change to a live story waits, an editor
reviews the diff and publishes it, adds a correction; the history, the corrections page and the
story's JSON-LD (screenshots for docs/screenshots/)."""

import html
import json

import pytest
from playwright.sync_api import expect

from articles.models import Article
from articles.tests.factories import ArticleFactory, ImageFactory
from browser_tests.admin_login import sign_in, staff_user
from browser_tests.test_editor_journey import EDITOR_PERMISSIONS
from editorial.models import Revision

pytestmark = pytest.mark.django_db(transaction=True)

REPORTER_PERMISSIONS = [codename for codename in EDITOR_PERMISSIONS if codename != "publish_article"]


def test_a_reporters_change_is_reviewed_published_and_corrected(live_server, browser, screenshot_to):
    story = ArticleFactory(
        headline="Ferry fares rise in May",
        body="<p>Fares on the island ferry rise by five percent in May, the operator said on Monday.</p>"
        "<p>Season tickets are not affected.</p>",
        lead_image=ImageFactory(caption="The morning ferry"),
    )
    reporter = staff_user("rui", REPORTER_PERMISSIONS, first_name="Rui", last_name="Reporter")
    editor = staff_user("ines", [*EDITOR_PERMISSIONS, "view_auditevent"], first_name="Ines", last_name="Editor")
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    as_reporter, as_editor = (context.new_page() for context in contexts)
    sign_in(as_reporter, live_server.url, reporter)
    sign_in(as_editor, live_server.url, editor)
    change_url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"

    as_reporter.goto(change_url)
    body = as_reporter.locator(".field-body [contenteditable=true]")
    body.click()
    as_reporter.keyboard.press("Control+End")
    body.press_sequentially(" Monthly passes go up by eight euros.")
    as_reporter.locator("#id_headline").fill("Ferry fares and passes rise in May")
    as_reporter.locator("input[name=_continue]").click()
    expect(as_reporter.locator(".messagelist")).to_contain_text("waiting for an editor's review")
    assert Article.objects.get(pk=story.pk).headline == "Ferry fares rise in May"
    # The reporter goes on editing their change, not the live version; saving again replaces it.
    expect(as_reporter.locator("#open-change")).to_contain_text("You are editing your changes awaiting review")
    expect(as_reporter.locator("#id_headline")).to_have_value("Ferry fares and passes rise in May")
    expect(body).to_contain_text("eight euros")
    screenshot_to(as_reporter, "editorial-editing-own-pending-change")
    body.click()
    as_reporter.keyboard.press("Control+End")
    body.press_sequentially(" Day returns are unchanged.")
    as_reporter.locator("input[name=_continue]").click()
    expect(as_reporter.locator(".messagelist")).to_contain_text("waiting for an editor's review")
    assert [revision.data["headline"] for revision in Revision.objects.pending()] == [
        "Ferry fares and passes rise in May"
    ]

    as_editor.goto(change_url)
    expect(as_editor.locator(".editorial__box--pending")).to_contain_text("Changes awaiting review")
    screenshot_to(as_editor, "editorial-story-with-pending-changes")
    as_editor.locator(".editorial__box--pending a").click()
    expect(as_editor.locator(".revision-diff ins").first).to_be_visible()
    screenshot_to(as_editor, "editorial-pending-review-diff", full_page=True)
    as_editor.locator("input[value='Publish these changes']").click()
    expect(as_editor.locator(".messagelist")).to_contain_text("The changes are published.")
    assert Article.objects.get(pk=story.pk).headline == "Ferry fares and passes rise in May"
    assert "Day returns are unchanged." in Article.objects.get(pk=story.pk).body

    as_editor.locator("#id_correction-text").fill("An earlier version said fares rise in June. They rise in May.")
    as_editor.locator("button[form=correction-form]").click()
    expect(as_editor.locator(".messagelist")).to_contain_text("Added")

    as_editor.goto(f"{live_server.url}/admin/articles/article/{story.pk}/revisions/")
    screenshot_to(as_editor, "editorial-history")
    as_editor.locator("text=What changed").first.click()
    screenshot_to(as_editor, "editorial-history-diff", full_page=True)

    reader = contexts[0].new_page()
    reader.goto(live_server.url + Article.objects.get(pk=story.pk).get_absolute_url())
    corrections = reader.locator("#corrections")
    expect(corrections).to_contain_text("They rise in May.")
    corrections.scroll_into_view_if_needed()
    screenshot_to(reader, "editorial-story-correction")
    blocks = [json.loads(text) for text in reader.locator("script[type='application/ld+json']").all_text_contents()]
    article_data = next(block for block in blocks if block["@type"] == "NewsArticle")
    assert article_data["correction"][0]["text"] == "An earlier version said fares rise in June. They rise in May."
    reader.set_content(
        f"<pre style='font: 14px monospace; white-space: pre-wrap'>{html.escape(json.dumps(article_data, indent=2))}</pre>"
    )
    screenshot_to(reader, "editorial-json-ld-correction", full_page=True)

    reader.goto(live_server.url + "/corrections/")
    expect(reader.locator("main")).to_contain_text("Ferry fares and passes rise in May")
    screenshot_to(reader, "editorial-corrections-page")
    for context in contexts:
        context.close()
