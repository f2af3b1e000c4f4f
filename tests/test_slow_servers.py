"""Servers that drip their answers: a call ends by its deadline (the sum of its timeouts),
a download by its stall rule, each with a typed error and nothing partial left; a slow but
moving download is never stopped.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from _client_fixtures import ClientFactory
from _scripted_server import Reply, ScriptedServer

from sectra_client import SectraTimeoutError, StallRule
from sectra_client._base_client import response_deadline
from sectra_client.errors import DownloadError

pytest_plugins = ["_client_fixtures"]

INFO_PATH = "/info"
FILES_PATH = "/slides/s1/files"
SERVER_INFO = {"apiVersion": "1.10", "softwareVersion": "4.2.0.22617"}


def test_the_deadline_is_the_sum_of_the_timeouts() -> None:
    import httpx

    assert response_deadline(httpx.Timeout(1.0)) == 4.0
    assert response_deadline(httpx.Timeout(30.0, connect=10.0)) == 100.0


def test_a_dripped_json_answer_ends_by_its_deadline(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    """1 byte every 0.05 s never trips a 0.25 s read timeout, and would take about 10 s."""
    scripted_server.script(INFO_PATH, dripped(SERVER_INFO, 0.05))
    client = make_client(scripted_server.base_url, "tok", timeout=0.25, max_retries=0)

    started = time.monotonic()
    with pytest.raises(SectraTimeoutError, match="deadline"):
        client.get_server_info()

    assert time.monotonic() - started < 2.0  # the deadline is 1 s
    assert len(scripted_server.requests_to(INFO_PATH)) == 1


def test_a_dripped_body_after_prompt_headers_ends_by_its_deadline(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    body = b" " * 400 + b'{"apiVersion": "1.10"}'
    scripted_server.script(INFO_PATH, Reply(200, body, body_delay=5.0))
    client = make_client(scripted_server.base_url, "tok", timeout=0.25, max_retries=0)

    started = time.monotonic()
    with pytest.raises(SectraTimeoutError):
        client.get_server_info()

    assert time.monotonic() - started < 2.0


def test_an_answer_slower_than_its_read_timeout_but_within_the_deadline_arrives(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    scripted_server.script(INFO_PATH, dripped(SERVER_INFO, 0.002))
    client = make_client(scripted_server.base_url, "tok", timeout=1.0, max_retries=0)

    assert client.get_server_info().apiVersion == "1.10"


def test_a_dripped_download_stalls_with_nothing_left(
    make_client: ClientFactory, scripted_server: ScriptedServer, tmp_path: Path
) -> None:
    """Its first bytes come within the deadline, then too little arrives in a window."""
    headers = {"Content-Disposition": 'attachment; filename="a.svs"'}
    scripted_server.script(FILES_PATH, Reply(200, b"x" * 100_000, headers, drip=0.001))
    rule = StallRule(seconds=0.5, min_bytes=10_000)
    client = make_client(scripted_server.base_url, "tok", timeout=5.0, stall_rule=rule)

    started = time.monotonic()
    with pytest.raises(DownloadError, match="stalled") as raised:
        client.download_slide_files("s1", tmp_path)

    assert time.monotonic() - started < 3.0
    assert isinstance(raised.value.__cause__, SectraTimeoutError)
    assert list(tmp_path.iterdir()) == []


def test_a_slow_but_moving_download_is_never_stopped(
    make_client: ClientFactory, scripted_server: ScriptedServer, tmp_path: Path
) -> None:
    """About 20 KiB/s for 1.5 s, against a rule of 1 KiB per 0.2 s window."""
    body = bytes(range(256)) * 120
    headers = {"Content-Disposition": 'attachment; filename="a.svs"'}
    scripted_server.script(FILES_PATH, Reply(200, body, headers, drip=0.01, drip_bytes=200))
    rule = StallRule(seconds=0.2, min_bytes=1024)
    client = make_client(scripted_server.base_url, "tok", timeout=5.0, stall_rule=rule)

    (path,) = client.download_slide_files("s1", tmp_path)

    assert path.read_bytes() == body


def test_a_stall_rule_needs_a_window_and_progress() -> None:
    with pytest.raises(ValueError, match="seconds"):
        StallRule(seconds=0)
    with pytest.raises(ValueError, match="min_bytes"):
        StallRule(min_bytes=0)


def dripped(value: object, interval: float) -> Reply:
    """``value`` as JSON, status line, headers and body one byte every ``interval`` s."""
    return dataclasses.replace(Reply.json(value), drip=interval)
