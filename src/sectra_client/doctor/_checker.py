"""How ``sectra doctor`` checks one call: send it, record it, and list every way its answer
differs from the contract (status, version headers, version gate, openapi-core's strict
validation, this library's tolerant models)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Any

import httpx

from sectra_client._spec import spec_text
from sectra_client._versions import parse_api_version
from sectra_client.doctor._http import Call, Exchange, Prober
from sectra_client.doctor._report import CallRecord, Deviation, DoctorReport, Finding
from sectra_client.doctor._strict import strict_deviations
from sectra_client.doctor._tolerant import tolerant_deviations

__all__ = ["DOCTOR", "Checker", "status_text"]

DOCTOR = ("doctor",)
"""Which check found a deviation: the call's expected outcome."""
_SERVER_HEADERS = ("X-Sectra-ApiVersion", "X-Sectra-SoftwareVersion")
_ROUND_TRIP_FIELDS = ("displayResult", "applicationVersion", "displayProperties", "data")


@functools.cache
def _operations() -> dict[str, dict[str, Any]]:
    """Each operation of the contract by ``operationId``: its ``x-sectra-since`` and
    whether that version is unconfirmed."""
    spec = json.loads(spec_text("json"))
    found: dict[str, dict[str, Any]] = {}
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = operation
    return found


class Checker:
    """Sends doctor's calls to one server and collects what they show in :attr:`report`."""

    def __init__(self, base_url: str, token: str, timeout: httpx.Timeout) -> None:
        self.base_url = base_url
        self.prober = Prober(base_url, token, timeout=timeout)
        self.report = DoctorReport()
        self.server_version: tuple[int, int] | None = None

    def close(self) -> None:
        self.prober.close()

    def use_token(self, token: str) -> None:
        """Send the calls that follow with ``token``."""
        timeout = self.prober.timeout
        self.prober.close()
        self.prober = Prober(self.base_url, token, timeout=timeout)

    def check(self, call: Call, expected: Iterable[int]) -> Exchange:
        """Send ``call``; record it and every way its answer differs from the contract."""
        answer = self.prober.send(call)
        self.record(answer)
        operation = call.operation
        if answer.status is None:
            self.deviation(
                Deviation("call-failed", operation, "", f"no answer ({answer.failure})", DOCTOR)
            )
            return answer
        expected = tuple(expected)
        if answer.status not in expected:
            wanted = " or ".join(str(status) for status in expected)
            self.deviation(
                Deviation(
                    "status",
                    operation,
                    "",
                    f"{call.label}: status {answer.status}; the contract says {wanted}",
                    DOCTOR,
                )
            )
        for name in _SERVER_HEADERS:
            if name not in answer.headers:
                self.deviation(
                    Deviation(
                        "header",
                        operation,
                        name,
                        "the server's version header is missing",
                        DOCTOR,
                    )
                )
        self.version_gate(answer)
        for deviation in strict_deviations(answer, self.base_url):
            self.deviation(deviation)
        if 200 <= answer.status < 300 and answer.body:
            for deviation in tolerant_deviations(operation, answer.body):
                self.deviation(deviation)
        return answer

    def version_gate(self, answer: Exchange) -> None:
        """Whether the server serves the operation as its ``/info`` version says it should."""
        operation = _operations()[answer.call.operation]
        since_text = str(operation.get("x-sectra-since", "1.5"))
        since = parse_api_version(since_text)
        if self.server_version is None or since is None or answer.status is None:
            return
        served = 200 <= answer.status < 300
        if since > self.server_version and served:
            detail = (
                f"served, though /info reports IA-API {self.report.api_version} and the "
                f"contract says since {since_text}"
            )
            self.deviation(Deviation("version-gate", answer.call.operation, "", detail, DOCTOR))
        elif since <= self.server_version and answer.status == 405:
            detail = (
                f"not served (405), though /info reports IA-API "
                f"{self.report.api_version} and the contract says since {since_text}"
            )
            self.deviation(Deviation("version-gate", answer.call.operation, "", detail, DOCTOR))
        if operation.get("x-sectra-since-unconfirmed") and served:
            self.fact(
                f"{answer.call.operation} (since {since_text}, unconfirmed)",
                f"served by IA-API {self.report.api_version}",
            )

    def trailing_slash(self, call: Call, plain: Exchange) -> None:
        """Send ``call`` again with a trailing slash; it must answer as ``plain`` did."""
        slashed = Call(
            call.label + ", trailing slash",
            call.operation,
            call.method,
            call.template,
            call.params,
            call.query,
            trailing_slash=True,
        )
        answer = self.prober.send(slashed)
        self.record(answer)
        self.fact(f"status of {call.method} {call.template}/", status_text(answer))
        if answer.status != plain.status:
            detail = (
                f"{call.method} {call.template}/ answered {status_text(answer)}; without "
                f"the slash {status_text(plain)} (the contract: the same operation)"
            )
            self.deviation(Deviation("trailing-slash", call.operation, "", detail, DOCTOR))

    def kept(self, answer: Exchange, sent: dict[str, Any]) -> dict[str, Any] | None:
        """The stored result in ``answer``, after checking it kept what was ``sent``."""
        if answer.status is None or not 200 <= answer.status < 300:
            return None
        try:
            stored = json.loads(answer.body)
        except ValueError:
            return None
        if not isinstance(stored, dict) or not isinstance(stored.get("id"), int):
            return None
        if not isinstance(stored.get("versionId"), str):
            return None
        for name in _ROUND_TRIP_FIELDS:
            if name in sent and name not in stored:
                self.deviation(
                    Deviation(
                        "missing-field",
                        answer.call.operation,
                        name,
                        "sent, but missing from the answer (the server did not keep it)",
                        DOCTOR,
                    )
                )
        return stored

    def current_version(self, answer: Exchange, fallback: str) -> str:
        """The ``versionId`` in ``answer``, else ``fallback``."""
        try:
            version = json.loads(answer.body)["versionId"]
        except (ValueError, KeyError, TypeError):
            return fallback
        return version if isinstance(version, str) else fallback

    def record(self, answer: Exchange) -> None:
        """Add the call to the report (label, status, latency, size; no ids, no body)."""
        call = answer.call
        self.report.calls.append(
            CallRecord(
                call.label,
                call.operation,
                call.method,
                call.template + ("/" if call.trailing_slash else ""),
                answer.status,
                round(answer.seconds, 4),
                len(answer.body),
                answer.failure,
            )
        )

    def deviation(self, deviation: Deviation) -> None:
        """Add a deviation from the contract to the report."""
        self.report.add_deviation(deviation)

    def fact(self, question: str, answer: str) -> None:
        """Answer one of the open questions about the server, once."""
        if all(finding.question != question for finding in self.report.findings):
            self.report.findings.append(Finding(question, answer))


def status_text(answer: Exchange) -> str:
    """The answer's status, or why there was none."""
    return str(answer.status) if answer.status is not None else f"no answer ({answer.failure})"
