"""One-or-many fields: a list-typed field that also reads one item given on its own.

Sectra's official examples send a primitive result's ``content`` as one object rather than a
list; the spec says so (``oneOf: [array of X, X]``), and ``codegen.sh`` types such a property
``Annotated[list[X], ONE_OR_MANY]``. A list reads as usual, one item reads as a one-item list,
and serialising always writes a list.

The choice is made by pydantic-core's union, in Rust. A ``mode="before"`` validator would turn
the JSON under the field into Python objects before validating them: for a result with 200,000
points that doubled the time to read it. The union's errors name two branches, the list and the
one item; :func:`chosen_branch` says which of them applies (see
:func:`sectra_client.schemas._open.readable_errors`).

Serialising does not go through the union: pydantic-core's union serialiser builds the whole
value as Python objects to find the branch that fits, then writes those (twice the time to
write a 200,000-point result). The list is written as it is, each item by its model.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import ErrorDetails, core_schema

__all__ = ["BRANCHES", "ONE_OR_MANY", "OneOrMany", "chosen_branch"]

_MANY = "list of items"
_ONE = "one item"
BRANCHES = (_MANY, _ONE)
"""The labels the union's errors carry in their ``loc`` (never a field name: they hold spaces)."""


class OneOrMany:
    """Marks ``list[X]`` as also accepting one ``X`` (see the module)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        (item,) = typing.get_args(source)
        many = handler(source)
        one = core_schema.no_info_after_validator_function(_as_list, handler.generate_schema(item))
        return core_schema.union_schema(
            [(many, _MANY), (one, _ONE)],
            mode="left_to_right",
            serialization=core_schema.simple_ser_schema("any"),
        )


def _as_list(item: Any) -> list[Any]:
    return [item]


def chosen_branch(branches: Sequence[tuple[str, ErrorDetails]], depth: int) -> str:
    """The branch whose errors describe the input: the one item's when the input was not a list
    but may be read as one item, else the list's.

    Args:
        branches: each error of one union, with the label of its branch.
        depth: the length of the union's own location (errors at it are about the whole value).
    """
    not_a_list = all(
        item["type"] == "list_type" and len(item["loc"]) == depth
        for branch, item in branches
        if branch == _MANY
    )
    an_object = all(len(item["loc"]) > depth for branch, item in branches if branch == _ONE)
    return _ONE if not_a_list and an_object else _MANY


ONE_OR_MANY = OneOrMany()
"""The marker of a one-or-many field (see :class:`OneOrMany`)."""
