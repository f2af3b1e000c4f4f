"""How the toolkit writes results: placeholders, progress, final and status texts, buttons.

Every function returns a new model and leaves its arguments as they were. Status texts are
shown to pathologists in the annotation list (``displayResult``) and in the result's popup
(``displayProperties``: ``Status`` and ``Progress``).
"""

from __future__ import annotations

from typing import Any, TypeAlias

from sectra_client.schemas import (
    CreateInvocation,
    NewImageFilesInvocation,
    PatchActionState,
    PatchResultContent,
    PrimitiveResultContent,
    Result,
    ResultData,
    ResultFields,
    ResultResponse,
)

__all__ = [
    "AnyResult",
    "cancelled",
    "failed",
    "has_pressed_button",
    "placeholder_for",
    "progress_text",
    "progressed",
    "released_buttons",
    "replaced_by",
    "with_status",
]

AnyResult: TypeAlias = Result | ResultFields
"""A result a handler or job may give to store: a new :class:`Result`, or one read back and
edited (a ``ResultResponse``, a ``VersionedResult``)."""

QUEUED = "Queued"
RUNNING = "Running"
STATUS = "Status"
PROGRESS = "Progress"


def placeholder_for(
    invocation: CreateInvocation | NewImageFilesInvocation, app_version: str
) -> Result:
    """The result stored at once for a background job: ``Queued``, with no shapes yet."""
    return Result(
        slideId=invocation.slideId,
        displayResult=QUEUED,
        displayProperties={STATUS: QUEUED},
        applicationVersion=app_version,
        data=ResultData(result=PrimitiveResultContent(content=[])),
    )


def progress_text(fraction: float) -> str:
    """``0.4`` → ``"40 %"``.

    Raises:
        ValueError: ``fraction`` is not between 0 and 1.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"progress is a fraction from 0 to 1, got {fraction!r}")
    return f"{round(fraction * 100)} %"


def progressed(current: ResultResponse, fraction: float, message: str | None) -> ResultResponse:
    """``current`` showing a running job: ``Status: Running``, ``Progress: 40 %`` and the
    display result ``"<message or Running>: 40 %"``; everything else kept."""
    shown = progress_text(fraction)
    properties = {**(current.displayProperties or {}), STATUS: RUNNING, PROGRESS: shown}
    return current.model_copy(
        update={
            "displayResult": f"{message or 'Running'}: {shown}",
            "displayProperties": properties,
        }
    )


def with_status(current: ResultResponse, status: str, display_result: str) -> ResultResponse:
    """``current`` with ``display_result`` shown, ``Status: <status>`` and no ``Progress``."""
    properties = {
        name: value for name, value in (current.displayProperties or {}).items() if name != PROGRESS
    }
    properties[STATUS] = status
    return current.model_copy(
        update={"displayResult": display_result, "displayProperties": properties}
    )


def cancelled(current: ResultResponse) -> ResultResponse:
    """``current`` marked as cancelled by the user: ``Cancelled``."""
    return with_status(current, "Cancelled", "Cancelled")


def failed(current: ResultResponse) -> ResultResponse:
    """``current`` marked as failed: ``Analysis failed``, ``Status: Failed``."""
    return with_status(current, "Failed", "Analysis failed")


def replaced_by(desired: AnyResult, current: ResultResponse) -> ResultResponse:
    """``desired``'s content under ``current``'s ``id`` and ``versionId`` (unknown fields of
    ``desired`` kept)."""
    data: dict[str, Any] = desired.model_dump(mode="json")
    data.update(id=current.id, versionId=current.versionId)
    return ResultResponse.model_validate(data)


def has_pressed_button(result: AnyResult) -> bool:
    """Whether ``result`` is a patch gallery with a pressed button (``state == 1``)."""
    content = result.data.result if result.data is not None else None
    if not isinstance(content, PatchResultContent):
        return False
    return any(action.state == PatchActionState.PRESSED for action in content.content.actions or [])


def released_buttons(result: AnyResult) -> AnyResult:
    """``result`` with every patch-gallery button reset to not pressed (``state`` 0)."""
    if not has_pressed_button(result):
        return result
    data: dict[str, Any] = result.model_dump(mode="json")
    for action in data["data"]["result"]["content"]["actions"]:
        action["state"] = int(PatchActionState.NOT_PRESSED)
    return type(result).model_validate(data)
