"""An editor's journey in the admin: upload a picture with caption and credit, write a story,
schedule it, publish it, and place a second picture in the body with a caption of its own."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Image
from articles.tests.factories import SectionFactory, image_bytes
from browser_tests.admin_login import sign_in, staff_user

pytestmark = pytest.mark.django_db(transaction=True)

EDITOR_PERMISSIONS = [
    *(f"{verb}_{model}" for verb in ("add", "change", "view") for model in ("article", "image", "byline")),
    *(f"{verb}_keypoint" for verb in ("add", "change", "view")),
    "view_section",
    "view_tag",
    "view_author",
    "publish_article",
]


def upload(page, base_url, tmp_path, name, *, alt, caption, credit, color):
    path = tmp_path / f"{name}.jpg"
    path.write_bytes(image_bytes(size=(1600, 1000), color=color))
    page.goto(base_url + "/admin/articles/image/add/")
    page.locator("#id_file").set_input_files(str(path))
    page.locator("#id_alt_text").fill(alt)
    page.locator("#id_caption").fill(caption)
    page.locator("#id_credit").fill(credit)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    return Image.objects.get(alt_text=alt)


def choose(page, field_id, typed, option_text):
    """Pick a value in one of the admin's autocomplete (select2) fields."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option_text).first.click()


def test_an_editor_uploads_writes_schedules_publishes_and_places_a_second_picture(
    live_server, page, tmp_path, screenshot
):
    SectionFactory(name="Coast", slug="coast")
    editor = staff_user("editor", EDITOR_PERMISSIONS, first_name="Ines", last_name="Editor")
    sign_in(page, live_server.url, editor)

    upload(
        page,
        live_server.url,
        tmp_path,
        "quay",
        alt="The quay at low tide",
        caption="The quay",
        credit="Ines Editor",
        color=(40, 90, 160),
    )
    screenshot("editor-1-picture-uploaded")
    second = upload(
        page,
        live_server.url,
        tmp_path,
        "crane",
        alt="A crane over the wall",
        caption="Library caption",
        credit="Port archive",
        color=(160, 90, 40),
    )

    page.goto(live_server.url + "/admin/articles/article/add/")
    page.locator("#id_headline").fill("Harbour wall repairs begin")
    choose(page, "id_section", "Coa", "Coast")
    editor_box = page.locator(".field-body [contenteditable=true]")
    editor_box.click()
    editor_box.type("Work on the harbour wall began on Monday.")
    assert editor_box.evaluate("element => element.spellcheck") is True  # the browser checks spelling
    choose(page, "id_lead_image", "quay", "quay")
    page.locator("#id_status").select_option("published")
    later = timezone.localtime() + datetime.timedelta(days=2)
    page.locator("#id_publish_at_0").fill(later.strftime("%Y-%m-%d"))
    page.locator("#id_publish_at_1").fill("07:30:00")
    screenshot("editor-2-story-written")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    story = Article.objects.get(headline="Harbour wall repairs begin")
    assert story.status == Article.Status.PUBLISHED and story.publish_at > timezone.now()
    assert not Article.objects.published().filter(pk=story.pk).exists()  # scheduled, not out yet

    # Out now instead: the editor sets the time to now with the admin's shortcuts.
    page.locator(".field-publish_at .datetimeshortcuts a", has_text="Today").click()
    page.locator(".field-publish_at .datetimeshortcuts a", has_text="Now").click()
    # The second picture goes where the cursor is: the Picture button opens the library to choose from.
    editor_box.locator("p").first.click()
    page.keyboard.press("End")
    with page.expect_popup() as chooser:
        page.locator(".prose-menubar button[title=Picture]").click()
    library = chooser.value
    library.locator("#searchbar").fill("crane")
    library.locator("#searchbar").press("Enter")
    library.locator("#result_list a", has_text="crane").first.click()
    dialog = page.locator("dialog.prose-editor-dialog")
    expect(dialog.locator("textarea[name=caption]")).to_have_value("Library caption")  # the library's, to start from
    dialog.locator("textarea[name=caption]").fill("Cranes lift the first blocks into place")
    dialog.locator("select[name=size]").select_option("wide")
    screenshot("editor-2b-picture-in-the-text")
    dialog.locator("button[type=submit]").click()
    expect(editor_box.locator(".body-figure img")).to_be_visible()
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    story.refresh_from_db()
    assert Article.objects.published().filter(pk=story.pk).exists()

    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator(".story__lead figcaption")).to_contain_text("The quay")
    expect(page.locator(".story__lead figcaption")).to_contain_text("Ines Editor")
    expect(page.locator(".story__body figcaption")).to_contain_text("Cranes lift the first blocks into place")
    expect(page.locator(".story__body figcaption")).to_contain_text("Port archive")
    expect(page.locator(".story__body figure.figure--wide")).to_be_visible()
    assert story.body_pictures.get().image == second  # in use: the library will not delete it
    assert second.caption == "Library caption"  # the library's caption stays as it was
    screenshot("editor-3-story-published")
