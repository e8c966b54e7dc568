"""/metrics: Prometheus figures for the scraper only, with bounded labels."""

import pytest
from prometheus_client import REGISTRY

from comments.models import Comment
from comments.tests.factories import post

pytestmark = pytest.mark.django_db


def sample(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0


def test_the_scraper_on_loopback_gets_request_cache_queue_and_moderation_figures(client, story):
    post(story, status=Comment.Status.PENDING)
    post(story, status=Comment.Status.PENDING)
    before = sample("newsroom_requests_total", view="articles:detail", method="GET", status="200")
    hits = sample("newsroom_page_cache_total", result="hit")
    client.get(story.get_absolute_url())
    client.get(story.get_absolute_url())  # the second from the page cache

    response = client.get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"
    assert sample("newsroom_requests_total", view="articles:detail", method="GET", status="200") == before + 2
    assert sample("newsroom_page_cache_total", result="hit") == hits + 1
    text = response.content.decode()
    assert 'newsroom_request_duration_seconds_bucket{le="0.005",view="articles:detail"}' in text
    assert "newsroom_comments_awaiting_moderation 2.0" in text
    assert "newsroom_tasks_queued 0.0" in text
    assert "newsroom_task_workers_alive 0.0" in text


def test_requests_are_counted_by_url_pattern_never_by_their_path(client):
    before = sample("newsroom_requests_total", view="pages:page", method="GET", status="404")
    client.get("/no-such-page-xyz123/")
    client.get("/another-made-up-address/")

    text = client.get("/metrics").content.decode()
    assert "no-such-page-xyz123" not in text and "made-up" not in text
    assert sample("newsroom_requests_total", view="pages:page", method="GET", status="404") == before + 2


def test_anyone_else_gets_a_404(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    # A forged X-Forwarded-For from an untrusted client changes nothing.
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 404


def test_a_listed_network_and_the_token_when_one_is_set(client, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    settings.METRICS_TOKEN = "s3cret-scrape-token"

    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404  # loopback no longer listed
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 404  # no token
    wrong = client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 404
    bare = client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="s3cret-scrape-token")
    assert bare.status_code == 404  # the scheme is part of it
    right = client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="bearer s3cret-scrape-token")
    assert right.status_code == 200


def test_figures_from_several_gunicorn_workers_are_added_up(client, tmp_path, monkeypatch):
    from prometheus_client import CollectorRegistry, Counter
    from prometheus_client.values import MultiProcessValue

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    for pid in (101, 102):  # two worker processes, each writing its own file
        monkeypatch.setattr("prometheus_client.values.ValueClass", MultiProcessValue(lambda pid=pid: pid))
        counter = Counter("newsroom_drill", "A figure each worker counts.", registry=CollectorRegistry())
        counter.inc(3)

    text = client.get("/metrics").content.decode()

    assert "newsroom_drill_total 6.0" in text
    assert "newsroom_comments_awaiting_moderation" in text


def test_odd_methods_and_unresolved_requests_share_one_label_each():
    from core.metrics import observe

    before = sample("newsroom_requests_total", view="unmatched", method="other", status="400")
    observe("BREW", "", 400, 0.01)
    observe("PROPFIND", None, 400, 0.01)

    assert sample("newsroom_requests_total", view="unmatched", method="other", status="400") == before + 2


def test_registering_the_database_figures_reads_nothing_from_the_database(django_assert_num_queries):
    from prometheus_client import CollectorRegistry

    from newsroom.metrics import NewsroomCollector

    with django_assert_num_queries(0):  # importing the URLs must not need a database
        CollectorRegistry().register(NewsroomCollector())
