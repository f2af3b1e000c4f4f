"""The base class of every generated schema model: what the generator cannot express.

* ``repr()`` and ``str()`` leave out fields the spec marks ``x-sectra-phi`` (patient data) or
  ``x-sectra-secret`` (tokens), and unknown fields, which may be either.
* Unknown fields are kept (``additionalProperties: true`` in the spec gives ``extra="allow"``)
  and sent back, so a read-modify-write never drops what a newer server added.
* Serialising leaves out optional fields whose value is ``None`` rather than sending ``null``.
* Parsing tolerates what real servers send: ``"context": null`` reads as ``{}``, and a
  list-typed ``content`` given as one object reads as a one-item list.
* :data:`OPEN_UNION` marks a union whose tag is open (``Invocation.action``,
  ``CreateInput.type``, ``ResultContent.type``): a known tag selects its variant, any other
  tag the catch-all variant that keeps everything the object holds.
* :data:`OPEN_ENUM` marks an open enum (``QualityControlData.status``, ``Attachment.state``,
  ``PatchAction.state``, ``InputTemplate.type``): a known value reads as its enum member, any
  other value as it came.
"""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, Discriminator, GetCoreSchemaHandler, Tag, field_validator
from pydantic_core import core_schema

if TYPE_CHECKING:
    from sectra_client.schemas._generated import Size

__all__ = [
    "OPEN_ENUM",
    "OPEN_UNION",
    "UNKNOWN_TAG",
    "GeometryModel",
    "ImageInfoBase",
    "OpenEnum",
    "OpenUnion",
    "SectraModel",
]

UNKNOWN_TAG = "unknown tag"
"""How the catch-all variant of an open union is named in validation error locations."""

_HIDDEN_MARKERS = ("x-sectra-phi", "x-sectra-secret")


def _is_none(value: object) -> bool:
    return value is None


def _is_hidden(json_schema_extra: object) -> bool:
    return isinstance(json_schema_extra, dict) and any(
        json_schema_extra.get(marker) for marker in _HIDDEN_MARKERS
    )


class SectraModel(BaseModel):
    """Base of the public schema models. Attribute names are the camelCase wire names."""

    _hidden_fields: ClassVar[frozenset[str]] = frozenset()
    _list_content: ClassVar[bool] = False

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        fields = cls.model_fields
        cls._hidden_fields = frozenset(
            name for name, field in fields.items() if _is_hidden(field.json_schema_extra)
        )
        content = fields.get("content")
        cls._list_content = content is not None and typing.get_origin(content.annotation) is list
        # Left out when None, in the serialiser's compiled core (a wrap serializer would
        # rebuild the whole tree, 200k points included, as Python objects first).
        nullable = [
            field
            for field in fields.values()
            if not field.is_required() and field.default is None and field.exclude_if is None
        ]
        for field in nullable:
            field.exclude_if = _is_none
        if nullable:
            cls.model_rebuild(force=True, raise_errors=False)

    def __repr_args__(self) -> typing.Iterable[tuple[str | None, Any]]:
        hidden = self._hidden_fields
        for name, value in super().__repr_args__():
            if name is not None and name not in hidden and name in type(self).model_fields:
                yield name, value

    @field_validator("context", mode="before", check_fields=False)
    @classmethod
    def _null_context_is_empty(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("content", mode="before", check_fields=False)
    @classmethod
    def _single_content_is_a_list(cls, value: Any) -> Any:
        if cls._list_content and isinstance(value, dict | BaseModel):
            return [value]
        return value


class ImageInfoBase(SectraModel):
    """Base of the slide-info model (``ImageInfo``): adds ``size``."""

    @property
    def size(self) -> Size:
        """The full-resolution image size in pixels (the wire field ``imageSize``)."""
        size: Size = getattr(self, "imageSize")  # noqa: B009 - defined by the generated subclass
        return size


class GeometryModel(BaseModel):
    """Base of the geometry models (``Point``, ``Polygon``, ``Polyline``, ``Size``).

    They come by the hundred thousand, so they carry nothing per instance beyond pydantic's own
    work (and the unknown fields a newer server sent, kept for the round trip but left out of
    ``repr()``); ``str()`` shows the class, as ``repr()`` does: ``Size(width=1024, height=768)``.
    """

    def __repr_args__(self) -> typing.Iterable[tuple[str | None, Any]]:
        fields = type(self).model_fields
        for name in fields:
            yield name, getattr(self, name)

    def __str__(self) -> str:
        return repr(self)


class OpenUnion:
    """Marks a union of models as tagged, with an open set of tags.

    Used as ``Annotated[Known1 | Known2 | CatchAll, OPEN_UNION]``. The tag is the one field that
    is a ``Literal`` in every known variant; the catch-all is the variant whose tag field is a
    plain string. An object whose tag is a known value is read as that variant (and is an error
    if it does not fit it); one with any other string tag is read as the catch-all; one without
    a tag is an error. Serialising picks the variant the same way.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        variants = [variant for variant in typing.get_args(source) if variant is not type(None)]
        tag, known, catch_all = _tagging(variants)
        known_tags = frozenset(known)

        def tag_of(value: Any) -> str | None:
            found = value.get(tag) if isinstance(value, dict) else getattr(value, tag, None)
            if found is None:
                return None
            return found if isinstance(found, str) and found in known_tags else UNKNOWN_TAG

        tagged: list[Any] = [Annotated[variant, Tag(value)] for value, variant in known.items()]
        tagged.append(Annotated[catch_all, Tag(UNKNOWN_TAG)])
        schema = handler.generate_schema(
            Annotated[typing.Union[tuple(tagged)], Discriminator(tag_of)]  # noqa: UP007
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
"""The marker the generated models put on every open union (see :class:`OpenUnion`)."""


class OpenEnum:
    """Marks ``Enum | str`` (or ``IntEnum | int``) as an open enum, used as
    ``Annotated[Status | str, OPEN_ENUM]``: a known value reads as its enum member, any other
    value of the plain type as it came."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        choices: list[core_schema.CoreSchema | tuple[core_schema.CoreSchema, str]] = [
            handler.generate_schema(choice) for choice in typing.get_args(source)
        ]
        return core_schema.union_schema(choices, mode="left_to_right")


OPEN_ENUM = OpenEnum()
"""The marker the generated models put on every open enum (see :class:`OpenEnum`)."""
