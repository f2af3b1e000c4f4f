"""Writing interactions to a VCR.py cassette, scrubbed, so that ``pytest-recording`` (or
vcrpy itself) replays them and :meth:`MockSectraServer.from_cassette` serves them.

A body that was left out (pixels, files) is recorded as empty, with the header
``X-Sectra-Recorded-Body`` giving its size: ``omitted; size=13421``.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from vcr.request import Request as VcrRequest
from vcr.serialize import serialize
from vcr.serializers import yamlserializer

from sectra_client._recorded_body import RECORDED_BODY_HEADER, omitted_value
from sectra_client.recording._scrub import Scrubber

__all__ = ["CassetteWriter", "Interaction"]


@dataclass
class Interaction:
    """One request and its answer, as they will be written (already scrubbed by structure).

    ``response_body`` is ``None`` when the body was left out; ``response_size`` is then its
    size in bytes.
    """

    method: str
    uri: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    response_body: bytes | None
    response_size: int = 0
    notes: list[str] = field(default_factory=list)


class CassetteWriter:
    """Collects interactions and rewrites the cassette file after each one (atomically, so a
    reader never sees half a file). Every string is swept by the scrubber at writing time, so
    a value learned late (a case's accession number) is replaced in earlier interactions too.
    """

    def __init__(self, path: str | os.PathLike[str], scrubber: Scrubber) -> None:
        self.path = Path(path)
        self.scrubber = scrubber
        self._lock = threading.Lock()
        self._interactions: list[Interaction] = []

    def __len__(self) -> int:
        with self._lock:
            return len(self._interactions)

    def add(self, interaction: Interaction) -> None:
        """Add ``interaction`` and write the cassette."""
        with self._lock:
            self._interactions.append(interaction)
            self._write()

    def _write(self) -> None:
        for item in self._interactions:
            # Learn every sensitive value first, so the sweep below replaces it everywhere.
            self._body(item.request_body, item.request_headers)
            if item.response_body is not None:
                self._body(item.response_body, item.response_headers)
        requests = []
        responses = []
        for item in self._interactions:
            requests.append(self._request(item))
            responses.append(self._response(item))
        text = serialize({"requests": requests, "responses": responses}, yamlserializer)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _request(self, item: Interaction) -> VcrRequest:
        sweep = self.scrubber.sweep
        headers = {name: sweep(value) for name, value in item.request_headers}
        body = self._body(item.request_body, item.request_headers)
        return VcrRequest(item.method, sweep(item.uri), body or None, headers)

    def _response(self, item: Interaction) -> dict[str, object]:
        sweep = self.scrubber.sweep
        headers: dict[str, list[str]] = {}
        for name, value in item.response_headers:
            if name.lower() == "content-length":
                continue
            headers.setdefault(name, []).append(sweep(value))
        if item.response_body is None:
            body = b""
            headers[RECORDED_BODY_HEADER] = [omitted_value(item.response_size)]
        else:
            body = self._body(item.response_body, item.response_headers)
        headers["Content-Length"] = [str(len(body))]
        return {
            "status": {"code": item.status, "message": item.reason},
            "headers": headers,
            "body": {"string": body},
        }

    def _body(self, body: bytes, headers: list[tuple[str, str]]) -> bytes:
        """A kept body, swept: JSON re-scrubbed by structure, text swept, the rest as it is."""
        if not body:
            return b""
        media_type = _media_type(headers)
        if media_type == "application/json" or media_type.endswith("+json"):
            try:
                parsed = json.loads(body)
            except ValueError:
                return self.scrubber.sweep(body.decode("utf-8", "replace")).encode()
            return json.dumps(self.scrubber.json(parsed), separators=(",", ":")).encode()
        if media_type.startswith("text/") or media_type in (
            "",
            "application/x-www-form-urlencoded",
        ):
            return self.scrubber.sweep(body.decode("utf-8", "replace")).encode()
        return body


def _media_type(headers: list[tuple[str, str]]) -> str:
    for name, value in headers:
        if name.lower() == "content-type":
            return value.split(";", 1)[0].strip().lower()
    return ""
