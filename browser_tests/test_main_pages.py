"""The main pages with the demo newsroom, at phone and desktop widths: nothing runs off the side.
The screenshots are the ones in docs/screenshots/."""

import pytest
from django.core.management import call_command

from articles.models import Article, Section

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}


def test_main_pages_fit_the_screen(live_server, browser, screenshot_to):
    call_command("seed_demo", verbosity=0)
    story = Article.objects.published().filter(lead_image__isnull=False, comment_count__gt=2).first()
    rich = Article.objects.published().exclude(pk=story.pk).first()
    rich.body += (
        "<h2>Ferry fares, old and new</h2><table><thead><tr><th>Route</th><th>Adult fare now</th>"
        "<th>From March</th><th>Concession</th></tr></thead><tbody><tr><td>Port Aldren to Skerry Island"
        "</td><td>£4.20</td><td>£4.60</td><td>£2.10</td></tr><tr><td>Port Aldren to the mainland pier</td>"
        "<td>£6.80</td><td>£7.40</td><td>£3.40</td></tr></tbody></table>"
        "<details><summary>How the new fares were worked out</summary><p>The operator added the rise in fuel "
        "costs over two years and rounded to ten pence.</p></details><pre>fare = old × 1.09, rounded to 10p</pre>"
    )
    rich.save()
    pages = {
        "home": "/",
        "section": Section.objects.first().get_absolute_url(),
        "story": story.get_absolute_url(),
        "search": "/search/?q=harbour",
        "not-found": "/no/such/page/",
        "page": "/privacy/",
        "story-table": rich.get_absolute_url(),
    }
    for screen, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=screen == "phone")
        page = context.new_page()
        for name, path in pages.items():
            page.goto(live_server.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (screen, name, overflow)
            screenshot_to(page, f"{name}-{screen}", full_page=name != "story")
            if name == "story":
                page.locator(".story-pager").scroll_into_view_if_needed()
                screenshot_to(page, f"story-read-next-{screen}")
        context.close()


def test_the_front_page_is_laid_out_as_a_news_front(live_server, browser, screenshot_to):
    call_command("seed_demo", verbosity=0)
    heights = {}
    for screen, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=screen == "phone")
        page = context.new_page()
        page.goto(live_server.url + "/")
        # The lead package: the lead story and four more, with small pictures.
        assert page.locator(".home-lead .story-card--lead").count() == 1
        assert page.locator(".home-lead__more .story-card--compact").count() == 4
        # The rest of the latest as a compact list: no standfirst, no picture.
        assert page.locator(".river__item").count() == 15
        assert page.locator(".river img, .river .story-card__standfirst").count() == 0
        heights[screen] = page.evaluate("document.documentElement.scrollHeight")
        if screen == "desktop":
            lead = page.locator(".home-lead .story-card--lead").bounding_box()
            more = page.locator(".home-lead__more").bounding_box()
            assert more["x"] > lead["x"] + lead["width"] - 1  # beside the lead, not under it
            latest = page.locator(".home-latest").bounding_box()
            sections = page.locator(".home-sections").bounding_box()
            # The two columns run about as long as each other.
            assert abs(latest["height"] - sections["height"]) < 0.4 * max(latest["height"], sections["height"])
        context.close()
    assert heights["phone"] < 6000, heights  # 20 stories, not 20 full-width picture cards (11,600 px)
