"""Each request gets an id: in its response header and in every log line written meanwhile."""

import json
import logging
import logging.config

import pytest

from core import requestlog

pytestmark = pytest.mark.django_db


def test_each_request_gets_an_id_in_its_header_and_its_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="newsroom.request"):
        response = client.get("/robots.txt")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    line = next(record for record in caplog.records if record.name == "newsroom.request")
    assert (line.method, line.path, line.status, line.view) == ("GET", "/robots.txt", 200, "discovery:robots")
    assert line.duration_ms >= 0


@pytest.mark.parametrize(
    "offered, kept", [("lb-7f3a9c21", True), ("x" * 65, False), ("bad id\r\nX-Evil: 1", False), ("short", False)]
)
def test_a_proxys_id_is_kept_only_when_it_looks_like_one(client, offered, kept):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID=offered)
    assert (response["X-Request-ID"] == offered) is kept


def test_json_lines_carry_the_request_id(capsys):
    logging.config.dictConfig(requestlog.logging_config("INFO", "json"))
    token = requestlog.CURRENT_ID.set("abc12345")
    try:
        logging.getLogger("newsroom.test").warning("disk nearly full", extra={"free_mb": 12})
    finally:
        requestlog.CURRENT_ID.reset(token)
        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["message"] == "disk nearly full" and line["request_id"] == "abc12345" and line["free_mb"] == 12


def test_a_command_and_the_development_server_say_each_thing_once(tmp_path):
    """No django-axes banner before every command; runserver's own access log is quiet (each
    request is logged once, by RequestLogMiddleware)."""
    import logging
    import subprocess
    import sys

    from django.conf import settings

    command = [sys.executable, "manage.py", "check"]
    env = {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, cwd=settings.BASE_DIR)  # noqa: S603
    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stdout + result.stderr
    assert logging.getLevelName(settings.LOGGING["loggers"]["django.server"]["level"]) > logging.INFO
