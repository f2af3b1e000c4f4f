from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.patch_action_state import PatchActionState
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchAction")


@_attrs_define
class PatchAction:
    """A button in the patch gallery. When pressed, Sectra sends a `modify` invocation with its `state` set to 1; the app
    resets it to 0.

        Attributes:
            id (str): The button's id, chosen by the app.
            state (int | PatchActionState): 1 when pressed, 0 when not (`PatchActionState`); another number a newer server
                sends is kept.
            name (str): The button's caption.
            tooltip (None | str | Unset): The button's tooltip.
    """

    id: str
    state: int | PatchActionState
    name: str
    tooltip: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        state: int
        if isinstance(self.state, PatchActionState):
            state = self.state.value
        else:
            state = self.state

        name = self.name

        tooltip: None | str | Unset
        if isinstance(self.tooltip, Unset):
            tooltip = UNSET
        else:
            tooltip = self.tooltip

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "state": state,
                "name": name,
            }
        )
        if tooltip is not UNSET:
            field_dict["tooltip"] = tooltip

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_state(data: object) -> int | PatchActionState:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                state_type_0 = PatchActionState(data)

                return state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | PatchActionState, data)

        state = _parse_state(d.pop("state"))

        name = d.pop("name")

        def _parse_tooltip(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tooltip = _parse_tooltip(d.pop("tooltip", UNSET))

        patch_action = cls(
            id=id,
            state=state,
            name=name,
            tooltip=tooltip,
        )

        patch_action.additional_properties = d
        return patch_action

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
