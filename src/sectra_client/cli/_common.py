"""What every ``sectra`` command shares: credentials, the client, output, and errors.

Credentials come from ``--url``/``--token`` or ``SECTRA_URL``/``SECTRA_TOKEN``. A command
reports a failure as one line on stderr, ``sectra: <what went wrong>``, never with a traceback
or the token, and exits with a code from :data:`EXIT_CODES`.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel, ValidationError

from sectra_client import SectraClient
from sectra_client._redact import scrub
from sectra_client.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    SectraConnectionError,
    WebhookContractError,
)
from sectra_client.schemas._open import readable_errors

__all__ = [
    "EXIT_AUTHENTICATION",
    "EXIT_CODES",
    "EXIT_CONFLICT",
    "EXIT_CONNECTION",
    "EXIT_CONTRACT",
    "EXIT_FAILURE",
    "EXIT_NOT_FOUND",
    "EXIT_USAGE",
    "CommandFailed",
    "JsonOption",
    "TokenOption",
    "UrlOption",
    "echo_json",
    "open_client",
    "read_json_input",
    "reported_errors",
]

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_AUTHENTICATION = 3
EXIT_NOT_FOUND = 4
EXIT_CONFLICT = 5
EXIT_CONNECTION = 6
EXIT_CONTRACT = 7

EXIT_CODES = {
    EXIT_FAILURE: "failed (anything not listed below)",
    EXIT_USAGE: "wrong usage, or no server URL or token",
    EXIT_AUTHENTICATION: "the server refused the token (HTTP 401 or 403)",
    EXIT_NOT_FOUND: "no such slide, case, result or application (HTTP 404)",
    EXIT_CONFLICT: "the object changed since it was read (HTTP 409)",
    EXIT_CONNECTION: "the server could not be reached, or did not answer in time",
    EXIT_CONTRACT: "the app's webhook reply breaks the Sectra contract (sectra invoke)",
}
"""The exit codes of ``sectra`` commands (0 is success)."""

UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url",
        envvar="SECTRA_URL",
        show_default=False,
        help="The IA-API base URL, e.g. https://host/SectraPathologyServer/external/"
        "imageanalysis/v1.",
    ),
]
TokenOption = Annotated[
    str | None,
    typer.Option(
        "--token",
        envvar="SECTRA_TOKEN",
        show_default=False,
        help="The bearer token (prefer the environment variable: command lines are visible "
        "to other users).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class CommandFailed(Exception):
    """A command cannot go on; the message is shown as it is, with ``exit_code``."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def open_client(url: str | None, token: str | None) -> SectraClient:
    """A client for ``--url``/``--token`` (or ``SECTRA_URL``/``SECTRA_TOKEN``).

    Raises:
        CommandFailed: the URL or the token is missing (exit code 2).
    """
    if not url:
        raise CommandFailed("no server URL: pass --url or set SECTRA_URL", EXIT_USAGE)
    if not token:
        raise CommandFailed("no token: set SECTRA_TOKEN or pass --token", EXIT_USAGE)
    return SectraClient(url, token)


@contextlib.contextmanager
def reported_errors(*secrets: str | None) -> Iterator[None]:
    """Turn any failure inside into one line on stderr and the matching exit code.

    ``secrets`` (the token) are scrubbed from the line, should any message hold one.
    """
    try:
        yield
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        typer.echo("sectra: interrupted", err=True)
        raise typer.Exit(130) from None
    except Exception as error:
        message = scrub(_describe(error), [secret for secret in secrets if secret])
        typer.echo(f"sectra: {message}", err=True)
        raise typer.Exit(_exit_code(error)) from None


def _describe(error: Exception) -> str:
    if isinstance(error, AuthenticationError | PermissionDeniedError):
        return f"the server refused the token: {error}"
    if isinstance(error, ConflictError):
        return f"{error} (it changed since it was read: read it again and retry)"
    if isinstance(error, FileNotFoundError | PermissionError | IsADirectoryError):
        return f"{error.strerror}: {error.filename}"
    if isinstance(error, ValidationError):
        return f"not a valid {error.title}: {_validation_problems(error)}"
    text = " ".join(str(error).split())
    return text or type(error).__name__


def _validation_problems(error: ValidationError, limit: int = 5) -> str:
    problems = [
        f"{'.'.join(str(part) for part in item['loc']) or '(top level)'}: {item['msg']}"
        for item in readable_errors(error)
    ]
    more = f"; and {len(problems) - limit} more" if len(problems) > limit else ""
    return "; ".join(problems[:limit]) + more


def _exit_code(error: Exception) -> int:
    if isinstance(error, CommandFailed):
        return error.exit_code
    if isinstance(error, AuthenticationError | PermissionDeniedError):
        return EXIT_AUTHENTICATION
    if isinstance(error, NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(error, ConflictError):
        return EXIT_CONFLICT
    if isinstance(error, SectraConnectionError):
        return EXIT_CONNECTION
    if isinstance(error, WebhookContractError):
        return EXIT_CONTRACT
    return EXIT_FAILURE


def echo_json(data: Any) -> None:
    """Print ``data`` (JSON values or pydantic models, also in lists) as indented JSON."""
    typer.echo(json.dumps(_jsonable(data), indent=2, ensure_ascii=False))


def _jsonable(data: Any) -> Any:
    if isinstance(data, BaseModel):
        return data.model_dump(mode="json")
    if isinstance(data, list):
        return [_jsonable(item) for item in data]
    return data


def read_json_input(source: str) -> Any:
    """The JSON document in the file ``source``, or on stdin when ``source`` is ``-``.

    Raises:
        CommandFailed: the text is not JSON.
        OSError: the file cannot be read.
    """
    if source == "-":
        text, where = sys.stdin.read(), "stdin"
    else:
        text, where = Path(source).read_text(encoding="utf-8"), source
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandFailed(
            f"{where} is not JSON (line {error.lineno}, column {error.colno})"
        ) from None
