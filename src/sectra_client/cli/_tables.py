"""Showing models on the terminal: which fields may be shown, and compact tables of them.

On a terminal, tables fit its width. Piped to a file or another program, they are as wide as
their content, so identifiers are printed whole, never cut short with ``…``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

__all__ = ["fields_table", "phi_fields", "print_table", "rows_table", "visible_fields"]

_PIPED_WIDTH = 100_000
"""The width of a table printed to anything but a terminal: wider than any content."""


def print_table(table: Table) -> None:
    """Print ``table`` on stdout (the terminal's width, or whole when piped)."""
    console = Console()
    if not console.is_terminal:
        console = Console(width=_PIPED_WIDTH)
    console.print(table)


def phi_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` that the spec marks as patient data (``x-sectra-phi``)."""
    return frozenset(
        name
        for name, field in model.model_fields.items()
        if isinstance(field.json_schema_extra, dict) and field.json_schema_extra.get("x-sectra-phi")
    )


def visible_fields(
    value: BaseModel, model: type[BaseModel], *, include_phi: bool
) -> dict[str, Any]:
    """``value`` as JSON, fit to show: without ``include_phi``, the patient-data fields and any
    field the spec does not know (a newer server's, which may hold patient data) are left out."""
    data: dict[str, Any] = value.model_dump(mode="json")
    if include_phi:
        return data
    allowed = set(model.model_fields) - phi_fields(model)
    return {name: field for name, field in data.items() if name in allowed}


def fields_table(title: str, data: Mapping[str, Any]) -> Table:
    """A two-column table: one row per field, its value in a compact form."""
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("field", style="bold")
    table.add_column("value")
    for name, value in data.items():
        table.add_row(name, compact(value))
    return table


def rows_table(title: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> Table:
    """A table with one row per item and the given columns (missing values left blank)."""
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(compact(row.get(column)) for column in columns))
    return table


def compact(value: Any) -> str:
    """A JSON value in a short form: sizes as ``W x H``, named objects by their name."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        if set(value) == {"width", "height"}:
            return f"{value['width']} x {value['height']}"
        if set(value) == {"displayName"}:
            return compact(value["displayName"])
        return ", ".join(f"{key}: {compact(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "; ".join(compact(item) for item in value)
    return str(value)
