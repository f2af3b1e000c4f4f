"""``sectra spec``: the bundled OpenAPI document of the IA-API, for other teams and tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sectra_client._spec import SpecFormat, spec_text
from sectra_client.cli._common import reported_errors

__all__ = ["register", "spec"]


def register(app: typer.Typer) -> None:
    """Add the ``spec`` command to the ``sectra`` app."""
    app.command("spec")(spec)


def spec(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write it to this file instead of stdout."),
    ] = None,
    spec_format: Annotated[
        SpecFormat,
        typer.Option("--format", "-f", help="yaml (the spec as written) or json (one document)."),
    ] = "yaml",
) -> None:
    """Print the OpenAPI 3.1 document of the IA-API that this library implements.

    It describes both directions: its paths are what apps call on Sectra, its webhooks what
    Sectra calls on apps. Feed it to a code generator for another language.
    """
    with reported_errors():
        text = spec_text(spec_format)
        if output is None:
            typer.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
