"""Reading invocation bodies, with errors that name the field and never echo a value.

Pydantic's own error reports carry the offending input, which for an invocation may be the
callback token or patient data. The messages made here name each bad field by its JSON path
(``callbackInfo.url: Field required``), say what was expected, and leave values out.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from sectra_client._redact import scrub
from sectra_client.schemas import Invocation, NewImageFilesInvocation
from sectra_client.schemas._open import readable_errors

__all__ = ["InvalidInvocation", "read_invocation", "read_notification"]

_INVOCATION: TypeAdapter[Invocation] = TypeAdapter(Invocation)
_NOTIFICATION: TypeAdapter[NewImageFilesInvocation] = TypeAdapter(NewImageFilesInvocation)
_TAG_KEYS = ("action", "type")
_TAG_ERRORS = ("union_tag_invalid", "union_tag_not_found")
_MAX_PROBLEMS = 5

T = TypeVar("T")


class InvalidInvocation(ValueError):
    """The body is not a valid invocation; the message names the fields (no values)."""


def read_invocation(body: bytes) -> Invocation:
    """The invocation in a ``POST U`` body, as its concrete class.

    Raises:
        InvalidInvocation: the body is not JSON or not a valid invocation.
    """
    return _read(_INVOCATION, body, "invocation")


def read_notification(body: bytes) -> NewImageFilesInvocation:
    """The ``newImageFiles`` invocation in a ``POST U/imagenotification`` body.

    Raises:
        InvalidInvocation: the body is not JSON or not a valid image notification.
    """
    return _read(_NOTIFICATION, body, "image notification")


def _read(adapter: TypeAdapter[T], body: bytes, what: str) -> T:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise InvalidInvocation(f"invalid {what}: the body is not JSON") from None
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        problems = [_describe(item, data) for item in readable_errors(error)]
        shown = "; ".join(problems[:_MAX_PROBLEMS])
        if len(problems) > _MAX_PROBLEMS:
            shown += f"; and {len(problems) - _MAX_PROBLEMS} more"
        message = scrub(f"invalid {what}: {shown}", _secrets(data))
        raise InvalidInvocation(message) from None


def _describe(item: Any, data: Any) -> str:
    location = tuple(item.get("loc", ()))
    if item.get("type") in _TAG_ERRORS:
        location += (str(item.get("ctx", {}).get("discriminator", "")).strip("'"),)
    path = _json_path(location, data)
    return f"{path or 'body'}: {item.get('msg', 'invalid')}"


def _json_path(location: tuple[int | str, ...], data: Any) -> str:
    """The dotted path of ``location`` in ``data``, without the union tags pydantic adds
    (``("create", "callbackInfo", "url")`` → ``"callbackInfo.url"``)."""
    parts: list[str] = []
    current: Any = data
    for part in location:
        if _contains(current, part):
            current = current[part]
        elif isinstance(current, dict) and any(current.get(key) == part for key in _TAG_KEYS):
            continue
        else:
            current = None
        parts.append(f"[{part}]" if isinstance(part, int) else str(part))
    return ".".join(parts).replace(".[", "[")


def _contains(value: Any, part: int | str) -> bool:
    if isinstance(value, dict):
        return isinstance(part, str) and part in value
    return isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)


def _secrets(data: Any) -> list[str]:
    callback = data.get("callbackInfo") if isinstance(data, dict) else None
    token = callback.get("token") if isinstance(callback, dict) else None
    return [token] if isinstance(token, str) else []
