"""Large socket reads: the transport's own clients ask the socket for 1 MiB per read (httpcore
asks for 64 KiB), and keep honouring proxies from the environment.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpcore
import httpx
import pytest
from _scripted_server import Reply, ScriptedServer, unused_port

from sectra_client import SectraClient
from sectra_client._base_client import RequestSpec
from sectra_client._sender import SyncTransport
from sectra_client._sender_async import AsyncTransport
from sectra_client._transports._large_reads import (
    SOCKET_READ_BYTES,
    AsyncLargeReadBackend,
    AsyncLargeReadTransport,
    LargeReadBackend,
    LargeReadTransport,
    async_large_read_transport,
    large_read_transport,
    proxy_applies,
)
from sectra_client.mock_server import GeneratedFile, MockSectraServer

pytest_plugins = ["_client_fixtures"]

HTTPCORE_READ_BYTES = 64 * 1024
BODY = bytes(range(256)) * (12 * 1024)  # 3 MiB
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def no_environment_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no proxy settings; it sets the ones it specifies."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


class _ReadSizeStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, sizes: list[int]):
        self._stream = stream
        self._sizes = sizes

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._sizes.append(max_bytes)
        return self._stream.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        raise NotImplementedError


class ReadSizeRecorder(httpcore.NetworkBackend):
    """httpcore's socket backend, recording how many bytes each read asks the socket for."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = httpcore.SyncBackend().connect_tcp(host, port, timeout, local_address)
        return _ReadSizeStream(stream, self.sizes)


class _AsyncReadSizeStream(httpcore.AsyncNetworkStream):
    def __init__(self, stream: httpcore.AsyncNetworkStream, sizes: list[int]):
        self._stream = stream
        self._sizes = sizes

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._sizes.append(max_bytes)
        return await self._stream.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise NotImplementedError


