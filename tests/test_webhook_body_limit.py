"""The webhook's request-body limit, over real HTTP: a body declared too large is refused
before it is sent, a chunked one the moment it passes the limit, and neither is held in
memory; bodies within the limit are handled as usual."""

from __future__ import annotations

import socket
import threading
import tracemalloc
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from sectra_client.schemas import InputTemplate, Registration
from sectra_client.webhook import SectraWebhook, WebhookServer
from sectra_client.webhook._request_body import DEFAULT_MAX_BODY_BYTES

APP_VERSION = "3.1.4"
MIB = 1 << 20


def registration() -> Registration:
    return Registration(
        applicationId="limited-app",
        displayName="Limited",
        manufacturer="Example Lab",
        url="https://apps.example.org/sectra",
        inputTemplate=InputTemplate(type="wholeSlide"),
    )


def serve(max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> WebhookServer:
    webhook = SectraWebhook(registration(), app_version=APP_VERSION, max_body_bytes=max_body_bytes)
    return webhook.serve("/sectra")


def connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname or "", parts.port or 80), timeout=10)


def read_head(connection: socket.socket) -> tuple[int, dict[str, str]]:
    """The status and headers of the answer (the body, a few bytes, is left unread)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        assert chunk, "the connection closed before an answer"
        data += chunk
    status_line, *lines = data.split(b"\r\n\r\n", 1)[0].decode().split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    return int(status_line.split()[1]), {name.lower(): value for name, value in headers.items()}


def read_until_closed(connection: socket.socket) -> None:
    while connection.recv(65536):
        pass


def test_a_body_declared_larger_than_the_default_limit_is_refused_before_it_is_sent() -> None:
    with serve() as server, connect(server.url) as connection:
        connection.sendall(
            b"POST /sectra HTTP/1.1\r\nHost: app\r\nContent-Type: application/json\r\n"
            b"Content-Length: 200000000\r\n\r\n"
        )

        status, headers = read_head(connection)
        read_until_closed(connection)  # the app does not wait for the body: it hangs up

    assert status == 413
    assert headers["connection"] == "close"
    assert headers["x-sectra-softwareversion"] == APP_VERSION


def test_a_chunked_body_is_refused_at_the_limit_without_being_held_in_memory() -> None:
    sent = 0
    answered = threading.Event()

    def send_64_mib(connection: socket.socket) -> None:
        nonlocal sent
        piece = b"%x\r\n%s\r\n" % (MIB, b"x" * MIB)
        try:
            for _ in range(64):
                if answered.is_set():
                    return
                connection.sendall(piece)
                sent += MIB
        except OSError:
            return  # the app hung up

    with serve(max_body_bytes=MIB) as server, connect(server.url) as connection:
        connection.sendall(
            b"POST /sectra HTTP/1.1\r\nHost: app\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        tracemalloc.start()
        try:
            sender = threading.Thread(target=send_64_mib, args=(connection,))
            sender.start()
            status, _ = read_head(connection)
            answered.set()
            sender.join(timeout=30)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

    assert status == 413
    assert peak < 16 * MIB
    assert sent < 64 * MIB


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_not(chunked: bool) -> None:
    body = b'{"action": "create", "padding": "' + b"x" * 1000 + b'"}'

    def content(data: bytes) -> bytes | Iterator[bytes]:
        return iter([data[:500], data[500:]]) if chunked else data

    with serve(max_body_bytes=len(body)) as server:
        at_limit = httpx.post(server.url, content=content(body))
        over = httpx.post(server.url, content=content(body + b" "))

    assert at_limit.status_code == 422  # read, parsed, and found not to be an invocation
    assert over.status_code == 413
    assert over.json() == {
        "detail": f"the request body is larger than this app accepts ({len(body)} bytes)"
    }


def test_image_notifications_have_the_same_limit() -> None:
    with serve(max_body_bytes=100) as server:
        reply = httpx.post(f"{server.url}/imagenotification", content=b"{" + b" " * 100 + b"}")

    assert reply.status_code == 413
    assert reply.headers["x-sectra-apiversion"] == "1.10"


def test_a_limit_below_one_byte_is_refused() -> None:
    with pytest.raises(ValueError, match="max_body_bytes"):
        SectraWebhook(registration(), app_version=APP_VERSION, max_body_bytes=0)
