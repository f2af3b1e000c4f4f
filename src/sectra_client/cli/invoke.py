"""``sectra invoke``: fire an invocation at an app, as Sectra would, and check its reply.

The invocation's ``callbackInfo`` points at a running server given by ``--url``/``--token``
(a ``sectra mock``, or a test Sectra), or, without them, at a mock started for the command.
The reply is checked against the contract of the inbound API: status, version headers, and
the reply each action must give (the stored result for ``create`` and ``modify``, ``[]`` for
``cancel``, ``{}`` for ``delete`` and notifications). What Sectra evidently tolerates (no
version headers, an empty reply to ``create``: its own example apps do both) is reported as a
warning, not as a broken rule.
"""

from __future__ import annotations

import contextlib
import json
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, cast

import httpx
import typer

from sectra_client._extras import require_extra
from sectra_client.cli._common import (
    EXIT_CONNECTION,
    EXIT_CONTRACT,
    CommandFailed,
    TokenOption,
    UrlOption,
    echo_json,
    open_client,
    reported_errors,
)
from sectra_client.errors import NotFoundError
from sectra_client.schemas import CallbackInfo, Registration, ResultResponse

if TYPE_CHECKING:
    from sectra_client import SectraClient
    from sectra_client.mock_server import InvocationAction, MockSectraServer
    from sectra_client.mock_server._state import StoredResult

__all__ = ["Action", "invoke", "register"]

RUNNING_STATUSES = ("Queued", "Running")
"""``Status`` display properties of a result whose background job has not finished."""
_POLL_SECONDS = 0.1


class Action(StrEnum):
    """What the invocation asks the app to do."""

    CREATE = "create"
    MODIFY = "modify"
    CANCEL = "cancel"
    DELETE = "delete"
    NOTIFY = "newImageFiles"


@dataclass
class InvokeReport:
    """What happened: the reply, the broken rules, the tolerated deviations, and the final
    result if waited for."""

    action: Action
    status: int | None
    reply: Any
    problems: list[str]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    final: ResultResponse | None = None


def register(app: typer.Typer) -> None:
    """Add the ``invoke`` command to the ``sectra`` app."""
    app.command("invoke")(invoke)


def invoke(
    webhook: Annotated[
        str,
        typer.Option(
            "--webhook",
            help="The app's registered URL U (invocations are POSTed to it).",
            show_default=False,
        ),
    ],
    slide: Annotated[
        str, typer.Option("--slide", help="The slide the app runs on.", show_default=False)
    ],
    action: Annotated[
        Action, typer.Option("--action", help="The invocation's action.")
    ] = Action.CREATE,
    app_id: Annotated[
        str | None,
        typer.Option(
            "--app-id", help="The application id; default: the one the app's registration gives."
        ),
    ] = None,
    result_id: Annotated[
        int | None,
        typer.Option(
            "--result-id",
            help="modify and delete: the stored result they are about (with the embedded "
            "mock, default: a sample result stored first).",
        ),
    ] = None,
    wait: Annotated[
        bool,
        typer.Option(
            "--wait", help="create: wait until the app's background job finished the result."
        ),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(min=0.1, help="Seconds to wait for the reply, and with --wait, the job."),
    ] = 60.0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as one JSON object.")
    ] = False,
    url: UrlOption = None,
    token: TokenOption = None,
) -> None:
    """Fire a correct invocation at an app as Sectra does, and check the app's reply.

    Without --url, a mock Sectra server is started for the command: its callbacks work until
    the command ends, so use --wait for an app that works in the background.
    Exit code 7 means the reply breaks the contract.
    """
    with reported_errors(token):
        require_extra("fastapi", "mock", "sectra invoke")
        application_id = app_id or _registered_application_id(webhook)
        try:
            if url is None and token is None:
                report = _invoke_embedded(
                    webhook, slide, action, application_id, result_id, wait, timeout
                )
            else:
                with open_client(url, token) as client:
                    callback = CallbackInfo(url=str(url), token=str(token))
                    report = _invoke_remote(
                        client,
                        callback,
                        webhook,
                        slide,
                        action,
                        application_id,
                        result_id,
                        wait,
                        timeout,
                    )
        except httpx.TransportError as error:
            raise CommandFailed(
                f"the app at {webhook} did not answer: {type(error).__name__}: {error}",
                EXIT_CONNECTION,
            ) from None
        _show(report, as_json)
        if report.problems:
            raise CommandFailed(
                f"the reply breaks the contract in {len(report.problems)} way(s)", EXIT_CONTRACT
            )