class AsyncReadSizeRecorder(httpcore.AsyncNetworkBackend):
    """The async twin of :class:`ReadSizeRecorder`."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await httpcore.AnyIOBackend().connect_tcp(host, port, timeout, local_address)
        return _AsyncReadSizeStream(stream, self.sizes)


def test_every_socket_read_asks_for_a_mebibyte_where_httpcore_asks_for_64_kib(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/body", Reply(200, BODY))
    recorder = ReadSizeRecorder()
    transport = LargeReadTransport(backend=LargeReadBackend(recorder))
    with httpx.Client(transport=transport) as client:
        body = client.get(scripted_server.base_url + "/body").content

    assert body == BODY
    assert recorder.sizes
    assert min(recorder.sizes) == SOCKET_READ_BYTES > HTTPCORE_READ_BYTES


def test_httpcore_itself_asks_for_64_kib_per_read(scripted_server: ScriptedServer) -> None:
    """Pins what the large reads replace: if httpcore changes, revisit the optimisation."""
    scripted_server.script("/body", Reply(200, BODY))
    recorder = ReadSizeRecorder()
    pool = httpcore.ConnectionPool(network_backend=recorder)
    with pool:
        response = pool.request("GET", scripted_server.base_url + "/body")

    assert response.content == BODY
    assert set(recorder.sizes) == {HTTPCORE_READ_BYTES}


async def test_every_async_socket_read_asks_for_a_mebibyte(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/body", Reply(200, BODY))
    recorder = AsyncReadSizeRecorder()
    transport = AsyncLargeReadTransport(backend=AsyncLargeReadBackend(recorder))
    async with httpx.AsyncClient(transport=transport) as client:
        body = (await client.get(scripted_server.base_url + "/body")).content

    assert body == BODY
    assert recorder.sizes
    assert min(recorder.sizes) == SOCKET_READ_BYTES


def test_the_transport_receives_body_chunks_larger_than_httpcore_reads(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/body", Reply(200, BODY * 4))
    with (
        SyncTransport(scripted_server.base_url, max_retries=0) as transport,
        transport.stream(RequestSpec("GET", "/body")) as response,
    ):
        time.sleep(0.2)
        sizes = [len(chunk) for chunk in response.iter_raw()]

    assert sum(sizes) == len(BODY) * 4
    assert max(sizes) > HTTPCORE_READ_BYTES


async def test_the_async_transport_receives_body_chunks_larger_than_httpcore_reads(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/body", Reply(200, BODY * 4))
    async with (
        AsyncTransport(scripted_server.base_url, max_retries=0) as transport,
        transport.stream(RequestSpec("GET", "/body")) as response,
    ):
        await asyncio.sleep(0.2)
        sizes = [len(chunk) async for chunk in response.aiter_raw()]

    assert sum(sizes) == len(BODY) * 4
    assert max(sizes) > HTTPCORE_READ_BYTES


def test_a_download_over_large_reads_is_byte_exact(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    files = [GeneratedFile("a.dcm", 100_000, seed=1), GeneratedFile("b.dcm", 5_000_000, seed=2)]
    sectra_mock.add_slide_files("s1", files)

    paths = client.download_slide_files("s1", tmp_path)

    assert [path.name for path in paths] == ["a.dcm", "b.dcm"]
    assert [path.read_bytes() for path in paths] == [file.read(0, file.size) for file in files]


@pytest.mark.parametrize(
    ("variables", "url", "applies"),
    [
        ({}, "https://pacs.example/api", False),
        ({"HTTPS_PROXY": "http://proxy.example:3128"}, "https://pacs.example/api", True),
        ({"HTTPS_PROXY": "http://proxy.example:3128"}, "http://127.0.0.1:8080/api", False),
        ({"HTTP_PROXY": "http://proxy.example:3128"}, "http://127.0.0.1:8080/api", True),
        ({"ALL_PROXY": "http://proxy.example:3128"}, "https://pacs.example/api", True),
        (
            {"HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "pacs.example"},
            "https://pacs.example/api",
            False,
        ),
        (
            {"HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "other.example"},
            "https://pacs.example/api",
            True,
        ),
    ],
)
def test_a_proxy_applies_as_the_environment_says(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], url: str, applies: bool
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)

    assert proxy_applies(url) is applies


def test_no_proxy_applies_when_the_environment_is_not_trusted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")

    assert proxy_applies("https://pacs.example/api", trust_env=False) is False


def test_no_large_read_transport_is_made_when_a_proxy_applies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")

    assert large_read_transport("https://pacs.example/api") is None
    assert async_large_read_transport("https://pacs.example/api") is None
    assert isinstance(large_read_transport("http://127.0.0.1/api"), LargeReadTransport)
    assert isinstance(async_large_read_transport("http://127.0.0.1/api"), AsyncLargeReadTransport)


def test_requests_go_through_the_environment_proxy(
    monkeypatch: pytest.MonkeyPatch, scripted_server: ScriptedServer
) -> None:
    monkeypatch.setenv("HTTP_PROXY", scripted_server.base_url)
    scripted_server.script("/info", Reply.json({"via": "proxy"}))
    origin = f"http://127.0.0.1:{unused_port()}"

    with SyncTransport(origin, max_retries=0) as transport:
        answer = transport.request(RequestSpec("GET", "/info")).json()

    assert answer == {"via": "proxy"}
    assert [request.path for request in scripted_server.requests] == [origin + "/info"]


async def test_async_requests_go_through_the_environment_proxy(
    monkeypatch: pytest.MonkeyPatch, scripted_server: ScriptedServer
) -> None:
    monkeypatch.setenv("HTTP_PROXY", scripted_server.base_url)
    scripted_server.script("/info", Reply.json({"via": "proxy"}))
    origin = f"http://127.0.0.1:{unused_port()}"

    async with AsyncTransport(origin, max_retries=0) as transport:
        answer = (await transport.request(RequestSpec("GET", "/info"))).json()

    assert answer == {"via": "proxy"}
    assert [request.path for request in scripted_server.requests] == [origin + "/info"]
