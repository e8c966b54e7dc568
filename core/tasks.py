"""Background work that survives failures (django-tasks).

`@background()` makes a task that
- carries the id of the request that queued it, so its log lines share the request's
  `request_id` (core/requestlog.py);
- on an exception, is queued again after a back-off (`backoff_seconds`, doubled each time) until
  `attempts` runs have failed; each failed run stays in the task list with its traceback. Retries
  need a backend that can run work later (`TASKS_BACKEND=database`); run in the request
  (development, tests) a failure is logged and not retried.

Workers are `manage.py run_worker` (newsroom/management/commands/run_worker.py): a task whose
worker died mid-run is queued again there. A task may therefore run more than once; each of ours
is written to do its work once however often it runs (renditions already sound are kept, a
digest skips readers it reached, a notification records that it was sent).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_tasks.base import Task

from core.requestlog import CURRENT_ID

logger = logging.getLogger(__name__)

ATTEMPT = "_attempt"
REQUEST_ID = "_request_id"


class TryAgain(Exception):  # noqa: N818 - read as an instruction: raise TryAgain("the mail server refused")
    """Raised by a task whose work failed for a reason that may pass (a mail server away)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TracedTask(Task):
    """A Task that hands the current request id to the run it queues."""

    def enqueue(self, *args, **kwargs):
        kwargs.setdefault(REQUEST_ID, CURRENT_ID.get())
        return Task.enqueue(self, *args, **kwargs)


def background(*, attempts=5, backoff_seconds=30, **options):
    def decorate(func):
        def run(*args, **kwargs):
            attempt = kwargs.pop(ATTEMPT, 1)
            request_id = kwargs.pop(REQUEST_ID, "-")
            bound = CURRENT_ID.set(request_id)
            try:
                return func(*args, **kwargs)
            except BaseException:  # a worker stopped mid-task (SystemExit) is tried again too
                retry_later(the_task, args, kwargs, attempt=attempt, attempts=attempts, backoff=backoff_seconds)
                raise
            finally:
                CURRENT_ID.reset(bound)

        run.__module__, run.__qualname__, run.__name__ = func.__module__, func.__qualname__, func.__name__
        run.__doc__ = func.__doc__
        the_task = TracedTask(func=run, **options)
        return the_task

    return decorate


def retry_later(the_task, args, kwargs, *, attempt, attempts, backoff):
    name = the_task.name
    if attempt >= attempts:
        logger.error("Task %s failed on its last attempt (%s of %s)", name, attempt, attempts, exc_info=True)
        return
    if not the_task.get_backend().supports_defer:
        logger.error("Task %s failed; run in the request, it is not retried", name, exc_info=True)
        return
    delay = backoff * 2 ** (attempt - 1)
    later = the_task.using(run_after=timezone.now() + timedelta(seconds=delay))
    try:
        later.enqueue(*args, **kwargs, **{ATTEMPT: attempt + 1, REQUEST_ID: CURRENT_ID.get()})
    except Exception:
        logger.exception("Task %s failed and could not be queued again", name)
        return
    logger.warning(
        "Task %s failed (attempt %s of %s); trying again in %s s", name, attempt, attempts, delay, exc_info=True
    )
