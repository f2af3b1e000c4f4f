"""Reading a VCR.py cassette (``sectra record``) into what a replaying mock serves.

A cassette gives the server's versions (``/info``), the slides' metadata (every scope seen,
merged), labels (or their absence), file sizes, applications, results (their last recorded
state, with ids and ``versionId``s), and the recorded answers to read-only requests, which
are served again as they were (status, headers and body).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from vcr.serialize import deserialize
from vcr.serializers import yamlserializer

from sectra_client._recorded_body import RECORDED_BODY_HEADER, omitted_size
from sectra_client.mock_server._operations import RouteMatch, resolve

__all__ = ["RecordedAnswer", "Replay", "load_replay", "request_key"]

_ANY_VERSION = (99, 99)
# Read-only operations whose recorded answers are served again as they were.
_REPLAYED = frozenset(
    {
        "getServerInfo",
        "getSlideInfo",
        "getSlideLabel",
        "getCaseImages",
        "getCaseImagesBySlide",
        "getApplication",
    }
)
_RESULT_ANSWERS = frozenset({"createResult", "getResult", "updateResult", "createResultLegacy"})
_RECORDED_BODY_HEADER = RECORDED_BODY_HEADER.lower()
_DROPPED_HEADERS = frozenset({"content-length", "date", "server", _RECORDED_BODY_HEADER})


@dataclass(frozen=True)
class RecordedAnswer:
    """A recorded answer: status, headers (without ``Content-Length``) and body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class Replay:
    """What a cassette holds, sorted for the mock.

    Attributes:
        name: the cassette's file name, for messages.
        base_path: the API base path the recording was made under.
        api_version: the IA-API version ``/info`` reported, if recorded.
        software_version: the Sectra version it reported.
        slides: each slide's metadata (JSON, every field seen).
        labels: per slide, whether it has a label (204 means none).
        file_sizes: per slide, the recorded size of ``/files``.
        applications: each application's JSON.
        results: per application, each result's last recorded JSON.
        cases: the accession numbers (placeholders) recorded.
        answers: recorded answers to read-only requests, by :func:`request_key`.
    """

    name: str
    base_path: str = ""
    api_version: str | None = None
    software_version: str | None = None
    slides: dict[str, dict[str, Any]] = field(default_factory=dict)
    labels: dict[str, bool] = field(default_factory=dict)
    file_sizes: dict[str, int] = field(default_factory=dict)
    applications: dict[str, dict[str, Any]] = field(default_factory=dict)
    results: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)
    cases: set[str] = field(default_factory=set)
    answers: dict[tuple[str, str, str], RecordedAnswer] = field(default_factory=dict)


def request_key(method: str, relative_path: str, query: str) -> tuple[str, str, str]:
    """How a request is matched to a recorded one: method, raw path relative to the base
    path, and the query's parameters in order of name."""
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    return method.upper(), relative_path, "&".join(f"{name}={value}" for name, value in pairs)


def load_replay(path: str | os.PathLike[str]) -> Replay:
    """Read the cassette at ``path``.

    Raises:
        FileNotFoundError: no such file.
        ValueError: the file is not a VCR.py cassette of IA-API traffic.
    """
    cassette = Path(path)
    loaded = deserialize(cassette.read_text(encoding="utf-8"), yamlserializer)
    requests, responses = loaded[0], loaded[1]
    replay = Replay(cassette.name)
    found_base = False
    for request, response in zip(requests, responses, strict=True):
        parts = urlsplit(request.uri)
        split = _split_base(request.method, parts.path)
        if split is None:
            continue
        base_path, relative, match = split
        if not found_base:
            replay.base_path, found_base = base_path, True
        if base_path != replay.base_path:
            continue
        _take(replay, request.method, relative, parts.query, match, response)
    if not found_base:
        raise ValueError(f"{cassette.name} holds no IA-API request")
    return replay


def _split_base(method: str, path: str) -> tuple[str, str, RouteMatch] | None:
    """The base path, the path relative to it, and the operation a recorded path names."""
    trimmed = path[:-1] if len(path) > 1 and path.endswith("/") else path
    for index in _slash_positions(trimmed):
        found = resolve(method.upper(), trimmed[index:], _ANY_VERSION)
        if isinstance(found, RouteMatch):
            return path[:index], path[index:], found
    return None


def _slash_positions(path: str) -> Iterator[int]:
    return (index for index, character in enumerate(path) if character == "/")


def _take(
    replay: Replay,
    method: str,
    relative: str,
    query: str,
    match: RouteMatch,
    response: dict[str, Any],
) -> None:
    operation = match.operation.operation_id
    status = int(response["status"]["code"])
    headers = [
        (name, value)
        for name, values in response["headers"].items()
        if name.lower() not in _DROPPED_HEADERS
        for value in values
    ]
    omitted = any(name.lower() == _RECORDED_BODY_HEADER for name in response["headers"])
    body = bytes(response["body"]["string"] or b"")
    params = match.params
    if operation in _REPLAYED and method.upper() == "GET" and not (omitted and status == 200):
        replay.answers[request_key(method, relative, query)] = RecordedAnswer(status, headers, body)
    if not 200 <= status < 300:
        return
    if operation == "getServerInfo":
        versions = _json(body)
        replay.api_version = versions.get("apiVersion") or replay.api_version
        replay.software_version = versions.get("softwareVersion") or replay.software_version
    elif operation == "getSlideInfo":
        replay.slides.setdefault(params["slideId"], {}).update(_json(body))
    elif operation == "getSlideLabel":
        replay.labels[params["slideId"]] = status != 204
    elif operation == "getSlideFiles":
        size = omitted_size(response["headers"])
        replay.file_sizes[params["slideId"]] = size if size is not None else len(body)
    elif operation == "getApplication":
        application = _json(body)
        replay.applications[params["applicationId"]] = application
    elif operation == "getCaseImages":
        replay.cases.add(params["accessionNumber"])
    elif operation in _RESULT_ANSWERS:
        _take_result(replay, params["applicationId"], _json(body))
    elif operation == "listSlideResults":
        for result in json.loads(body) or []:
            _take_result(replay, params["applicationId"], result)


def _take_result(replay: Replay, application_id: str, result: dict[str, Any]) -> None:
    result_id = result.get("id")
    if isinstance(result_id, int) and isinstance(result.get("versionId"), str):
        replay.results.setdefault(application_id, {})[result_id] = result


def _json(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
