"""gunicorn settings for Newsroom's web service (deploy/newsroom-web.service).

Reload without dropping requests: `systemctl reload newsroom-web` (SIGHUP starts new workers
with the new code, then retires the old ones once they finish what they are answering).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "0")) or 2 * (os.cpu_count() or 1) + 1
timeout = 30  # a request still running after this is killed and logged
graceful_timeout = 30
max_requests, max_requests_jitter = 5000, 500  # recycle workers now and then
forwarded_allow_ips = "127.0.0.1"  # nginx on the same machine; matches DJANGO_TRUSTED_PROXIES
accesslog = None  # Newsroom writes one JSON line per request itself (core/requestlog.py)
errorlog = "-"


def child_exit(server, worker):
    """Tell Prometheus's multi-process collector that this worker's figures are final."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
