"""Field paths and JSON type names, the only words doctor uses to say where and what."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["field_path", "json_type", "shown_name", "shown_value"]

_READABLE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,47}")


def field_path(location: Sequence[str | int]) -> str:
    """``["focalPlanes", 0, "id"]`` → ``focalPlanes[].id``: list positions are left out, so
    the same field of every item is one path."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += "[]"
        else:
            text += ("." if text else "") + shown_name(part)
    return text


def shown_name(name: str) -> str:
    """A field name as reports show it: as it is when it reads like a field name, else a
    stand-in (a server's key could hold anything)."""
    return name if _READABLE.fullmatch(name) else "<unreadable name>"


def shown_value(value: object) -> str:
    """An enum-like value as reports show it: quoted when it reads like an enum value, else
    its type and length only."""
    if isinstance(value, str) and _READABLE.fullmatch(value):
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    length = f", {len(value)} characters" if isinstance(value, str) else ""
    return f"<a {json_type(value)}{length}>"


def json_type(value: object) -> str:
    """The JSON type name of a parsed JSON value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    return "object"
