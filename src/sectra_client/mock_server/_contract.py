"""The contract an app's webhook replies must keep, checked reply by reply.

Each check answers a :class:`ContractReport`: the rules the reply breaks (``problems``) and the
deviations Sectra evidently tolerates (``warnings``), one sentence each, naming exactly what is
wrong. Sectra's own example apps leave out the ``X-Sectra-*`` reply headers and answer
``create`` with an empty body, and work: those two are warnings. Everything else is a problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import ValidationError

from sectra_client.mock_server._state import StoredResult
from sectra_client.schemas import Invocation, ModifyInvocation, ResultResponse, UnknownInvocation
from sectra_client.schemas._open import readable_errors

__all__ = [
    "ContractReport",
    "ResultLookup",
    "check_invocation_reply",
    "check_notification_reply",
]

_API_VERSION = re.compile(r"[0-9]+\.[0-9]+")
_OK_STATUSES = (200, 201)


@dataclass
class ContractReport:
    """What is wrong with a reply.

    Attributes:
        problems: the rules the reply breaks.
        warnings: deviations Sectra evidently tolerates; fix them anyway.
    """

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class ResultLookup(Protocol):
    """Where the stored results are looked up."""

    def stored_result(self, application_id: str, result_id: int) -> StoredResult | None:
        """The stored result, or ``None``."""
        ...


def check_invocation_reply(
    invocation: Invocation,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    results: ResultLookup,
) -> ContractReport:
    """What is wrong with an app's reply to ``invocation``.

    ``headers`` must look names up case-insensitively (e.g. ``httpx.Headers``). The rules:
    status 200 (or 201); both ``X-Sectra-*`` headers (a warning when left out); for ``create``
    and ``modify`` the result as stored on the server (its ``id`` exists there, on the invoked
    slide, with a ``versionId`` the server issued; for ``modify`` the modified result's id; an
    empty ``create`` reply is a warning); ``[]`` for ``cancel``; ``{}`` for ``delete``; nothing
    or ``{}`` for ``newImageFiles``; anything for an action this library does not know.
    """
    action = invocation.action
    report = _header_report(action, headers)
    report.problems[:0] = _status_problems(action, status)
    if status not in _OK_STATUSES or isinstance(invocation, UnknownInvocation):
        return report
    if action == "newImageFiles":
        report.problems += _empty_object_problems(action, body, allow_empty=True)
        return report
    if action == "create" and not body.strip():
        report.warnings.append(
            "create: the reply is empty; return the stored result (Sectra evidently tolerates "
            "an empty reply, which its own examples send)"
        )
        return report
    data, problem = _json(action, body)
    if problem:
        report.problems.append(problem)
    elif action == "cancel" and data != []:
        report.problems.append(
            f"cancel: the reply must be [] (an empty JSON array), got {_shape(data)}"
        )
    elif action == "delete" and data != {}:
        report.problems.append(
            f"delete: the reply must be {{}} (an empty JSON object), got {_shape(data)}"
        )
    elif action in ("create", "modify"):
        report.problems += _stored_result_problems(invocation, data, results)
    return report


def check_notification_reply(
    status: int, headers: Mapping[str, str], body: bytes
) -> ContractReport:
    """What is wrong with an app's reply to an image notification: it must be 200 with an
    empty body or ``{}``, and should carry both ``X-Sectra-*`` headers."""
    action = "imagenotification"
    report = _header_report(action, headers)
    if status != 200:
        report.problems.insert(
            0, f"{action}: the app answered {status}; a notification is answered 200"
        )
    else:
        report.problems += _empty_object_problems(action, body, allow_empty=True)
    return report


def _status_problems(action: str, status: int) -> list[str]:
    if status in _OK_STATUSES:
        return []
    return [f"{action}: the app answered {status}; an invocation is answered 200 (or 201)"]


def _header_report(action: str, headers: Mapping[str, str]) -> ContractReport:
    """Missing ``X-Sectra-*`` headers are warnings; a version that is not one is a problem."""
    report = ContractReport()
    api_version = headers.get("x-sectra-apiversion")
    if not api_version:
        report.warnings.append(
            f"{action}: the reply lacks the X-Sectra-ApiVersion header "
            "(the IA-API version the app targets, e.g. 1.10)"
        )
    elif not _API_VERSION.fullmatch(api_version.strip()):
        report.problems.append(
            f"{action}: the reply's X-Sectra-ApiVersion {api_version!r} is not a version like 1.10"
        )
    if not headers.get("x-sectra-softwareversion"):
        report.warnings.append(
            f"{action}: the reply lacks the X-Sectra-SoftwareVersion header (the app's version)"
        )
    return report


def _empty_object_problems(action: str, body: bytes, *, allow_empty: bool) -> list[str]:
    if allow_empty and not body.strip():
        return []
    data, problem = _json(action, body)
    if problem:
        return [problem]
    if data != {}:
        return [f"{action}: the reply must be empty or {{}}, got {_shape(data)}"]
    return []


def _stored_result_problems(invocation: Invocation, data: Any, results: ResultLookup) -> list[str]:
    action = invocation.action
    if not isinstance(data, dict):
        return [
            f"{action}: the reply must be the stored result (a JSON object), got {_shape(data)}"
        ]
    if "id" not in data:
        return [
            f"{action}: the reply has no id; store the result first "
            f"(POST /applications/{invocation.applicationId}/results) and return what the "
            "server answered"
        ]
    try:
        reply = ResultResponse.model_validate(data)
    except ValidationError as error:
        fields = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
            for item in readable_errors(error)
        )
        return [f"{action}: the reply is not a stored result (ResultResponse): {fields}"]
    problems = []
    if isinstance(invocation, ModifyInvocation) and reply.id != invocation.input.id:
        problems.append(
            f"modify: the reply is result {reply.id}, not the modified result {invocation.input.id}"
        )
    stored = results.stored_result(invocation.applicationId, reply.id)
    if stored is None:
        problems.append(
            f"{action}: result {reply.id} of application {invocation.applicationId!r} is not "
            "stored on the server; store it before replying"
        )
        return problems
    if reply.slideId != invocation.slideId:
        problems.append(
            f"{action}: the reply is a result on slide {reply.slideId!r}, "
            f"not on the invoked slide {invocation.slideId!r}"
        )
    if reply.versionId not in stored.versions:
        problems.append(
            f"{action}: versionId {reply.versionId!r} was never issued for result {reply.id}; "
            "return the result as the server answered it"
        )
    return problems


def _json(action: str, body: bytes) -> tuple[Any, str]:
    try:
        return json.loads(body), ""
    except ValueError:
        return None, f"{action}: the reply body is not JSON"


def _shape(data: Any) -> str:
    """What a JSON value is, without its values (which may hold patient data)."""
    if isinstance(data, dict):
        keys = ", ".join(sorted(map(str, data))[:8])
        return f"an object with keys {keys}" if keys else "{}"
    if isinstance(data, list):
        return f"an array of {len(data)} items" if data else "[]"
    return f"a JSON {type(data).__name__}"
