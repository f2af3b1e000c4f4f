"""Programmable faults: latency, error statuses, cut connections, truncated bodies, HTML pages."""

from __future__ import annotations

import email
import email.policy
import time

import httpx
import pytest
from mock_support import api

from sectra_client.mock_server import GeneratedFile, MockSectraServer


def test_latency_delays_matching_requests_only(sectra_mock: MockSectraServer) -> None:
    sectra_mock.faults.add_latency("getServerInfo", 0.3)
    with api(sectra_mock) as http:
        started = time.monotonic()
        http.get("/slides/s/info")
        undelayed = time.monotonic() - started
        started = time.monotonic()
        assert http.get("/info").status_code == 200
        delayed = time.monotonic() - started
    assert delayed >= 0.3 > undelayed


def test_a_status_fault_answers_the_next_n_calls_with_retry_after(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.faults.fail("getServerInfo", 503, times=2, retry_after=7)
    with api(sectra_mock) as http:
        replies = [http.get("/info") for _ in range(3)]
    assert [reply.status_code for reply in replies] == [503, 503, 200]
    assert replies[0].headers["Retry-After"] == "7"
    assert replies[0].headers["X-Sectra-ApiVersion"] == "1.10"


def test_a_failed_call_does_not_run_the_operation(sectra_mock: MockSectraServer) -> None:
    sectra_mock.faults.fail("createResult", 502)
    with api(sectra_mock) as http:
        reply = http.post("/applications/my-app/results", json={})
    assert reply.status_code == 502
    assert sectra_mock.get_results("my-app", "slide-1") == []


def test_a_path_glob_targets_requests_by_path(sectra_mock: MockSectraServer) -> None:
    sectra_mock.faults.fail("/slides/bad-*/info", 500, times=None)
    with api(sectra_mock) as http:
        statuses = [
            http.get(f"/slides/{slide}/info").status_code for slide in ("bad-1", "ok", "bad-2")
        ]
    assert statuses == [500, 200, 500]


def test_an_html_error_page_is_served_as_text_html(sectra_mock: MockSectraServer) -> None:
    sectra_mock.faults.html_error("getSlideInfo", 502)
    with api(sectra_mock) as http:
        reply = http.get("/slides/s/info")
    assert reply.status_code == 502
    assert reply.headers["Content-Type"].startswith("text/html")
    assert reply.text.lstrip().startswith("<!DOCTYPE html>")


def test_a_dropped_connection_delivers_exactly_k_body_bytes(sectra_mock: MockSectraServer) -> None:
    generated = GeneratedFile("big.bin", 4 * 1024 * 1024)
    sectra_mock.add_slide_files("s", generated, form="octet-stream")
    sectra_mock.faults.drop_connection("getSlideFiles", after_bytes=1_500_000)
    received = bytearray()
    with pytest.raises(httpx.RemoteProtocolError):
        _stream_into(sectra_mock, "/slides/s/files", received)
    assert bytes(received) == generated.read(0, 1_500_000)
    with api(sectra_mock) as http:
        assert len(http.get("/slides/s/files").content) == generated.size


def test_a_connection_can_be_dropped_right_after_the_headers(sectra_mock: MockSectraServer) -> None:
    sectra_mock.faults.drop_connection("getServerInfo", after_bytes=0)
    with api(sectra_mock) as http, pytest.raises(httpx.RemoteProtocolError):
        http.get("/info")


def test_a_truncated_multipart_body_lacks_only_its_closing_boundary(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_slide_files("s", [GeneratedFile("a.bin", 100), GeneratedFile("b.bin", 50)])
    sectra_mock.faults.truncate_multipart()
    with api(sectra_mock) as http:
        truncated = http.get("/slides/s/files")
        whole = http.get("/slides/s/files")
    boundary = truncated.headers["Content-Type"].split("boundary=")[1]
    assert int(truncated.headers["Content-Length"]) == len(truncated.content)
    assert not truncated.content.rstrip().endswith(f"--{boundary}--".encode())
    assert whole.content.endswith(
        f"--{whole.headers['Content-Type'].split('boundary=')[1]}--\r\n".encode()
    )
    head = f"Content-Type: {truncated.headers['Content-Type']}\r\n\r\n".encode()
    message = email.message_from_bytes(head + truncated.content, policy=email.policy.HTTP)
    assert any("CloseBoundaryNotFound" in type(defect).__name__ for defect in message.defects)


def test_clear_removes_every_fault(sectra_mock: MockSectraServer) -> None:
    sectra_mock.faults.fail("getServerInfo", times=None)
    sectra_mock.faults.clear()
    with api(sectra_mock) as http:
        assert http.get("/info").status_code == 200


def test_nonsense_faults_are_refused(sectra_mock: MockSectraServer) -> None:
    with pytest.raises(ValueError, match="not an HTTP status"):
        sectra_mock.faults.fail("getServerInfo", 42)
    with pytest.raises(ValueError, match="latency cannot be negative"):
        sectra_mock.faults.add_latency("getServerInfo", -1)
    with pytest.raises(ValueError, match="times must be at least 1"):
        sectra_mock.faults.drop_connection("getServerInfo", times=0)


def _stream_into(server: MockSectraServer, path: str, received: bytearray) -> None:
    """Stream ``path`` into ``received`` until the body ends or the connection breaks."""
    with api(server) as http, http.stream("GET", path) as reply:
        assert reply.status_code == 200
        for chunk in reply.iter_raw():
            received += chunk
