"""The retry policy: which failures are retried, and how long to wait."""

from __future__ import annotations

import email.utils

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sectra_client._constants import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER_DELAY, MAX_RETRY_DELAY
from sectra_client._retry import (
    backoff_delay,
    retry_after_delay,
    retry_delay,
    should_retry_exception,
    should_retry_status,
)

NOW = 1_700_000_000.0


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "get"])
@pytest.mark.parametrize("status", [408, 429, 502, 503, 504])
def test_idempotent_requests_are_retried_on_transient_statuses(method: str, status: int) -> None:
    assert should_retry_status(method, status)


@pytest.mark.parametrize("status", [200, 400, 401, 403, 404, 409, 422, 500, 501])
def test_other_statuses_are_not_retried(status: int) -> None:
    assert not should_retry_status("GET", status)


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_post_is_never_retried_on_a_status(status: int) -> None:
    assert not should_retry_status("POST", status)


NOT_SENT = [
    httpx.ConnectError("refused"),
    httpx.ConnectTimeout("connect timed out"),
    httpx.PoolTimeout("no free connection"),
]
MAYBE_SENT = [
    httpx.ReadTimeout("read timed out"),
    httpx.WriteTimeout("write timed out"),
    httpx.ReadError("reset"),
    httpx.WriteError("broken pipe"),
    httpx.RemoteProtocolError("server disconnected"),
]


@pytest.mark.parametrize("exc", NOT_SENT, ids=lambda exc: type(exc).__name__)
def test_post_is_retried_when_the_request_was_never_sent(exc: Exception) -> None:
    assert should_retry_exception("POST", exc)


@pytest.mark.parametrize("exc", MAYBE_SENT, ids=lambda exc: type(exc).__name__)
def test_post_is_not_retried_when_the_server_may_have_received_it(exc: Exception) -> None:
    assert not should_retry_exception("POST", exc)


@pytest.mark.parametrize("exc", NOT_SENT + MAYBE_SENT, ids=lambda exc: type(exc).__name__)
def test_get_is_retried_on_connection_errors_and_timeouts(exc: Exception) -> None:
    assert should_retry_exception("GET", exc)


@pytest.mark.parametrize(
    "exc",
    [
        httpx.LocalProtocolError("bad header"),
        httpx.UnsupportedProtocol("ftp"),
        httpx.DecodingError("gzip"),
    ],
    ids=lambda exc: type(exc).__name__,
)
def test_errors_that_would_repeat_are_not_retried(exc: Exception) -> None:
    assert not should_retry_exception("GET", exc)


def test_retry_after_ms_is_read_first() -> None:
    headers = httpx.Headers({"Retry-After-Ms": "250", "Retry-After": "7"})
    assert retry_after_delay(headers, now=NOW) == 0.25


def test_retry_after_in_seconds() -> None:
    assert retry_after_delay(httpx.Headers({"Retry-After": "3"}), now=NOW) == 3.0


def test_retry_after_as_an_http_date() -> None:
    in_five_seconds = email.utils.formatdate(NOW + 5, usegmt=True)
    assert retry_after_delay(httpx.Headers({"Retry-After": in_five_seconds}), now=NOW) == 5.0


def test_retry_after_a_date_in_the_past_means_now() -> None:
    long_ago = email.utils.formatdate(NOW - 3600, usegmt=True)
    assert retry_after_delay(httpx.Headers({"Retry-After": long_ago}), now=NOW) == 0.0


def test_retry_after_is_capped() -> None:
    delay = retry_after_delay(httpx.Headers({"Retry-After": "86400"}), now=NOW)
    assert delay == MAX_RETRY_AFTER_DELAY


@pytest.mark.parametrize("value", ["", "soon", "-1", "nan", "inf", "1e999", "Fri, 99 Foo 2024"])
def test_unusable_retry_after_values_are_ignored(value: str) -> None:
    assert retry_after_delay(httpx.Headers({"Retry-After": value}), now=NOW) is None


def test_a_bad_retry_after_ms_falls_back_to_retry_after() -> None:
    headers = httpx.Headers({"Retry-After-Ms": "later", "Retry-After": "2"})
    assert retry_after_delay(headers, now=NOW) == 2.0


@settings(max_examples=300, deadline=None)
@given(retry_after=st.one_of(st.none(), st.text()), retry_after_ms=st.one_of(st.none(), st.text()))
def test_any_retry_after_value_gives_a_bounded_delay_or_none(
    retry_after: str | None, retry_after_ms: str | None
) -> None:
    headers = {
        name: value
        for name, value in (("retry-after", retry_after), ("retry-after-ms", retry_after_ms))
        if value is not None
    }
    delay = retry_after_delay(headers, now=NOW)
    assert delay is None or 0.0 <= delay <= MAX_RETRY_AFTER_DELAY


@settings(max_examples=200, deadline=None)
@given(seconds=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_any_numeric_retry_after_gives_a_bounded_delay_or_none(seconds: float) -> None:
    delay = retry_after_delay({"retry-after": repr(seconds)}, now=NOW)
    assert delay is None or 0.0 <= delay <= MAX_RETRY_AFTER_DELAY


@settings(max_examples=100, deadline=None)
@given(offset=st.integers(min_value=0, max_value=int(MAX_RETRY_AFTER_DELAY)))
def test_an_http_date_within_the_cap_is_honoured_to_the_second(offset: int) -> None:
    header = email.utils.formatdate(NOW + offset, usegmt=True)
    assert retry_after_delay({"retry-after": header}, now=NOW) == offset


def test_backoff_grows_exponentially_up_to_the_maximum() -> None:
    ceilings = [backoff_delay(attempt, random_source=lambda: 1.0) for attempt in range(8)]
    assert ceilings[:4] == [INITIAL_RETRY_DELAY * 2**attempt for attempt in range(4)]
    assert ceilings[-1] == MAX_RETRY_DELAY


@settings(max_examples=100, deadline=None)
@given(
    attempt=st.integers(min_value=0, max_value=10_000),
    draw=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
)
def test_backoff_has_full_jitter_within_its_ceiling(attempt: int, draw: float) -> None:
    delay = backoff_delay(attempt, random_source=lambda: draw)
    assert 0.0 <= delay < MAX_RETRY_DELAY
    assert delay <= INITIAL_RETRY_DELAY * 2.0 ** min(attempt, 64)


def test_retry_delay_prefers_the_servers_retry_after() -> None:
    headers = httpx.Headers({"Retry-After": "4"})
    assert retry_delay(0, headers, random_source=lambda: 0.5, now=NOW) == 4.0


def test_retry_delay_without_retry_after_is_backoff() -> None:
    assert (
        retry_delay(2, httpx.Headers(), random_source=lambda: 0.5) == 0.5 * INITIAL_RETRY_DELAY * 4
    )
