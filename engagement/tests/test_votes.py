import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client, RequestFactory

from articles.models import Article
from articles.tests.factories import ArticleFactory
from engagement.models import ArticleEngagement, RatingVote, ReactionVote
from engagement.services import rating_set, reaction_toggle
from engagement.templatetags.engagement_tags import engagement_block

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def tally(article):
    return ArticleEngagement.objects.get(article=article)


def test_choosing_another_reaction_moves_it_and_the_same_again_takes_it_back(article):
    assert reaction_toggle(article=article, reader="r1", kind="happy") == "happy"
    assert (tally(article).happy, tally(article).reaction_total) == (1, 1)

    assert reaction_toggle(article=article, reader="r1", kind="sad") == "sad"
    assert (tally(article).happy, tally(article).sad, tally(article).reaction_total) == (0, 1, 1)

    assert reaction_toggle(article=article, reader="r1", kind="sad") is None
    assert (tally(article).sad, tally(article).reaction_total) == (0, 0)
    assert not ReactionVote.objects.exists()


def test_a_rating_can_be_changed_and_counts_once(article):
    rating_set(article=article, reader="r1", stars=2)
    rating_set(article=article, reader="r1", stars=5)
    rating_set(article=article, reader="r2", stars=4)
    row = tally(article)
    assert (row.rating_count, row.rating_sum, row.stars_2, row.stars_5, row.stars_4) == (2, 9, 0, 1, 1)


def react(client, article, kind="happy", address="198.51.100.1", **headers):
    return client.post(f"/engagement/{article.pk}/react/", {"kind": kind}, REMOTE_ADDR=address, **headers)


def test_without_javascript_a_reaction_comes_back_to_the_story_with_the_new_counts(client, article):
    response = react(client, article)

    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}?voted=1#reactions"
    page = client.get(response["Location"])
    assert "X-Page-Cache" not in page  # made fresh for this reader, never stored
    assert re.search(
        r'aria-pressed="true" data-kind="happy">.*?data-count>1<.*?100&nbsp;%', page.content.decode(), re.S
    )


def test_a_voters_cookie_does_not_bypass_the_cache_and_no_vote_goes_into_a_stored_page(client, article):
    from django.core.cache import cache

    cache.clear()
    react(client, article)  # this reader now has the reader cookie and the marker
    assert client.cookies["voted"].value == "1" and not client.cookies["voted"]["httponly"]

    first = client.get(article.get_absolute_url())  # builds the page everyone gets
    assert first["X-Page-Cache"] == "miss"
    assert 'aria-pressed="true"' not in first.content.decode()
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_the_readers_own_vote_comes_from_an_uncached_address(client, article):
    react(client, article, kind="sad")
    rate_url = f"/engagement/{article.pk}/rate/"
    client.post(rate_url, {"stars": "2"})

    response = client.get(f"/engagement/{article.pk}/mine/")

    data = response.json()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert [item["kind"] for item in data["reactions"] if item["chosen"]] == ["sad"]
    assert data["texts"]["own_rating"] == "You rated it 2 out of 5. Change your rating:"
    stranger = Client().get(f"/engagement/{article.pk}/mine/").json()
    assert not any(item["chosen"] for item in stranger["reactions"])
    assert Client().get("/engagement/999999/mine/").status_code == 404


def test_with_javascript_the_answer_is_json(client, article):
    response = react(client, article, kind="angry", HTTP_ACCEPT="application/json")

    data = json.loads(response.content)
    angry = next(item for item in data["reactions"] if item["kind"] == "angry")
    assert (angry["count"], angry["percent"], angry["chosen"]) == (1, 100, True)

    rated = client.post(f"/engagement/{article.pk}/rate/", {"stars": "4"}, HTTP_ACCEPT="application/json")
    assert json.loads(rated.content)["rating"]["average"] == "4.0"


def test_the_reader_cookie_recognises_the_same_reader(client, article):
    react(client, article, "happy")
    react(client, article, "happy")
    assert ReactionVote.objects.count() == 0  # the second click took it back
    react(Client(), article, "happy", address="198.51.100.2")
    assert ReactionVote.objects.count() == 1


