"""The garbage-collector pause while a big answer is parsed, and ``pause_gc_while_parsing``,
the client option that turns it off: watched from another thread over real HTTP answers.

The mock runs in its own process (``sectra mock``): in this one it would pause the collector
itself while it reads a big request body.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from mock_support import CliMock, cli_mock

from sectra_client import SectraClient
from sectra_client._parsing import GC_PAUSE_THRESHOLD
from sectra_client.schemas import (
    InputTemplate,
    Point,
    Polygon,
    PrimitiveItem,
    PrimitiveResultContent,
    Registration,
    Result,
    ResultData,
    ResultResponse,
    parse_invocation,
)
from sectra_client.webhook import SectraWebhook

if TYPE_CHECKING:
    from _client_fixtures import ClientFactory

pytest_plugins = ["_client_fixtures"]
pytestmark = pytest.mark.usefixtures("collector_enabled")

APP_ID = "gc-app"
SLIDE_ID = "slide-1"
POINTS = 30_000


@contextlib.contextmanager
def collector_watch() -> Iterator[collections.Counter[bool]]:
    """Samples ``gc.isenabled()`` from another thread while the block runs, the GIL handed over
    every 10 microseconds (``sys.setswitchinterval``); yields how often it saw each state."""
    seen: collections.Counter[bool] = collections.Counter()
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen[gc.isenabled()] += 1

    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield seen
    finally:
        stop.set()
        watcher.join(5)
        sys.setswitchinterval(switch_interval)


@pytest.fixture(scope="module")
def outside_mock() -> Iterator[CliMock]:
    with cli_mock() as mock:
        yield mock


def big_result() -> Result:
    """A result whose body, and the server's answer, are over the pause threshold."""
    points = [Point(x=index / POINTS, y=0.5 + index / 10 / POINTS) for index in range(POINTS)]
    content = PrimitiveResultContent(content=[PrimitiveItem(polygons=[Polygon(points=points)])])
    result = Result(
        slideId=SLIDE_ID,
        displayResult="many points",
        applicationVersion="1.0",
        data=ResultData(result=content),
    )
    assert len(result.model_dump_json()) >= GC_PAUSE_THRESHOLD
    return result


def watched(action: Callable[[], ResultResponse], times: int = 3) -> collections.Counter[bool]:
    """Run ``action`` ``times`` times; how often the collector was seen enabled and not."""
    with collector_watch() as seen:
        for _ in range(times):
            answer = action()
            assert answer.data is not None
            assert isinstance(answer.data.result, PrimitiveResultContent)
    return seen


def test_with_the_option_off_the_collector_stays_enabled_while_a_big_answer_is_parsed(
    make_client: ClientFactory, outside_mock: CliMock
) -> None:
    client = make_client(outside_mock.url, outside_mock.token, pause_gc_while_parsing=False)
    result_id = client.create_result(APP_ID, big_result()).id

    watch = watched(lambda: client.get_result(APP_ID, result_id))

    assert watch[True] > 0
    assert watch[False] == 0


def test_by_default_the_collector_is_paused_while_a_big_answer_is_parsed(
    outside_mock: CliMock,
) -> None:
    """What the watcher of the other tests sees when the collector is paused."""
    with SectraClient(outside_mock.url, outside_mock.token) as client:
        result_id = client.create_result(APP_ID, big_result()).id

        watch = watched(lambda: client.get_result(APP_ID, result_id))

    assert watch[False] > 0
    assert gc.isenabled()


def test_with_the_option_off_a_big_create_and_its_echo_leave_the_collector_enabled(
    outside_mock: CliMock,
) -> None:
    result = big_result()
    with SectraClient(outside_mock.url, outside_mock.token, pause_gc_while_parsing=False) as client:
        watch = watched(lambda: client.create_result(APP_ID, result), times=2)

    assert watch[True] > 0
    assert watch[False] == 0


def test_a_configured_copy_keeps_the_option(outside_mock: CliMock) -> None:
    with SectraClient(outside_mock.url, outside_mock.token, pause_gc_while_parsing=False) as client:
        result_id = client.create_result(APP_ID, big_result()).id
        copy = client.with_options(timeout=60.0)

        watch = watched(lambda: copy.get_result(APP_ID, result_id))

    assert watch[False] == 0


def test_the_webhook_callback_clients_take_the_option(outside_mock: CliMock) -> None:
    registration = Registration(
        applicationId=APP_ID,
        displayName="Many points",
        manufacturer="Example Lab",
        url="https://apps.example.org/sectra",
        inputTemplate=InputTemplate(type="wholeSlide"),
    )
    webhook = SectraWebhook(
        registration, app_version="1.0", client_options={"pause_gc_while_parsing": False}
    )
    callback: dict[str, Any] = {"url": outside_mock.url, "token": outside_mock.token}
    invocation = parse_invocation(
        {
            "action": "create",
            "applicationId": APP_ID,
            "slideId": SLIDE_ID,
            "callbackInfo": callback,
            "input": {"type": "wholeSlide"},
        }
    )

    with webhook.client_for(invocation) as client:
        result_id = client.create_result(APP_ID, big_result()).id
        watch = watched(lambda: client.get_result(APP_ID, result_id))

    assert isinstance(client, SectraClient)
    assert watch[False] == 0
