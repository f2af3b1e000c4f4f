"""The ``sectra`` command line (needs the ``cli`` extra: ``pip install 'sectra-client[cli]'``).

Each command group lives in its own module beside this one and registers itself through a
``register(app)`` function; add a module's name to :data:`COMMAND_MODULES` to add a group.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from sectra_client._extras import MissingExtraError, require_extra

__all__ = ["COMMAND_MODULES", "main"]

COMMAND_MODULES: tuple[str, ...] = (
    "info",
    "slide",
    "case",
    "results",
    "qc",
    "invoke",
    "spec",
    "mock",
    "jobs",
    "doctor",
    "record",
)
"""The modules of ``sectra_client.cli`` that each add a command (group) to the app."""

_app: Any = None


def _build_app() -> Any:
    """The Typer app with every command module registered (built once)."""
    global _app
    if _app is None:
        require_extra("typer", "cli", "the sectra command")
        require_extra("rich", "cli", "the sectra command")
        import typer

        from sectra_client.cli._options import read_global_options

        app = typer.Typer(
            name="sectra",
            help="Tools for Sectra IA-API apps: query a server, move slides and results, "
            "invoke an app, serve a mock.",
            epilog="Credentials: --url/--token, or SECTRA_URL/SECTRA_TOKEN. Options before the "
            "command apply to every command (sectra --timeout 5 info). " + _exit_codes_text(),
            no_args_is_help=True,
            add_completion=False,
            pretty_exceptions_show_locals=False,
        )

        app.callback()(read_global_options)

        for name in COMMAND_MODULES:
            importlib.import_module(f"{__name__}.{name}").register(app)
        _app = app
    return _app


def _exit_codes_text() -> str:
    from sectra_client.cli._common import EXIT_CODES

    codes = "; ".join(f"{code}: {meaning}" for code, meaning in EXIT_CODES.items())
    return f"Exit codes: 0: success; {codes}."


def main() -> None:
    """Run the ``sectra`` command; a missing extra is reported with the command to fix it.

    SIGTERM is handled as Ctrl-C is: downloads clean up, and the exit code is 143.
    """
    try:
        app = _build_app()
    except MissingExtraError as error:
        print(f"sectra: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    from sectra_client.cli._common import terminate_on_sigterm

    terminate_on_sigterm()
    app()


def __getattr__(name: str) -> Any:
    """``app``: the Typer application (built on first access)."""
    if name == "app":
        return _build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
