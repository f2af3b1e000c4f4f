"""Scrubbing: secrets and patient data replaced by placeholders before anything is written.

* Every value of a field or parameter the contract marks ``x-sectra-phi`` becomes
  ``PHI-<name>-<n>``, and every secret (bearer tokens, ``callbackInfo.token``,
  ``access_token``, ``sessionToken``) ``TOKEN-<n>``; the same value always gets the same
  placeholder, so a recording stays consistent (a case's accession number in a path is the
  same placeholder as in the slide's metadata).
* Once known, such a value is replaced wherever else it appears: in paths, queries, headers,
  error texts and other bodies (:meth:`Scrubber.sweep`). Values shorter than
  :data:`MIN_SWEPT_LENGTH` are only replaced where their field is.
* HTTP Basic credentials are replaced whole; cookies are dropped.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, unquote

from sectra_client.recording._sensitive import sensitive_names

__all__ = ["MIN_SWEPT_LENGTH", "SCRUBBED_BASIC", "Scrubber"]

MIN_SWEPT_LENGTH = 4
"""Known sensitive values at least this long are replaced wherever they appear."""
SCRUBBED_BASIC = "Basic SCRUBBED"
"""What an HTTP Basic ``Authorization`` header is recorded as."""
_DROPPED_HEADERS = frozenset({"cookie", "set-cookie", "proxy-authorization"})
_FILENAME = re.compile(r'(filename\*?=)("?)([^";]*)("?)', re.IGNORECASE)


class Scrubber:
    """Replaces secrets and patient data with consistent placeholders (thread-safe).

    ``origins`` maps real origins (``https://pacs.hospital.org``) to the neutral ones a
    recording shows instead (``https://sectra.example``).
    """

    def __init__(self, origins: Mapping[str, str] | None = None) -> None:
        self._lock = threading.Lock()
        self._placeholders: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._origins = dict(origins or {})
        names = sensitive_names()
        self._phi_fields = names.phi_fields
        self._secret_fields = names.secret_fields
        self._phi_parameters = names.phi_parameters
        self._secret_parameters = names.secret_parameters

    def add_origin(self, origin: str, neutral: str) -> None:
        """Show ``origin`` as ``neutral`` from now on (e.g. a proxy's own address)."""
        with self._lock:
            self._origins[origin] = neutral

    # --- placeholders -------------------------------------------------------------------------

    def phi(self, value: str, name: str) -> str:
        """The placeholder of patient data ``value`` found in field or parameter ``name``."""
        return self._placeholder(value, f"PHI-{name}")

    def secret(self, value: str) -> str:
        """The placeholder of secret ``value``."""
        return self._placeholder(value, "TOKEN")

    def _placeholder(self, value: str, prefix: str) -> str:
        with self._lock:
            known = self._placeholders.get(value)
            if known is not None:
                return known
            if value in self._placeholders.values():
                return value
            count = self._counts.get(prefix, 0) + 1
            self._counts[prefix] = count
            placeholder = f"{prefix}-{count}"
            self._placeholders[value] = placeholder
            return placeholder

    def sweep(self, text: str) -> str:
        """``text`` with every known sensitive value (and every real origin) replaced."""
        with self._lock:
            origins = list(self._origins.items())
            known = sorted(self._placeholders.items(), key=lambda item: -len(item[0]))
        for origin, neutral in origins:
            text = text.replace(origin, neutral)
        for value, placeholder in known:
            if len(value) < MIN_SWEPT_LENGTH:
                continue
            for spelling in {value, quote(value, safe=""), quote(value)}:
                text = text.replace(spelling, placeholder)
        return text

    # --- structured data ----------------------------------------------------------------------

    def json(self, value: Any) -> Any:
        """A copy of a parsed JSON value with every sensitive field's value replaced."""
        if isinstance(value, dict):
            return {key: self._field(key, item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, str):
            return self.sweep(value)
        return value

    def _field(self, name: str, value: Any) -> Any:
        if name in self._secret_fields:
            return self._every_string(value, self.secret)
        if name in self._phi_fields:
            return self._every_string(value, lambda text: self.phi(text, name))
        return self.json(value)

    def _every_string(self, value: Any, replace: Any) -> Any:
        """``value`` with every string in it (keys of objects too) replaced."""
        if isinstance(value, str):
            return replace(value)
        if isinstance(value, dict):
            return {replace(key): self._every_string(item, replace) for key, item in value.items()}
        if isinstance(value, list):
            return [self._every_string(item, replace) for item in value]
        if value is None or isinstance(value, bool):
            return value
        return replace(str(value))

    def query(self, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """Query parameters with sensitive values replaced."""
        scrubbed = []
        for name, value in pairs:
            if name in self._secret_parameters:
                value = self.secret(value)
            elif name in self._phi_parameters:
                value = self.phi(value, name)
            else:
                value = self.sweep(value)
            scrubbed.append((name, value))
        return scrubbed

    def path(self, raw_path: str, phi_segments: Mapping[int, str]) -> str:
        """A percent-encoded path with the segments at ``phi_segments`` (index → parameter
        name) replaced by placeholders, and known values swept from the rest."""
        segments = raw_path.split("/")
        for index, name in phi_segments.items():
            if 0 <= index < len(segments) and segments[index]:
                segments[index] = quote(self.phi(unquote(segments[index]), name), safe="")
        return self.sweep("/".join(segments))

    def headers(self, headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """Headers with credentials replaced, cookies dropped and known values swept."""
        scrubbed = []
        for name, value in headers:
            lower = name.lower()
            if lower in _DROPPED_HEADERS:
                continue
            if lower == "authorization":
                value = self._authorization(value)
            elif lower == "content-disposition":
                value = _FILENAME.sub(_neutral_filename, self.sweep(value))
            else:
                value = self.sweep(value)
            scrubbed.append((name, value))
        return scrubbed

    def _authorization(self, value: str) -> str:
        scheme, _, credential = value.strip().partition(" ")
        if scheme.lower() == "bearer" and credential.strip():
            return f"Bearer {self.secret(credential.strip())}"
        return SCRUBBED_BASIC if scheme.lower() == "basic" else "SCRUBBED"


def _neutral_filename(match: re.Match[str]) -> str:
    """``filename="ACC123 slide.svs"`` → ``filename="file.svs"``: a name may hold patient
    data; its extension says the format."""
    name = match[3]
    extension = name.rsplit(".", 1)[1] if "." in name else ""
    safe_extension = extension if re.fullmatch(r"[A-Za-z0-9]{1,8}", extension) else ""
    neutral = f"file.{safe_extension}" if safe_extension else "file"
    return f"{match[1]}{match[2]}{neutral}{match[4]}"