def _registered_application_id(webhook: str) -> str:
    """The applicationId of the registration the app serves at ``GET U``."""
    try:
        response = httpx.get(webhook, timeout=10.0)
        response.raise_for_status()
        return Registration.model_validate_json(response.content).applicationId
    except (httpx.HTTPError, ValueError):
        raise CommandFailed(
            f"could not read the app's registration at GET {webhook}: pass --app-id"
        ) from None


def _invoke_embedded(
    webhook: str,
    slide: str,
    action: Action,
    application_id: str,
    result_id: int | None,
    wait: bool,
    timeout: float,
) -> InvokeReport:
    from sectra_client.errors import WebhookContractError
    from sectra_client.mock_server import MockSectraServer, WebhookContractWarning

    with MockSectraServer().run(port=0, host="127.0.0.1") as mock:
        if action in (Action.MODIFY, Action.DELETE) and result_id is None:
            result_id = _sample_result(mock, application_id, slide).id
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always", WebhookContractWarning)
            try:
                if action is Action.NOTIFY:
                    reply: Any = mock.notify(webhook, slide, application_id, timeout=timeout)
                else:
                    invocation = mock.build_invocation(
                        cast("InvocationAction", action.value),
                        slide,
                        application_id,
                        result_id=result_id,
                    )
                    reply = mock.trigger(webhook, invocation, timeout=timeout)
            except WebhookContractError as error:
                return InvokeReport(action, None, None, error.problems, _messages(warned))
            except KeyError as error:
                raise CommandFailed(str(error.args[0]) if error.args else str(error)) from None
        report = InvokeReport(action, 200, reply, [], _messages(warned))
        if wait and action is Action.CREATE and _stored_id(reply) is not None:
            report.final = _wait(lambda: mock.get_result(application_id, reply["id"]), timeout)
        return report


def _messages(warned: list[warnings.WarningMessage]) -> list[str]:
    return [str(warning.message) for warning in warned]


def _stored_id(reply: Any) -> object:
    """The ``id`` of a reply that is a stored result, else None (an empty reply)."""
    return reply.get("id") if isinstance(reply, dict) else None


def _sample_result(mock: MockSectraServer, application_id: str, slide: str) -> ResultResponse:
    from sectra_client.schemas import PrimitiveResultContent, Result, ResultData

    return mock.add_result(
        application_id,
        Result(
            slideId=slide,
            displayResult="Stored by sectra invoke",
            applicationVersion="0",
            data=ResultData(result=PrimitiveResultContent(content=[])),
        ),
    )


