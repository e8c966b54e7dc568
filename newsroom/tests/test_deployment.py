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


def test_a_bucket_with_a_local_endpoint_gives_path_style_signed_addresses():
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
    assert options["addressing_style"] == "path"
    assert options["file_overwrite"] is False  # a name the server chose is never written over
    assert options["querystring_auth"] is True
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert media_url == "http://127.0.0.1:9000/newsroom-media/"


def test_a_public_address_serves_unsigned_from_it_under_the_prefix():
    storage, media_url = s3_media(
        {"MEDIA_S3_BUCKET": "b", "MEDIA_S3_PUBLIC_URL": "https://media.example.org", "MEDIA_S3_PREFIX": "/site/"}
    )

    options = storage["OPTIONS"]
    assert options["querystring_auth"] is False
    assert options["custom_domain"] == "media.example.org"
    assert options["url_protocol"] == "https:"
    assert options["location"] == "site"
    assert "access_key" not in options  # boto3's own chain (instance role, AWS_* variables)
    assert media_url == "https://media.example.org/site/"


def test_aws_without_an_endpoint_uses_the_regional_bucket_address():
    _storage, media_url = s3_media({"MEDIA_S3_BUCKET": "news", "MEDIA_S3_REGION": "eu-west-1"})

    assert media_url == "https://news.s3.eu-west-1.amazonaws.com/"


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"MEDIA_S3_PUBLIC_URL": "media.example.org"}, "MEDIA_S3_PUBLIC_URL"),
        ({"MEDIA_S3_SIGNED_SECONDS": "soon"}, "MEDIA_S3_SIGNED_SECONDS"),
    ],
)
def test_malformed_storage_variables_are_refused_by_name(variables, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        s3_media({"MEDIA_S3_BUCKET": "b", **variables})


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
