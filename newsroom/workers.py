"""Task workers that notice each other's death (`manage.py run_worker`).

Each worker records itself (newsroom.models.WorkerProcess) and says it is alive every
TASK_WORKER_BEAT_SECONDS from a thread of its own, timed by the database's clock. A task left RUNNING by a worker that has not
been seen for TASK_WORKER_TIMEOUT_SECONDS (killed, its machine gone) is put back in the queue,
where the next free worker takes it; the task list keeps every worker that tried it.

Periodic work (PERIODIC_WORK) is queued by whichever worker's heartbeat finds it due first.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, Q
from django.db.models.functions import Now
from django.utils.module_loading import import_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core import due
from newsroom.models import PeriodicRun, WorkerProcess

logger = logging.getLogger(__name__)

# name: (the task to queue, how often in seconds).
PERIODIC_WORK = {
    "check-embedded-posts": ("articles.tasks.check_embedded_posts", 6 * 3600),
    "clear-expired-sessions": ("newsroom.tasks.clear_expired_sessions", 24 * 3600),
    "retry-missing-renditions": ("articles.tasks.retry_missing_renditions", 3600),
}


def say_alive(worker_id):
    """Record that this worker is alive, by the database's clock (machines' clocks may differ)."""
    WorkerProcess.objects.update_or_create(
        worker_id=worker_id, defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": Now()}
    )


def seconds_ago(seconds):
    return ExpressionWrapper(Now() - timedelta(seconds=seconds), output_field=DateTimeField())


def requeue_abandoned():
    """Put back in the queue every task whose worker is no longer seen; return how many."""
    with transaction.atomic():
        # The running tasks first, then who is alive: a worker registers before it claims a task,
        # so whoever claimed one of these is already in the list read after them.
        running = list(DBTaskResult.objects.running().select_for_update(skip_locked=True).only("id", "worker_ids"))
        timeout = settings.TASK_WORKER_TIMEOUT_SECONDS
        alive = set(WorkerProcess.objects.filter(seen_at__gte=seconds_ago(timeout)).values_list("worker_id", flat=True))
        last = {result.pk: result.worker_ids[-1] if result.worker_ids else None for result in running}
        abandoned = {task_id: worker for task_id, worker in last.items() if worker not in alive}
        requeued = DBTaskResult.objects.filter(pk__in=abandoned, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
    for task_id, worker in abandoned.items():
        logger.warning("Task %s was left running by worker %s; queued again", task_id, worker)
    WorkerProcess.objects.filter(seen_at__lt=seconds_ago(24 * 3600)).delete()  # long gone
    return requeued


def queue_due_work():
    """Queue each piece of periodic work whose time has come; of several workers, one wins the
    row's conditional update and queues it. Returns the names queued."""
    queued = []
    for name, (task, every) in PERIODIC_WORK.items():
        due = Q(started_at__isnull=True) | Q(started_at__lt=seconds_ago(every))
        claimed = PeriodicRun.objects.filter(due, name=name).update(started_at=Now())
        if not claimed:  # not due, or never run: only the first heartbeat ever makes its row
            claimed = PeriodicRun.objects.get_or_create(name=name, defaults={"started_at": Now()})[1]
        if claimed:
            import_string(task).enqueue()
            queued.append(name)
    return queued


def beat(worker_id):
    """One heartbeat: say the worker is alive, requeue dead workers' tasks, queue periodic work
    that is due, and do work that has fallen due (scheduled changes: on time, whatever the cache
    holds, and with nobody visiting)."""
    say_alive(worker_id)
    requeue_abandoned()
    queue_due_work()
    due.run(fresh=True)


class Heartbeat(threading.Thread):
    """Says the worker is alive, and requeues dead workers' tasks, until stopped."""

    def __init__(self, worker_id):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(settings.TASK_WORKER_BEAT_SECONDS):
            try:
                beat(self.worker_id)
            except Exception:  # never let the heartbeat die: the others would take this worker for dead
                logger.exception("Worker %s could not report to the database", self.worker_id)
            finally:
                close_old_connections()
        connection.close()

    def stop(self):
        self.stopped.set()
        self.join(timeout=settings.TASK_WORKER_BEAT_SECONDS + 5)
