import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from articles.tests.factories import ArticleFactory
from comments.models import Comment
from core.clients import client_ip

PROXY = "10.0.0.5"


def request(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_behind_a_trusted_proxy_the_address_it_saw_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(request(PROXY, "203.0.113.9")) == "203.0.113.9"


def test_a_forged_entry_left_of_what_our_proxy_wrote_is_not_believed(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(request(PROXY, "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_a_chain_of_our_own_proxies_is_skipped(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "192.0.2.10"]
    assert client_ip(request(PROXY, "203.0.113.9, 192.0.2.10")) == "203.0.113.9"


def test_someone_else_sending_the_header_changes_nothing(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(request("198.51.100.7", "10.0.0.9")) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "203.0.113.9, junk"])
def test_a_missing_or_garbled_header_falls_back_to_the_proxy(settings, forwarded):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(request(PROXY, forwarded)) == PROXY


@pytest.mark.django_db
def test_behind_the_proxy_one_readers_comment_does_not_hold_up_another(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.COMMENTS_HOLD_FIRST_TIMERS = False
    article = ArticleFactory()
    for number, reader in enumerate(["203.0.113.1", "203.0.113.2"]):
        response = client.post(
            f"/comments/post/{article.pk}/",
            {"name": f"Reader {number}", "email": f"r{number}@example.org", "body": f"Comment {number}"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=reader,
        )
        assert response.status_code == 303
    assert len({comment.ip_hash for comment in Comment.objects.all()}) == 2


@pytest.mark.django_db
def test_behind_the_proxy_vote_limits_are_per_reader_not_site_wide(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.ENGAGEMENT_VOTES_PER_MINUTE = 1
    article = ArticleFactory()

    def vote(reader):
        return client.post(
            f"/engagement/{article.pk}/react/", {"kind": "happy"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=reader
        ).status_code

    assert [vote("203.0.113.1"), vote("203.0.113.2"), vote("203.0.113.1")] == [303, 303, 429]


@pytest.mark.parametrize(
    "remote, forwarded, expected",
    [
        ("::ffff:10.0.0.5", "203.0.113.9", "203.0.113.9"),  # a dual-stack listener's view of our proxy
        (PROXY, "203.0.113.9:51234", "203.0.113.9"),  # a proxy that writes the port
        (PROXY, "[2001:db8::7]:443", "2001:db8::7"),
    ],
)
def test_addresses_as_proxies_write_them(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(request(remote, forwarded)) == expected


def test_a_mistyped_trusted_proxy_stops_the_site_from_starting():
    env = {"DJANGO_TRUSTED_PROXIES": "10.0.0.5,proxy.internal", "DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", "import newsroom.settings"],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES must list addresses or networks" in result.stderr
