"""Work that falls due at a set time (a scheduled change to a story), done by every task worker's
heartbeat (newsroom/workers.py: on time even when nobody visits) and by the next request that
builds a public page (enough without workers), so no cron job is needed. Apps register a callable
`work(fresh=False)` that does what is due and returns quickly when nothing is: from a request it
may read a cached "next due" time; `fresh=True` (the workers) asks the database."""

import logging

logger = logging.getLogger(__name__)

_due_work = []


def register(work):
    if work not in _due_work:
        _due_work.append(work)
    return work


def run(*, fresh=False):
    """Do whatever has fallen due; a failure is logged, never the reader's problem."""
    for work in _due_work:
        try:
            work(fresh=fresh)
        except Exception:
            logger.exception("Due work %s failed; the next request tries again", getattr(work, "__name__", work))
