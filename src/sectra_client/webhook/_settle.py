"""The reply rules for results: what to store once a handler has returned, and storing it.

- ``create``: a ``ResultResponse`` the handler returns is already stored; a plain ``Result`` is
  stored now; :class:`StartJob` stores its placeholder and names the job to start.
- ``modify``: the handler's result (or, for None, the invocation's ``input``) is stored in place
  of the modified result, with every pressed patch-gallery button reset. A ``ResultResponse``
  for the modified result with a newer ``versionId`` than the input's is already stored.
- image notifications: like ``create``, and None stores nothing.

Deciding is pure (:func:`settle_create`, ...); :func:`store` and :func:`store_async` do the I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from sectra_client import AsyncSectraClient, SectraClient
from sectra_client.schemas import (
    CreateInvocation,
    ModifyInvocation,
    NewImageFilesInvocation,
    Result,
    ResultFields,
    ResultResponse,
)
from sectra_client.webhook._handlers import JobNames, StartJob
from sectra_client.webhook._results import (
    AnyResult,
    has_pressed_button,
    placeholder_for,
    released_buttons,
    replaced_by,
)

__all__ = [
    "HandlerOutcomeError",
    "Settlement",
    "settle_create",
    "settle_modify",
    "settle_notification",
    "store",
    "store_async",
]


class HandlerOutcomeError(TypeError):
    """A handler returned something its action does not allow, or an unregistered job."""


@dataclass(frozen=True)
class Settlement:
    """What to store after a handler returned (at most one of the first three is set).

    Attributes:
        stored: the handler stored this result itself; reply with it.
        create: store this as a new result.
        replacement: store this in place of result ``replace_id``.
        replace_id: see ``replacement``.
        job: the registered name of the job to start on the stored result.
    """

    stored: ResultResponse | None = None
    create: Result | None = None
    replacement: AnyResult | None = None
    replace_id: int = 0
    job: str | None = None


def settle_create(
    invocation: CreateInvocation,
    outcome: object,
    registry: JobNames,
    app_version: str,
) -> Settlement:
    """What to store for a create handler's ``outcome``.

    Raises:
        HandlerOutcomeError: ``outcome`` is not a ``Result``, a stored ``ResultResponse`` or
            :class:`StartJob`, or names an unregistered job.
    """
    return _settle_new_result(
        invocation, outcome, registry, app_version, "the create handler", "a Result"
    )


def settle_notification(
    invocation: NewImageFilesInvocation,
    outcome: object,
    registry: JobNames,
    app_version: str,
) -> Settlement:
    """What to store for an image-notification handler's ``outcome``.

    Raises:
        HandlerOutcomeError: ``outcome`` is not None, a ``Result``, a stored ``ResultResponse``
            or :class:`StartJob`, or names an unregistered job.
    """
    if outcome is None:
        return Settlement()
    return _settle_new_result(
        invocation,
        outcome,
        registry,
        app_version,
        "the image notification handler",
        "None, a Result",
    )


def settle_modify(invocation: ModifyInvocation, outcome: object) -> Settlement:
    """What to store for a modify or patch-action handler's ``outcome``.

    Raises:
        HandlerOutcomeError: ``outcome`` is not None or a ``Result``.
    """
    modified = invocation.input
    if outcome is None:
        desired: AnyResult = modified
    elif isinstance(outcome, Result | ResultFields):
        desired = outcome
    else:
        raise HandlerOutcomeError(
            f"the modify handler returned {_kind(outcome)}; return None or a Result"
        )
    already_stored = (
        isinstance(desired, ResultResponse)
        and desired.id == modified.id
        and desired.versionId != modified.versionId
        and not has_pressed_button(desired)
    )
    if already_stored:
        assert isinstance(desired, ResultResponse)
        return Settlement(stored=desired)
    return Settlement(replacement=released_buttons(desired), replace_id=modified.id)


def store(client: SectraClient, application_id: str, plan: Settlement) -> ResultResponse | None:
    """Carry out ``plan`` with ``client``; the stored result, or None if nothing is stored."""
    if plan.stored is not None:
        return plan.stored
    if plan.create is not None:
        return client.create_result(application_id, plan.create)
    if plan.replacement is not None:
        change = partial(replaced_by, plan.replacement)
        return client.modify_result(application_id, plan.replace_id, change)
    return None


async def store_async(
    client: AsyncSectraClient, application_id: str, plan: Settlement
) -> ResultResponse | None:
    """:func:`store` with an async client."""
    if plan.stored is not None:
        return plan.stored
    if plan.create is not None:
        return await client.create_result(application_id, plan.create)
    if plan.replacement is not None:
        change = partial(replaced_by, plan.replacement)
        return await client.modify_result(application_id, plan.replace_id, change)
    return None


def _settle_new_result(
    invocation: CreateInvocation | NewImageFilesInvocation,
    outcome: object,
    registry: JobNames,
    app_version: str,
    handler: str,
    accepted: str,
) -> Settlement:
    """What to store for an ``outcome`` that creates a result: a ``Result`` is created, a stored
    ``ResultResponse`` kept, a :class:`StartJob` starts its job on a placeholder."""
    if isinstance(outcome, StartJob):
        return _start(invocation, outcome, registry, app_version)
    if isinstance(outcome, ResultResponse):
        return Settlement(stored=outcome)
    if isinstance(outcome, Result):
        return Settlement(create=outcome)
    raise HandlerOutcomeError(
        f"{handler} returned {_kind(outcome)}; return {accepted}, a stored ResultResponse or "
        "StartJob"
    )


def _start(
    invocation: CreateInvocation | NewImageFilesInvocation,
    start: StartJob,
    registry: JobNames,
    app_version: str,
) -> Settlement:
    try:
        name = registry.job_name(start.job)
    except LookupError as error:
        raise HandlerOutcomeError(str(error)) from None
    if isinstance(start.placeholder, ResultResponse):
        return Settlement(stored=start.placeholder, job=name)
    placeholder = start.placeholder or placeholder_for(invocation, app_version)
    return Settlement(create=placeholder, job=name)


def _kind(value: object) -> str:
    return "None" if value is None else f"a {type(value).__name__}"
