"""``sectra slide``: a slide's metadata, its files, its thumbnail."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sectra_client.cli._common import (
    JsonOption,
    TokenOption,
    UrlOption,
    echo_json,
    open_client,
    reported_errors,
)
from sectra_client.cli._progress import download_progress
from sectra_client.cli._tables import fields_table, print_table, visible_fields
from sectra_client.schemas import ImageInfo

__all__ = ["register"]

slide_app = typer.Typer(
    name="slide", help="A slide's metadata, files and thumbnail.", no_args_is_help=True
)

SlideId = Annotated[
    str, typer.Argument(help="The slide's id.", metavar="SLIDE_ID", show_default=False)
]


def register(app: typer.Typer) -> None:
    """Add the ``slide`` command group to the ``sectra`` app."""
    app.add_typer(slide_app)


@slide_app.command("info")
def info(
    slide_id: SlideId,
    extended: Annotated[
        bool, typer.Option("--extended", help="Add exam, body part, station and priority.")
    ] = False,
    phi: Annotated[
        bool,
        typer.Option("--phi", help="Add patient and case data (accession number, exam id, ...)."),
    ] = False,
    as_json: JsonOption = False,
    url: UrlOption = None,
    token: TokenOption = None,
) -> None:
    """Show a slide's metadata (GET /slides/{id}/info). Patient data only with --phi."""
    with reported_errors(token), open_client(url, token) as client:
        metadata = client.get_slide_info(slide_id, extended=extended, include_phi=phi)
        shown = visible_fields(metadata, ImageInfo, include_phi=phi)
        if as_json:
            echo_json(shown)
        else:
            print_table(fields_table(f"Slide {slide_id}", shown))


@slide_app.command("download")
def download(
    slide_id: SlideId,
    output_dir: Annotated[
        Path, typer.Option("--output-dir", "-o", help="The folder to write the files into.")
    ],
    overwrite: Annotated[
        bool, typer.Option(help="Replace files of the same name already in the folder.")
    ] = True,
    url: UrlOption = None,
    token: TokenOption = None,
) -> None:
    """Download a slide's original files (GET /slides/{id}/files), streaming to disk.

    A progress bar with bytes, rate and time left goes to stderr; the paths written are
    printed on stdout, one a line.
    """
    with reported_errors(token), open_client(url, token) as client:
        with download_progress() as progress:
            task = progress.add_task("connecting", total=None)

            def show(bytes_done: int, total: int | None, current_file: str) -> None:
                progress.update(task, completed=bytes_done, total=total, description=current_file)

            paths = client.download_slide_files(
                slide_id, output_dir, progress=show, overwrite=overwrite
            )
        for path in paths:
            typer.echo(str(path))


@slide_app.command("thumbnail")
def thumbnail(
    slide_id: SlideId,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The image file to write; its suffix gives the format."
        ),
    ],
    max_size: Annotated[
        int, typer.Option("--max-size", min=1, help="The longer side, in pixels.")
    ] = 1024,
    url: UrlOption = None,
    token: TokenOption = None,
) -> None:
    """Write a thumbnail of a slide, stitched from tiles (nothing is downloaded whole)."""
    with reported_errors(token), open_client(url, token) as client:
        image = client.get_thumbnail(slide_id, max_size=max_size)
        image.save(output)
        typer.echo(f"{output} ({image.width} x {image.height} pixels)")
