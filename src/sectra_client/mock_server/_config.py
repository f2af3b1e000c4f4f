"""The mock's settings: versions, the bearer token, strictness, token lifetime, base path."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sectra_client.mock_server._deviations import Deviations

__all__ = ["DEFAULT_BASE_PATH", "MockConfig", "parse_api_version"]

DEFAULT_BASE_PATH = "/SectraPathologyServer/external/imageanalysis/v1"
"""Where the mock serves the API, as a real Sectra server does: ``http://host:port`` + this."""

_API_VERSION = re.compile(r"([0-9]+)\.([0-9]+)")


def parse_api_version(text: str) -> tuple[int, int]:
    """``"1.10"`` → ``(1, 10)``: an IA-API version as comparable numbers.

    Raises:
        ValueError: ``text`` is not ``<major>.<minor>``.
    """
    match = _API_VERSION.fullmatch(text)
    if match is None:
        raise ValueError(f"an IA-API version looks like '1.10', got {text!r}")
    return int(match[1]), int(match[2])


def normalize_base_path(base_path: str) -> str:
    """``base_path`` with one leading slash and no trailing one (``""`` serves at the root)."""
    stripped = base_path.strip("/")
    return f"/{stripped}" if stripped else ""


@dataclass
class MockConfig:
    """What the mock server is configured as; tests may change it while the server runs.

    Attributes:
        api_version: the IA-API version the mock implements (``X-Sectra-ApiVersion`` and
            ``GET /info``); operations newer than it answer 404.
        software_version: the Sectra software version it reports.
        token: the bearer token always accepted (besides tokens the mock issued).
        strict: unknown slides, cases and applications answer 404 instead of being made up.
        token_lifetime: seconds a token from ``POST /token`` stays valid.
        base_path: the path prefix of every operation (see :data:`DEFAULT_BASE_PATH`).
        deviations: the ways the mock breaks the contract on purpose (none by default).
    """

    api_version: str
    software_version: str
    token: str
    strict: bool
    token_lifetime: float
    base_path: str
    deviations: Deviations = field(default_factory=Deviations)

    def __post_init__(self) -> None:
        parse_api_version(self.api_version)
        self.base_path = normalize_base_path(self.base_path)

    @property
    def api_version_tuple(self) -> tuple[int, int]:
        """:attr:`api_version` as numbers, for comparisons."""
        return parse_api_version(self.api_version)
