"""The tolerant check: each answer read by sectra-client's own models, which keep what they
do not know; what they kept is what the contract does not list.

* unknown fields: kept as a model's extra fields;
* unknown enum values: an open enum (``Enum | str``) holding a plain value;
* unknown union tags: an open union read as its catch-all (``UnknownResultContent``, ...).

An answer the models cannot read at all gives one deviation per error, by location and kind.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from sectra_client.doctor._paths import field_path, shown_value
from sectra_client.doctor._report import Deviation, DeviationKind
from sectra_client.schemas import (
    Application,
    ApplicationInfo,
    CaseImageInfo,
    ImageInfo,
    ResultResponse,
    TokenResponse,
    UnknownCreateInput,
    UnknownResultContent,
)
from sectra_client.schemas._open import OpenEnum, readable_errors

_MODELS_CHECK = ("models",)
"""Which check found a deviation: this library's tolerant models."""

__all__ = ["MODELS", "tolerant_deviations"]

MODELS: dict[str, TypeAdapter[Any]] = {
    "getServerInfo": TypeAdapter(ApplicationInfo),
    "getSlideInfo": TypeAdapter(ImageInfo),
    "getCaseImagesBySlide": TypeAdapter(list[CaseImageInfo]),
    "listSlideResults": TypeAdapter(list[ResultResponse]),
    "getApplication": TypeAdapter(Application),
    "createResult": TypeAdapter(ResultResponse),
    "getResult": TypeAdapter(ResultResponse),
    "updateResult": TypeAdapter(ResultResponse),
    "requestToken": TypeAdapter(TokenResponse),
}
"""The model each JSON-answering operation is read with."""

_CATCH_ALLS: tuple[type[BaseModel], ...] = (UnknownResultContent, UnknownCreateInput)
_MISSING = frozenset({"missing"})
_TYPE_ERRORS_SUFFIXES = ("_type", "_parsing")


def tolerant_deviations(operation: str, body: bytes) -> Iterator[Deviation]:
    """What the models kept but do not know, or could not read, in ``body`` (a 2xx JSON
    answer of ``operation``); nothing for operations without a JSON answer."""
    adapter = MODELS.get(operation)
    if adapter is None:
        return
    try:
        parsed = adapter.validate_json(body)
    except ValidationError as error:
        yield from _errors(operation, error)
        return
    yield from _walk(operation, parsed, [])


def _errors(operation: str, error: ValidationError) -> Iterator[Deviation]:
    for item in readable_errors(error):
        location = [part for part in item["loc"] if isinstance(part, str | int)]
        kind: DeviationKind
        if item["type"] in _MISSING:
            kind, detail = "missing-field", "required field missing"
        elif item["type"].endswith(_TYPE_ERRORS_SUFFIXES):
            kind, detail = "type-mismatch", f"the models cannot read it ({item['type']})"
        elif item["type"] == "json_invalid":
            kind, detail = "content-type", "the body is not valid JSON"
        else:
            kind, detail = "schema", f"the models refuse it ({item['type']})"
        yield Deviation(kind, operation, field_path(location), detail, _MODELS_CHECK)


def _walk(operation: str, value: Any, location: list[str | int]) -> Iterator[Deviation]:
    if isinstance(value, BaseModel):
        yield from _model(operation, value, location)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(operation, item, [*location, index])
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(operation, item, [*location, str(key)])


def _model(operation: str, model: BaseModel, location: list[str | int]) -> Iterator[Deviation]:
    if isinstance(model, _CATCH_ALLS):
        tag = getattr(model, "type", None)
        detail = f"type {shown_value(tag)} is not a tag the contract lists"
        path = field_path([*location, "type"])
        yield Deviation("unknown-union-tag", operation, path, detail, _MODELS_CHECK)
        return
    for name in model.model_extra or {}:
        path = field_path([*location, name])
        yield Deviation(
            "unknown-field", operation, path, "a field the contract does not list", _MODELS_CHECK
        )
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None:
            continue
        if _is_open_enum(field.metadata) and not isinstance(value, enum.Enum):
            known = ", ".join(_known_values(field.annotation))
            detail = f"value {shown_value(value)} is not among {known}"
            yield Deviation(
                "unknown-enum-value",
                operation,
                field_path([*location, name]),
                detail,
                _MODELS_CHECK,
            )
            continue
        if isinstance(value, BaseModel | list) or (isinstance(value, dict) and name != "context"):
            yield from _walk(operation, value, [*location, name])


def _is_open_enum(metadata: Sequence[object]) -> bool:
    return any(isinstance(marker, OpenEnum) for marker in metadata)


def _known_values(annotation: object) -> list[str]:

    for choice in typing.get_args(annotation):
        if isinstance(choice, type) and issubclass(choice, enum.Enum):
            return [str(member.value) for member in choice]
    return []
