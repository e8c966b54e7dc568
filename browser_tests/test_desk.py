"""The desk in a browser: the home page of what needs doing, the story list and the story form
laid out for a 1,280 px screen, and the form's live feedback."""

import pytest
from playwright.sync_api import expect

from articles.tests.factories import ArticleFactory, AuthorFactory, ImageFactory
from browser_tests.admin_login import sign_in, staff_user

pytestmark = pytest.mark.django_db(transaction=True)


def editor():
    # A superuser: transactional tests empty the tables the migrations filled, groups included.
    return staff_user("ines", [], first_name="Ines", last_name="Editor", is_superuser=True)


def test_the_story_form_is_laid_out_for_writing_and_follows_what_is_chosen(live_server, browser, screenshot_to):
    story = ArticleFactory(headline="Harbour reopens", authors=[AuthorFactory(name="Mira Okafor")])
    picture = ImageFactory(alt_text="Boats at the quay", title="Quay")
    ArticleFactory(headline="Stadium plans", status="draft")
    user = editor()
    for screen, size in {"desktop": (1280, 800), "tablet": (820, 1180)}.items():
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        page = context.new_page()
        sign_in(page, live_server.url, user)
        expect(page.locator("h1")).to_have_text("The desk")
        page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
        main, side = page.locator(".story-form__main"), page.locator(".story-form__side")
        expect(side.locator("#id_status")).to_be_visible()
        expect(side.locator(".field-lead_image")).to_be_visible()
        expect(side).to_contain_text("Mira Okafor")  # the bylines, beside the text
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        body, panel = main.locator(".field-body").bounding_box(), side.bounding_box()
        if screen == "desktop":
            assert panel["x"] > body["x"] + body["width"] - 1 and panel["y"] < body["y"] + 200  # beside it
            assert body["height"] > 400
        else:
            assert panel["y"] > body["y"]  # one column on a tablet, everything usable
        screenshot_to(page, f"desk-story-form-{screen}")

        if screen == "desktop":
            # Choosing a lead picture shows it at once; typing updates the length.
            page.evaluate(
                "([id, text]) => window.django.jQuery('#id_lead_image')"
                ".append(new Option(text, id, true, true)).trigger('change')",
                [str(picture.pk), "Quay"],
            )
            expect(side.locator(".field-lead_image_preview img")).to_have_attribute("alt", "Boats at the quay")
            editor_text = page.get_by_role("textbox", name="Body")
            editor_text.click()
            page.keyboard.press("Control+End")
            page.keyboard.type(" one two three four five six seven eight nine ten")
            words = page.locator(".field-figures [data-words]")
            before = story.word_count
            expect(words).to_have_text(f"{before + 10} words")
        context.close()


def test_the_story_list_fits_a_1280_screen(live_server, page, screenshot_to):
    for number in range(12):
        ArticleFactory(headline=f"A long headline about the harbour and its new bridge, part {number}")
    sign_in(page, live_server.url, editor())
    page.goto(live_server.url + "/admin/articles/article/")
    table = page.locator("#result_list").bounding_box()
    assert table["x"] + table["width"] <= 1280 and page.evaluate("document.documentElement.scrollWidth") <= 1280
    for column in ("field-story", "field-status_label", "field-publish_at", "field-comment_count", "field-links"):
        cell = page.locator(f"#result_list .{column}").first.bounding_box()
        assert cell["x"] + cell["width"] <= 1280, column  # nothing off-screen
    headline = page.locator("#result_list .story-row__headline").first.bounding_box()
    assert headline["height"] < 3 * 22  # two lines at most, not five or six
    screenshot_to(page, "desk-story-list")
