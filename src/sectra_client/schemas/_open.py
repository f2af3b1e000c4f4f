"""Open enums and open unions: a value or tag this library does not know is kept, not refused.

The generated models mark them (``codegen.sh`` writes the markers from the spec's
``anyOf: [Enum, string]`` and ``x-sectra-unknown-tag``):

* ``Annotated[QualityControlStatus | str, OPEN_ENUM]``: a known value reads as its enum member,
  any other value of the plain type as it came.
* ``Annotated[PrimitiveResultContent | PatchResultContent | UnknownResultContent, OPEN_UNION]``:
  an object with a known tag reads as that variant, and is an error if it does not fit it; one
  with any other tag reads as the catch-all variant, which keeps everything it holds.

An open union is validated by pydantic's own tagged union, in Rust: a callable discriminator
would turn every JSON body into Python objects before validating it, which costs a 200,000-point
result about a fifth of its parse time. Its errors name two branches, the known variants and
the catch-all; :func:`readable_errors` keeps the errors of the branch that applies, for these
unions and for the one-or-many fields of :mod:`._one_or_many`.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, GetCoreSchemaHandler, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError, core_schema

from sectra_client.schemas import _one_or_many

__all__ = [
    "OPEN_ENUM",
    "OPEN_UNION",
    "OpenEnum",
    "OpenUnion",
    "readable_errors",
    "without_branch_labels",
]

_KNOWN_BRANCH = "known tag"
_UNKNOWN_BRANCH = "unknown tag"
_OPEN_UNION_BRANCHES = (_KNOWN_BRANCH, _UNKNOWN_BRANCH)
_BRANCHES = frozenset((*_OPEN_UNION_BRANCHES, *_one_or_many.BRANCHES))
_TAG_ERRORS = frozenset({"union_tag_invalid", "union_tag_not_found"})


class OpenEnum:
    """Marks ``Enum | str`` (or ``IntEnum | int``) as an open enum (see the module)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        choices: list[core_schema.CoreSchema | tuple[core_schema.CoreSchema, str]] = [
            handler.generate_schema(choice) for choice in typing.get_args(source)
        ]
        return core_schema.union_schema(choices, mode="left_to_right")


class OpenUnion:
    """Marks a union of models as tagged with an open set of tags (see the module).

    The tag is the one field that is a ``Literal`` in every known variant; the catch-all is the
    variant whose tag field is a plain string. An object without a tag is an error. Serialising
    writes each variant by its own model, not through pydantic-core's union serialiser, which
    builds the whole value as Python objects first (twice the time to write a big result).
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        variants = [variant for variant in typing.get_args(source) if variant is not type(None)]
        tag, known, catch_all = _tagging(variants)
        known_tags = frozenset(known)

        def not_a_known_tag(value: Any) -> Any:
            if getattr(value, tag) in known_tags:
                raise PydanticCustomError(
                    "known_tag",
                    "this {tag} is known; the object does not fit its variant",
                    {"tag": tag},
                )
            return value

        tagged = core_schema.tagged_union_schema(
            {value: handler.generate_schema(variant) for value, variant in known.items()},
            discriminator=tag,
        )
        fallback = core_schema.no_info_after_validator_function(
            not_a_known_tag, handler.generate_schema(catch_all)
        )
        schema = core_schema.union_schema(
            [(tagged, _KNOWN_BRANCH), (fallback, _UNKNOWN_BRANCH)],
            mode="left_to_right",
            serialization=core_schema.simple_ser_schema("any"),
        )
        if len(variants) < len(typing.get_args(source)):
            return core_schema.nullable_schema(schema)
        return schema


def _tagging(variants: list[Any]) -> tuple[str, dict[str, Any], Any]:
    """The tag field, the known variants by tag value, and the catch-all of an open union."""
    shared = set.intersection(*(set(variant.model_fields) for variant in variants))
    for name in sorted(shared):
        values = {variant: _literal_values(variant, name) for variant in variants}
        open_variants = [variant for variant, tags in values.items() if not tags]
        if len(open_variants) == 1:
            known = {tag: variant for variant, tags in values.items() for tag in tags}
            return name, known, open_variants[0]
    names = ", ".join(variant.__name__ for variant in variants)
    raise TypeError(f"OPEN_UNION needs one catch-all variant and a Literal tag: {names}")


def _literal_values(model: type[BaseModel], name: str) -> tuple[str, ...]:
    annotation = model.model_fields[name].annotation
    return typing.get_args(annotation) if typing.get_origin(annotation) is Literal else ()


OPEN_UNION = OpenUnion()
"""The marker of an open union (see :class:`OpenUnion`)."""

OPEN_ENUM = OpenEnum()
"""The marker of an open enum (see :class:`OpenEnum`)."""


def readable_errors(error: ValidationError) -> list[ErrorDetails]:
    """``error.errors()``, each open union reduced to the branch that applies, its label left
    out of ``loc``: the known variant's errors when the tag is known (and the object does not
    fit), else the catch-all's (an unknown tag, or none). A one-or-many field is reduced
    likewise (:func:`._one_or_many.chosen_branch`)."""
    errors = error.errors(include_input=False, include_url=False)
    while any(part in _BRANCHES for item in errors for part in item["loc"]):
        errors = _without_first_branches(errors)
    return errors


def without_branch_labels(loc: Sequence[int | str]) -> tuple[int | str, ...]:
    """An error location without the labels of union branches (``"known tag"``, ...)."""
    return tuple(part for part in loc if part not in _BRANCHES)


def _without_first_branches(errors: Sequence[ErrorDetails]) -> list[ErrorDetails]:
    """Resolve, per union, the outermost branch labels (see :func:`readable_errors`)."""
    by_union: dict[tuple[int | str, ...], list[tuple[str, ErrorDetails]]] = {}
    kept: list[ErrorDetails] = []
    for item in errors:
        loc = tuple(item["loc"])
        at = next((index for index, part in enumerate(loc) if part in _BRANCHES), None)
        if at is None:
            kept.append(item)
            continue
        trimmed: ErrorDetails = {**item, "loc": loc[:at] + loc[at + 1 :]}
        by_union.setdefault(loc[:at], []).append((str(loc[at]), trimmed))
    for location, branches in by_union.items():
        wanted = (
            _open_union_branch(branches)
            if branches[0][0] in _OPEN_UNION_BRANCHES
            else _one_or_many.chosen_branch(branches, len(location))
        )
        kept += [item for branch, item in branches if branch == wanted]
    return kept


def _open_union_branch(branches: Sequence[tuple[str, ErrorDetails]]) -> str:
    """The known variant's branch when the tag is known and the object does not fit it, else
    the catch-all's."""
    known_fits_not = any(
        branch == _KNOWN_BRANCH and item["type"] not in _TAG_ERRORS for branch, item in branches
    )
    return _KNOWN_BRANCH if known_fits_not else _UNKNOWN_BRANCH
