from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Literal, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.patch_content import PatchContent


T = TypeVar("T", bound="PatchResultContent")


@_attrs_define
class PatchResultContent:
    """A result shown as a patch gallery.

    Attributes:
        type_ (Literal['patchCollection']): Always `patchCollection`. Default: 'patchCollection'.
        content (PatchContent): A patch gallery.
    """

    content: PatchContent
    type_: Literal["patchCollection"] = "patchCollection"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.patch_content import PatchContent  # noqa: PLC0415

        type_ = self.type_

        content = self.content.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "content": content,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.patch_content import PatchContent  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["patchCollection"], d.pop("type"))
        if type_ != "patchCollection":
            raise ValueError(f"type must match const 'patchCollection', got '{type_}'")

        content = PatchContent.from_dict(d.pop("content"))

        patch_result_content = cls(
            type_=type_,
            content=content,
        )

        patch_result_content.additional_properties = d
        return patch_result_content

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
