"""``sectra mock``: serve a MockSectraServer until interrupted (e.g. for a non-Python team)."""

from __future__ import annotations

import re
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, cast

import typer

from sectra_client._extras import MissingExtraError

if TYPE_CHECKING:
    from sectra_client.mock_server import FilesForm

__all__ = ["mock", "parse_size", "register", "wait_for_interrupt"]

_SIZE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)(i?B?)?", re.IGNORECASE)
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def register(app: typer.Typer) -> None:
    """Add the ``mock`` command to the ``sectra`` app."""
    app.command("mock")(mock)


def mock(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on; 0 picks a free one.")] = 8001,
    token: Annotated[str, typer.Option(help="Bearer token the mock accepts.")] = "dev-token",
    slide: Annotated[
        list[str] | None,
        typer.Option(
            help="ID=PATH: serve the file at PATH from /slides/ID/files (repeat an ID to serve "
            "several files)."
        ),
    ] = None,
    generated_file: Annotated[
        list[str] | None,
        typer.Option(
            help="ID=NAME:SIZE: serve a made-up file of SIZE bytes (suffixes K, M, G, e.g. "
            "2GiB) named NAME from /slides/ID/files; it never touches disk."
        ),
    ] = None,
    image: Annotated[
        list[str] | None,
        typer.Option(help="ID=PATH: make slide ID's tiles from the image file at PATH."),
    ] = None,
    files_form: Annotated[
        str, typer.Option(help="How files are served: related, mixed, form-data, octet-stream.")
    ] = "related",
    api_version: Annotated[str, typer.Option(help="IA-API version to implement.")] = "1.10",
    software_version: Annotated[str, typer.Option(help="Sectra version to report.")] = "4.2.0.0",
    strict: Annotated[
        bool, typer.Option(help="Answer 404 for unregistered slides and applications.")
    ] = False,
    token_lifetime: Annotated[
        float, typer.Option(help="Seconds a token from POST /token stays valid.")
    ] = 3600.0,
    user: Annotated[
        list[str] | None, typer.Option(help="NAME:PASSWORD of a user allowed to use /token.")
    ] = None,
    cassette: Annotated[
        Path | None,
        typer.Option(
            help="Serve what this cassette of 'sectra record' holds (its versions, slides, "
            "results and recorded answers); --api-version and --software-version are then "
            "the recorded ones."
        ),
    ] = None,
) -> None:
    """Serve a mock Sectra IA-API server until interrupted (Ctrl+C)."""
    try:
        from sectra_client.mock_server import GeneratedFile, MockSectraServer, SlideFileSpec
    except MissingExtraError as error:
        typer.echo(f"sectra mock: {error}", err=True)
        raise typer.Exit(1) from None
    if cassette is not None:
        try:
            server = MockSectraServer.from_cassette(cassette, strict=strict, token=token)
        except (OSError, ValueError) as error:
            raise typer.BadParameter(f"--cassette: {error}") from None
        api_version = server.api_version
    else:
        server = MockSectraServer(
            api_version=api_version,
            software_version=software_version,
            token=token,
            strict=strict,
            token_lifetime=token_lifetime,
        )
    files: dict[str, list[SlideFileSpec]] = {}
    for slide_id, path in (_pair(item, "--slide") for item in slide or []):
        files.setdefault(slide_id, []).append(Path(path))
    for slide_id, spec in (_pair(item, "--generated-file") for item in generated_file or []):
        name, _, size = spec.rpartition(":")
        if not name:
            raise typer.BadParameter(f"expected ID=NAME:SIZE, got {spec!r}")
        seed = sum(len(specs) for specs in files.values())
        files.setdefault(slide_id, []).append(GeneratedFile(name, parse_size(size), seed=seed))
    try:
        for slide_id, path in (_pair(item, "--image") for item in image or []):
            server.add_slide(slide_id, image=path)
        for slide_id, specs in files.items():
            server.add_slide_files(slide_id, specs, form=_form(files_form))
        for name, _, password in (item.partition(":") for item in user or []):
            server.add_user(name, password)
    except (OSError, ValueError) as error:
        raise typer.BadParameter(str(error)) from None
    server.run(port=port, host=host)
    typer.echo(f"Mock Sectra IA-API (IA-API {api_version}) is serving.")
    typer.echo(f"  Base URL: {server.url}")
    typer.echo(f"  Token:    {server.token}")
    typer.echo("Press Ctrl+C to stop.")
    wait_for_interrupt()
    server.stop()


def parse_size(text: str) -> int:
    """``"2GiB"`` → 2147483648: a byte count with an optional K, M, G or T (powers of 1024).

    Raises:
        typer.BadParameter: not a size.
    """
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise typer.BadParameter(f"not a size: {text!r} (try 1024, 512M or 2GiB)")
    return int(float(match[1]) * _UNITS[match[2].upper()])


def _pair(item: str, option: str) -> tuple[str, str]:
    key, separator, value = item.partition("=")
    if not separator or not key or not value:
        raise typer.BadParameter(f"{option} expects ID=VALUE, got {item!r}")
    return key, value


def _form(text: str) -> FilesForm:
    from sectra_client.mock_server._files_stream import FILES_FORMS

    if text not in FILES_FORMS:
        raise typer.BadParameter(f"--files-form must be one of {', '.join(FILES_FORMS)}")
    return cast("FilesForm", text)


def wait_for_interrupt() -> None:
    """Block until SIGINT or SIGTERM."""
    stop = threading.Event()

    def handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, handle)
    while not stop.wait(0.5):
        pass
