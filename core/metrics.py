"""Prometheus metrics of requests (prometheus-client): counted by RequestLogMiddleware.

- `newsroom_requests_total{view, method, status}`: requests answered, by the URL pattern's name
  (never the raw path, so an attacker cannot add series), method and status code;
- `newsroom_request_duration_seconds{view}`: how long they took;
- `newsroom_page_cache_total{result}`: public pages served from the page cache (`hit`), built and
  stored (`miss`) or replayed during a database outage (`stale`), from `X-Page-Cache`.

Under gunicorn set PROMETHEUS_MULTIPROC_DIR (deploy/): each worker process writes its figures
there and /metrics adds them up (newsroom/metrics.py, which also reports the task queue and the
comments awaiting moderation).
"""

from prometheus_client import Counter, Histogram

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUESTS = Counter("newsroom_requests", "Requests answered.", ["view", "method", "status"])
DURATION = Histogram(
    "newsroom_request_duration_seconds",
    "Time to answer a request.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
PAGE_CACHE = Counter("newsroom_page_cache", "Public pages by page-cache outcome.", ["result"])
PAGE_CACHE_RESULTS = {"hit", "miss", "stale"}


def observe(method, view, status, seconds, page_cache=""):
    view = view or "unmatched"
    REQUESTS.labels(view=view, method=method if method in METHODS else "other", status=str(status)).inc()
    DURATION.labels(view=view).observe(seconds)
    if page_cache in PAGE_CACHE_RESULTS:
        PAGE_CACHE.labels(result=page_cache).inc()
