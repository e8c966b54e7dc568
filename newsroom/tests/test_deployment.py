"""Beyond one machine: media storage and the read replica are switched on by environment variables,
and nothing changes without them."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article
from newsroom import routers
from newsroom.deployment import S3_BACKEND, replica_database, s3_media
from newsroom.tests.test_settings import PRODUCTION_ENV, manage


def test_without_a_bucket_media_stays_on_disk():
    assert s3_media({}) is None


def test_a_bucket_with_a_local_endpoint_gives_path_style_lasting_addresses():
    storage, media_url = s3_media(
        {
            "MEDIA_S3_BUCKET": "newsroom-media",
            "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9000/",
            "MEDIA_S3_ACCESS_KEY_ID": "key",
            "MEDIA_S3_SECRET_ACCESS_KEY": "secret",
        }
    )

    assert storage["BACKEND"] == S3_BACKEND
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "newsroom-media"
    assert options["endpoint_url"] == "http://127.0.0.1:9000"
    assert options["file_overwrite"] is False  # a name the server chose is never written over
    assert options["querystring_auth"] is False  # addresses in cached pages, mail and feeds never expire
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert media_url == "http://127.0.0.1:9000/newsroom-media/"


@pytest.mark.parametrize(
    ("variables", "media_url"),
    [
        ({"MEDIA_S3_REGION": "eu-west-1"}, "https://news.s3.eu-west-1.amazonaws.com/"),
        ({}, "https://news.s3.us-east-1.amazonaws.com/"),
        (
            {"MEDIA_S3_BUCKET": "media.example", "MEDIA_S3_REGION": "eu-central-1"},
            "https://s3.eu-central-1.amazonaws.com/media.example/",
        ),
        ({"MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}, "http://127.0.0.1:9000/news/"),
        (
            {"MEDIA_S3_PUBLIC_URL": "https://media.example.org", "MEDIA_S3_PREFIX": "/site/"},
            "https://media.example.org/site/",
        ),
    ],
)
def test_media_url_is_exactly_where_the_storage_links_files(variables, media_url):
    """MEDIA_URL feeds the CSP's img-src and media-src and the body sanitiser: it must be the
    prefix of every address the storage gives, or pictures are blocked."""
    from storages.backends.s3 import S3Storage

    storage, url = s3_media(
        {"MEDIA_S3_BUCKET": "news", "MEDIA_S3_ACCESS_KEY_ID": "k", "MEDIA_S3_SECRET_ACCESS_KEY": "s", **variables}
    )

    assert url == media_url
    assert (
        S3Storage(**storage["OPTIONS"]).url("images/2026/11/harbour-3f9a1c2e.jpg")
        == f"{media_url}images/2026/11/harbour-3f9a1c2e.jpg"
    )


def test_a_public_address_is_used_as_it_is_and_boto3_finds_its_own_keys():
    storage, _url = s3_media({"MEDIA_S3_BUCKET": "b", "MEDIA_S3_PUBLIC_URL": "https://media.example.org"})

    options = storage["OPTIONS"]
    assert options["custom_domain"] == "media.example.org"
    assert options["url_protocol"] == "https:"
    assert "access_key" not in options  # boto3's own chain (instance role, AWS_* variables)


def test_a_public_address_without_its_scheme_is_refused_by_name():
    with pytest.raises(ImproperlyConfigured, match="MEDIA_S3_PUBLIC_URL"):
        s3_media({"MEDIA_S3_BUCKET": "b", "MEDIA_S3_PUBLIC_URL": "media.example.org"})


def test_production_settings_put_media_and_its_origin_on_the_bucket():
    env = {**PRODUCTION_ENV, "MEDIA_S3_BUCKET": "b", "MEDIA_S3_PUBLIC_URL": "https://media.example.org"}
    script = (
        "from django.conf import settings as s;"
        "print(s.STORAGES['default']['BACKEND'], s.MEDIA_URL, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    result = manage("shell", "-c", script, **env)

    assert result.returncode == 0, result.stderr
    assert S3_BACKEND in result.stdout
    assert "https://media.example.org/" in result.stdout
    assert "'https://media.example.org'" in result.stdout  # pictures from the bucket are allowed by the CSP


def test_the_replica_keeps_the_primarys_options_and_mirrors_it_in_tests():
    primary = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"pool": False}}
    replica = replica_database(primary, "postgres://reader@10.0.0.2:5432/news", conn_max_age=60)

    assert replica["HOST"] == "10.0.0.2"
    assert replica["OPTIONS"] == {"pool": False}
    assert replica["TEST"] == {"MIRROR": "default"}


def test_a_replica_of_another_kind_of_database_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL"):
        replica_database({"ENGINE": "django.db.backends.postgresql"}, "sqlite:///x.db", conn_max_age=0)


DATABASES_AND_ROUTERS = "from django.conf import settings as s; print(sorted(s.DATABASES), s.DATABASE_ROUTERS)"


def test_without_a_replica_url_there_is_one_database_and_no_router():
    result = manage("shell", "-c", DATABASES_AND_ROUTERS, **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "['default'] []" in result.stdout


def test_a_replica_url_adds_the_replica_and_the_router():
    env = {**PRODUCTION_ENV, "DATABASE_REPLICA_URL": "sqlite:////tmp/replica.sqlite3"}
    result = manage("shell", "-c", DATABASES_AND_ROUTERS, **env)

    assert result.returncode == 0, result.stderr
    assert "['default', 'replica'] ['newsroom.routers.ReplicaRouter']" in result.stdout


class TestReplicaRouting:
    """Which database a request's reads go to, read inside the view."""

    @pytest.fixture
    def middleware(self):
        seen = {}

        def view(request):
            seen["database"] = routers.ReplicaRouter().db_for_read(Article)
            return HttpResponse("ok")

        middleware = routers.ReplicaMiddleware(view)
        middleware.enabled = True  # as with DATABASE_REPLICA_URL set
        middleware.replica_answers = lambda: True
        return middleware, seen

    def test_a_public_page_read_goes_to_the_replica(self, middleware):
        handler, seen = middleware
        response = handler(RequestFactory().get("/world/2024/01/02/harbour/"))

        assert seen["database"] == "replica"
        assert routers.RECENT_WRITE_COOKIE not in response.cookies

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_a_write_reads_the_primary_and_keeps_its_reader_there_for_a_while(self, middleware, method, settings):
        handler, seen = middleware
        response = handler(getattr(RequestFactory(), method)("/comments/post/1/"))

        assert seen["database"] == "default"
        cookie = response.cookies[routers.RECENT_WRITE_COOKIE]
        assert cookie["max-age"] == settings.DATABASE_REPLICA_LAG_SECONDS
        assert cookie["httponly"]

    def test_a_reader_who_just_wrote_reads_their_own_write_from_the_primary(self, middleware):
        handler, seen = middleware
        request = RequestFactory().get("/world/2024/01/02/harbour/")
        request.COOKIES[routers.RECENT_WRITE_COOKIE] = "1"
        handler(request)

        assert seen["database"] == "default"

    def test_the_admin_always_reads_the_primary(self, middleware):
        handler, seen = middleware
        handler(RequestFactory().get("/admin/articles/article/"))

        assert seen["database"] == "default"

    def test_outside_a_request_reads_go_to_the_primary(self):
        assert routers.ReplicaRouter().db_for_read(Article) == "default"
        assert routers.ReplicaRouter().db_for_write(Article) == "default"

    @pytest.mark.django_db(transaction=True)
    def test_reads_inside_a_transaction_stay_on_the_primary(self):
        from django.db import transaction

        token = routers.READ_FROM_REPLICA.set(True)
        try:
            with transaction.atomic():
                assert routers.ReplicaRouter().db_for_read(Article) == "default"
            assert routers.ReplicaRouter().db_for_read(Article) == "replica"
        finally:
            routers.READ_FROM_REPLICA.reset(token)

    def test_migrations_only_run_on_the_primary(self):
        assert routers.ReplicaRouter().allow_migrate("default", "articles")
        assert not routers.ReplicaRouter().allow_migrate("replica", "articles")

    def test_without_a_replica_the_middleware_leaves_requests_alone(self, settings):
        handler = routers.ReplicaMiddleware(lambda request: HttpResponse("ok"))

        response = handler(RequestFactory().post("/comments/post/1/"))

        assert not handler.enabled
        assert routers.RECENT_WRITE_COOKIE not in response.cookies


