"""One log line per request, with a request id that every log line of that request carries.

The id comes from the `X-Request-ID` header a proxy or load balancer set (when it looks like an
id), or is made here; it is sent back in the response's `X-Request-ID`. Each request is also
counted in the Prometheus metrics (core/metrics.py). `LOG_FORMAT=json`
(the default when `DJANGO_DEBUG` is off) writes each line as one JSON object
(python-json-logger), for whatever collects the logs.
"""

import contextvars
import logging
import re
import time
import uuid

from core import metrics

CURRENT_ID = contextvars.ContextVar("request_id", default="-")
WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,64}")
logger = logging.getLogger("newsroom.request")


def logging_config(level, fmt):
    """settings.LOGGING: the console, every record stamped with the request id, text or JSON."""
    formatter = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        }
        if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "core.requestlog.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            "django_tasks": {"level": "WARNING"},
            # Each request is logged once, by RequestLogMiddleware: not again by runserver's own
            # access log; and no django-axes banner at the start of every command.
            "django.server": {"level": "WARNING"},
            "axes.apps": {"level": "WARNING"},
        },
    }


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = CURRENT_ID.get()
        return True


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if WELL_FORMED.fullmatch(offered) else uuid.uuid4().hex
        token = CURRENT_ID.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            match = getattr(request, "resolver_match", None)
            view = match.view_name if match else ""
            seconds = time.monotonic() - started
            metrics.observe(request.method, view, response.status_code, seconds, response.get("X-Page-Cache", ""))
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                    "view": view,
                },
            )
            return response
        finally:
            CURRENT_ID.reset(token)
