from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.callback_info import CallbackInfo
    from ..models.launch_block import LaunchBlock


T = TypeVar("T", bound="LaunchData")


@_attrs_define
class LaunchData:
    """What an externally launched app was started with.

    Attributes:
        callback_info (CallbackInfo): Where and how the app calls back into Sectra for this invocation.
        blocks (list[LaunchBlock]): The selected slides, grouped by block.
    """

    callback_info: CallbackInfo
    blocks: list[LaunchBlock]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.callback_info import CallbackInfo  # noqa: PLC0415
        from ..models.launch_block import LaunchBlock  # noqa: PLC0415

        callback_info = self.callback_info.to_dict()

        blocks = []
        for blocks_item_data in self.blocks:
            blocks_item = blocks_item_data.to_dict()
            blocks.append(blocks_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "callbackInfo": callback_info,
                "blocks": blocks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.callback_info import CallbackInfo  # noqa: PLC0415
        from ..models.launch_block import LaunchBlock  # noqa: PLC0415

        d = dict(src_dict)
        callback_info = CallbackInfo.from_dict(d.pop("callbackInfo"))

        blocks = []
        _blocks = d.pop("blocks")
        for blocks_item_data in _blocks:
            blocks_item = LaunchBlock.from_dict(blocks_item_data)

            blocks.append(blocks_item)

        launch_data = cls(
            callback_info=callback_info,
            blocks=blocks,
        )

        launch_data.additional_properties = d
        return launch_data

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