def _invoke_remote(
    client: SectraClient,
    callback: CallbackInfo,
    webhook: str,
    slide: str,
    action: Action,
    application_id: str,
    result_id: int | None,
    wait: bool,
    timeout: float,
) -> InvokeReport:
    from sectra_client.mock_server._contract import (
        check_invocation_reply,
        check_notification_reply,
    )
    from sectra_client.mock_server._invocations import make_invocation
    from sectra_client.mock_server._webhooks import notification_url, post_invocation

    server = client.get_server_info()
    stored_input = None
    if action in (Action.MODIFY, Action.DELETE):
        if result_id is None:
            raise CommandFailed(f"--action {action.value} needs --result-id")
        stored_input = client.get_result(application_id, result_id)
    invocation = make_invocation(
        action.value,
        application_id=application_id,
        slide_id=slide,
        callback_info=callback,
        input=stored_input,
        image_info=client.get_slide_info(slide) if action is Action.NOTIFY else None,
    )
    target = notification_url(webhook) if action is Action.NOTIFY else webhook
    response = post_invocation(
        target,
        invocation,
        api_version=server.apiVersion,
        software_version=server.softwareVersion,
        timeout=timeout,
    )
    reply = _reply_json(response.content)
    if action is Action.NOTIFY:
        checked = check_notification_reply(response.status_code, response.headers, response.content)
        return InvokeReport(action, response.status_code, reply, checked.problems, checked.warnings)
    lookup = _ServerResults(client, reply)
    checked = check_invocation_reply(
        invocation, response.status_code, response.headers, response.content, lookup
    )
    report = InvokeReport(
        action, response.status_code, reply, checked.problems, checked.warnings, lookup.notes
    )
    if wait and action is Action.CREATE and not checked.problems and _stored_id(reply) is not None:
        report.final = _wait(lambda: client.get_result(application_id, reply["id"]), timeout)
    return report


class _ServerResults:
    """Stored results as a running server shows them: it reveals the current ``versionId``
    only, so a reply's older one (the app's job may have updated the result since) is taken
    on trust and noted."""

    def __init__(self, client: SectraClient, reply: Any) -> None:
        self._client = client
        self._reply_version = reply.get("versionId") if isinstance(reply, dict) else None
        self.notes: list[str] = []

    def stored_result(self, application_id: str, result_id: int) -> StoredResult | None:
        from sectra_client.mock_server._state import StoredResult

        try:
            stored = self._client.get_result(application_id, result_id)
        except NotFoundError:
            return None
        versions = {stored.versionId}
        if isinstance(self._reply_version, str) and self._reply_version != stored.versionId:
            versions.add(self._reply_version)
            self.notes.append(
                f"result {result_id} has changed since the reply (versionId "
                f"{stored.versionId} now); the reply's versionId could not be checked"
            )
        return StoredResult(application_id, stored, versions)


def _reply_json(content: bytes) -> Any:
    with contextlib.suppress(ValueError):
        return json.loads(content) if content.strip() else {}
    return None


def _wait(read: Any, timeout: float) -> ResultResponse:
    """Read the result until its ``Status`` is no longer ``Queued`` or ``Running``."""
    deadline = time.monotonic() + timeout
    while True:
        result: ResultResponse = read()
        status = (result.displayProperties or {}).get("Status")
        if status not in RUNNING_STATUSES:
            return result
        if time.monotonic() > deadline:
            raise CommandFailed(f"the result was still {status!r} after {timeout:g} s")
        time.sleep(_POLL_SECONDS)


def _show(report: InvokeReport, as_json: bool) -> None:
    if as_json:
        echo_json(
            {
                "action": report.action.value,
                "status": report.status,
                "reply": report.reply,
                "contract": {
                    "ok": not report.problems,
                    "problems": report.problems,
                    "warnings": report.warnings,
                },
                "notes": report.notes,
                "final": report.final.model_dump(mode="json") if report.final else None,
            }
        )
        return
    for line in _report_lines(report):
        typer.echo(line)


def _report_lines(report: InvokeReport) -> Iterator[str]:
    warned = (f"warning: {warning}" for warning in report.warnings)
    if report.problems:
        yield f"{report.action.value}: the reply breaks the contract:"
        yield from (f"  - {problem}" for problem in report.problems)
        yield from warned
        return
    reply = report.reply
    if isinstance(reply, dict) and "id" in reply:
        yield f"{report.action.value}: result {reply['id']}, {reply.get('displayResult')!r}"
    else:
        yield f"{report.action.value}: replied {json.dumps(reply)}"
    yield "contract: OK"
    yield from warned
    yield from (f"note: {note}" for note in report.notes)
    if report.final is not None:
        yield f"final: result {report.final.id}, {report.final.displayResult!r}"
