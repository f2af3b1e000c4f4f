"""Handlers per action, registered by decorator or passed in, and the job functions.

A handler is a plain function or a coroutine function. A plain one receives a
:class:`~sectra_client.SectraClient` and runs on a worker thread; a coroutine function receives
an :class:`~sectra_client.AsyncSectraClient` and runs on the event loop. Either way the client
is connected to the invocation's ``callbackInfo`` and closed when the handler returns.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias, TypeVar

from sectra_client import AsyncSectraClient, SectraClient
from sectra_client.schemas import (
    CancelInvocation,
    CreateInvocation,
    DeleteInvocation,
    ModifyInvocation,
    NewImageFilesInvocation,
    PatchAction,
    Result,
    ResultResponse,
)
from sectra_client.webhook._job import Job
from sectra_client.webhook._results import AnyResult

__all__ = [
    "CancelHandler",
    "CreateHandler",
    "CreateOutcome",
    "DeleteHandler",
    "HandlerRegistry",
    "ImageNotificationHandler",
    "JobFunction",
    "JobNames",
    "ModifyHandler",
    "ModifyOutcome",
    "NotificationOutcome",
    "PatchActionHandler",
    "StartJob",
    "is_async_handler",
]

JobFunction: TypeAlias = Callable[[Job], AnyResult]
"""A background analysis: receives its :class:`Job`, returns the final result."""


@dataclass(frozen=True)
class StartJob:
    """What a create or image-notification handler returns to run the analysis in the
    background: the toolkit stores ``placeholder`` at once (so it has an id), replies with it,
    and hands the job to the runner; the job then updates that result in place.

    Attributes:
        job: the job function (registered with ``@webhook.job()``) or its registered name.
        placeholder: the result shown until the job ends; None stores ``Queued`` with no shapes.
    """

    job: str | JobFunction
    placeholder: Result | None = None


CreateOutcome: TypeAlias = Result | ResultResponse | StartJob
"""A create handler's return: a ``ResultResponse`` it stored itself, a ``Result`` for the
toolkit to store, or :class:`StartJob`."""

ModifyOutcome: TypeAlias = AnyResult | None
"""A modify or patch-action handler's return: the result to store in place of the modified one
(a ``ResultResponse`` the handler already stored is returned as it is), or None to store the
invocation's ``input`` as the user left it."""

NotificationOutcome: TypeAlias = Result | ResultResponse | StartJob | None
"""An image-notification handler's return: a result to store on the new slide,
:class:`StartJob`, or None."""

CreateHandler: TypeAlias = (
    Callable[[CreateInvocation, SectraClient], CreateOutcome]
    | Callable[[CreateInvocation, AsyncSectraClient], Awaitable[CreateOutcome]]
)
ModifyHandler: TypeAlias = (
    Callable[[ModifyInvocation, SectraClient], ModifyOutcome]
    | Callable[[ModifyInvocation, AsyncSectraClient], Awaitable[ModifyOutcome]]
)
PatchActionHandler: TypeAlias = (
    Callable[[ModifyInvocation, PatchAction, SectraClient], ModifyOutcome]
    | Callable[[ModifyInvocation, PatchAction, AsyncSectraClient], Awaitable[ModifyOutcome]]
)
CancelHandler: TypeAlias = (
    Callable[[CancelInvocation, SectraClient], None]
    | Callable[[CancelInvocation, AsyncSectraClient], Awaitable[None]]
)
DeleteHandler: TypeAlias = (
    Callable[[DeleteInvocation, SectraClient], None]
    | Callable[[DeleteInvocation, AsyncSectraClient], Awaitable[None]]
)
ImageNotificationHandler: TypeAlias = (
    Callable[[NewImageFilesInvocation, SectraClient], NotificationOutcome]
    | Callable[[NewImageFilesInvocation, AsyncSectraClient], Awaitable[NotificationOutcome]]
)

_Create = TypeVar("_Create", bound=CreateHandler)
_Modify = TypeVar("_Modify", bound=ModifyHandler)
_PatchAction = TypeVar("_PatchAction", bound=PatchActionHandler)
_Cancel = TypeVar("_Cancel", bound=CancelHandler)
_Delete = TypeVar("_Delete", bound=DeleteHandler)
_Notification = TypeVar("_Notification", bound=ImageNotificationHandler)
_Job = TypeVar("_Job", bound=JobFunction)


