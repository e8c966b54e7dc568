"""Task workers that notice each other's death (`manage.py run_worker`).

Each worker records itself (newsroom.models.WorkerProcess) and says it is alive every
TASK_WORKER_BEAT_SECONDS from a thread of its own. A task left RUNNING by a worker that has not
been seen for TASK_WORKER_TIMEOUT_SECONDS (killed, its machine gone) is put back in the queue,
where the next free worker takes it; the task list keeps every worker that tried it.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsroom.models import WorkerProcess

logger = logging.getLogger(__name__)


def say_alive(worker_id):
    WorkerProcess.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": timezone.now()},
    )


def requeue_abandoned():
    """Put back in the queue every task whose worker is no longer seen; return how many."""
    cutoff = timezone.now() - timedelta(seconds=settings.TASK_WORKER_TIMEOUT_SECONDS)
    alive = set(WorkerProcess.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    requeued = 0
    with transaction.atomic():
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True).only("id", "worker_ids")
        for result in running:
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            requeued += DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
            logger.warning("Task %s was left running by worker %s; queued again", result.pk, result.worker_ids[-1:])
    WorkerProcess.objects.filter(seen_at__lt=cutoff - timedelta(days=1)).delete()  # long gone
    return requeued


class Heartbeat(threading.Thread):
    """Says the worker is alive, and requeues dead workers' tasks, until stopped."""

    def __init__(self, worker_id):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(settings.TASK_WORKER_BEAT_SECONDS):
            try:
                say_alive(self.worker_id)
                requeue_abandoned()
            except DatabaseError:
                logger.exception("Worker %s could not report to the database", self.worker_id)
            finally:
                close_old_connections()
        connection.close()

    def stop(self):
        self.stopped.set()
        self.join(timeout=settings.TASK_WORKER_BEAT_SECONDS + 5)
