"""pytest fixtures for apps built on sectra-client (a ``pytest11`` plugin, loaded automatically).

- ``sectra_mock``: a running :class:`~sectra_client.mock_server.MockSectraServer` with fresh
  state for each test (no slides, results, faults or logged requests beyond its defaults;
  configuration attributes such as ``strict`` or ``api_version`` back to their defaults).
  One server serves the whole session and is reset before each test, which keeps tests fast.
- ``sectra_mock_session``: that session-wide server itself, not reset.
- ``sectra_client``: a ``SectraClient`` connected to ``sectra_mock`` with its token.

The mock needs the ``mock`` extra (``pip install 'sectra-client[mock]'``). This module imports
nothing beyond pytest at import time: it is loaded in every pytest run where sectra-client is
installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from sectra_client.mock_server import MockSectraServer

__all__ = ["sectra_client", "sectra_mock", "sectra_mock_session"]


@pytest.fixture(scope="session")
def sectra_mock_session() -> Iterator[MockSectraServer]:
    """A mock Sectra server on a free loopback port, running for the whole test session."""
    from sectra_client.mock_server import MockSectraServer

    server = MockSectraServer().run(port=0, host="127.0.0.1")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sectra_mock(sectra_mock_session: MockSectraServer) -> MockSectraServer:
    """The running mock Sectra server, reset to a fresh state for this test.

    Its API base URL is ``sectra_mock.url`` and its bearer token ``sectra_mock.token``.
    """
    sectra_mock_session.reset()
    return sectra_mock_session


@pytest.fixture
def sectra_client(sectra_mock: MockSectraServer) -> Iterator[Any]:
    """A ``SectraClient`` connected to ``sectra_mock``; skips if this sectra-client has none."""
    client_class = getattr(importlib.import_module("sectra_client"), "SectraClient", None)
    if client_class is None:
        pytest.skip("this version of sectra-client has no SectraClient yet")
    with client_class(url=sectra_mock.url, token=sectra_mock.token) as client:
        yield client
