"""axe-core (its npm package, browser_tests/node_modules, injected from disk) on the pages readers
and editors use most: no serious or critical violation of our own."""

import json
from pathlib import Path

import pytest

from articles.tests.factories import ArticleFactory, ImageFactory, TagFactory, place_picture
from browser_tests.admin_login import sign_in, staff_user
from browser_tests.conftest import SCREENSHOTS
from comments.tests.factories import post

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parent / "node_modules/axe-core/axe.min.js"
SERIOUS = ("serious", "critical")


@pytest.fixture
def axe_page(browser):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make browser-test` (it runs npm ci in browser_tests/)")
    # Our pages refuse inline scripts; axe is the test's, so this context alone lets it in.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
        for v in results["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture
def stories():
    story = ArticleFactory(headline="Harbour wall to be rebuilt", lead_image=ImageFactory(), tags=[TagFactory()])
    place_picture(story, ImageFactory(), caption="The old wall")
    story.key_points.create(text="Work starts in March", order=1)
    ArticleFactory(section=story.section, headline="Harbour dues go up")
    post(story, body="About time.")
    return story


@pytest.mark.parametrize("page_name", ["home", "section", "story", "search", "not found"])
def test_public_pages_have_no_serious_violation(live_server, axe_page, stories, page_name):
    path = {
        "home": "/",
        "section": stories.section.get_absolute_url(),
        "story": stories.get_absolute_url(),
        "search": "/search/?q=harbour",
        "not found": "/no/such/page/",
    }[page_name]
    axe_page.goto(live_server.url + path)
    assert serious_violations(axe_page) == []


# What axe still finds in markup Django's admin ships (its bundled select2 puts a non-item in a
# list); listed in docs/accessibility.md. Anything else on the form is ours to fix.
# axe names the element by whichever selector it finds unique, so match its start.
DJANGO_ADMIN = {("list", ".select2-selection--multiple")}


def test_the_article_form_has_no_serious_violation_in_our_widgets(live_server, axe_page, stories):
    editor = staff_user("editor", ["add_article", "change_article", "view_article", "publish_article", "view_image"])
    sign_in(axe_page, live_server.url, editor)
    axe_page.goto(live_server.url + f"/admin/articles/article/{stories.pk}/change/")
    found = serious_violations(axe_page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "axe-article-form.json").write_text(json.dumps(found, indent=2))
    ours = [
        v
        for v in found
        if any(
            not any(v["rule"] == rule and target[0].startswith(start) for rule, start in DJANGO_ADMIN)
            for target in v["targets"]
        )
    ]
    assert ours == []
