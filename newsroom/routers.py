"""Public page reads on a read replica (DATABASE_REPLICA_URL), everything else on the primary.

ReplicaMiddleware marks a request as replica-safe when it only reads (GET or HEAD), is not for
the admin, and its reader has not sent a form in the last DATABASE_REPLICA_LAG_SECONDS: every
POST, PUT, PATCH or DELETE answer sets a short-lived cookie that keeps that reader on the primary,
so a reader who just commented or voted sees their own write however far the replica lags. For
that long after any change readers see (core/replica.py), everyone reads the primary, so no page
is cached from a replica that has not caught up. A replica that does not answer is left alone
for a few seconds and its readers served from the primary.
ReplicaRouter sends a marked request's reads to the replica, and every write, every read inside
a transaction, and all work outside requests (tasks, commands) to the primary.

Without DATABASE_REPLICA_URL there is no `replica` database and neither does anything.
"""

import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.urls import reverse

from core import replica
from core.replica import MAY_LAG as READ_FROM_REPLICA

logger = logging.getLogger(__name__)
RECENT_WRITE_COOKIE = "primary"
READS = {"GET", "HEAD"}
NO_WRITES = READS | {"OPTIONS", "TRACE"}
RETRY_SECONDS = 5  # a replica that did not answer is left alone this long


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if replica.may_lag() and not connections["default"].in_atomic_block:
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
        self.enabled = replica.enabled()
        self.down_until = 0.0
        self.admin_prefix = None

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        replica_safe = (
            request.method in READS
            and RECENT_WRITE_COOKIE not in request.COOKIES
            and not request.path.startswith(self.admin_prefix or self.find_admin())
        )
        # What needs the cache or the replica is asked only if the request reads the database.
        token = READ_FROM_REPLICA.set(self.replica_current if replica_safe else False)
        try:
            response = self.get_response(request)
        finally:
            READ_FROM_REPLICA.reset(token)
        if request.method not in NO_WRITES:
            response.set_cookie(
                RECENT_WRITE_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_LAG_SECONDS,
                httponly=True,
                secure=request.is_secure(),
                samesite="Lax",
            )
        return response

    def find_admin(self):
        self.admin_prefix = reverse("admin:index")  # once: the URLs are loaded by the first request
        return self.admin_prefix

    def replica_current(self):
        return not replica.changed_lately() and self.replica_answers()

    def replica_answers(self):
        """False while the replica is away (readers are then served from the primary)."""
        if time.monotonic() < self.down_until:
            return False
        connection = connections["replica"]
        try:
            connection.close_if_health_check_failed()
            connection.ensure_connection()
        except DatabaseError:
            logger.warning("The read replica does not answer; reading the primary for %s s", RETRY_SECONDS)
            self.down_until = time.monotonic() + RETRY_SECONDS
            return False
        return True
