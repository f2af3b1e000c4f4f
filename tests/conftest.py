"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _scripted_server import ScriptedServer


@pytest.fixture
def scripted_server() -> Iterator[ScriptedServer]:
    """A fresh programmable HTTP server on 127.0.0.1 (see ``tests/_scripted_server.py``)."""
    with ScriptedServer() as server:
        yield server
