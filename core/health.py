"""`/healthz` and `/readyz` for load balancers and orchestrators.

Answered by the first middleware, before host validation, the https redirect, sessions or
anything else that could touch the database or refuse the probe's Host header; never cached.

- `/healthz`: the process answers (no database, no cache).
- `/readyz`: the database answers, the cache answers, and every migration is applied; 200 with
  what was checked, or 503 naming what is not ready. A read replica, when one is set, is
  reported but does not make the server unready (the primary serves its readers meanwhile).
"""

import json

from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse

from core import replica

PROBE_KEY = "health:probe"


def _answer(status, body):
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


def _answers(alias):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError as error:
        return f"unreachable: {type(error).__name__}"


def readiness():
    """{check: "ok" or the reason}, for the database (and replica), the cache and the migrations."""
    checks = {"database": _answers("default")}
    if replica.enabled():
        checks["replica"] = _answers("replica")
    try:
        cache.set(PROBE_KEY, "1", 5)
        checks["cache"] = "ok" if cache.get(PROBE_KEY) == "1" else "does not keep what it is given"
    except Exception as error:  # noqa: BLE001 - any cache failure means "not ready", never a 500
        checks["cache"] = f"unreachable: {type(error).__name__}"
    if checks["database"] == "ok":
        try:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
            checks["migrations"] = "ok" if not pending else f"{len(pending)} not applied"
        except DatabaseError as error:
            checks["migrations"] = f"unknown: {type(error).__name__}"
    else:
        checks["migrations"] = "unknown: no database"
    return checks


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return _answer(200, {"status": "ok"})
        if request.path == "/readyz":
            checks = readiness()
            # A replica away is reported, not fatal: its readers are served from the primary.
            ready = all(value == "ok" for name, value in checks.items() if name != "replica")
            return _answer(200 if ready else 503, {"status": "ready" if ready else "not ready", **checks})
        return self.get_response(request)
