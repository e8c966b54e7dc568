"""With JavaScript on, every figure of the reactions and rating blocks changes together."""

import pytest
from playwright.sync_api import expect

from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_first_reaction_and_rating_update_every_figure_in_place(live_server, page, screenshot):
    story = ArticleFactory()
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator('[data-text="reaction_total"]')).to_have_text("0 reactions")
    expect(page.locator('[data-text="rating_summary"]')).to_have_text("No ratings yet: be the first.")

    page.locator('button[data-kind="happy"]').click()
    expect(page.locator('[data-text="reaction_total"]')).to_have_text("1 reaction")
    expect(page.locator('button[data-kind="happy"] [data-percent]')).to_have_text("100\u00a0%")

    page.get_by_role("button", name="Rate it 4 stars").click()  # one click rates
    expect(page.locator('[data-text="rating_summary"]')).to_have_text("Average 4.0 out of 5 from 1 rating")
    expect(page.locator('.star[value="4"]')).to_have_attribute("aria-pressed", "true")
    assert page.locator(".star.star--on").count() == 4
    page.mouse.move(0, 0)  # (pointing at the stars lights them too)
    # The rating shows in the stars themselves: lit ones differ from the rest, on no button's
    # dark background (a star is a submit button, and once took the site's submit-button look).
    colour = "el => getComputedStyle(el).color"
    assert page.locator('.star[value="4"]').evaluate(colour) != page.locator('.star[value="5"]').evaluate(colour)
    assert page.locator('.star[value="1"]').evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
    expect(page.locator('[data-text="own_rating"]')).to_have_text("You rated it 4 out of 5. Change your rating:")
    expect(page.locator('tr[data-stars="4"] [data-percent]')).to_have_text("100\u00a0%")
    screenshot("votes-updated-in-place")
    assert page.url.endswith(story.get_absolute_url())
    assert page.console.errors == []


def test_a_voter_sees_their_own_vote_on_the_cached_page_after_a_reload(live_server, page):
    from django.core.cache import cache

    cache.clear()
    story = ArticleFactory()
    page.goto(live_server.url + story.get_absolute_url())
    page.locator('button[data-kind="excited"]').click()
    expect(page.locator('button[data-kind="excited"]')).to_have_attribute("aria-pressed", "true")

    response = page.reload()
    assert response.headers["x-page-cache"] in ("hit", "miss")  # the shared page, not a private one
    expect(page.locator('button[data-kind="excited"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator('[data-text="reaction_total"]')).to_have_text("1 reaction")
    assert page.console.csp_violations == [] and page.console.errors == []
