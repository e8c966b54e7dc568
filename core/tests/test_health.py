"""/healthz and /readyz: for load balancers, whatever Host they send, never cached."""

import json

import pytest
from django.core.cache import cache
from django.db.migrations.executor import MigrationExecutor

from core.tests.test_unavailable import database_down

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe(client, settings):
    # As in production: https redirect on, and the probe's Host header is not one of ours.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["news.example.org"]

    def get(path):
        return client.get(path, HTTP_HOST="10.0.3.7:8000")

    return get


def test_healthz_answers_without_the_database(probe, django_assert_num_queries):
    with database_down(), django_assert_num_queries(0):
        response = probe("/healthz")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {"status": "ok"}


def test_readyz_reports_database_cache_and_migrations(probe):
    response = probe("/readyz")
    assert response.status_code == 200, response.content
    assert json.loads(response.content) == {"status": "ready", "database": "ok", "cache": "ok", "migrations": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_is_503_when_the_database_is_away(probe):
    with database_down():
        response = probe("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 503 and body["status"] == "not ready"
    assert body["database"].startswith("unreachable") and body["cache"] == "ok"


def test_readyz_is_503_when_the_cache_fails(probe, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis went away")

    monkeypatch.setattr(cache, "set", broken)
    response = probe("/readyz")
    assert response.status_code == 503 and json.loads(response.content)["cache"] == "unreachable: ConnectionError"


def test_readyz_is_503_while_migrations_are_pending(probe, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("some", "migration")])
    response = probe("/readyz")
    assert response.status_code == 503 and json.loads(response.content)["migrations"] == "1 not applied"
