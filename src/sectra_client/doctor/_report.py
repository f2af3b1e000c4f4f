"""What ``sectra doctor`` found: the calls it made, the deviations, and the facts it settled.

Everything here is safe to send to the sectra-client maintainers: field paths, JSON types,
counts, statuses, header names, latencies and the values of our own enum-like fields. It holds
no URL, no id, no token and no value of a field marked ``x-sectra-phi``; the code that fills
it only ever writes those kinds of things (see ``_tolerant`` and ``_strict``).
"""

from __future__ import annotations

import json
import typing
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = [
    "DEVIATION_KINDS",
    "CallRecord",
    "Deviation",
    "DeviationKind",
    "DoctorReport",
    "Finding",
]

DeviationKind = Literal[
    "unknown-field",
    "unknown-enum-value",
    "unknown-union-tag",
    "missing-field",
    "type-mismatch",
    "schema",
    "status",
    "header",
    "content-type",
    "trailing-slash",
    "version-gate",
    "call-failed",
]
DEVIATION_KINDS: tuple[DeviationKind, ...] = typing.get_args(DeviationKind)
"""Every kind of deviation, in the order reports list them."""


@dataclass(frozen=True)
class Deviation:
    """One way the server differs from ``openapi/sectra.yaml``.

    Attributes:
        kind: what differs (one of :data:`DEVIATION_KINDS`).
        operation: the spec's ``operationId`` of the call that showed it.
        path: where in the body (``qualityControl.status``, ``[].staining``), or the header
            name; empty for the whole response.
        detail: what was expected and what came, in the contract's words.
        count: how many times it was seen.
        found_by: which check saw it: ``spec`` (openapi-core against the contract),
            ``models`` (sectra-client's tolerant models), ``doctor`` (the call's expected
            outcome).
    """

    kind: DeviationKind
    operation: str
    path: str
    detail: str
    found_by: tuple[str, ...] = ()
    count: int = 1


@dataclass(frozen=True)
class CallRecord:
    """One call doctor made.

    Attributes:
        label: what the call was for (``slide info, extended``, ``tile of level 12``).
        operation: the spec's ``operationId``.
        method: the HTTP method.
        path: the spec's path template (``/slides/{slideId}/info``), never the ids in it.
        status: the HTTP status, ``None`` when no answer came.
        seconds: how long the answer took (to its last byte).
        size: the body's size in bytes.
        failure: why no answer came (the exception's class name), else empty.
    """

    label: str
    operation: str
    method: str
    path: str
    status: int | None
    seconds: float
    size: int = 0
    failure: str = ""


@dataclass(frozen=True)
class Finding:
    """A fact about the server that the contract could not know (``stale versionId``:
    ``409``)."""

    question: str
    answer: str


@dataclass
class DoctorReport:
    """The result of one ``sectra doctor`` run.

    Attributes:
        api_version: the IA-API version the server reports (``/info``), if it answered.
        software_version: the Sectra version it reports.
        wrote: whether results were written (``--write``).
        calls: every call, in order.
        deviations: every deviation, merged (the same kind, operation and path once).
        findings: facts settled by the run.
        notes: what was left out and why (no slide given, ...).
    """

    api_version: str | None = None
    software_version: str | None = None
    wrote: bool = False
    calls: list[CallRecord] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add_deviation(self, deviation: Deviation) -> None:
        """Record ``deviation``, merged with an earlier one of the same kind, operation and
        path (counts add up, checks that saw it are joined)."""
        key = (deviation.kind, deviation.operation, deviation.path)
        for index, known in enumerate(self.deviations):
            if (known.kind, known.operation, known.path) == key:
                self.deviations[index] = Deviation(
                    known.kind,
                    known.operation,
                    known.path,
                    known.detail,
                    tuple(sorted({*known.found_by, *deviation.found_by})),
                    known.count + deviation.count,
                )
                return
        self.deviations.append(deviation)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (what ``--json`` writes)."""
        return {
            "tool": "sectra doctor",
            "server": {"apiVersion": self.api_version, "softwareVersion": self.software_version},
            "wrote": self.wrote,
            "summary": {"calls": len(self.calls), "deviations": len(self.deviations)},
            "deviations": [asdict(deviation) for deviation in self.sorted_deviations()],
            "findings": [asdict(finding) for finding in self.findings],
            "calls": [asdict(call) for call in self.calls],
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        """The report as indented JSON."""
        return json.dumps(self.as_dict(), indent=2) + "\n"

    def sorted_deviations(self) -> list[Deviation]:
        """The deviations by kind (in :data:`DEVIATION_KINDS` order), then operation."""
        order = {kind: index for index, kind in enumerate(DEVIATION_KINDS)}
        return sorted(
            self.deviations, key=lambda item: (order[item.kind], item.operation, item.path)
        )
