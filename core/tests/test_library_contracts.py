"""Where the project leans on another library's internals, this says exactly what it leans on, so
that an upgrade which changes it fails here, by name, rather than in production.

- core/cache.py: Django's Redis cache client builds a new `redis.Redis` for every call; ours keeps
  one per connection pool, using the client's `_get_connection_pool_index`,
  `_get_connection_pool` and `_client`, and the cache's `_class`.
- newsroom/workers.py: django-tasks-db's task rows (`DBTaskResult`: `status`, `worker_ids`,
  `started_at`, `running()`, `ready()`) are read and put back in the queue directly, because the
  library has no API for "this worker died".
"""

import inspect

import django
import django_tasks_db
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.cache import ResilientRedisCache, ReusingRedisCacheClient


def test_django_redis_cache_internals_we_use_are_there():
    assert django.VERSION[:2] == (5, 2), "core/cache.py was written against Django 5.2's RedisCacheClient"
    for name in ("_get_connection_pool_index", "_get_connection_pool"):
        assert callable(getattr(RedisCacheClient, name))
    assert list(inspect.signature(RedisCacheClient._get_connection_pool_index).parameters) == ["self", "write"]
    assert list(inspect.signature(RedisCacheClient._get_connection_pool).parameters) == ["self", "write"]
    client = RedisCacheClient(["redis://127.0.0.1:1/0"])
    assert hasattr(client, "_client")  # the redis.Redis class it instantiates
    cache = ResilientRedisCache("redis://127.0.0.1:1/0", {})
    assert isinstance(cache._cache, ReusingRedisCacheClient)  # RedisCache builds `_cache` from `_class`
    assert "_class" in inspect.getsource(RedisCache.__init__)


def test_django_tasks_db_rows_we_put_back_in_the_queue_are_as_we_expect():
    assert django_tasks_db.__version__ == "0.13.0", "newsroom/workers.py was written against django-tasks-db 0.13"
    fields = {field.name for field in DBTaskResult._meta.get_fields()}
    assert {"status", "worker_ids", "started_at"} <= fields
    assert callable(DBTaskResult.objects.running) and callable(DBTaskResult.objects.ready)
    assert {TaskResultStatus.READY, TaskResultStatus.RUNNING, TaskResultStatus.SUCCESSFUL} <= set(TaskResultStatus)
