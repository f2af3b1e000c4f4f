"""What the clients do when things go wrong: error classes, retries, timeouts, unsafe URLs.

Server misbehaviour comes from the mock's fault injection, or from the scripted server where a
reply must be shaped by hand. Each test runs with the sync and the async client.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import httpx
import pytest
from _scripted_server import Reply, ScriptedServer

from sectra_client import (
    AsyncSectraClient,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InsecureURLError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    SectraClient,
    SectraConnectionError,
    SectraRequestError,
    SectraTimeoutError,
    ServerError,
    UnprocessableEntityError,
)
from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import (
    Point,
    Polygon,
    PrimitiveItem,
    PrimitiveResultContent,
    Result,
    ResultData,
)

if TYPE_CHECKING:
    from _client_fixtures import ClientFactory

pytest_plugins = ["_client_fixtures"]

RESULT = Result(
    slideId="slide-1",
    displayResult="queued",
    applicationVersion="1.0.0",
    data=ResultData(
        result=PrimitiveResultContent(
            content=[
                PrimitiveItem(
                    polygons=[Polygon(points=[Point(x=0, y=0), Point(x=1, y=0), Point(x=1, y=1)])]
                )
            ]
        )
    ),
)


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (416, SectraRequestError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
    ],
)
def test_each_status_raises_its_error_class(
    status: int,
    error_class: type[SectraRequestError],
    make_client: ClientFactory,
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.faults.fail("getSlideInfo", status, message="the server says no")
    client = make_client(sectra_mock.url, sectra_mock.token, max_retries=0)

    with pytest.raises(error_class) as raised:
        client.get_slide_info("slide-1")

    assert type(raised.value) is error_class
    assert (raised.value.status_code, raised.value.path) == (status, "/slides/slide-1/info")
    assert str(raised.value) == (
        f"GET /slides/slide-1/info failed with HTTP {status}: the server says no"
    )


def test_an_html_error_page_gives_a_readable_error(
    make_client: ClientFactory, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.faults.html_error("getApplication", 500)
    client = make_client(sectra_mock.url, sectra_mock.token)

    with pytest.raises(ServerError) as raised:
        client.get_application("my-app")

    assert raised.value.text.lstrip().startswith("<!DOCTYPE html>")
    assert str(raised.value).startswith("GET /applications/my-app failed with HTTP 500: <!DOCTYPE")
    assert len(str(raised.value)) < 300


def test_an_empty_error_body_gives_an_error_without_excerpt(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    scripted_server.script("/slides/s/info", Reply(404))
    client = make_client(scripted_server.base_url, "token")

    with pytest.raises(NotFoundError, match=r"^GET /slides/s/info failed with HTTP 404$"):
        client.get_slide_info("s")


def test_a_body_that_does_not_match_the_schema_raises_a_connection_error(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    scripted_server.script("/slides/s/info", Reply.json({"id": "s", "isStreamable": "maybe"}))
    client = make_client(scripted_server.base_url, "token")

    with pytest.raises(SectraConnectionError, match="not a valid ImageInfo: isStreamable"):
        client.get_slide_info("s")


def test_a_get_succeeds_after_two_503s_with_retry_after_zero(
    make_client: ClientFactory, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.faults.fail("getSlideInfo", 503, times=2, retry_after=0)
    client = make_client(sectra_mock.url, sectra_mock.token, max_retries=2)

    info = client.get_slide_info("slide-1")

    assert info.id == "slide-1"
    assert [r.status for r in sectra_mock.requests] == [503, 503, 200]


def test_a_post_answered_503_is_sent_exactly_once(
    make_client: ClientFactory, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.faults.fail("createResult", 503, retry_after=0)
    client = make_client(sectra_mock.url, sectra_mock.token, max_retries=2)

    with pytest.raises(ServerError):
        client.create_result("my-app", RESULT)

    assert [r.operation_id for r in sectra_mock.requests] == ["createResult"]


def test_a_put_answered_503_is_retried(
    make_client: ClientFactory, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result("my-app", RESULT)
    sectra_mock.faults.fail("updateResult", 503, retry_after=0)
    client = make_client(sectra_mock.url, sectra_mock.token)

    updated = client.update_result("my-app", stored)

    assert [r.status for r in sectra_mock.requests] == [503, 200]
    assert updated.versionId != stored.versionId


def test_a_stalled_server_raises_a_timeout_error_within_bounds(
    make_client: ClientFactory, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.faults.add_latency("getSlideInfo", 2.0)
    client = make_client(sectra_mock.url, sectra_mock.token, timeout=0.3, max_retries=1)

    started = time.monotonic()
    with pytest.raises(SectraTimeoutError, match=r"GET /slides/slide-1/info failed after 2"):
        client.get_slide_info("slide-1")
    elapsed = time.monotonic() - started

    # Two attempts of 0.3 s and at most 0.5 s of backoff between them.
    assert 0.6 <= elapsed < 1.8


def test_an_httpx_timeout_object_is_accepted(
    make_client: ClientFactory, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.faults.add_latency("getSlideInfo", 2.0)
    client = make_client(
        sectra_mock.url, sectra_mock.token, timeout=httpx.Timeout(5.0, read=0.2), max_retries=0
    )

    with pytest.raises(SectraTimeoutError):
        client.get_slide_info("slide-1")


def test_a_timeout_without_a_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="timeout"):
        SectraClient("https://pacs.example/api", "token", timeout=httpx.Timeout(None))


def test_nothing_is_sent_at_construction(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    make_client(scripted_server.base_url, "token")

    assert scripted_server.requests == []


def test_an_injected_http_client_is_used_and_not_closed(sectra_mock: MockSectraServer) -> None:
    with httpx.Client() as http_client:
        with SectraClient(sectra_mock.url, sectra_mock.token, http_client=http_client) as client:
            client.get_slide_info("slide-1")

        assert not http_client.is_closed
        assert http_client.get(sectra_mock.url + "/info").status_code == 401


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/api",
        "http://localhost/api",
        "http://[::1]:9/api",
        "https://pacs.example/SectraPathologyServer/external/imageanalysis/v1",
    ],
)
def test_https_and_plain_http_to_loopback_are_accepted(url: str) -> None:
    with SectraClient(url, "token") as client:
        assert client.base_url.startswith(url.split(":", 1)[0] + "://")


def test_plain_http_to_another_host_is_refused_naming_the_way_out() -> None:
    with pytest.raises(InsecureURLError, match="allow_insecure_http=True"):
        SectraClient("http://pacs.hospital.example/api", "token")


def test_plain_http_to_another_host_can_be_allowed_and_stays_http() -> None:
    with SectraClient(
        "http://pacs.hospital.example/api", "token", allow_insecure_http=True
    ) as client:
        assert client.base_url == "http://pacs.hospital.example/api/"


@pytest.mark.parametrize("url", ["ftp://pacs.example/api", "pacs.example/api", "https:///api"])
def test_urls_that_are_not_http_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="URL"):
        SectraClient(url, "token")


def test_a_server_that_ignores_range_still_yields_the_range(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    scripted_server.script("/applications/app/results/1/attachments", Reply(200, b"0123456789"))
    client = make_client(scripted_server.base_url, "token")

    part = client.get_result_attachment("app", 1, "a.bin", start=3, end=5)

    assert part == b"345"
    assert scripted_server.requests[0].headers["Range"] == "bytes=3-5"


def test_an_answer_for_another_range_is_refused(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    scripted_server.script(
        "/applications/app/results/1/attachments",
        Reply(206, b"01", {"Content-Range": "bytes 0-1/10"}),
    )
    client = make_client(scripted_server.base_url, "token")

    with pytest.raises(SectraConnectionError, match="another byte range"):
        client.get_result_attachment("app", 1, "a.bin", start=3, end=4)


@pytest.mark.parametrize(("start", "end"), [(None, 5), (-1, None), (5, 4)])
def test_an_impossible_range_is_refused_before_sending(
    start: int | None, end: int | None, make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    client = make_client(scripted_server.base_url, "token")

    with pytest.raises(ValueError, match="start"):
        client.get_result_attachment("app", 1, "a.bin", start=start, end=end)

    assert scripted_server.requests == []


async def test_an_injected_async_http_client_is_not_closed(sectra_mock: MockSectraServer) -> None:
    async with httpx.AsyncClient() as http_client:
        async with AsyncSectraClient(
            sectra_mock.url, sectra_mock.token, http_client=http_client
        ) as client:
            await client.get_slide_info("slide-1")

        assert not http_client.is_closed
