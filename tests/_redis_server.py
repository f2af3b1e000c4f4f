"""A real redis-server (Debian's package) on a free loopback port, for the Celery tests.

The server keeps nothing on disk (no RDB snapshots, no append-only file) and is stopped with
the context manager. Without the redis-server program, :func:`redis_server_or_skip` skips the
tests that need it, except under CI (``CI`` set), where a missing server is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from types import TracebackType
from typing import Self

import pytest
import redis

__all__ = ["RedisServer", "free_port", "redis_server_or_skip"]


def redis_server_or_skip() -> str:
    """The path of the redis-server program; skips (fails under CI) when it is missing."""
    program = shutil.which("redis-server")
    if program is None:
        message = "redis-server is not installed (apt-get install redis-server; make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return program


class RedisServer:
    """redis-server on 127.0.0.1 and a free port; ``url`` is its ``redis://`` URL."""

    def __init__(self, program: str) -> None:
        self._program = program
        self._directory = tempfile.TemporaryDirectory(prefix="sectra-redis-")
        self._process: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self) -> Self:
        for _ in range(5):  # a free port can be taken before redis binds it: try another
            self.port = free_port()
            address = ["--port", str(self.port), "--bind", "127.0.0.1"]
            no_persistence = ["--save", "", "--appendonly", "no", "--dir", self._directory.name]
            quiet = ["--daemonize", "no", "--loglevel", "warning"]
            self._process = subprocess.Popen(
                [self._program, *address, *no_persistence, *quiet],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if self._wait_until_ready():
                return self
            self._stop_process()
        raise RuntimeError("redis-server did not start")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop_process()
        self._directory.cleanup()

    def _wait_until_ready(self) -> bool:
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        try:
            while time.monotonic() < deadline:
                assert self._process is not None
                if self._process.poll() is not None:
                    return False
                try:
                    if client.ping():
                        return True
                except redis.ConnectionError:
                    time.sleep(0.02)
            return False
        finally:
            client.close()

    def _stop_process(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
