"""Counting how often a job was delivered, so that a job that kills its worker every time
(a slide too large for the worker's memory, say) is given up instead of redelivered forever.

Celery's ``task_reject_on_worker_lost`` puts a job back on the queue whenever its worker
process dies, and the Redis transport keeps no delivery count of its own.
"""

from __future__ import annotations

import redis

__all__ = ["count_delivery"]

_PREFIX = "sectra:deliveries:"


def count_delivery(client: redis.Redis, job_id: str, ttl: float) -> int:
    """Count one more delivery of job ``job_id``; how many there have been, this one included.
    The count is forgotten ``ttl`` seconds after the latest delivery."""
    key = _PREFIX + job_id
    with client.pipeline() as pipe:
        pipe.incr(key)
        pipe.pexpire(key, max(1, round(ttl * 1000)))
        count, _ = pipe.execute()
    return int(count)
