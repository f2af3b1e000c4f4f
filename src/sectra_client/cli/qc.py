"""``sectra qc``: setting a slide's quality-control status (IA-API 1.10+)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sectra_client._constants import LIBRARY_VERSION
from sectra_client.cli._common import (
    CommandFailed,
    TokenOption,
    UrlOption,
    open_client,
    reported_errors,
)
from sectra_client.cli._options import global_options
from sectra_client.schemas import QualityControl, QualityControlData, QualityControlStatus

__all__ = ["register"]

qc_app = typer.Typer(
    name="qc", help="A slide's quality-control status (IA-API 1.10+).", no_args_is_help=True
)


class StatusChoice(StrEnum):
    """The statuses a slide can be given."""

    NOT_SET = QualityControlStatus.NOT_SET.value
    QUALITY_OK = QualityControlStatus.QUALITY_OK.value
    REJECTED = QualityControlStatus.REJECTED.value


def register(app: typer.Typer) -> None:
    """Add the ``qc`` command group to the ``sectra`` app."""
    app.add_typer(qc_app)


@qc_app.command("set")
def set_status(
    slide_id: Annotated[
        str, typer.Argument(help="The slide's id.", metavar="SLIDE_ID", show_default=False)
    ],
    status: Annotated[
        StatusChoice,
        typer.Argument(
            help="The verdict: NotSet, QualityOk or Rejected.",
            metavar="STATUS",
            case_sensitive=False,
            show_default=False,
        ),
    ],
    app_version: Annotated[
        str | None,
        typer.Option(
            help="The version of the app setting it (applicationVersion); default: the "
            "version given before the command (sectra --app-version), else this library's.",
            show_default=False,
        ),
    ] = None,
    url: UrlOption = None,
    token: TokenOption = None,
) -> None:
    """Set a slide's quality-control status (PUT /slides/{id}/qualityControl).

    The slide's current versionId is read first and sent with the new status.
    """
    with reported_errors(token), open_client(url, token) as client:
        current = client.get_slide_info(slide_id).qualityControl
        if current is None:
            raise CommandFailed("the server shows no quality control for this slide")
        change = QualityControl(
            applicationVersion=app_version or global_options().app_version or LIBRARY_VERSION,
            qualityControl=QualityControlData(
                status=QualityControlStatus(status.value), versionId=current.versionId
            ),
        )
        client.set_quality_control(slide_id, change)
        typer.echo(f"slide {slide_id}: quality control is now {status.value}")
