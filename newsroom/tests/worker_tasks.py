"""Tasks for the worker tests (newsroom/tests/test_workers.py); run by real worker processes."""

import logging
import os
import time
from pathlib import Path

from django.utils.text import slugify

from articles.models import Tag
from core.requestlog import CURRENT_ID
from core.tasks import TryAgain, background

logger = logging.getLogger(__name__)


@background(attempts=3, backoff_seconds=60)
def always_fails():
    raise TryAgain("the service stays away")


@background()
def report_request_id():
    logger.info("working for the request that queued me")
    return CURRENT_ID.get()


@background()
def make_tag(name):
    """Fails if it ever runs twice for one name (tag names are unique)."""
    Tag.objects.create(name=name, slug=slugify(name))


@background()
def hold_until_released(folder):
    """Says it started, waits for the test to release it, then writes one line to `done`."""
    folder = Path(folder)
    (folder / f"started-{os.getpid()}").touch()
    while not (folder / "release").exists():
        time.sleep(0.05)
    with open(folder / "done", "a") as done:
        done.write(f"{os.getpid()}\n")


@background(backoff_seconds=60)
def stopped_midway():
    raise SystemExit("the worker was told to stop at once")
