"""The contract an app's webhook replies must keep, checked reply by reply.

Each check answers a list of problems, one sentence each, naming exactly what is wrong; an
empty list means the reply is correct.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Protocol

from pydantic import ValidationError

from sectra_client.mock_server._state import StoredResult
from sectra_client.schemas import Invocation, ModifyInvocation, ResultResponse

__all__ = ["ResultLookup", "invocation_reply_problems", "notification_reply_problems"]

_API_VERSION = re.compile(r"[0-9]+\.[0-9]+")
_OK_STATUSES = (200, 201)


class ResultLookup(Protocol):
    """Where the stored results are looked up."""

    def stored_result(self, application_id: str, result_id: int) -> StoredResult | None:
        """The stored result, or ``None``."""
        ...


def invocation_reply_problems(
    invocation: Invocation,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    results: ResultLookup,
) -> list[str]:
    """What is wrong with an app's reply to ``invocation``.

    ``headers`` must look names up case-insensitively (e.g. ``httpx.Headers``). The rules:
    status 200 (or 201); both ``X-Sectra-*`` headers; for ``create`` and ``modify`` the
    result as stored on the server (its ``id`` exists there, on the invoked slide, with a
    ``versionId`` the server issued; for ``modify`` the modified result's id); ``[]`` for
    ``cancel``; ``{}`` for ``delete``; nothing or ``{}`` for ``newImageFiles``.
    """
    action = invocation.action
    problems = _status_problems(action, status) + _header_problems(action, headers)
    if status not in _OK_STATUSES:
        return problems
    if action == "newImageFiles":
        return problems + _empty_object_problems(action, body, allow_empty=True)
    data, problem = _json(action, body)
    if problem:
        return [*problems, problem]
    if action == "cancel" and data != []:
        problems.append(f"cancel: the reply must be [] (an empty JSON array), got {_shape(data)}")
    elif action == "delete" and data != {}:
        problems.append(
            f"delete: the reply must be {{}} (an empty JSON object), got {_shape(data)}"
        )
    elif action in ("create", "modify"):
        problems += _stored_result_problems(invocation, data, results)
    return problems


def notification_reply_problems(status: int, headers: Mapping[str, str], body: bytes) -> list[str]:
    """What is wrong with an app's reply to an image notification: it must be 200 with an
    empty body or ``{}``, and carry both ``X-Sectra-*`` headers."""
    action = "imagenotification"
    problems = _header_problems(action, headers)
    if status != 200:
        return [f"{action}: the app answered {status}; a notification is answered 200", *problems]
    return problems + _empty_object_problems(action, body, allow_empty=True)


def _status_problems(action: str, status: int) -> list[str]:
    if status in _OK_STATUSES:
        return []
    return [f"{action}: the app answered {status}; an invocation is answered 200 (or 201)"]


def _header_problems(action: str, headers: Mapping[str, str]) -> list[str]:
    problems = []
    api_version = headers.get("x-sectra-apiversion")
    if not api_version:
        problems.append(
            f"{action}: the reply lacks the X-Sectra-ApiVersion header "
            "(the IA-API version the app targets, e.g. 1.10)"
        )
    elif not _API_VERSION.fullmatch(api_version.strip()):
        problems.append(
            f"{action}: the reply's X-Sectra-ApiVersion {api_version!r} is not a version like 1.10"
        )
    if not headers.get("x-sectra-softwareversion"):
        problems.append(
            f"{action}: the reply lacks the X-Sectra-SoftwareVersion header (the app's version)"
        )
    return problems


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
            for item in error.errors(include_input=False, include_url=False)
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
