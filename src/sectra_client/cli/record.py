"""``sectra record``: a recording reverse proxy in front of Sectra (and of an app)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sectra_client._extras import MissingExtraError
from sectra_client.cli._common import EXIT_USAGE
from sectra_client.cli.mock import wait_for_interrupt

__all__ = ["parse_listen", "record", "register"]


def register(app: typer.Typer) -> None:
    """Add the ``record`` command to the ``sectra`` app."""
    app.command("record")(record)


def record(
    upstream: Annotated[
        str, typer.Option("--upstream", help="The Sectra API base URL to forward to.")
    ],
    cassette: Annotated[
        Path, typer.Option("--cassette", help="The VCR.py cassette file to write.")
    ] = Path("sectra-cassette.yaml"),
    listen: Annotated[
        str, typer.Option("--listen", help="HOST:PORT to serve the app's calls on.")
    ] = "127.0.0.1:8100",
    app_upstream: Annotated[
        str | None,
        typer.Option(
            "--app-upstream",
            help="The app's registered URL: also record the invocations Sectra sends it.",
        ),
    ] = None,
    app_listen: Annotated[
        str, typer.Option("--app-listen", help="HOST:PORT to take Sectra's invocations on.")
    ] = "127.0.0.1:8101",
    keep_pixels: Annotated[
        bool,
        typer.Option(
            "--keep-pixels",
            help="Keep tile and file bodies (they may show patient data; labels are never kept).",
        ),
    ] = False,
) -> None:
    """Record what passes to Sectra (and to the app) in a scrubbed VCR.py cassette.

    Point the app at the listening address instead of Sectra. Tokens, passwords and patient
    data are replaced by placeholders before anything is written; replay the cassette with
    pytest-recording or 'sectra mock --cassette'.
    """
    try:
        from sectra_client.recording import Recorder
    except MissingExtraError as error:
        typer.echo(f"sectra record: {error}", err=True)
        raise typer.Exit(1) from None
    host, port = parse_listen(listen, "--listen")
    app_host, app_port = parse_listen(app_listen, "--app-listen")
    if app_upstream is not None and app_host != host:
        typer.echo("sectra record: --listen and --app-listen must use the same host", err=True)
        raise typer.Exit(EXIT_USAGE)
    if keep_pixels:
        typer.echo(
            "sectra record: WARNING: --keep-pixels writes tiles and slide files into the "
            "cassette; they may show patient data. Do not share it without checking.",
            err=True,
        )
    recorder = Recorder(cassette, upstream, app_upstream=app_upstream, keep_pixels=keep_pixels)
    try:
        recorder.run(port, host, app_port=app_port)
    except OSError as error:
        typer.echo(f"sectra record: cannot listen on {listen}: {error.strerror}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Recording into {cassette}.")
    typer.echo(f"  Point the app at:        {recorder.url}")
    if app_upstream is not None:
        typer.echo(f"  Register in Sectra:      {recorder.app_url}")
    typer.echo("Press Ctrl+C to stop.")
    wait_for_interrupt()
    recorder.stop()
    typer.echo(f"Recorded {recorder.interactions} exchanges into {cassette}.")


def parse_listen(text: str, option: str) -> tuple[str, int]:
    """``"127.0.0.1:8100"`` → ``("127.0.0.1", 8100)``.

    Raises:
        typer.BadParameter: not HOST:PORT.
    """
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise typer.BadParameter(f"{option} expects HOST:PORT, got {text!r}")
    return host.strip("[]"), int(port)
