"""The transport against a real (scripted, sometimes hostile) HTTP server on loopback."""

from __future__ import annotations

import base64
import logging
import threading
import time
from urllib.parse import quote

import httpx
import pytest
from _scripted_server import DropPoint, Reply, ScriptedServer, unused_port
from sectra_api.api.results.create_result import build_request

from sectra_client._auth import RefreshingToken, TokenGrant, TokenSource
from sectra_client._auth_async import AsyncRefreshingToken
from sectra_client._base_client import RequestOptions, RequestSpec, RetryNotice
from sectra_client._constants import LATEST_API_VERSION
from sectra_client._sender import SyncTransport
from sectra_client._sender_async import AsyncTransport
from sectra_client.errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InsecureURLError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    SectraConnectionError,
    SectraRequestError,
    SectraTimeoutError,
    ServerError,
    UnprocessableEntityError,
)

TOKEN = "callback-SECRET-token-1234"
ACCESSION = "ACC 77/1"
ACCESSION_PATH = f"/requests/{quote(ACCESSION, safe='')}/images/info"
RETRY_NOW = {"Retry-After": "0"}


def no_jitter() -> float:
    return 0.0


def transport_for(
    server: ScriptedServer,
    *,
    token: str | TokenSource | None = TOKEN,
    timeout: float = 5.0,
    max_retries: int = 2,
) -> SyncTransport:
    return SyncTransport(
        server.base_url,
        token=token,
        timeout=timeout,
        max_retries=max_retries,
        random_source=no_jitter,
    )


def async_transport_for(
    server: ScriptedServer, *, timeout: float = 5.0, max_retries: int = 2
) -> AsyncTransport:
    return AsyncTransport(
        server.base_url,
        token=TOKEN,
        timeout=timeout,
        max_retries=max_retries,
        random_source=no_jitter,
    )


def get(path: str, *, phi: tuple[str, ...] = ()) -> RequestSpec:
    return RequestSpec("GET", path, phi=phi)


def post_result() -> RequestSpec:
    return RequestSpec("POST", "/applications/app/results", json={"slideId": "s1"})


# Headers and auth


