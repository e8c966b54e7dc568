"""The project's own records: the task workers that are alive (newsroom/workers.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerProcess(models.Model):
    """A `manage.py run_worker` process, and when it last said it was alive."""

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self):
        return f"{self.worker_id} ({self.host}, pid {self.pid})"


class PeriodicRun(models.Model):
    """When a piece of periodic work (newsroom.workers.PERIODIC_WORK) was last started: the worker
    that moves this time forward is the one that queues it."""

    name = models.CharField(_("name"), max_length=64, primary_key=True)
    started_at = models.DateTimeField(_("last started"), null=True)

    class Meta:
        verbose_name = _("periodic work")
        verbose_name_plural = _("periodic work")

    def __str__(self):
        return self.name
