"""Production settings refuse to boot half-configured and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-key-for-tests-only-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "SITE_URL": "https://news.example.org",
}


def manage(*args, **env_overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    env.update(env_overrides)
    env = {key: value for key, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing_with_debug_off_and_required_variables_set():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_start_up_fails_naming_a_missing_required_variable(missing):
    result = manage("check", **{**PRODUCTION_ENV, missing: None})

    assert result.returncode != 0
    assert f"Set the environment variable {missing}" in result.stderr


def test_debug_mode_starts_with_no_variables_at_all():
    result = manage("check", DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_is_refused_with_the_accepted_values():
    result = manage("check", **{**PRODUCTION_ENV, "DJANGO_DEBUG": "maybe"})

    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_a_worker_timeout_shorter_than_three_heartbeats_is_refused():
    result = manage("check", TASK_WORKER_BEAT_SECONDS="30", TASK_WORKER_TIMEOUT_SECONDS="60", DJANGO_DEBUG="1")

    assert result.returncode != 0
    assert "TASK_WORKER_TIMEOUT_SECONDS" in result.stderr


def test_a_malformed_number_of_seconds_is_refused_by_name():
    result = manage("check", TASK_WORKER_BEAT_SECONDS="ten", DJANGO_DEBUG="1")

    assert result.returncode != 0
    assert "TASK_WORKER_BEAT_SECONDS must be a number of seconds" in result.stderr
