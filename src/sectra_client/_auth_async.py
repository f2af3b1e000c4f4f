"""The async twin of :class:`~sectra_client._auth.RefreshingToken`, for the async transport."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from sectra_client._auth import HeldToken, TokenGrant

__all__ = ["AsyncRefreshingToken"]


class AsyncRefreshingToken:
    """A ``/token`` access token for the async transport; safe across tasks of one event loop.

    Args:
        fetch: requests a new grant (``POST /token``); awaited once per refresh. Its
            exceptions reach the request that needed the token.
        clock: monotonic seconds; injectable for tests.
    """

    def __init__(
        self,
        fetch: Callable[[], Awaitable[TokenGrant]],
        *,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._fetch = fetch
        self._grant = HeldToken(clock)
        self._lock = asyncio.Lock()

    async def aget_token(self) -> str:
        token = self._grant.fresh_token()
        if token is not None:
            return token
        async with self._lock:
            token = self._grant.fresh_token()
            if token is not None:
                return token
            requested_at = self._grant.now()
            return self._grant.hold(await self._fetch(), requested_at)

    def invalidate(self, rejected_token: str) -> bool:
        self._grant.forget(rejected_token)
        return True

    def __repr__(self) -> str:
        return self._grant.describe("AsyncRefreshingToken")
