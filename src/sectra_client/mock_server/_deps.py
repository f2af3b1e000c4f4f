"""What the mock's routes share: the backend, decoded path parameters, strict query and body
parsing, and slide lookup."""

from __future__ import annotations

import contextlib
import functools
import json
import typing
from collections.abc import Callable
from enum import IntEnum
from typing import Annotated, TypeVar

from fastapi import Depends, HTTPException, Query, Request
from pydantic import BaseModel, ValidationError

from sectra_client._parsing import GC_PAUSE_THRESHOLD, collector_paused
from sectra_client.mock_server._backend import MockBackend
from sectra_client.mock_server._context import context_of
from sectra_client.mock_server._state import SlideRecord
from sectra_client.schemas._open import readable_errors

__all__ = [
    "AccessionNumber",
    "ApplicationId",
    "Backend",
    "IncludePhi",
    "SlideId",
    "TileName",
    "json_body",
    "require_slide",
    "validation_message",
]

ModelT = TypeVar("ModelT", bound=BaseModel)


def _backend(request: Request) -> MockBackend:
    backend = request.app.state.mock_backend
    assert isinstance(backend, MockBackend)
    return backend


def _path_parameter(name: str) -> Callable[[Request], str]:
    def decoded(request: Request) -> str:
        return context_of(request.scope).params[name]

    decoded.__name__ = f"path_{name}"
    return decoded


def _include_phi(
    include_phi: Annotated[str | None, Query(alias="includePHI")] = None,
) -> bool:
    if include_phi is None:
        return False
    if include_phi.lower() not in ("true", "false"):
        raise HTTPException(422, "query.includePHI: must be true or false")
    return include_phi.lower() == "true"


Backend = Annotated[MockBackend, Depends(_backend)]
"""The server's configuration and current state."""
SlideId = Annotated[str, Depends(_path_parameter("slideId"))]
ApplicationId = Annotated[str, Depends(_path_parameter("applicationId"))]
AccessionNumber = Annotated[str, Depends(_path_parameter("accessionNumber"))]
TileName = Annotated[str, Depends(_path_parameter("tileName"))]
IncludePhi = Annotated[bool, Depends(_include_phi)]
"""``includePHI``: ``true`` or ``false`` (any case); absent means false."""


def require_slide(backend: MockBackend, slide_id: str) -> SlideRecord:
    """The slide; unknown ones are made up unless the server is strict.

    Raises:
        HTTPException: 404 on a strict server for an unregistered slide.
    """
    slide = backend.state.slide(slide_id, create=not backend.config.strict)
    if slide is None:
        raise HTTPException(404, f"Not Found: no slide {slide_id!r}")
    return slide


async def json_body(request: Request, model: type[ModelT]) -> ModelT:
    """The request body validated as ``model``, as strictly as the spec's JSON Schema.

    ``null`` in an optional field reads as the field left out (see :func:`_settle`).

    Raises:
        HTTPException: 415 when the body is not ``application/json``, 400 when it is not
            JSON, 422 naming each field that breaks the schema.
    """
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise HTTPException(415, "Unsupported Media Type: send the body as application/json")
    raw = await request.body()
    if not raw.strip():
        raise HTTPException(422, "body: a JSON body is required")
    # A large result allocates an object per point; the paused collector does not rescan them.
    paused = collector_paused() if len(raw) >= GC_PAUSE_THRESHOLD else contextlib.nullcontext()
    with paused:
        return _validated(raw, model)


def _validated(raw: bytes, model: type[ModelT]) -> ModelT:
    try:
        data = json.loads(raw, parse_float=_number, parse_constant=_not_json)
    except ValueError:
        raise HTTPException(400, "Bad Request: the body is not valid JSON") from None
    try:
        parsed = model.model_validate_json(json.dumps(data), strict=True)
    except ValidationError as error:
        raise HTTPException(422, validation_message(error, "body")) from None
    problems: list[str] = []
    _settle(parsed, data, "body.", problems)
    if problems:
        raise HTTPException(422, "; ".join(problems))
    return parsed


def _number(text: str) -> float | int:
    """A JSON number; whole ones as ``int``, since JSON Schema's ``integer`` includes ``2.0``."""
    value = float(text)
    return int(value) if value.is_integer() else value


def _not_json(text: str) -> float:
    raise ValueError(f"{text} is not JSON")


def validation_message(error: ValidationError, prefix: str) -> str:
    """One line per problem, each naming the field: ``body.data.result: Field required``."""
    lines = []
    for item in readable_errors(error):
        location = ".".join(str(part) for part in (prefix, *item["loc"]))
        lines.append(f"{location}: {item['msg']}")
    return "; ".join(lines)


def _settle(value: object, raw: object, location: str, problems: list[str]) -> None:
    """Finish what strict pydantic leaves to do on a parsed body: add to ``problems`` what
    the spec's JSON Schema refuses but pydantic let through (``null`` for a required field, a
    boolean for an integer enum), and make each ``null`` of an optional field absent.

    ``null`` for an optional field: the spec does not allow it, but Sectra accepts it (the
    PyPI client ``sectra-image-analysis-api`` sends ``"style": null``, ``"attachments":
    null`` and the like, and it works against real servers). A .NET server reads ``null`` and
    absent alike, so the mock stores and echoes the result without the field (or with its
    default), as if it had been left out. ``context`` is nullable in the spec and keeps its
    own reading (``null`` is ``{}``).
    """
    if isinstance(value, BaseModel) and isinstance(raw, dict):
        declared = type(value).model_fields
        for name in _fields_to_settle(type(value)) & value.model_fields_set:
            item, raw_item = getattr(value, name), raw.get(name)
            field = declared[name]
            if raw_item is None and name != "context":
                if field.is_required():
                    problems.append(f"{location}{name}: must not be null")
                else:
                    setattr(value, name, field.get_default(call_default_factory=True))
                    value.model_fields_set.discard(name)
            elif isinstance(raw_item, bool) and not isinstance(item, bool):
                problems.append(f"{location}{name}: must not be a boolean")
            else:
                _settle(item, raw_item, f"{location}{name}.", problems)
    elif isinstance(value, list) and isinstance(raw, list):
        for index, (item, raw_item) in enumerate(zip(value, raw, strict=False)):
            _settle(item, raw_item, f"{location}{index}.", problems)


@functools.cache
def _fields_to_settle(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` where :func:`_settle` may find something: optional ones (a
    ``null``), integer enums (a boolean), and models with such fields inside. Skipping the
    rest keeps a 200,000-point polygon from being walked point by point."""
    return frozenset(
        name
        for name, field in model.model_fields.items()
        if not field.is_required() or _may_hide_loose_values(field.annotation)
    )


def _may_hide_loose_values(annotation: object) -> bool:
    if isinstance(annotation, type):
        if issubclass(annotation, IntEnum):
            return True
        if issubclass(annotation, BaseModel):
            return bool(_fields_to_settle(annotation))
    return any(_may_hide_loose_values(argument) for argument in typing.get_args(annotation))
