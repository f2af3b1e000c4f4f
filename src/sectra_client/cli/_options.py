"""The options every ``sectra`` command shares, given before the command name:
``sectra --timeout 5 --app-version 2.1.0 slide info ID``.

Each has an environment variable too, for scripts and services.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer

__all__ = [
    "AllowInsecureHttpOption",
    "AppVersionOption",
    "GlobalOptions",
    "TimeoutOption",
    "global_options",
    "read_global_options",
]

TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        envvar="SECTRA_TIMEOUT",
        min=0.1,
        show_default=False,
        help="Seconds to wait for the server: to connect, and between two pieces of an answer "
        "(default: 10 to connect, 30 to read). Failed requests are retried, shown on stderr.",
    ),
]
AllowInsecureHttpOption = Annotated[
    bool,
    typer.Option(
        "--allow-insecure-http",
        envvar="SECTRA_ALLOW_INSECURE_HTTP",
        help="Accept a plain http:// server URL that is not this machine (the token then "
        "crosses the network unencrypted).",
    ),
]
AppVersionOption = Annotated[
    str | None,
    typer.Option(
        "--app-version",
        envvar="SECTRA_APP_VERSION",
        show_default=False,
        help="The version of the app the commands act for: sent as X-Sectra-SoftwareVersion, "
        "and the default of 'qc set --app-version' (default: this library's version).",
    ),
]


@dataclass(frozen=True)
class GlobalOptions:
    """The shared options of one ``sectra`` run (None: not given)."""

    timeout: float | None = None
    allow_insecure_http: bool = False
    app_version: str | None = None


_given = GlobalOptions()


def global_options() -> GlobalOptions:
    """The shared options of the running command (their defaults before it started)."""
    return _given


def read_global_options(
    timeout: TimeoutOption = None,
    allow_insecure_http: AllowInsecureHttpOption = False,
    app_version: AppVersionOption = None,
) -> None:
    """Tools for Sectra IA-API apps."""
    global _given
    _given = GlobalOptions(timeout, allow_insecure_http, app_version)
