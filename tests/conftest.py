"""Shared pytest fixtures."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from _redis_server import RedisServer, redis_server_or_skip
from _scripted_server import ScriptedServer


@pytest.fixture
def scripted_server() -> Iterator[ScriptedServer]:
    """A fresh programmable HTTP server on 127.0.0.1 (see ``tests/_scripted_server.py``)."""
    with ScriptedServer() as server:
        yield server


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real redis-server on a free loopback port for the whole session (skipped when the
    program is missing, a failure under CI)."""
    with RedisServer(redis_server_or_skip()) as server:
        yield server


@pytest.fixture
def collector_enabled() -> Iterator[None]:
    """Python's cyclic garbage collector enabled for the test, as it was afterwards."""
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()
