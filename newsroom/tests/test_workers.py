"""Background work in workers: retried with back-off, traced to its request, taken over from a
worker that died mid-task and done once, shared between two worker processes."""

import logging
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from articles.models import Tag
from core.requestlog import CURRENT_ID
from core.tasks import ATTEMPT, REQUEST_ID
from newsroom.models import WorkerProcess
from newsroom.tests import worker_tasks
from newsroom.workers import requeue_abandoned

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker_once():
    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


@pytest.fixture
def queued(settings):
    settings.TASKS = DATABASE_TASKS
    settings.TASK_WORKER_TIMEOUT_SECONDS = 60


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_queued_again_later_each_time_further_off_then_given_up(queued):
    worker_tasks.always_fails.enqueue()
    run_worker_once()

    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.FAILED
    assert "the service stays away" in first.traceback
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs["kwargs"][ATTEMPT] == 2
    assert timedelta(seconds=55) < retry.run_after - timezone.now() <= timedelta(seconds=60)

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # its time has come
    run_worker_once()
    third = DBTaskResult.objects.order_by("enqueued_at").last()
    assert third.args_kwargs["kwargs"][ATTEMPT] == 3
    assert timedelta(seconds=115) < third.run_after - timezone.now() <= timedelta(seconds=120)  # doubled

    DBTaskResult.objects.filter(pk=third.pk).update(run_after=timezone.now())
    run_worker_once()
    assert DBTaskResult.objects.count() == 3  # the third attempt was the last
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.FAILED}


@pytest.mark.django_db(transaction=True)
def test_a_task_logs_with_the_id_of_the_request_that_queued_it(queued, caplog):
    token = CURRENT_ID.set("req-1234abcd")
    try:
        worker_tasks.report_request_id.enqueue()
    finally:
        CURRENT_ID.reset(token)
    queued_row = DBTaskResult.objects.get()
    assert queued_row.args_kwargs["kwargs"] == {REQUEST_ID: "req-1234abcd"}

    with caplog.at_level(logging.INFO, logger="newsroom.tests.worker_tasks"):
        run_worker_once()

    done = DBTaskResult.objects.get()
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == "req-1234abcd"
    record = next(r for r in caplog.records if r.name == "newsroom.tests.worker_tasks")
    assert record.request_id == "req-1234abcd"


def test_run_in_the_request_a_failure_is_logged_not_retried_and_not_raised(caplog):
    worker_tasks.always_fails.enqueue()  # the immediate backend of tests and development

    assert "is not retried" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_silent_worker_is_queued_again(queued):
    result = worker_tasks.make_tag.enqueue("orphan")
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("dead-worker")
    WorkerProcess.objects.create(worker_id="dead-worker", host="x", pid=1, seen_at=timezone.now() - timedelta(hours=1))
    alive = DBTaskResult.objects.get(pk=worker_tasks.make_tag.enqueue("busy").id)
    alive.claim("live-worker")
    WorkerProcess.objects.create(worker_id="live-worker", host="x", pid=2, seen_at=timezone.now())

    assert requeue_abandoned() == 1

    row.refresh_from_db()
    alive.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert alive.status == TaskResultStatus.RUNNING  # its worker is alive: left alone


# --- Real worker processes (PostgreSQL: they share the test database) ---


def start_worker(worker_id, tmp_path):
    db = connection.settings_dict
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        TASKS_BACKEND="database",
        TASK_WORKER_BEAT_SECONDS="0.2",
        TASK_WORKER_TIMEOUT_SECONDS="1.5",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    command = [
        sys.executable,
        "manage.py",
        "run_worker",
        "--no-reload",
        "--interval",
        "0.05",
        "--no-startup-delay",
        "--worker-id",
        worker_id,
    ]
    log = open(tmp_path / f"{worker_id}.log", "w")  # noqa: SIM115 - the child writes to it until it ends
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for(check, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(worker_id):
        process = start_worker(worker_id, tmp_path)
        started.append(process)
        wait_for(lambda: WorkerProcess.objects.filter(worker_id=worker_id).exists(), f"worker {worker_id} to start")
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_queue_and_run_each_task_once(queued, workers, tmp_path):
    workers("worker-a")
    workers("worker-b")
    held = [worker_tasks.hold_until_released.enqueue(str(tmp_path)) for _ in range(2)]
    tags = [worker_tasks.make_tag.enqueue(f"tag {n}") for n in range(40)]

    # One worker runs one task at a time: the second held task can only start on the other worker.
    wait_for(lambda: len(list(tmp_path.glob("started-*"))) == 2, "both workers to be busy")
    (tmp_path / "release").touch()
    wait_for(lambda: not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists(), "the queue")

    held_by = [DBTaskResult.objects.get(pk=result.id).worker_ids for result in held]
    assert sorted(held_by) == [["worker-a"], ["worker-b"]]
    assert Tag.objects.filter(name__startswith="tag ").count() == 40  # a second run of one would have failed
    assert all(len(row.worker_ids) == 1 for row in DBTaskResult.objects.filter(pk__in=[r.id for r in tags]))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_leaves_it_to_another_which_does_it_once(queued, workers, tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    first = workers("worker-first")
    result = worker_tasks.hold_until_released.enqueue(str(folder))
    wait_for(lambda: any(folder.glob("started-*")), "the task to start")

    first.send_signal(signal.SIGKILL)  # mid-task: no chance to tidy up
    first.wait(10)
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING

    second = workers("worker-second")
    wait_for(lambda: len(list(folder.glob("started-*"))) == 2, "another worker to take the task over")
    (folder / "release").touch()
    wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL, "the task")

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.worker_ids == ["worker-first", "worker-second"]
    assert (folder / "done").read_text() == f"{second.pid}\n"  # done once, by the survivor


@pytest.mark.django_db(transaction=True)
def test_a_worker_with_a_slow_clock_is_timed_by_the_database_and_not_taken_for_dead(queued, monkeypatch):
    result = worker_tasks.make_tag.enqueue("slow clock")
    DBTaskResult.objects.get(pk=result.id).claim("behind")
    behind = timezone.now() - timedelta(hours=2)
    monkeypatch.setattr("django.utils.timezone.now", lambda: behind)  # this machine's clock is two hours slow
    from newsroom.workers import say_alive

    say_alive("behind")
    monkeypatch.undo()

    assert requeue_abandoned() == 0
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING


@pytest.mark.django_db(transaction=True)
def test_a_task_stopped_midway_by_its_worker_is_tried_again(queued):
    with pytest.raises(SystemExit):
        worker_tasks.stopped_midway.call()  # as run_worker runs it; the exit still reaches the worker

    retry = DBTaskResult.objects.get()
    assert retry.status == TaskResultStatus.READY and retry.args_kwargs["kwargs"][ATTEMPT] == 2


@pytest.mark.django_db
def test_expired_sessions_are_cleared_by_the_periodic_task():
    """Nothing ever deleted expired sessions; a worker now queues `clearsessions` once a day."""
    from django.contrib.sessions.models import Session  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from newsroom.tasks import clear_expired_sessions  # noqa: PLC0415
    from newsroom.workers import PERIODIC_WORK  # noqa: PLC0415

    Session.objects.create(session_key="old" * 10, session_data="x", expire_date=timezone.now() - timedelta(days=1))
    Session.objects.create(session_key="new" * 10, session_data="x", expire_date=timezone.now() + timedelta(days=1))
    assert PERIODIC_WORK["clear-expired-sessions"] == ("newsroom.tasks.clear_expired_sessions", 24 * 3600)
    clear_expired_sessions.call()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new" * 10]
