"""Large reads: the clients' own transports hand httpcore everything the socket holds (up to
1 MiB) where httpcore reads 64 KiB, or one 16 KiB TLS record, at a time; and httpx, not we,
decides when they are used, so every proxy the environment names is honoured (tested through a
real proxy on loopback).
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
from _loopback_proxy import LoopbackProxy
from _scripted_server import Reply, ScriptedServer

from sectra_client import AsyncSectraClient, SectraClient
from sectra_client._base_client import RequestSpec
from sectra_client._sender import SyncTransport
from sectra_client._sender_async import AsyncTransport
from sectra_client._transports._large_reads import (
    LARGE_READ_PATTERN,
    AsyncLargeReadTransport,
    LargeReadTransport,
)
from sectra_client._transports._sync_streams import READ_BYTES
from sectra_client.mock_server import GeneratedFile, MockSectraServer

pytest_plugins = ["_client_fixtures"]

HTTPCORE_READ_BYTES = 64 * 1024
TLS_RECORD_BYTES = 16 * 1024
BODY = bytes(range(256)) * (48 * 1024)  # 12 MiB
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
Verify = ssl.SSLContext | bool


@pytest.fixture(autouse=True)
def no_environment_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no proxy settings; it sets the ones it specifies."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def proxy() -> Iterable[LoopbackProxy]:
    with LoopbackProxy() as running:
        yield running


def sync_chunk_sizes(base_url: str, verify: Verify) -> list[int]:
    """The sizes of the body chunks the sync transport receives for ``/body``, read after
    the server has had time to fill the socket."""
    with (
        SyncTransport(base_url, max_retries=0, verify=verify) as transport,
        transport.stream(RequestSpec("GET", "/body")) as response,
    ):
        time.sleep(0.3)
        return [len(chunk) for chunk in response.iter_raw()]


def async_chunk_sizes(base_url: str, verify: Verify) -> list[int]:
    async def sizes() -> list[int]:
        async with (
            AsyncTransport(base_url, max_retries=0, verify=verify) as transport,
            transport.stream(RequestSpec("GET", "/body")) as response,
        ):
            await asyncio.sleep(0.3)
            return [len(chunk) async for chunk in response.aiter_raw()]

    return asyncio.run(sizes())


CHUNK_SIZES = {"sync": sync_chunk_sizes, "async": async_chunk_sizes}


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_reads_over_plain_http_hand_over_more_than_httpcore_asks_for(
    scripted_server: ScriptedServer, flavour: str
) -> None:
    scripted_server.script("/body", Reply(200, BODY))

    sizes = CHUNK_SIZES[flavour](scripted_server.base_url, True)

    assert sum(sizes) == len(BODY)
    assert HTTPCORE_READ_BYTES < max(sizes) <= READ_BYTES


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_reads_over_tls_hand_over_many_tls_records_at_once(
    tls_scripted_server: ScriptedServer, tls_trust: ssl.SSLContext, flavour: str
) -> None:
    tls_scripted_server.script("/body", Reply(200, BODY))

    sizes = CHUNK_SIZES[flavour](tls_scripted_server.base_url, tls_trust)

    assert sum(sizes) == len(BODY)
    assert max(sizes) > 4 * HTTPCORE_READ_BYTES > TLS_RECORD_BYTES
    assert len(sizes) < len(BODY) // HTTPCORE_READ_BYTES


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


def test_httpcore_itself_asks_for_64_kib_per_read(scripted_server: ScriptedServer) -> None:
    """Pins what the large reads replace: if httpcore changes, revisit the optimisation."""
    scripted_server.script("/body", Reply(200, BODY))
    recorder = ReadSizeRecorder()
    with httpcore.ConnectionPool(network_backend=recorder) as pool:
        response = pool.request("GET", scripted_server.base_url + "/body")

    assert response.content == BODY
    assert set(recorder.sizes) == {HTTPCORE_READ_BYTES}


def test_the_transports_are_built_on_httpx_and_httpcore_public_interfaces() -> None:
    assert issubclass(LargeReadTransport, httpx.BaseTransport)
    assert not issubclass(LargeReadTransport, httpx.HTTPTransport)
    assert issubclass(AsyncLargeReadTransport, httpx.AsyncBaseTransport)
    assert not issubclass(AsyncLargeReadTransport, httpx.AsyncHTTPTransport)


def test_a_download_over_large_reads_is_byte_exact(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    files = [GeneratedFile("a.dcm", 100_000, seed=1), GeneratedFile("b.dcm", 5_000_000, seed=2)]
    sectra_mock.add_slide_files("s1", files)

    paths = client.download_slide_files("s1", tmp_path)

    assert [path.name for path in paths] == ["a.dcm", "b.dcm"]
    assert [path.read_bytes() for path in paths] == [file.read(0, file.size) for file in files]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_download_over_tls_is_byte_exact(
    tls_scripted_server: ScriptedServer, tls_trust: ssl.SSLContext, tmp_path: Path, flavour: str
) -> None:
    tls_scripted_server.script(
        "/slides/s1/files",
        Reply(200, BODY, {"Content-Disposition": 'attachment; filename="slide.svs"'}),
    )
    url = tls_scripted_server.base_url

    if flavour == "sync":
        with SectraClient(url, "tok", verify=tls_trust) as client:
            paths = client.download_slide_files("s1", tmp_path)
    else:

        async def download() -> list[Path]:
            async with AsyncSectraClient(url, "tok", verify=tls_trust) as client:
                return await client.download_slide_files("s1", tmp_path)

        paths = asyncio.run(download())

    assert [path.read_bytes() == BODY for path in paths] == [True]


# Environment proxies: httpx routes, the large reads serve only what httpx sends directly.


def get_info(flavour: str, base_url: str, verify: Verify) -> object:
    """``GET /info`` through a transport of ``flavour`` made now (it reads the environment)."""
    if flavour == "sync":
        with SyncTransport(base_url, max_retries=0, verify=verify) as transport:
            return transport.request(RequestSpec("GET", "/info")).json()

    async def request() -> object:
        async with AsyncTransport(base_url, max_retries=0, verify=verify) as transport:
            return (await transport.request(RequestSpec("GET", "/info"))).json()

    return asyncio.run(request())


def host_port(base_url: str) -> str:
    return base_url.split("://", 1)[1]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_without_proxy_settings_requests_go_direct(
    proxy: LoopbackProxy, scripted_server: ScriptedServer, flavour: str
) -> None:
    scripted_server.script("/info", Reply.json({"a": 1}))

    assert get_info(flavour, scripted_server.base_url, True) == {"a": 1}
    assert proxy.requests == []


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_http_proxy_carries_plain_http_requests(
    monkeypatch: pytest.MonkeyPatch,
    proxy: LoopbackProxy,
    scripted_server: ScriptedServer,
    flavour: str,
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    scripted_server.script("/info", Reply.json({"a": 1}))

    assert get_info(flavour, scripted_server.base_url, True) == {"a": 1}
    assert proxy.requests == [("GET", scripted_server.base_url + "/info")]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_https_proxy_tunnels_https_requests(
    monkeypatch: pytest.MonkeyPatch,
    proxy: LoopbackProxy,
    tls_scripted_server: ScriptedServer,
    tls_trust: ssl.SSLContext,
    flavour: str,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    tls_scripted_server.script("/info", Reply.json({"a": 1}))

    assert get_info(flavour, tls_scripted_server.base_url, tls_trust) == {"a": 1}
    assert proxy.requests == [("CONNECT", host_port(tls_scripted_server.base_url))]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_all_proxy_carries_every_request_though_it_shares_the_mount_rank(
    monkeypatch: pytest.MonkeyPatch,
    proxy: LoopbackProxy,
    tls_scripted_server: ScriptedServer,
    tls_trust: ssl.SSLContext,
    flavour: str,
) -> None:
    """``ALL_PROXY`` is mounted by httpx as ``all://``, the rank of our ``all://*``."""
    monkeypatch.setenv("ALL_PROXY", proxy.url)
    tls_scripted_server.script("/info", Reply.json({"a": 1}))

    assert get_info(flavour, tls_scripted_server.base_url, tls_trust) == {"a": 1}
    assert proxy.requests == [("CONNECT", host_port(tls_scripted_server.base_url))]
    assert LARGE_READ_PATTERN == "all://*"


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_no_proxy_hosts_are_reached_directly(
    monkeypatch: pytest.MonkeyPatch,
    proxy: LoopbackProxy,
    scripted_server: ScriptedServer,
    flavour: str,
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("ALL_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    scripted_server.script("/info", Reply.json({"a": 1}))

    assert get_info(flavour, scripted_server.base_url, True) == {"a": 1}
    assert proxy.requests == []


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_https_proxy_leaves_plain_http_requests_direct(
    monkeypatch: pytest.MonkeyPatch,
    proxy: LoopbackProxy,
    scripted_server: ScriptedServer,
    flavour: str,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    scripted_server.script("/body", Reply(200, BODY))
    scripted_server.script("/info", Reply.json({"a": 1}))

    assert get_info(flavour, scripted_server.base_url, True) == {"a": 1}
    assert max(CHUNK_SIZES[flavour](scripted_server.base_url, True)) > HTTPCORE_READ_BYTES
    assert proxy.requests == []
