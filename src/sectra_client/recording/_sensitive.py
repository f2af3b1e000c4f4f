"""What the contract marks as patient data or as a secret, by field and parameter name."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sectra_client._spec import spec_text

__all__ = ["SensitiveNames", "sensitive_names"]


@dataclass(frozen=True)
class SensitiveNames:
    """Names the spec marks ``x-sectra-phi`` (patient data) or ``x-sectra-secret``.

    Attributes:
        phi_fields: JSON property names holding patient data (``accessionNumber``, ...).
        secret_fields: JSON property names holding secrets (``token``, ``access_token``).
        phi_parameters: path and query parameters holding patient data.
        secret_parameters: path and query parameters holding secrets (``sessionToken``).
    """

    phi_fields: frozenset[str]
    secret_fields: frozenset[str]
    phi_parameters: frozenset[str]
    secret_parameters: frozenset[str]


@functools.cache
def sensitive_names() -> SensitiveNames:
    """The sensitive names of the bundled ``openapi/sectra.yaml``."""
    spec = json.loads(spec_text("json"))
    phi_fields: set[str] = set()
    secret_fields: set[str] = set()
    for schema in _schemas(spec["components"]["schemas"]):
        for name, prop in schema.get("properties", {}).items():
            if prop.get("x-sectra-phi"):
                phi_fields.add(name)
            if prop.get("x-sectra-secret"):
                secret_fields.add(name)
    phi_parameters: set[str] = set()
    secret_parameters: set[str] = set()
    for parameter in _parameters(spec):
        if parameter.get("x-sectra-phi"):
            phi_parameters.add(parameter["name"])
        if parameter.get("x-sectra-secret"):
            secret_parameters.add(parameter["name"])
    return SensitiveNames(
        frozenset(phi_fields),
        frozenset(secret_fields),
        frozenset(phi_parameters),
        frozenset(secret_parameters),
    )


def _schemas(value: Any) -> Iterator[dict[str, Any]]:
    """Every schema object nested anywhere in ``value``."""
    if isinstance(value, dict):
        if "properties" in value:
            yield value
        for item in value.values():
            yield from _schemas(item)
    elif isinstance(value, list):
        for item in value:
            yield from _schemas(item)


def _parameters(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from spec["components"].get("parameters", {}).values()
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                for parameter in operation.get("parameters", []):
                    if "name" in parameter:
                        yield parameter
