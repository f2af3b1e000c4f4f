"""MockSectraServer's surface: starting, stopping, URLs, apps and imports."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from mock_support import api

from sectra_client.mock_server import DEFAULT_BASE_PATH, GeneratedFile, MockSectraServer


def test_run_with_port_zero_picks_a_free_port_and_serves_under_the_sectra_base_path() -> None:
    with MockSectraServer().run(port=0, host="127.0.0.1") as server:
        assert server.port != 0
        assert server.url == f"http://127.0.0.1:{server.port}{DEFAULT_BASE_PATH}"
        with api(server) as http:
            assert http.get("/info").json() == {"apiVersion": "1.10", "softwareVersion": "4.2.0.0"}


def test_run_returns_the_server_and_leaving_the_block_stops_it() -> None:
    server = MockSectraServer()
    with server.run(port=0, host="127.0.0.1") as running:
        assert running is server
        assert server.is_running
        url = server.url
    assert not server.is_running
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/info", timeout=2)


def test_a_stopped_server_starts_again_and_stopping_twice_is_harmless() -> None:
    server = MockSectraServer(token="t-1").run(port=0, host="127.0.0.1")
    server.stop()
    server.start()
    try:
        with pytest.raises(RuntimeError):
            server.start()
        with api(server) as http:
            assert http.get("/info").status_code == 200
    finally:
        server.stop()
    server.stop()


def test_a_localhost_host_gives_a_url_that_works() -> None:
    with MockSectraServer().run(port=0) as server, api(server) as http:
        assert http.get("/info").status_code == 200


def test_an_empty_base_path_serves_the_api_at_the_root_like_the_old_mock() -> None:
    with MockSectraServer(base_path="").run(port=0, host="127.0.0.1") as server:
        assert server.url == f"http://127.0.0.1:{server.port}"
        with api(server) as http:
            assert http.get("/info").status_code == 200


async def test_paths_outside_the_base_path_answer_404() -> None:
    async with _in_process(MockSectraServer()) as client:
        reply = await client.get("/info")
    assert reply.status_code == 404


async def test_create_app_serves_the_same_state_in_process() -> None:
    server = MockSectraServer()
    server.add_result("my-app", _minimal_result())
    async with _in_process(server) as client:
        reply = await client.get(f"{DEFAULT_BASE_PATH}/applications/my-app/results/1")
    assert reply.status_code == 200
    assert reply.json()["id"] == 1


def test_reset_forgets_state_and_restores_configuration() -> None:
    server = MockSectraServer(api_version="1.9")
    server.add_result("my-app", _minimal_result())
    server.api_version = "1.10"
    server.strict = True
    server.faults.fail("getServerInfo")
    server.reset()
    assert server.get_results("my-app", "slide-1") == []
    assert (server.api_version, server.strict, len(server.faults)) == ("1.9", False, 0)


async def test_constructor_slides_and_files_survive_a_reset() -> None:
    info = MockSectraServer().get_slide("s").model_copy(update={"micronsPerPixel": 0.5})
    server = MockSectraServer(slides=[info], slide_files={"s": GeneratedFile("s.bin", 10)})
    server.add_slide_files("s", GeneratedFile("other.bin", 5))
    server.reset()
    async with _in_process(server) as client:
        files = await client.get(f"{DEFAULT_BASE_PATH}/slides/s/files")
    assert server.get_slide("s").micronsPerPixel == 0.5
    assert b'filename="s.bin"' in files.content
    assert b"other.bin" not in files.content


def test_an_api_version_that_is_no_version_is_refused() -> None:
    with pytest.raises(ValueError, match=r"1\.10"):
        MockSectraServer(api_version="latest")


def test_importing_the_module_creates_no_server_and_app_is_made_on_access() -> None:
    code = textwrap.dedent(
        """
        import sectra_client.mock_server as mock
        assert mock._default_app is None
        from fastapi import FastAPI
        assert isinstance(mock.app, FastAPI)
        assert mock.app is mock.app
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_importing_the_mock_without_the_extra_names_the_install_command() -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["fastapi"] = None
        try:
            import sectra_client.mock_server
        except ImportError as error:
            print(error)
        """
    )
    printed = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert "pip install 'sectra-client[mock]'" in printed


def _minimal_result() -> dict[str, object]:
    return {
        "slideId": "slide-1",
        "displayResult": "done",
        "applicationVersion": "1.0",
        "data": {"result": {"type": "primitive", "content": []}},
    }


@asynccontextmanager
async def _in_process(server: MockSectraServer) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=server.create_app())
    headers = {"Authorization": "Bearer dev-token"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://mock", headers=headers
    ) as client:
        yield client
