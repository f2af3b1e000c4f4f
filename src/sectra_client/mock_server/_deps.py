"""What the mock's routes share: the backend, decoded path parameters, strict query and body
parsing, and slide lookup."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, HTTPException, Query, Request
from pydantic import BaseModel, ValidationError

from sectra_client.mock_server._backend import MockBackend
from sectra_client.mock_server._context import context_of
from sectra_client.mock_server._state import SlideRecord

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
    try:
        data = json.loads(raw, parse_float=_number, parse_constant=_not_json)
    except ValueError:
        raise HTTPException(400, "Bad Request: the body is not valid JSON") from None
    try:
        parsed = model.model_validate_json(json.dumps(data), strict=True)
    except ValidationError as error:
        raise HTTPException(422, validation_message(error, "body")) from None
    problems = list(_loose_values(parsed, data, "body."))
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
    for item in error.errors(include_input=False, include_url=False):
        location = ".".join(str(part) for part in (prefix, *item["loc"]))
        lines.append(f"{location}: {item['msg']}")
    return "; ".join(lines)


def _loose_values(value: object, raw: object, location: str) -> Iterator[str]:
    """What strict pydantic still lets through but the spec's JSON Schema refuses: ``null``
    for fields that are not nullable (all but ``context``) and booleans for numbers."""
    if isinstance(value, BaseModel) and isinstance(raw, dict):
        declared = type(value).model_fields
        for name in value.model_fields_set & declared.keys():
            item, raw_item = getattr(value, name), raw.get(name)
            if raw_item is None and name != "context":
                yield f"{location}{name}: must not be null"
            elif isinstance(raw_item, bool) and not isinstance(item, bool):
                yield f"{location}{name}: must not be a boolean"
            else:
                yield from _loose_values(item, raw_item, f"{location}{name}.")
    elif isinstance(value, list) and isinstance(raw, list):
        for index, (item, raw_item) in enumerate(zip(value, raw, strict=False)):
            yield from _loose_values(item, raw_item, f"{location}{index}.")
