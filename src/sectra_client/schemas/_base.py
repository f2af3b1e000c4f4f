"""The base class of every generated schema model: what the generator cannot express.

* ``repr()`` and ``str()`` leave out fields the spec marks ``x-sectra-phi`` (patient data) or
  ``x-sectra-secret`` (tokens), and unknown fields, which may be either.
* Unknown fields are kept (``additionalProperties: true`` in the spec gives ``extra="allow"``)
  and sent back, so a read-modify-write never drops what a newer server added.
* Serialising leaves out optional fields whose value is ``None`` rather than sending ``null``.
* Parsing tolerates what real servers send: ``"context": null`` reads as ``{}``.

Open enums and open unions (unknown values and tags kept) are marked by :mod:`._open`; a list
that may come as one item (``content``) by :mod:`._one_or_many`.
"""

from __future__ import annotations

import typing
from typing import Any, ClassVar, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, field_validator

__all__ = ["GeometryModel", "ImageInfoBase", "SectraModel"]


_Size = TypeVar("_Size", covariant=True)


class _HasImageSize(Protocol[_Size]):
    """A slide-info model: the generated ``ImageInfo``, whose module imports this one."""

    @property
    def imageSize(self) -> _Size: ...


_HIDDEN_MARKERS = ("x-sectra-phi", "x-sectra-secret")


def _is_none(value: object) -> bool:
    return value is None


def _is_hidden(json_schema_extra: object) -> bool:
    return isinstance(json_schema_extra, dict) and any(
        json_schema_extra.get(marker) for marker in _HIDDEN_MARKERS
    )


class SectraModel(BaseModel):
    """Base of the public schema models. Attribute names are the camelCase wire names.

    Each model's validator and serialiser are built when the model is first used, not when it
    is defined (``defer_build``), so importing the package does not build all of them.
    """

    model_config = ConfigDict(defer_build=True)

    _hidden_fields: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        fields = cls.model_fields
        cls._hidden_fields = frozenset(
            name for name, field in fields.items() if _is_hidden(field.json_schema_extra)
        )
        # Left out when None, in the serialiser's compiled core (a wrap serializer would
        # rebuild the whole tree, 200k points included, as Python objects first).
        nullable = [
            field
            for field in fields.values()
            if not field.is_required() and field.default is None and field.exclude_if is None
        ]
        for field in nullable:
            field.exclude_if = _is_none
        if nullable and cls.__pydantic_complete__:
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


class ImageInfoBase(SectraModel):
    """Base of the slide-info model (``ImageInfo``): adds ``size``."""

    @property
    def size(self: _HasImageSize[_Size]) -> _Size:
        """The full-resolution image size in pixels (the wire field ``imageSize``)."""
        return self.imageSize


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
