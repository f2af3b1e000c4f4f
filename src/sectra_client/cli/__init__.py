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

COMMAND_MODULES: tuple[str, ...] = ("mock",)
"""The modules of ``sectra_client.cli`` that each add a command (group) to the app."""

_app: Any = None


def _build_app() -> Any:
    """The Typer app with every command module registered (built once)."""
    global _app
    if _app is None:
        require_extra("typer", "cli", "the sectra command")
        require_extra("rich", "cli", "the sectra command")
        import typer

        app = typer.Typer(
            name="sectra",
            help="Tools for Sectra IA-API apps: a local mock server, and more.",
            no_args_is_help=True,
            add_completion=False,
        )

        @app.callback()
        def _root() -> None:
            """Tools for Sectra IA-API apps."""

        for name in COMMAND_MODULES:
            importlib.import_module(f"{__name__}.{name}").register(app)
        _app = app
    return _app


def main() -> None:
    """Run the ``sectra`` command; a missing extra is reported with the command to fix it."""
    try:
        app = _build_app()
    except MissingExtraError as error:
        print(f"sectra: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    app()


def __getattr__(name: str) -> Any:
    """``app``: the Typer application (built on first access)."""
    if name == "app":
        return _build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