def test_version_headers_user_agent_and_bearer_token_are_sent(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/info", Reply.json({"apiVersion": "1.10"}))
    with SyncTransport(scripted_server.base_url, token=TOKEN, app_version="2.3.4") as transport:
        transport.request(get("/info"))
    headers = scripted_server.requests[0].headers
    assert headers["X-Sectra-ApiVersion"] == LATEST_API_VERSION
    assert headers["X-Sectra-SoftwareVersion"] == "2.3.4"
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["User-Agent"].startswith("sectra-client/")


def test_the_declared_api_version_is_the_apps_not_the_newest(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/info", Reply.json({}))
    with SyncTransport(scripted_server.base_url, api_version="1.5") as transport:
        transport.request(get("/info"))
        assert transport.version_headers["X-Sectra-ApiVersion"] == "1.5"
    assert scripted_server.requests[0].headers["X-Sectra-ApiVersion"] == "1.5"


def test_no_token_means_no_authorization_header(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/info", Reply.json({}))
    with transport_for(scripted_server, token=None) as transport:
        transport.request(get("/info"))
    assert "Authorization" not in scripted_server.requests[0].headers


def test_nothing_is_sent_when_a_transport_is_created(scripted_server: ScriptedServer) -> None:
    SyncTransport(scripted_server.base_url, token=TOKEN).close()
    assert scripted_server.requests == []


def test_encoded_path_segments_and_boolean_parameters_arrive_as_sent(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/slides/a%2Fb%20c/info", Reply.json({}))
    spec = RequestSpec("GET", "/slides/a%2Fb%20c/info", params={"includePHI": True})
    with transport_for(scripted_server) as transport:
        transport.request(spec)
    assert scripted_server.requests[0].path == "/slides/a%2Fb%20c/info?includePHI=true"


def test_a_base_url_path_is_kept(scripted_server: ScriptedServer) -> None:
    base_path = "/SectraPathologyServer/external/imageanalysis/v1"
    scripted_server.script(base_path + "/info", Reply.json({}))
    with SyncTransport(scripted_server.base_url + base_path) as transport:
        transport.request(get("/info"))
    assert scripted_server.requests[0].bare_path == base_path + "/info"


# Retries


def test_a_get_succeeds_after_two_503s_with_retry_after_zero(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script(
        "/info", Reply(503, headers=RETRY_NOW), Reply(503, headers=RETRY_NOW), Reply.json({"ok": 1})
    )
    with transport_for(scripted_server) as transport:
        response = transport.request(get("/info"))
    assert response.json() == {"ok": 1}
    assert len(scripted_server.requests_to("/info")) == 3


def test_a_get_gives_up_after_max_retries_with_a_server_error(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/info", Reply(503, headers=RETRY_NOW))
    with transport_for(scripted_server, max_retries=2) as transport, pytest.raises(ServerError):
        transport.request(get("/info"))
    assert len(scripted_server.requests_to("/info")) == 3


def test_max_retries_zero_sends_once(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/info", Reply(503, headers=RETRY_NOW))
    with transport_for(scripted_server, max_retries=0) as transport, pytest.raises(ServerError):
        transport.request(get("/info"))
    assert len(scripted_server.requests_to("/info")) == 1


def test_a_429_retry_after_is_waited_for(
    scripted_server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="sectra_client")
    scripted_server.script(
        "/info", Reply(429, headers={"Retry-After-Ms": "200"}), Reply.json({"ok": 1})
    )
    with transport_for(scripted_server) as transport:
        started = time.monotonic()
        transport.request(get("/info"))
        waited = time.monotonic() - started
    assert waited >= 0.2
    retries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Retrying")]
    assert retries == ["Retrying GET /info in 0.20 s (retry 1/2): HTTP 429"]
    notices = [r.sectra_retry for r in caplog.records if hasattr(r, "sectra_retry")]
    assert notices == [RetryNotice("GET", "/info", "HTTP 429", 0.2, attempt=2, attempts=3)]


def test_a_put_is_retried_like_a_get(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/slides/s1/qualityControl", Reply(502), Reply(200))
    spec = RequestSpec("PUT", "/slides/s1/qualityControl", json={"status": "ok"})
    with transport_for(scripted_server) as transport:
        transport.request(spec)
    seen = scripted_server.requests_to("/slides/s1/qualityControl")
    assert [request.body for request in seen] == [b'{"status":"ok"}'] * 2


def test_a_post_answered_503_is_sent_exactly_once(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/applications/app/results", Reply(503, headers=RETRY_NOW))
    with transport_for(scripted_server) as transport, pytest.raises(ServerError):
        transport.request(post_result())
    assert len(scripted_server.requests) == 1


def test_a_post_to_a_port_where_nothing_listens_is_retried_as_never_sent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="sectra_client")
    url = f"http://127.0.0.1:{unused_port()}"
    transport = SyncTransport(url, token=TOKEN, max_retries=2, random_source=no_jitter)
    with transport, pytest.raises(SectraConnectionError) as raised:
        transport.request(post_result())
    assert not isinstance(raised.value, SectraTimeoutError)
    assert "after 3 attempts" in str(raised.value)
    assert "may have received" not in str(raised.value)
    assert sum(r.getMessage().startswith("Retrying POST") for r in caplog.records) == 2


def test_a_post_that_times_out_waiting_for_the_answer_is_not_retried(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/applications/app/results", Reply(201, delay=5.0))
    with (
        transport_for(scripted_server, timeout=0.3) as transport,
        pytest.raises(SectraTimeoutError) as raised,
    ):
        transport.request(post_result())
    assert len(scripted_server.requests) == 1
    assert "may have received the request" in str(raised.value)


def test_a_post_whose_answer_breaks_off_is_not_retried(scripted_server: ScriptedServer) -> None:
    scripted_server.script(
        "/applications/app/results", Reply(201, b'{"id": "r1"}', drop="mid_body")
    )
    with transport_for(scripted_server) as transport, pytest.raises(SectraConnectionError):
        transport.request(post_result())
    assert len(scripted_server.requests) == 1


def test_a_get_that_times_out_is_retried_then_raises_a_timeout_error(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/info", Reply(200, delay=5.0))
    with (
        transport_for(scripted_server, timeout=0.3) as transport,
        pytest.raises(SectraTimeoutError),
    ):
        transport.request(get("/info"))
    assert len(scripted_server.requests_to("/info")) == 3


@pytest.mark.parametrize("drop", ["before_headers", "after_headers", "mid_body"])
def test_a_get_whose_connection_drops_is_retried(
    scripted_server: ScriptedServer, drop: DropPoint
) -> None:
    body = b"x" * 10_000
    scripted_server.script("/slides/s1/label", Reply(200, body, drop=drop), Reply(200, body))
    with transport_for(scripted_server) as transport:
        assert transport.request(get("/slides/s1/label")).content == body
    assert len(scripted_server.requests) == 2


def test_a_stalled_server_raises_a_timeout_error_without_hanging(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/info", Reply(200, delay=30.0))
    with transport_for(scripted_server, timeout=0.3, max_retries=0) as transport:
        started = time.monotonic()
        with pytest.raises(SectraTimeoutError, match=r"GET /info failed after 1 attempt"):
            transport.request(get("/info"))
    assert time.monotonic() - started < 5.0


def test_an_injected_client_without_timeouts_still_times_out(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/info", Reply(200, delay=30.0))
    with httpx.Client(timeout=None) as client:
        transport = SyncTransport(
            scripted_server.base_url, timeout=0.3, max_retries=0, http_client=client
        )
        with pytest.raises(SectraTimeoutError):
            transport.request(get("/info"))
        transport.close()
        assert not client.is_closed


def test_a_trailing_byte_stall_in_the_body_times_out(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/info", Reply(200, b"0123456789", body_delay=30.0))
    with (
        transport_for(scripted_server, timeout=0.3, max_retries=0) as transport,
        pytest.raises(SectraTimeoutError),
    ):
        transport.request(get("/info"))


# Error mapping


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (418, SectraRequestError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (302, SectraRequestError),
    ],
)
def test_each_status_raises_its_error_class(
    scripted_server: ScriptedServer, status: int, error_class: type[SectraRequestError]
) -> None:
    scripted_server.script("/info", Reply(status, b"nope"))
    with (
        transport_for(scripted_server, max_retries=0) as transport,
        pytest.raises(SectraRequestError) as raised,
    ):
        transport.request(get("/info"))
    assert type(raised.value) is error_class
    assert raised.value.status_code == status


def test_an_html_error_page_gives_a_readable_message(scripted_server: ScriptedServer) -> None:
    page = "<html><body><h1>Service Unavailable</h1>\n<p>IIS says no</p></body></html>"
    scripted_server.script("/slides/s1/info", Reply.html(500, page))
    with transport_for(scripted_server) as transport, pytest.raises(ServerError) as raised:
        transport.request(get("/slides/s1/info"))
    message = str(raised.value)
    assert message.startswith("GET /slides/s1/info failed with HTTP 500: <html>")
    assert "IIS says no" in message
    assert raised.value.text == page


def test_an_empty_error_body_gives_a_message_without_excerpt(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/slides/s1/info", Reply(404))
    with transport_for(scripted_server) as transport, pytest.raises(NotFoundError) as raised:
        transport.request(get("/slides/s1/info"))
    assert str(raised.value) == "GET /slides/s1/info failed with HTTP 404"


def test_an_undecodable_error_body_does_not_raise_a_decode_error(
    scripted_server: ScriptedServer,
) -> None:
    body = b"\xff\xfe\x00<html>\x80\x81"
    scripted_server.script("/info", Reply(400, body, {"Content-Type": "text/html; charset=bogus"}))
    with transport_for(scripted_server) as transport, pytest.raises(BadRequestError) as raised:
        transport.request(get("/info"))
    assert "<html>" in raised.value.text


def test_an_echoed_token_is_scrubbed_from_the_error(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/info", Reply(401, f"invalid token {TOKEN}".encode()))
    with transport_for(scripted_server) as transport, pytest.raises(AuthenticationError) as raised:
        transport.request(get("/info"))
    assert TOKEN not in str(raised.value)
    assert TOKEN not in raised.value.text
    assert "<redacted>" in raised.value.text


def test_an_accession_number_is_redacted_from_errors(scripted_server: ScriptedServer) -> None:
    scripted_server.script(ACCESSION_PATH, Reply(404, f"no request {ACCESSION}".encode()))
    spec = RequestSpec(
        "GET", ACCESSION_PATH, params={"accessionNumberIssuer": "HOSP"}, phi=(ACCESSION,)
    )
    with transport_for(scripted_server) as transport, pytest.raises(NotFoundError) as raised:
        transport.request(spec)
    assert raised.value.path == "/requests/<redacted>/images/info"
    assert "ACC" not in str(raised.value)
    assert "HOSP" not in str(raised.value)


def test_connection_errors_name_the_request_the_server_and_chain_the_cause() -> None:
    port = unused_port()
    url = f"http://127.0.0.1:{port}"
    spec = RequestSpec("GET", ACCESSION_PATH, phi=(ACCESSION,))
    with (
        SyncTransport(url, token=TOKEN, max_retries=0) as transport,
        pytest.raises(SectraConnectionError) as raised,
    ):
        transport.request(spec)
    message = str(raised.value)
    assert message.startswith(
        f"GET /requests/<redacted>/images/info failed after 1 attempt (server 127.0.0.1:{port}): "
        "ConnectError"
    )
    assert TOKEN not in message
    assert isinstance(raised.value.__cause__, httpx.ConnectError)


# Token refresh


def test_a_401_with_a_static_token_is_not_retried(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/info", Reply(401))
    with transport_for(scripted_server) as transport, pytest.raises(AuthenticationError):
        transport.request(get("/info"))
    assert len(scripted_server.requests) == 1


def numbered_grants() -> RefreshingToken:
    issued: list[str] = []

    def fetch() -> TokenGrant:
        issued.append(f"token-{len(issued) + 1}")
        return TokenGrant(issued[-1], 3600.0)

    return RefreshingToken(fetch)


def test_a_401_refreshes_the_token_and_retries_once(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/info", Reply(401), Reply.json({"ok": 1}))
    with transport_for(scripted_server, token=numbered_grants()) as transport:
        assert transport.request(get("/info")).json() == {"ok": 1}
    sent = [request.headers["Authorization"] for request in scripted_server.requests]
    assert sent == ["Bearer token-1", "Bearer token-2"]


def test_a_second_401_after_a_refresh_is_raised(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/info", Reply(401))
    with (
        transport_for(scripted_server, token=numbered_grants()) as transport,
        pytest.raises(AuthenticationError),
    ):
        transport.request(get("/info"))
    assert len(scripted_server.requests) == 2


def test_a_post_rejected_with_401_is_resent_with_a_fresh_token(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/applications/app/results", Reply(401), Reply.json({"id": "r"}, 201))
    with transport_for(scripted_server, token=numbered_grants()) as transport:
        assert transport.request(post_result()).status_code == 201
    assert len(scripted_server.requests) == 2


def test_concurrent_requests_share_one_client_credentials_token(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script(
        "/token",
        Reply(
            200,
            b'{"access_token": "fresh-token", "token_type": "Bearer", "expires_in": 3600}',
            {"Content-Type": "application/json"},
            delay=0.2,
        ),
    )
    scripted_server.script("/info", Reply.json({"ok": 1}))
    token_request = RequestSpec(
        "POST",
        "/token",
        params={"applicationId": "app"},
        data={"grant_type": "client_credentials"},
        basic_auth=("svc-user", "pass-WORD"),
    )

    def fetch() -> TokenGrant:
        answer = transport.request(token_request).json()
        return TokenGrant(answer["access_token"], float(answer["expires_in"]))

    transport = transport_for(scripted_server, token=RefreshingToken(fetch))
    start = threading.Barrier(16)

    def call() -> None:
        start.wait()
        transport.request(get("/info"))

    threads = [threading.Thread(target=call) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    transport.close()

    token_calls = scripted_server.requests_to("/token")
    assert len(token_calls) == 1
    expected_basic = base64.b64encode(b"svc-user:pass-WORD").decode()
    assert token_calls[0].headers["Authorization"] == f"Basic {expected_basic}"
    assert token_calls[0].body == b"grant_type=client_credentials"
    assert token_calls[0].path == "/token?applicationId=app"
    info_calls = scripted_server.requests_to("/info")
    assert [call.headers["Authorization"] for call in info_calls] == ["Bearer fresh-token"] * 16


def test_a_failed_token_request_hides_the_password(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/token", Reply(401, b"bad credentials for svc-user:pass-WORD"))
    spec = RequestSpec("POST", "/token", basic_auth=("svc-user", "pass-WORD"))
    with transport_for(scripted_server) as transport, pytest.raises(AuthenticationError) as raised:
        transport.request(spec)
    assert "pass-WORD" not in str(raised.value)
    assert "basic_auth" not in repr(spec)
    assert "pass-WORD" not in repr(spec)


# Streaming


def test_a_stream_yields_the_whole_body(scripted_server: ScriptedServer) -> None:
    body = bytes(range(256)) * 4096
    scripted_server.script("/slides/s1/files", Reply(200, body))
    with (
        transport_for(scripted_server) as transport,
        transport.stream(get("/slides/s1/files")) as response,
    ):
        received = b"".join(response.iter_bytes())
    assert received == body


def test_a_stream_is_retried_when_the_connection_drops_before_the_body(
    scripted_server: ScriptedServer,
) -> None:
    body = b"slide-bytes" * 1000
    scripted_server.script(
        "/slides/s1/files", Reply(200, body, drop="after_headers"), Reply(200, body)
    )
    with (
        transport_for(scripted_server) as transport,
        transport.stream(get("/slides/s1/files")) as response,
    ):
        received = b"".join(response.iter_raw())
    assert received == body
    assert len(scripted_server.requests) == 2


def test_a_stream_raises_a_status_error_before_yielding(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/slides/s1/files", Reply(404, b"no such slide"))
    entered = False
    with (
        transport_for(scripted_server) as transport,
        pytest.raises(NotFoundError),
        transport.stream(get("/slides/s1/files")),
    ):
        entered = True
    assert not entered


def test_a_stream_that_breaks_mid_body_raises_and_is_not_retried(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/slides/s1/files", Reply(200, b"x" * 100_000, drop="mid_body"))
    with (
        transport_for(scripted_server) as transport,
        transport.stream(get("/slides/s1/files")) as response,
        pytest.raises(SectraConnectionError, match="body broke off"),
    ):
        for _ in response.iter_bytes():
            pass
    assert len(scripted_server.requests) == 1


def test_an_empty_streamed_body_is_fine(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/slides/s1/label", Reply(204))
    with (
        transport_for(scripted_server) as transport,
        transport.stream(get("/slides/s1/label")) as response,
    ):
        assert response.status_code == 204
        assert response.read() == b""


# Logging, reprs and URLs


def test_logs_show_requests_without_token_phi_or_query(
    scripted_server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    scripted_server.script(ACCESSION_PATH, Reply(503, headers=RETRY_NOW), Reply.json([]))
    spec = RequestSpec(
        "GET", ACCESSION_PATH, params={"accessionNumberIssuer": "HOSP-9"}, phi=(ACCESSION,)
    )
    with transport_for(scripted_server) as transport:
        transport.request(spec)
    ours = [r.getMessage() for r in caplog.records if r.name == "sectra_client"]
    assert "GET /requests/<redacted>/images/info -> HTTP 503 in" in ours[0]
    assert ours[0].endswith(" ms")
    assert (
        ours[1] == "Retrying GET /requests/<redacted>/images/info in 0.00 s (retry 1/2): HTTP 503"
    )
    everything = "\n".join(record.getMessage() for record in caplog.records)
    for leaked in (TOKEN, "ACC", quote(ACCESSION, safe=""), "HOSP-9", "accessionNumberIssuer"):
        assert leaked not in everything


def test_httpx_request_log_lines_show_the_display_path(
    scripted_server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    scripted_server.script(ACCESSION_PATH, Reply.json([]))
    with transport_for(scripted_server) as transport:
        transport.request(RequestSpec("GET", ACCESSION_PATH, phi=(ACCESSION,)))
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert lines == ['HTTP Request: GET /requests/<redacted>/images/info "HTTP/1.1 200 OK"']


def test_the_transport_repr_shows_the_host_only() -> None:
    base = "https://pacs.example/SectraPathologyServer/external/imageanalysis/v1"
    with SyncTransport(base, token=TOKEN) as transport:
        assert repr(transport) == "SyncTransport(host='pacs.example')"


def test_a_plain_http_url_to_another_host_is_refused() -> None:
    with pytest.raises(InsecureURLError):
        SyncTransport("http://pacs.example/api", token=TOKEN)


def test_a_plain_http_url_to_another_host_can_be_allowed() -> None:
    with SyncTransport("http://pacs.example/api", allow_insecure_http=True) as transport:
        assert transport.base_url == "http://pacs.example/api/"


def test_a_timeout_without_limits_is_refused() -> None:
    with pytest.raises(ValueError, match="timeout"):
        SyncTransport("https://pacs.example", timeout=httpx.Timeout(None))


# RequestSpec


def test_a_spec_is_built_from_a_generated_request_builder() -> None:
    parts = build_request("app/1")

    spec = RequestSpec.from_parts(parts, content=b'{"slideId": "s1"}')

    assert (spec.method, spec.path, spec.content) == (
        "POST",
        "/applications/app%2F1/results",
        b'{"slideId": "s1"}',
    )
    assert spec.headers == {"Content-Type": "application/json"}


def test_per_call_options_add_headers_and_replace_the_timeout() -> None:
    spec = RequestSpec("GET", "/info", headers={"Accept": "application/json"})

    configured = spec.with_options(RequestOptions(timeout=2.5, extra_headers={"X-Trace": "t1"}))

    assert configured.headers == {"Accept": "application/json", "X-Trace": "t1"}
    assert configured.timeout == 2.5
    assert spec.with_options(RequestOptions()) is spec


def test_extra_headers_may_not_set_the_credentials() -> None:
    with pytest.raises(ValueError, match="Authorization"):
        RequestOptions(extra_headers={"authorization": "Bearer other"})


@pytest.mark.parametrize(
    "path", ["slides/x", "//evil.example/x", "https://evil.example/x", "/slides/../info"]
)
def test_a_spec_refuses_paths_that_leave_the_base_url(path: str) -> None:
    with pytest.raises(ValueError, match="path"):
        RequestSpec("GET", path)


def test_a_spec_repr_hides_phi_and_query() -> None:
    spec = RequestSpec("GET", ACCESSION_PATH + "?includePHI=true", phi=(ACCESSION,))
    assert repr(spec) == "RequestSpec(GET /requests/<redacted>/images/info)"


# The async twin


async def test_async_get_succeeds_after_two_503s(scripted_server: ScriptedServer) -> None:
    scripted_server.script(
        "/info", Reply(503, headers=RETRY_NOW), Reply(503, headers=RETRY_NOW), Reply.json({"ok": 1})
    )
    async with async_transport_for(scripted_server) as transport:
        response = await transport.request(get("/info"))
    assert response.json() == {"ok": 1}
    assert len(scripted_server.requests) == 3
    assert scripted_server.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert scripted_server.requests[0].headers["X-Sectra-ApiVersion"] == LATEST_API_VERSION


async def test_async_post_answered_503_is_sent_once(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/applications/app/results", Reply(503, headers=RETRY_NOW))
    async with async_transport_for(scripted_server) as transport:
        with pytest.raises(ServerError):
            await transport.request(post_result())
    assert len(scripted_server.requests) == 1


async def test_async_stalled_server_raises_a_timeout_error(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/info", Reply(200, delay=30.0))
    async with async_transport_for(scripted_server, timeout=0.3, max_retries=0) as transport:
        started = time.monotonic()
        with pytest.raises(SectraTimeoutError):
            await transport.request(get("/info"))
    assert time.monotonic() - started < 5.0


async def test_async_401_refreshes_the_token_and_retries_once(
    scripted_server: ScriptedServer,
) -> None:
    issued: list[str] = []

    async def fetch() -> TokenGrant:
        issued.append(f"token-{len(issued) + 1}")
        return TokenGrant(issued[-1], 3600.0)

    scripted_server.script("/info", Reply(401), Reply.json({"ok": 1}))
    transport = AsyncTransport(scripted_server.base_url, token=AsyncRefreshingToken(fetch))
    async with transport:
        assert (await transport.request(get("/info"))).json() == {"ok": 1}
    sent = [request.headers["Authorization"] for request in scripted_server.requests]
    assert sent == ["Bearer token-1", "Bearer token-2"]


async def test_async_stream_is_retried_when_the_connection_drops_before_the_body(
    scripted_server: ScriptedServer,
) -> None:
    body = b"slide-bytes" * 1000
    scripted_server.script(
        "/slides/s1/files", Reply(200, body, drop="before_headers"), Reply(200, body)
    )
    async with (
        async_transport_for(scripted_server) as transport,
        transport.stream(get("/slides/s1/files")) as response,
    ):
        received = b"".join([chunk async for chunk in response.aiter_bytes()])
    assert received == body
    assert len(scripted_server.requests) == 2


async def test_async_stream_that_breaks_mid_body_raises(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/slides/s1/files", Reply(200, b"x" * 100_000, drop="mid_body"))
    async with (
        async_transport_for(scripted_server) as transport,
        transport.stream(get("/slides/s1/files")) as response,
    ):
        with pytest.raises(SectraConnectionError, match="body broke off"):
            async for _ in response.aiter_bytes():
                pass
    assert len(scripted_server.requests) == 1


async def test_async_errors_hide_token_and_accession_number(
    scripted_server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    scripted_server.script(ACCESSION_PATH, Reply(500, f"{ACCESSION} {TOKEN}".encode()))
    spec = RequestSpec("GET", ACCESSION_PATH, phi=(ACCESSION,))
    async with async_transport_for(scripted_server, max_retries=0) as transport:
        with pytest.raises(ServerError) as raised:
            await transport.request(spec)
    everything = str(raised.value) + "\n".join(r.getMessage() for r in caplog.records)
    assert TOKEN not in everything
    assert "ACC" not in everything
