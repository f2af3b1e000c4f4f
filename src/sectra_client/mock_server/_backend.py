"""What the mock's HTTP side reads on every request: the configuration and the current state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sectra_client.mock_server._config import MockConfig
from sectra_client.mock_server._state import MockState

if TYPE_CHECKING:
    from sectra_client.mock_server._cassette import Replay

__all__ = ["MockBackend"]


@dataclass
class MockBackend:
    """A server's configuration and its current state (replaced when the server is reset),
    and the cassette it replays, if any."""

    config: MockConfig
    state: MockState
    replay: Replay | None = None

    @property
    def api_version_tuple(self) -> tuple[int, int]:
        """The configured IA-API version as numbers."""
        return self.config.api_version_tuple

    def version_headers(self) -> list[tuple[bytes, bytes]]:
        """The ``X-Sectra-*`` headers every reply carries, as raw ASGI headers."""
        return [
            (b"x-sectra-apiversion", self.config.api_version.encode("latin-1")),
            (b"x-sectra-softwareversion", self.config.software_version.encode("latin-1")),
        ]
