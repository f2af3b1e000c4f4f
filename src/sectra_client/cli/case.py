"""``sectra case``: the slides of a case, and downloading them all (IA-API 1.9+).

An accession number identifies a case and so is patient data: commands never print it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import TaskID

from sectra_client import SectraClient
from sectra_client.cli._common import (
    JsonOption,
    TokenOption,
    UrlOption,
    echo_json,
    open_client,
    reported_errors,
)
from sectra_client.cli._progress import download_progress
from sectra_client.cli._tables import print_table, rows_table, visible_fields
from sectra_client.errors import CaseDownloadError
from sectra_client.schemas import CaseImageInfo

__all__ = ["register"]

case_app = typer.Typer(
    name="case",
    help="The slides of a case, by accession number (IA-API 1.9+).",
    no_args_is_help=True,
)

AccessionNumber = Annotated[
    str,
    typer.Argument(
        help="The case's accession number.", metavar="ACCESSION_NUMBER", show_default=False
    ),
]
IssuerOption = Annotated[
    str | None,
    typer.Option(
        "--issuer", help="The accession number's issuer, where numbers repeat across issuers."
    ),
]


def register(app: typer.Typer) -> None:
    """Add the ``case`` command group to the ``sectra`` app."""
    app.add_typer(case_app)


@case_app.command("list")
def list_slides(
    accession_number: AccessionNumber,
    issuer: IssuerOption = None,
    phi: Annotated[
        bool, typer.Option("--phi", help="Add series instance UIDs and LIS slide ids.")
    ] = False,
    as_json: JsonOption = False,
    url: UrlOption = None,
    token: TokenOption = None,
) -> None:
    """List the slides of a case (GET /requests/{accessionNumber}/images/info)."""
    with reported_errors(token, accession_number), open_client(url, token) as client:
        images = client.get_case_images(
            accession_number, include_phi=phi, accession_number_issuer=issuer
        )
        shown = [visible_fields(image, CaseImageInfo, include_phi=phi) for image in images]
        if as_json:
            echo_json(shown)
            return
        columns = ["id", "staining", "block", "specimen"]
        if phi:
            columns += ["lisSlideId", "seriesInstanceUid"]
        print_table(rows_table(f"{len(shown)} slides", columns, shown))


@case_app.command("download")
def download(
    accession_number: AccessionNumber,
    output_dir: Annotated[
        Path,
        typer.Option(
            "--output-dir", "-o", help="The folder to write into: one subfolder per slide."
        ),
    ],
    max_concurrency: Annotated[
        int, typer.Option("--max-concurrency", min=1, help="Slides downloaded at once.")
    ] = 4,
    overwrite: Annotated[
        bool, typer.Option(help="Replace files of the same name already in the slide folders.")
    ] = True,
    url: UrlOption = None,
    token: TokenOption = None,
) -> None:
    """Download the files of every slide of a case, one subfolder per slide.

    Progress bars (one per slide) go to stderr; the paths written are printed on stdout, one
    a line. Slides that fail do not stop the others; the failures are reported at the end.
    """
    with reported_errors(token, accession_number), open_client(url, token) as client:
        try:
            downloaded = _download_with_progress(
                client, accession_number, output_dir, max_concurrency, overwrite
            )
        except CaseDownloadError as error:
            _echo_paths(error.downloaded)
            raise
        _echo_paths(downloaded)


def _download_with_progress(
    client: SectraClient,
    accession_number: str,
    output_dir: Path,
    max_concurrency: int,
    overwrite: bool,
) -> dict[str, list[Path]]:
    with download_progress() as progress:
        tasks: dict[str, TaskID] = {}

        def show(slide_id: str, bytes_done: int, total: int | None, current: str) -> None:
            if slide_id not in tasks:
                tasks[slide_id] = progress.add_task(slide_id, total=None)
            description = f"{slide_id}: {current}"
            progress.update(
                tasks[slide_id], completed=bytes_done, total=total, description=description
            )

        return client.download_case(
            accession_number,
            output_dir,
            max_concurrency=max_concurrency,
            progress=show,
            overwrite=overwrite,
        )


def _echo_paths(downloaded: dict[str, list[Path]]) -> None:
    for paths in downloaded.values():
        for path in paths:
            typer.echo(str(path))
