"""Project-wide test fixtures."""

import json
import os
from pathlib import Path

import pytest


def _find_blns():
    # The shared test data sits beside the checkout (../shared/testdata/), wherever that is.
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "testdata" / "blns.json"
        if candidate.exists():
            return candidate
    raise FileNotFoundError("../shared/testdata/blns.json not found beside the checkout")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only against PostgreSQL.

    They are skipped when no DATABASE_URL is given (the default SQLite run); with a
    DATABASE_URL that is not PostgreSQL they fail rather than hide.
    """
    if os.environ.get("DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def naughty_strings():
    """The Big List of Naughty Strings, for every field a person types in."""
    return json.loads(_find_blns().read_text(encoding="utf-8"))


def _run_together(jobs):
    """Run each job in its own thread (its own database connection), all released at once
    by a barrier; return the exceptions they raised."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # returned to the test, which asserts on it
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def run_together():
    """For concurrency tests on PostgreSQL (with `django_db(transaction=True)`)."""
    return _run_together
