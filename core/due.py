"""Work that falls due at a set time (a scheduled change to a story), done by the next request
that builds a public page, so no cron job is needed. Apps register a callable that does what
is due and returns quickly when nothing is (it should read a cached "next due" time)."""

import logging

logger = logging.getLogger(__name__)

_due_work = []


def register(work):
    if work not in _due_work:
        _due_work.append(work)
    return work


def run():
    """Do whatever has fallen due; a failure is logged, never the reader's problem."""
    for work in _due_work:
        try:
            work()
        except Exception:
            logger.exception("Due work %s failed; the next request tries again", getattr(work, "__name__", work))
