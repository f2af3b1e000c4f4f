from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.polygon import Polygon


T = TypeVar("T", bound="TaggedPolygonContent")


@_attrs_define
class TaggedPolygonContent:
    """The polygon a user drew, and the tag they chose for it when tags are offered.

    Attributes:
        polygon (Polygon): A closed polygon in width-normalised coordinates (see `Point`); the last point connects to
            the first.
        tags (list[str] | None | Unset): The tags offered (from the registration's input template).
        tag_index (int | None | Unset): The chosen tag, an index into `tags`; present whenever `tags` is.
    """

    polygon: Polygon
    tags: list[str] | None | Unset = UNSET
    tag_index: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.polygon import Polygon  # noqa: PLC0415

        polygon = self.polygon.to_dict()

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        tag_index: int | None | Unset
        if isinstance(self.tag_index, Unset):
            tag_index = UNSET
        else:
            tag_index = self.tag_index

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "polygon": polygon,
            }
        )
        if tags is not UNSET:
            field_dict["tags"] = tags
        if tag_index is not UNSET:
            field_dict["tagIndex"] = tag_index

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.polygon import Polygon  # noqa: PLC0415

        d = dict(src_dict)
        polygon = Polygon.from_dict(d.pop("polygon"))

        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, list):
                raise TypeError()
            tags_type_0 = cast(list[str], data)

            return tags_type_0

        tags = _parse_tags(d.pop("tags", UNSET))

        def _parse_tag_index(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        tag_index = _parse_tag_index(d.pop("tagIndex", UNSET))

        tagged_polygon_content = cls(
            polygon=polygon,
            tags=tags,
            tag_index=tag_index,
        )

        tagged_polygon_content.additional_properties = d
        return tagged_polygon_content

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
