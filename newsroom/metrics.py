"""`/metrics`: Prometheus's text format, for the monitoring system's scraper only.

Answered only to addresses in METRICS_ALLOWED_NETWORKS (loopback unless set; the client's
address as core/clients.py reads it behind trusted proxies) and, when METRICS_TOKEN is set,
only with `Authorization: Bearer <token>`; anyone else gets a 404. Never cached.

Besides the request figures (core/metrics.py) it reports, read when scraped: the tasks waiting
for a worker and the oldest one's age, the workers seen alive, and the comments awaiting
moderation.
"""

import ipaddress
import os
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from comments.models import Comment
from core.clients import client_ip

FIGURES = {
    "newsroom_tasks_queued": "Background tasks waiting for a worker.",
    "newsroom_tasks_oldest_queued_seconds": "Age of the oldest task waiting for a worker.",
    "newsroom_task_workers_alive": "Task workers seen alive.",
    "newsroom_comments_awaiting_moderation": "Comments held for a moderator.",
}


class NewsroomCollector:
    """Figures read from the database at each scrape (never at registration: `describe`)."""

    def describe(self):
        return [GaugeMetricFamily(name, text) for name, text in FIGURES.items()]

    def collect(self):
        from django_tasks_db.models import DBTaskResult

        from newsroom.models import WorkerProcess

        try:
            ready = DBTaskResult.objects.ready()
            oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
            cutoff = timezone.now() - timedelta(seconds=settings.TASK_WORKER_TIMEOUT_SECONDS)
            values = [
                ready.count(),
                (timezone.now() - oldest).total_seconds() if oldest else 0,
                WorkerProcess.objects.filter(seen_at__gte=cutoff).count(),
                Comment.objects.filter(status=Comment.Status.PENDING).count(),
            ]
        except DatabaseError:
            return  # the database is away: the request figures still come through
        for (name, text), value in zip(FIGURES.items(), values, strict=True):
            yield GaugeMetricFamily(name, text, value)


COLLECTOR = NewsroomCollector()
REGISTRY.register(COLLECTOR)  # this process's figures, with the database's


def registry():
    """This process's figures, or every gunicorn worker's under PROMETHEUS_MULTIPROC_DIR."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    from prometheus_client import multiprocess

    combined = CollectorRegistry()
    multiprocess.MultiProcessCollector(combined)
    combined.register(COLLECTOR)
    return combined


def allowed(request):
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    networks = [ipaddress.ip_network(entry, strict=False) for entry in settings.METRICS_ALLOWED_NETWORKS]
    if not any(address in network for network in networks):
        return False
    token = settings.METRICS_TOKEN
    if not token:
        return True
    scheme, _space, offered = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(offered.encode(), token.encode())


def metrics(request):
    if not allowed(request):
        raise Http404("No such page.")
    response = HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