class TestReplicaCaughtUp:
    """No page is rebuilt (and cached) from a replica that may not have the change yet."""

    @pytest.fixture
    def handler(self, monkeypatch):
        from core import replica

        monkeypatch.setattr(replica, "enabled", lambda: True)  # as with DATABASE_REPLICA_URL set
        seen = []

        def view(request):
            seen.append(routers.ReplicaRouter().db_for_read(Article))
            if request.GET.get("change"):
                from core.pagecache import invalidate_public_pages

                invalidate_public_pages()  # a scheduled change applied while building the page
                seen.append(routers.ReplicaRouter().db_for_read(Article))
            return HttpResponse("ok")

        middleware = routers.ReplicaMiddleware(view)
        middleware.replica_answers = lambda: True
        return middleware, seen

    def test_after_a_change_the_rest_of_the_request_and_the_next_ones_read_the_primary(self, handler):
        middleware, seen = handler
        middleware(RequestFactory().get("/", {"change": "1"}))
        assert seen == ["replica", "default"]

        middleware(RequestFactory().get("/"))
        assert seen[-1] == "default"  # within DATABASE_REPLICA_LAG_SECONDS of the change

        from django.core.cache import cache

        from core.replica import CHANGED_KEY

        cache.delete(CHANGED_KEY)  # the lag window has passed
        middleware(RequestFactory().get("/"))
        assert seen[-1] == "replica"


def test_a_replica_that_does_not_answer_is_left_alone_and_its_readers_served_by_the_primary(monkeypatch):
    from django.db import OperationalError

    class Away:
        tries = 0

        def close_if_health_check_failed(self):
            pass

        def ensure_connection(self):
            Away.tries += 1
            raise OperationalError("connection refused")

    monkeypatch.setattr(routers, "connections", {"replica": Away(), "default": routers.connections["default"]})
    middleware = routers.ReplicaMiddleware(lambda request: HttpResponse("ok"))

    assert middleware.replica_answers() is False
    assert middleware.replica_answers() is False
    assert Away.tries == 1  # not asked again for a few seconds


@pytest.mark.django_db
def test_readyz_stays_ready_when_only_the_replica_is_away(client, monkeypatch):
    from core import health

    monkeypatch.setattr(health.replica, "enabled", lambda: True)
    real = health._answers
    monkeypatch.setattr(
        health, "_answers", lambda alias: "unreachable: OperationalError" if alias == "replica" else real(alias)
    )

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["replica"] == "unreachable: OperationalError"


def test_options_and_trace_do_not_keep_a_reader_on_the_primary():
    middleware = routers.ReplicaMiddleware(lambda request: HttpResponse("ok"))
    middleware.enabled = True
    middleware.replica_answers = lambda: True

    response = middleware(RequestFactory().options("/"))

    assert routers.RECENT_WRITE_COOKIE not in response.cookies
