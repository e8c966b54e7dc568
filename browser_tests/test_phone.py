"""On a phone (390 × 844) every section of the navigation is in sight, and captions match."""

import pytest

from articles.tests.factories import ArticleFactory, ImageFactory, SectionFactory, place_picture

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    yield context.new_page()
    context.close()


def test_every_section_link_is_within_the_screen(live_server, phone):
    for order, name in enumerate(["News", "Politics", "Business", "Science", "Culture", "Sport"]):
        SectionFactory(name=name, slug=name.lower(), order=order)
    phone.goto(live_server.url + "/")

    for link in phone.locator(".sections-nav a").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, link.inner_text()


def test_lead_and_body_captions_use_the_same_font(live_server, phone):
    story = ArticleFactory(lead_image=ImageFactory(caption="Lead caption"))
    place_picture(story, ImageFactory(caption="Body caption"))
    phone.goto(live_server.url + story.get_absolute_url())

    fonts = phone.locator("figcaption").evaluate_all("nodes => nodes.map(n => getComputedStyle(n).fontFamily)")
    assert len(fonts) == 2 and fonts[0] == fonts[1]
