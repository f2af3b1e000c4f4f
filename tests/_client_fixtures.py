"""Fixtures for the client tests (``pytest_plugins = ["_client_fixtures"]``).

- ``sectra_mock`` (from the package's pytest plugin, ``sectra_client.testing``): one
  MockSectraServer for the session, reset for each test.
- ``make_client``: makes clients, once as :class:`SectraClient` and once as
  :class:`AsyncSectraClient` (driven through :class:`AsyncAsSync`), so that one test body
  specifies a behaviour of both; ``client`` is one made for ``sectra_mock``.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest

from sectra_client import AsyncSectraClient, SectraClient
from sectra_client.mock_server import MockSectraServer

__all__ = [
    "AsyncAsSync",
    "ClientFactory",
    "client",
    "make_client",
]


class AsyncAsSync:
    """An :class:`AsyncSectraClient` seen through the sync API: every coroutine method is run
    to completion on one event loop (``runner``), everything else is passed through."""

    def __init__(self, client: AsyncSectraClient, runner: asyncio.Runner) -> None:
        self._client = client
        self._runner = runner

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not inspect.iscoroutinefunction(attribute):
            return attribute

        def run(*args: Any, **kwargs: Any) -> Any:
            return self._runner.run(attribute(*args, **kwargs))

        return run

    def __repr__(self) -> str:
        return repr(self._client)


ClientFactory = Callable[..., SectraClient]
"""Makes a client of the given URL, token and keyword options (closed after the test)."""


@pytest.fixture(params=["sync", "async"])
def make_client(request: pytest.FixtureRequest) -> Iterator[ClientFactory]:
    """Makes clients, each test once as :class:`SectraClient` and once as
    :class:`AsyncSectraClient`; typed as the sync API both offer."""
    if request.param == "sync":
        sync_clients: list[SectraClient] = []

        def make_sync(url: str, token: str | None = None, **options: Any) -> SectraClient:
            sync_clients.append(SectraClient(url, token, **options))
            return sync_clients[-1]

        yield make_sync
        for sync_client in sync_clients:
            sync_client.close()
        return
    with asyncio.Runner() as runner:
        async_clients: list[AsyncSectraClient] = []

        def make_async(url: str, token: str | None = None, **options: Any) -> SectraClient:
            async_clients.append(AsyncSectraClient(url, token, **options))
            return cast(SectraClient, AsyncAsSync(async_clients[-1], runner))

        try:
            yield make_async
        finally:
            for async_client in async_clients:
                runner.run(async_client.close())


@pytest.fixture
def client(make_client: ClientFactory, sectra_mock: MockSectraServer) -> SectraClient:
    """A client of ``sectra_mock`` with its token, sync and async (see ``make_client``)."""
    return make_client(sectra_mock.url, sectra_mock.token)