def test_logged_in_readers_are_recognised_by_their_account(article):
    user = User.objects.create_user("reader")
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    react(first, article, "excited")
    react(second, article, "sad")
    assert list(ReactionVote.objects.values_list("reader", "kind")) == [(f"user:{user.pk}", "sad")]


def test_rate_limit_refuses_with_429_and_a_message(client, article, settings):
    settings.ENGAGEMENT_VOTES_PER_MINUTE = 3
    statuses = [react(client, article, kind).status_code for kind in ["happy", "sad", "angry", "happy"]]
    assert statuses == [303, 303, 303, 429]
    response = react(Client(), article)
    assert "Too many votes" in response.content.decode()


@pytest.mark.parametrize("stars", ["0", "6", "abc", "", "4.5", "-1"])
def test_bad_ratings_are_refused_clearly(client, article, stars):
    response = client.post(f"/engagement/{article.pk}/rate/", {"stars": stars})
    assert response.status_code == 400
    assert "one to five stars" in response.content.decode()
    assert not RatingVote.objects.exists()


def test_an_unknown_reaction_is_refused(client, article):
    assert react(client, article, kind="<script>").status_code == 400


def test_only_published_articles_accept_votes(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert react(client, draft).status_code == 404
    assert client.post(f"/engagement/{draft.pk}/rate/", {"stars": "3"}).status_code == 404


def test_votes_need_a_csrf_token(article):
    strict = Client(enforce_csrf_checks=True)
    assert react(strict, article).status_code == 403
    page = strict.get(article.get_absolute_url()).content.decode()
    assert re.search(r'name="csrfmiddlewaretoken" value=""', page)  # a shared page: formtoken.js fills it
    token = strict.get("/csrf/").json()["token"]
    response = strict.post(f"/engagement/{article.pk}/react/", {"kind": "happy", "csrfmiddlewaretoken": token})
    assert response.status_code == 303


def test_the_block_shows_average_distribution_and_costs_fixed_queries(client, article, django_assert_max_num_queries):
    for reader, stars in enumerate([5, 4, 4, 1]):
        rating_set(article=article, reader=f"r{reader}", stars=stars)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Average 3.5 out of 5 from 4 ratings" in html
    assert re.search(r'data-stars="4">.*?50&nbsp;%', html, re.S)

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_max_num_queries(1):
        engagement_block({"request": request}, article)
    request.user = User.objects.create_user("voter")  # a known reader: plus their reaction and rating
    with django_assert_max_num_queries(3):
        engagement_block({"request": request}, article)


def test_dropping_the_reader_cookie_gains_no_votes(article, settings):
    settings.ENGAGEMENT_VOTES_PER_MINUTE = 1000  # the per-address limit is not what is tested here
    stuffer = "198.51.100.66"
    answers = [
        Client().post(f"/engagement/{article.pk}/react/", {"kind": kind}, REMOTE_ADDR=stuffer).status_code
        for kind in ["happy", "sad", "angry", "happy", "excited"] * 6
    ]
    for stars in [1, 5, 5, 2, 5]:
        Client().post(f"/engagement/{article.pk}/rate/", {"stars": stars}, REMOTE_ADDR=stuffer)

    row = tally(article)
    assert answers == [303] + [429] * 29
    assert (row.reaction_total, row.happy) == (1, 1)
    assert (row.rating_count, row.rating_sum) == (1, 1)


def test_the_same_holds_across_an_ipv6_slash_64(article):
    Client().post(f"/engagement/{article.pk}/react/", {"kind": "happy"}, REMOTE_ADDR="2001:db8:1:2::1")
    Client().post(f"/engagement/{article.pk}/react/", {"kind": "sad"}, REMOTE_ADDR="2001:db8:1:2::ffff")
    assert tally(article).reaction_total == 1


def test_readers_who_share_an_address_are_themselves_once_they_have_the_cookie(article):
    """Two readers at one office vote on a first story (only one of them counts there), then each
    rates a second story from home: both ratings count, as two readers'."""
    office, first, second = "198.51.100.7", Client(), Client()
    first.post(f"/engagement/{article.pk}/react/", {"kind": "happy"}, REMOTE_ADDR=office)
    second.post(f"/engagement/{article.pk}/react/", {"kind": "sad"}, REMOTE_ADDR=office)
    other = ArticleFactory()
    first.post(f"/engagement/{other.pk}/rate/", {"stars": 5}, REMOTE_ADDR="203.0.113.1")
    second.post(f"/engagement/{other.pk}/rate/", {"stars": 1}, REMOTE_ADDR="203.0.113.2")

    assert (tally(other).rating_count, tally(other).rating_sum) == (2, 6)


def test_the_window_moves_on(article, settings, monkeypatch):
    settings.ENGAGEMENT_NEWCOMER_WINDOW_SECONDS = 3600
    monkeypatch.setattr("core.ratelimit.time.time", lambda: 7200.0)
    Client().post(f"/engagement/{article.pk}/react/", {"kind": "happy"}, REMOTE_ADDR="198.51.100.1")
    monkeypatch.setattr("core.ratelimit.time.time", lambda: 7200.0 + 3600)
    Client().post(f"/engagement/{article.pk}/react/", {"kind": "happy"}, REMOTE_ADDR="198.51.100.1")

    assert tally(article).reaction_total == 2


def test_cookies_collected_on_other_stories_gain_no_votes(article, settings):
    """Every cookie-less vote on another story hands out a reader cookie; replayed on one story,
    eleven collected cookies used to count eleven more ratings from one address."""
    settings.ENGAGEMENT_VOTES_PER_MINUTE = 1000
    stuffer = "198.51.100.66"
    collected = []
    for _ in range(11):
        collector = Client()
        collector.post(f"/engagement/{ArticleFactory().pk}/rate/", {"stars": 5}, REMOTE_ADDR=stuffer)
        collected.append(collector.cookies[settings.ENGAGEMENT_READER_COOKIE].value)
    Client().post(f"/engagement/{article.pk}/rate/", {"stars": 5}, REMOTE_ADDR=stuffer)  # without a cookie
    for cookie in collected:
        replay = Client()
        replay.cookies[settings.ENGAGEMENT_READER_COOKIE] = cookie
        replay.post(f"/engagement/{article.pk}/rate/", {"stars": 5}, REMOTE_ADDR=stuffer)
    assert tally(article).rating_count == 1  # dropping or collecting cookies: the same one vote


def test_established_readers_at_one_address_vote_as_themselves(article, settings, monkeypatch):
    settings.ENGAGEMENT_NEWCOMER_WINDOW_SECONDS = 3600
    home = "198.51.100.9"
    first, second = Client(), Client()
    monkeypatch.setattr("engagement.readers.time.time", lambda: 1_000_000.0)
    first.post(f"/engagement/{ArticleFactory().pk}/react/", {"kind": "happy"}, REMOTE_ADDR="203.0.113.1")
    second.post(f"/engagement/{ArticleFactory().pk}/react/", {"kind": "happy"}, REMOTE_ADDR="203.0.113.2")
    monkeypatch.setattr("engagement.readers.time.time", lambda: 1_000_000.0 + 7200)  # their cookies are old now
    first.post(f"/engagement/{article.pk}/rate/", {"stars": 4}, REMOTE_ADDR=home)
    second.post(f"/engagement/{article.pk}/rate/", {"stars": 2}, REMOTE_ADDR=home)
    assert (tally(article).rating_count, tally(article).rating_sum) == (2, 6)


def test_one_star_is_called_one_star(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'title="1 star"' in page and "1 stars" not in page and 'title="5 stars"' in page


def test_the_story_page_reads_the_tallies_with_the_story(article, django_assert_num_queries):
    """`article_page_joins`: the block's figures come with the story's row, no query of their own."""
    from engagement.blocks import summary  # noqa: PLC0415

    reaction_toggle(article=article, reader="reader-1", kind="happy")
    story = Article.objects.for_page().get(pk=article.pk)
    with django_assert_num_queries(0):
        assert summary(story)["reaction_total"] == 1
    untouched = Article.objects.for_page().get(pk=ArticleFactory().pk)
    with django_assert_num_queries(0):
        assert summary(untouched)["reaction_total"] == 0
