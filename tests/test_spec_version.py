"""``info.version`` of the spec is the IA-API version it describes, and the library's too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from sectra_client._constants import LATEST_API_VERSION
from sectra_client._versions import parse_api_version

SPEC = yaml.safe_load((Path(__file__).resolve().parent.parent / "openapi/sectra.yaml").read_text())


def sectra_since(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every ``x-sectra-since`` in the document, with the JSON path it sits at."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "x-sectra-since":
                yield where, str(value)
            else:
                yield from sectra_since(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from sectra_since(value, f"{where}/{index}")


def test_the_library_sends_the_api_version_the_spec_describes() -> None:
    assert SPEC["info"]["version"] == LATEST_API_VERSION


def test_nothing_in_the_spec_is_newer_than_its_version() -> None:
    described = parse_api_version(SPEC["info"]["version"])
    versions = {where: parse_api_version(since) for where, since in sectra_since(SPEC)}

    assert described is not None
    assert len(versions) >= 20
    assert [where for where, version in versions.items() if version is None] == []
    assert [where for where, version in versions.items() if version and version > described] == []
