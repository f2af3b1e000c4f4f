"""``sectra doctor``: check a Sectra server against the contract; write a shareable report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sectra_client._extras import MissingExtraError
from sectra_client.cli._common import EXIT_USAGE, TokenOption, UrlOption
from sectra_client.cli._options import global_options
from sectra_client.errors import InsecureURLError

__all__ = ["doctor", "register"]

EXIT_DEVIATIONS = 1
"""``sectra doctor``'s exit code when the server deviates from the contract."""


def register(app: typer.Typer) -> None:
    """Add the ``doctor`` command to the ``sectra`` app."""
    app.command("doctor")(doctor)


def doctor(
    url: UrlOption = None,
    token: TokenOption = None,
    slide: Annotated[
        str | None, typer.Option("--slide", help="A slide to check the slide operations on.")
    ] = None,
    application: Annotated[
        str | None,
        typer.Option("--application", help="Your application's id (results, application)."),
    ] = None,
    username: Annotated[
        str | None,
        typer.Option("--username", envvar="SECTRA_USERNAME", help="A Sectra user for POST /token."),
    ] = None,
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            envvar="SECTRA_PASSWORD",
            show_default=False,
            help="That user's password (prefer the environment variable).",
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Also create one result on --slide for --application (an app you own), "
            "update it, and leave it in a final state named 'sectra doctor check'.",
        ),
    ] = False,
    json_report: Annotated[
        Path | None, typer.Option("--json", help="Write the full report as JSON to this file.")
    ] = None,
    markdown_report: Annotated[
        Path | None,
        typer.Option("--markdown", help="Write the full report as Markdown to this file."),
    ] = None,
) -> None:
    """Check a Sectra server against sectra-client's contract (read-only unless --write).

    Reports every deviation (unknown fields, enum values and tags; missing fields; type
    mismatches; statuses and headers; trailing slashes; version gates) and each call's
    latency. The reports hold no ids, tokens or patient data: send them to the
    sectra-client maintainers. Exit code 0: no deviation; 1: deviations found.
    """
    try:
        from sectra_client.doctor import render_markdown, render_text, run_doctor
    except MissingExtraError as error:
        typer.echo(f"sectra doctor: {error}", err=True)
        raise typer.Exit(1) from None
    if url is None:
        typer.echo("sectra doctor: give --url (or SECTRA_URL)", err=True)
        raise typer.Exit(EXIT_USAGE)
    credentials = (username, password) if username and password else None
    if token is None and credentials is None:
        typer.echo(
            "sectra doctor: give --token (or SECTRA_TOKEN), or --username and --password "
            "with --application",
            err=True,
        )
        raise typer.Exit(EXIT_USAGE)
    if write:
        typer.echo(
            f"sectra doctor --write: creating one result on the slide for application "
            f"{application!r}; it will be left showing 'sectra doctor check' (the API cannot "
            "delete results).",
            err=True,
        )
    options = global_options()
    try:
        report = run_doctor(
            url,
            token,
            slide_id=slide,
            application_id=application,
            credentials=credentials,
            write=write,
            timeout=options.timeout,
            allow_insecure_http=options.allow_insecure_http,
        )
    except InsecureURLError as error:
        typer.echo(f"sectra doctor: {error} (or give --allow-insecure-http)", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except ValueError as error:
        typer.echo(f"sectra doctor: {error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(render_text(report), nl=False)
    if json_report is not None:
        json_report.write_text(report.to_json(), encoding="utf-8")
        typer.echo(f"JSON report: {json_report}")
    if markdown_report is not None:
        markdown_report.write_text(render_markdown(report), encoding="utf-8")
        typer.echo(f"Markdown report: {markdown_report}")
    if report.deviations:
        raise typer.Exit(EXIT_DEVIATIONS)
