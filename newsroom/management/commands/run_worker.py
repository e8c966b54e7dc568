"""`manage.py run_worker`: django-tasks-db's `db_worker`, plus a heartbeat that puts the tasks of
workers that died mid-run back in the queue (newsroom/workers.py). Takes db_worker's options."""

import contextlib

from django.db import DatabaseError
from django_tasks_db.management.commands import db_worker

from newsroom.models import WorkerProcess
from newsroom.workers import Heartbeat, requeue_abandoned, say_alive


class Command(db_worker.Command):
    help = (
        "Run a background task worker (renditions, mail, imports). Run several, on as many machines as "
        "you like; a task whose worker was killed is picked up by another."
    )

    def handle(self, *args, worker_id, **options):
        say_alive(worker_id)  # before the first task is claimed, so nobody takes this worker for dead
        requeue_abandoned()
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
            with contextlib.suppress(DatabaseError):  # else the heartbeat's age tells the others soon enough
                WorkerProcess.objects.filter(worker_id=worker_id).delete()
