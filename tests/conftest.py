"""Shared pytest fixtures."""

from __future__ import annotations

import gc
import ssl
from collections.abc import Iterator

import pytest
import trustme
from _redis_server import RedisServer, redis_server_or_skip
from _scripted_server import ScriptedServer


@pytest.fixture
def scripted_server() -> Iterator[ScriptedServer]:
    """A fresh programmable HTTP server on 127.0.0.1 (see ``tests/_scripted_server.py``)."""
    with ScriptedServer() as server:
        yield server


@pytest.fixture(scope="session")
def tls_authority() -> trustme.CA:
    """A certificate authority for the test session, trusted by ``tls_trust`` only."""
    return trustme.CA()


@pytest.fixture
def tls_trust(tls_authority: trustme.CA) -> ssl.SSLContext:
    """A client TLS context that trusts ``tls_authority`` (pass it as ``verify=``)."""
    context = ssl.create_default_context()
    tls_authority.configure_trust(context)
    return context


@pytest.fixture
def tls_scripted_server(tls_authority: trustme.CA) -> Iterator[ScriptedServer]:
    """A fresh programmable HTTPS server on 127.0.0.1, its certificate signed by
    ``tls_authority``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls_authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    with ScriptedServer(tls=context) as server:
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
