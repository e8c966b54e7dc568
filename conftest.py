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
