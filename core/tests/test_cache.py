"""A failing Redis is a cache miss, never the reader's problem."""

import os
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from articles.tests.factories import ArticleFactory
from comments.models import Comment

pytestmark = pytest.mark.django_db


def closed_port():
    """A loopback port nobody listens on: connecting is refused at once (Redis killed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def frozen_redis():
    """A server that accepts connections and never answers (Redis frozen or swapping)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


def redis_cache(url):
    return {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1, "retry_on_timeout": False},
        }
    }


@pytest.fixture(params=["killed", "frozen"])
def broken_cache(request, frozen_redis, settings):
    url = f"redis://127.0.0.1:{closed_port()}/0" if request.param == "killed" else frozen_redis
    with override_settings(CACHES=redis_cache(url), CACHE_RETRY_SECONDS=60):
        yield caches["default"]


def test_every_cache_call_answers_as_a_miss(broken_cache):
    assert broken_cache.get("key", "fallback") == "fallback"
    assert broken_cache.get_many(["a", "b"]) == {}
    assert broken_cache.set("key", 1) is False
    assert broken_cache.add("key", 1) is False
    assert broken_cache.incr("counter") == 1
    assert broken_cache.is_available is False


def test_after_one_failure_redis_is_left_alone_for_a_while(broken_cache, monkeypatch):
    broken_cache.get("key")
    calls = []
    monkeypatch.setattr(broken_cache._cache, "get", lambda *args: calls.append(args))
    assert broken_cache.get("key", "fallback") == "fallback"
    assert calls == []


def test_pages_votes_and_comments_work_without_the_cache(broken_cache, client):
    article = ArticleFactory()

    assert client.get("/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    vote = client.post(f"/engagement/{article.pk}/react/", {"kind": "happy"}, HTTP_ACCEPT="application/json")
    assert vote.status_code == 200
    comment = client.post(
        f"/comments/post/{article.pk}/", {"name": "Ann", "email": "ann@example.org", "body": "Still here."}
    )
    assert comment.status_code == 303
    assert Comment.objects.filter(body="Still here.").exists()


@pytest.mark.redis
def test_with_redis_up_it_is_an_ordinary_cache():
    url = os.environ["TEST_REDIS_URL"]
    with override_settings(CACHES=redis_cache(url)):
        cache = caches["default"]
        cache.set("core-test-key", {"a": 1}, 30)
        assert cache.get("core-test-key") == {"a": 1}
        cache.delete("core-test-key-count")
        cache.add("core-test-key-count", 0, 30)
        assert cache.incr("core-test-key-count") == 1
        assert cache.is_available
        cache.delete_many(["core-test-key", "core-test-key-count"])


def test_one_redis_client_serves_every_call_of_a_cache(broken_cache):
    """Django's backend built a redis.Redis per call, which cost more than the round trip."""
    client = broken_cache._cache.get_client(write=False)

    assert broken_cache._cache.get_client(write=False) is client
    assert broken_cache._cache.get_client(write=True) is client  # one server: one pool, one client


def test_every_outage_is_logged_when_it_starts_and_when_it_ends(caplog, monkeypatch):
    """The first outage used to be the only one ever logged by a worker, and its end never."""
    from redis.exceptions import ConnectionError as RedisConnectionError  # noqa: PLC0415

    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0"), CACHE_RETRY_SECONDS=0):
        cache = caches["default"]
        answers = {"up": False}

        def get(*args, **kwargs):
            if not answers["up"]:
                raise RedisConnectionError("refused")

        monkeypatch.setattr(cache._cache, "get", get)
        caplog.set_level("WARNING", logger="core.cache")
        for up in (False, False, True, True, False, True):  # down, up, down again, up again
            answers["up"] = up
            cache.get("key")
        messages = [record.getMessage() for record in caplog.records if record.name == "core.cache"]
        assert [message.split(" ")[1] for message in messages] == [
            "unavailable",
            "available",
            "unavailable",
            "available",
        ]


def test_a_write_lost_while_the_cache_was_away_makes_every_page_stale_once_it_is_back(monkeypatch):
    """A story unpublished during a Redis freeze stayed public for minutes after Redis came back:
    the version bump that made its page stale was lost. Now the site's versions move on recovery."""
    from redis.exceptions import ConnectionError as RedisConnectionError  # noqa: PLC0415

    from core import cache as resilient  # noqa: PLC0415

    repaired = []
    monkeypatch.setattr(resilient, "AFTER_LOST_WRITES", [lambda: repaired.append(1)])
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0"), CACHE_RETRY_SECONDS=0):
        cache = caches["default"]
        state = {"up": False}

        def answer(*args, **kwargs):
            if not state["up"]:
                raise RedisConnectionError("frozen")
            return 1

        for name in ("get", "incr"):
            monkeypatch.setattr(cache._cache, name, answer)
        cache.get("key")  # only a read lost: nothing to repair
        state["up"] = True
        cache.get("key")
        assert repaired == []
        state["up"] = False
        cache.incr("pagecache:version")  # a version bump lost
        state["up"] = True
        cache.get("key")
        assert repaired == [1]
        cache.get("key")
        assert repaired == [1]  # once


def test_the_site_versions_move_on_once_lost_writes_are_repaired(settings):
    from core.cache import AFTER_LOST_WRITES  # noqa: PLC0415
    from core.pagecache import versions  # noqa: PLC0415

    assert versions._after_lost_writes in AFTER_LOST_WRITES
    before = versions.site_version()
    versions._after_lost_writes()
    assert versions.site_version() != before


def test_pages_kept_during_one_outage_are_not_served_in_the_next(broken_cache, monkeypatch):
    from core.pagecache import versions  # noqa: PLC0415

    monkeypatch.setattr(versions, "cache", broken_cache)
    during_the_first = versions.current_versions("/a-story/")
    assert versions.current_versions("/a-story/") == during_the_first  # steady within one outage
    versions._after_lost_writes()  # the cache came back (it had lost the pages stored meanwhile)
    during_the_next = versions.current_versions("/a-story/")
    assert during_the_next.site != during_the_first.site
    assert during_the_next.address != during_the_first.address
