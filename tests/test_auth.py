"""Token sources: static tokens, refreshing /token grants, no stampede, no token in reprs."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from sectra_client._auth import RefreshingToken, StaticToken, TokenGrant
from sectra_client._auth_async import AsyncRefreshingToken


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class GrantIssuer:
    """Issues numbered grants (``token-1``, ``token-2``, ...) and counts the calls."""

    def __init__(self, expires_in: float = 3600.0, latency: float = 0.0) -> None:
        self.expires_in = expires_in
        self.latency = latency
        self.calls = 0
        self._lock = threading.Lock()

    def fetch(self) -> TokenGrant:
        with self._lock:
            self.calls += 1
            number = self.calls
        time.sleep(self.latency)
        return TokenGrant(access_token=f"token-{number}", expires_in=self.expires_in)

    async def afetch(self) -> TokenGrant:
        self.calls += 1
        number = self.calls
        await asyncio.sleep(self.latency)
        return TokenGrant(access_token=f"token-{number}", expires_in=self.expires_in)


def test_a_static_token_is_returned_as_given_and_never_refreshed() -> None:
    source = StaticToken("callback-token")
    assert source.get_token() == "callback-token"
    assert source.invalidate("callback-token") is False
    assert source.get_token() == "callback-token"


def test_an_empty_static_token_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        StaticToken("")


def test_reprs_never_show_a_token() -> None:
    issuer = GrantIssuer()
    refreshing = RefreshingToken(issuer.fetch)
    refreshing.get_token()
    shown = [repr(StaticToken("token-1")), repr(refreshing), repr(TokenGrant("token-1", 60.0))]
    assert all("token-1" not in text for text in shown)


def test_the_first_request_fetches_a_token_and_later_ones_reuse_it() -> None:
    issuer = GrantIssuer()
    source = RefreshingToken(issuer.fetch, clock=FakeClock())
    assert [source.get_token() for _ in range(3)] == ["token-1"] * 3
    assert issuer.calls == 1


def test_a_token_is_refreshed_thirty_seconds_before_it_expires() -> None:
    clock = FakeClock()
    issuer = GrantIssuer(expires_in=3600.0)
    source = RefreshingToken(issuer.fetch, clock=clock)
    source.get_token()
    clock.now += 3600.0 - 31.0
    assert source.get_token() == "token-1"
    clock.now += 1.0
    assert source.get_token() == "token-2"


def test_a_short_lived_token_is_refreshed_after_ninety_percent_of_its_life() -> None:
    clock = FakeClock()
    source = RefreshingToken(GrantIssuer(expires_in=60.0).fetch, clock=clock)
    source.get_token()
    clock.now += 53.9
    assert source.get_token() == "token-1"
    clock.now += 0.2
    assert source.get_token() == "token-2"


def test_invalidating_the_current_token_forces_a_refresh() -> None:
    source = RefreshingToken(GrantIssuer().fetch, clock=FakeClock())
    rejected = source.get_token()
    assert source.invalidate(rejected) is True
    assert source.get_token() == "token-2"


def test_invalidating_a_token_that_was_already_replaced_keeps_the_new_one() -> None:
    issuer = GrantIssuer()
    source = RefreshingToken(issuer.fetch, clock=FakeClock())
    source.get_token()
    source.invalidate("token-1")
    source.get_token()
    source.invalidate("token-1")
    assert source.get_token() == "token-2"
    assert issuer.calls == 2


def test_a_failing_fetch_reaches_the_caller_and_the_next_call_tries_again() -> None:
    attempts: list[int] = []

    def fetch() -> TokenGrant:
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("token endpoint down")
        return TokenGrant("token-ok", 60.0)

    source = RefreshingToken(fetch)
    with pytest.raises(ConnectionError):
        source.get_token()
    assert source.get_token() == "token-ok"


def test_sixteen_threads_finding_the_token_expired_cause_one_refresh() -> None:
    clock = FakeClock()
    issuer = GrantIssuer(expires_in=60.0, latency=0.05)
    source = RefreshingToken(issuer.fetch, clock=clock)
    source.get_token()
    clock.now += 3600.0
    start = threading.Barrier(16)
    seen: list[str] = []

    def use_token() -> None:
        start.wait()
        seen.append(source.get_token())

    threads = [threading.Thread(target=use_token) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert issuer.calls == 2
    assert seen == ["token-2"] * 16


def test_sixteen_threads_rejected_with_401_together_cause_one_refresh() -> None:
    issuer = GrantIssuer(latency=0.05)
    source = RefreshingToken(issuer.fetch, clock=FakeClock())
    rejected = source.get_token()
    start = threading.Barrier(16)
    seen: list[str] = []

    def retry_after_401() -> None:
        start.wait()
        source.invalidate(rejected)
        seen.append(source.get_token())

    threads = [threading.Thread(target=retry_after_401) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert issuer.calls == 2
    assert seen == ["token-2"] * 16


async def test_sixteen_tasks_finding_the_token_expired_cause_one_async_refresh() -> None:
    clock = FakeClock()
    issuer = GrantIssuer(expires_in=60.0, latency=0.05)
    source = AsyncRefreshingToken(issuer.afetch, clock=clock)
    await source.aget_token()
    clock.now += 3600.0
    seen = await asyncio.gather(*(source.aget_token() for _ in range(16)))
    assert issuer.calls == 2
    assert seen == ["token-2"] * 16


async def test_an_async_token_is_replaced_after_invalidation() -> None:
    issuer = GrantIssuer()
    source = AsyncRefreshingToken(issuer.afetch, clock=FakeClock())
    rejected = await source.aget_token()
    assert source.invalidate(rejected) is True
    assert await source.aget_token() == "token-2"
    assert "token-" not in repr(source)


async def test_a_static_token_serves_the_async_transport_too() -> None:
    assert await StaticToken("callback-token").aget_token() == "callback-token"
