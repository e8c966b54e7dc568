"""Public page reads on a read replica (DATABASE_REPLICA_URL), everything else on the primary.

ReplicaMiddleware marks a request as replica-safe when it only reads (GET or HEAD), is not for
the admin, and its reader has not sent a form in the last DATABASE_REPLICA_LAG_SECONDS: every
POST, PUT, PATCH or DELETE answer sets a short-lived cookie that keeps that reader on the primary,
so a reader who just commented or voted sees their own write however far the replica lags.
ReplicaRouter sends a marked request's reads to the replica, and every write, every read inside
a transaction, and all work outside requests (tasks, commands) to the primary.

Without DATABASE_REPLICA_URL there is no `replica` database and neither does anything.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

READ_FROM_REPLICA = ContextVar("read_from_replica", default=False)
RECENT_WRITE_COOKIE = "primary"
SAFE_METHODS = {"GET", "HEAD"}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if READ_FROM_REPLICA.get() and not connections["default"].in_atomic_block:
            return "replica"
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = "replica" in settings.DATABASES
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        reads_only = request.method in SAFE_METHODS
        replica_safe = (
            reads_only and RECENT_WRITE_COOKIE not in request.COOKIES and not request.path.startswith(self.admin_prefix)
        )
        token = READ_FROM_REPLICA.set(replica_safe)
        try:
            response = self.get_response(request)
        finally:
            READ_FROM_REPLICA.reset(token)
        if not reads_only:
            response.set_cookie(
                RECENT_WRITE_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_LAG_SECONDS,
                httponly=True,
                secure=request.is_secure(),
                samesite="Lax",
            )
        return response
