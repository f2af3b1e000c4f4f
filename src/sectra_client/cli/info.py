"""``sectra info``: which IA-API and Sectra versions a server runs."""

from __future__ import annotations

import httpx
import typer

from sectra_client._constants import LATEST_API_VERSION
from sectra_client.cli._common import (
    JsonOption,
    TokenOption,
    UrlOption,
    echo_json,
    open_client,
    reported_errors,
)
from sectra_client.cli._tables import fields_table, print_table

__all__ = ["info", "register"]


def register(app: typer.Typer) -> None:
    """Add the ``info`` command to the ``sectra`` app."""
    app.command("info")(info)


def info(as_json: JsonOption = False, url: UrlOption = None, token: TokenOption = None) -> None:
    """Show the server's IA-API and software versions (GET /info)."""
    with reported_errors(token), open_client(url, token) as client:
        versions = client.get_server_info()
        if as_json:
            echo_json(versions)
            return
        shown = {
            "server": httpx.URL(client.base_url).host,
            "IA-API version": versions.apiVersion,
            "Sectra version": versions.softwareVersion,
            "this client targets": f"IA-API {LATEST_API_VERSION}",
        }
        print_table(fields_table("Sectra IA-API server", shown))
