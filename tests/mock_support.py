"""Helpers shared by the mock server's tests (``tests/test_mock_*.py``)."""

from __future__ import annotations

import copy
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.types import ASGIApp

from sectra_client._threaded_server import ThreadedServer, url_host
from sectra_client.mock_server import MockSectraServer

RESULT: dict[str, Any] = {
    "slideId": "slide-1",
    "displayResult": "Ki67 index: 18.5 %",
    "displayProperties": {"Confidence": "95%", "Cells": 1204, "Index": 18.5},
    "applicationVersion": "1.0.0",
    "data": {
        "context": {"model": "v3"},
        "result": {
            "type": "primitive",
            "content": [
                {
                    "style": {"strokeStyle": "#FF0000", "size": 2},
                    "polygons": [
                        {
                            "points": [
                                {"x": 0.1, "y": 0.1},
                                {"x": 0.4, "y": 0.1},
                                {"x": 0.4, "y": 0.3},
                            ]
                        }
                    ],
                }
            ],
        },
    },
}
"""A valid ``Result`` body on ``slide-1``."""


def result_body(slide_id: str = "slide-1", /, **changes: Any) -> dict[str, Any]:
    """A fresh copy of :data:`RESULT` on ``slide_id`` with top-level ``changes``."""
    body = copy.deepcopy(RESULT)
    body["slideId"] = slide_id
    body.update(changes)
    return body


def api(server: MockSectraServer, token: str | None = None) -> httpx.Client:
    """An httpx client for the mock's API base URL, sending ``token`` (default the server's)."""
    headers = {"Authorization": f"Bearer {token or server.token}"}
    return httpx.Client(base_url=server.url, headers=headers, timeout=30)


@contextmanager
def serve(app: ASGIApp) -> Iterator[str]:
    """Serve ``app`` on a free loopback port for the block; yields its base URL."""
    server = ThreadedServer(app, "127.0.0.1", 0, name="test server")
    server.start()
    try:
        yield f"http://{url_host(server.address)}:{server.port}"
    finally:
        server.stop()


@dataclass
class CliMock:
    """A ``sectra mock`` process and what it printed: the base URL and the token."""

    process: subprocess.Popen[str]
    url: str
    token: str


@contextmanager
def cli_mock(*options: str) -> Iterator[CliMock]:
    """Run ``sectra mock --port 0 OPTIONS…`` in its own process for the block."""
    command = [
        sys.executable,
        "-c",
        "from sectra_client.cli import main; main()",
        "mock",
        "--port",
        "0",
        *options,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        printed: dict[str, str] = {}
        for line in process.stdout:
            name, _, value = line.strip().partition(": ")
            printed[name.strip()] = value.strip()
            if "Token" in printed:
                break
        assert "Base URL" in printed, f"sectra mock printed no base URL: {printed}"
        yield CliMock(process, printed["Base URL"], printed["Token"])
    finally:
        process.terminate()
        process.wait(10)


OPERATION_SAMPLES: dict[str, tuple[str, str]] = {
    "getServerInfo": ("GET", "/info"),
    "getSlideInfo": ("GET", "/slides/slide-1/info"),
    "getSlideLabel": ("GET", "/slides/slide-1/label"),
    "getSlideFiles": ("GET", "/slides/slide-1/files"),
    "getTile": ("GET", "/images/slide-1_files/0/0_0.jpg"),
    "getCaseImages": ("GET", "/requests/ACC-1/images/info"),
    "getCaseImagesBySlide": ("GET", "/slides/slide-1/request/images/info"),
    "createResult": ("POST", "/applications/my-app/results"),
    "createResultLegacy": ("POST", "/hooks/my-app/results"),
    "listSlideResults": ("GET", "/applications/my-app/results/slide/slide-1"),
    "getResult": ("GET", "/applications/my-app/results/1"),
    "updateResult": ("PUT", "/applications/my-app/results/1"),
    "updateResultLegacy": ("PUT", "/hooks/my-app/results/1"),
    "getResultAttachment": ("GET", "/applications/my-app/results/1/attachments?name=a.txt"),
    "setQualityControl": ("PUT", "/slides/slide-1/qualityControl"),
    "getApplication": ("GET", "/applications/my-app"),
    "requestToken": ("POST", "/token?applicationId=my-app"),
    "getLaunchData": ("GET", "/launchdata?requestId=r-1&sessionToken=s-1&appId=my-app"),
}
"""A method and path (relative to the base URL) addressing each operation of the spec."""