def is_async_handler(handler: Callable[..., Any]) -> bool:
    """Whether calling ``handler`` gives a coroutine (a coroutine function, or an object whose
    ``__call__`` is one)."""
    return inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(
        getattr(handler, "__call__", None)  # noqa: B004 - looking for an async __call__
    )


class JobNames(Protocol):
    """Names registered job functions (what deciding a reply needs of the registry)."""

    def job_name(self, job: str | JobFunction) -> str: ...


class HandlerRegistry:
    """The handlers of one app, one per action, and its named job functions.

    Each ``on_*`` method registers its handler and returns it unchanged, so it works as a
    decorator. Registering a second handler for the same action raises ``ValueError``.
    """

    def __init__(self) -> None:
        self.create_handler: CreateHandler | None = None
        self.modify_handler: ModifyHandler | None = None
        self.patch_action_handler: PatchActionHandler | None = None
        self.cancel_handler: CancelHandler | None = None
        self.delete_handler: DeleteHandler | None = None
        self.notification_handler: ImageNotificationHandler | None = None
        self._jobs: dict[str, JobFunction] = {}

    def on_create(self, handler: _Create) -> _Create:
        """Register the handler of ``create`` invocations (a user ran the app).

        It returns the result to show: a ``Result`` (the toolkit stores it), a
        ``ResultResponse`` it stored itself, or :class:`StartJob` for a background analysis.
        """
        self.create_handler = _only_one(self.create_handler, handler, "create")
        return handler

    def on_modify(self, handler: _Modify) -> _Modify:
        """Register the handler of ``modify`` invocations (a user edited a result). Without
        one, the edited result is stored as the user left it."""
        self.modify_handler = _only_one(self.modify_handler, handler, "modify")
        return handler

    def on_patch_action(self, handler: _PatchAction) -> _PatchAction:
        """Register the handler of patch-gallery buttons: a ``modify`` whose result has a
        pressed action (``state == 1``). It receives the pressed action; the toolkit resets
        the button before storing. Without one, button presses go to the modify handler."""
        self.patch_action_handler = _only_one(self.patch_action_handler, handler, "patch action")
        return handler

    def on_cancel(self, handler: _Cancel) -> _Cancel:
        """Register a handler of ``cancel`` invocations. Matching background jobs are
        signalled whether or not there is one; the reply is always ``[]``."""
        self.cancel_handler = _only_one(self.cancel_handler, handler, "cancel")
        return handler

    def on_delete(self, handler: _Delete) -> _Delete:
        """Register a handler of ``delete`` invocations (a user deleted a result; the
        invocation's ``input`` is that result). The reply is always ``{}``."""
        self.delete_handler = _only_one(self.delete_handler, handler, "delete")
        return handler

    def on_image_notification(self, handler: _Notification) -> _Notification:
        """Register the handler of image notifications (a new slide was imported). It may
        return a result to store or :class:`StartJob`; the reply is always ``{}``."""
        self.notification_handler = _only_one(
            self.notification_handler, handler, "image notification"
        )
        return handler

    def job(self, name: str | None = None) -> Callable[[_Job], _Job]:
        """Register a background job function under ``name`` (default: the function's
        ``__name__``), for :class:`StartJob`. A job function is a plain function: it runs on a
        worker thread, or in a worker process of a task queue.

        Raises:
            ValueError: another job is registered under that name.
        """

        def register(function: _Job) -> _Job:
            key = name or function.__name__
            if key in self._jobs and self._jobs[key] is not function:
                raise ValueError(f"a job named {key!r} is already registered")
            self._jobs[key] = function
            return function

        return register

    def job_function(self, name: str) -> JobFunction | None:
        """The job function registered under ``name``, if any."""
        return self._jobs.get(name)

    def job_name(self, job: str | JobFunction) -> str:
        """The registered name of ``job`` (a name or a registered function).

        Raises:
            LookupError: ``job`` is not registered.
        """
        if isinstance(job, str):
            if job not in self._jobs:
                raise LookupError(f"no job is registered as {job!r} (use @webhook.job())")
            return job
        for key, function in self._jobs.items():
            if function is job:
                return key
        label = getattr(job, "__name__", type(job).__name__)
        raise LookupError(f"the job function {label!r} is not registered (use @webhook.job())")


_H = TypeVar("_H")


def _only_one(registered: object, handler: _H, action: str) -> _H:
    if registered is not None and registered is not handler:
        raise ValueError(f"a {action} handler is already registered")
    return handler
