"""Building the invocations Sectra sends to an app, correct for every action."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel

from sectra_client.schemas import (
    CallbackInfo,
    ImageInfo,
    Invocation,
    ResultResponse,
    parse_invocation,
)

__all__ = ["InvocationAction", "make_invocation"]

InvocationAction = Literal["create", "modify", "cancel", "delete", "newImageFiles"]


def make_invocation(
    action: InvocationAction,
    *,
    application_id: str,
    slide_id: str,
    callback_info: CallbackInfo,
    input: BaseModel | dict[str, Any] | None = None,
    image_info: ImageInfo | None = None,
    context: dict[str, Any] | None = None,
    cancellation_token: str | None = None,
) -> Invocation:
    """An invocation of ``action``, validated against the schema.

    ``input`` is what the action runs on: for ``create`` a ``CreateInput`` (default: the whole
    slide); for ``modify`` and ``delete`` the stored ``ResultResponse`` (required). ``cancel``
    takes none; ``newImageFiles`` needs ``image_info``. A fresh ``cancellationToken`` is made up
    unless given.

    Raises:
        ValueError: an input the action needs is missing.
        pydantic.ValidationError: the parts do not make a valid invocation.
    """
    data: dict[str, Any] = {
        "action": action,
        "applicationId": application_id,
        "slideId": slide_id,
        "callbackInfo": callback_info.model_dump(mode="json"),
        "context": context if context is not None else {},
        "cancellationToken": cancellation_token or str(uuid.uuid4()),
    }
    if action == "create":
        data["input"] = _json(input) if input is not None else {"type": "wholeSlide"}
    elif action in ("modify", "delete"):
        if input is None:
            raise ValueError(f"a {action} invocation needs the stored result as its input")
        data["input"] = _json(ResultResponse.model_validate(_json(input)))
    elif action == "newImageFiles":
        if image_info is None:
            raise ValueError("a newImageFiles invocation needs the slide's image info")
        data["imageInfo"] = image_info.model_dump(mode="json")
        data["input"] = {"type": "wholeSlide"}
    return parse_invocation(data)


def _json(value: BaseModel | dict[str, Any]) -> dict[str, Any]:
    if isinstance(value, BaseModel):
        dumped: dict[str, Any] = value.model_dump(mode="json")
        return dumped
    return dict(value)
