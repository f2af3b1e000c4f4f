from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.context_type_0 import ContextType0
    from ..models.patch_result_content import PatchResultContent
    from ..models.primitive_result_content import PrimitiveResultContent
    from ..models.unknown_result_content import UnknownResultContent


T = TypeVar("T", bound="ResultData")


@_attrs_define
class ResultData:
    """What a result shows, and the app's private context for it. Results other apps stored
    may lack `result`; a new result (`Result`) always carries one.

        Attributes:
            context (ContextType0 | None | Unset): The app's private JSON object: set in the registration and echoed back in
                invocations,
                or stored with a result. Sectra does not interpret it; keep it small. Absent or `null`
                means empty.
            result (None | PatchResultContent | PrimitiveResultContent | UnknownResultContent | Unset):
    """

    context: ContextType0 | None | Unset = UNSET
    result: None | PatchResultContent | PrimitiveResultContent | UnknownResultContent | Unset = (
        UNSET
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.context_type_0 import ContextType0  # noqa: PLC0415
        from ..models.patch_result_content import PatchResultContent  # noqa: PLC0415
        from ..models.primitive_result_content import PrimitiveResultContent  # noqa: PLC0415
        from ..models.unknown_result_content import UnknownResultContent  # noqa: PLC0415

        context: dict[str, Any] | None | Unset
        if isinstance(self.context, Unset):
            context = UNSET
        elif isinstance(self.context, ContextType0):
            context = self.context.to_dict()
        else:
            context = self.context

        result: dict[str, Any] | None | Unset
        if isinstance(self.result, Unset):
            result = UNSET
        elif isinstance(self.result, PrimitiveResultContent):
            result = self.result.to_dict()
        elif isinstance(self.result, PatchResultContent):
            result = self.result.to_dict()
        elif isinstance(self.result, UnknownResultContent):
            result = self.result.to_dict()
        else:
            result = self.result

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if context is not UNSET:
            field_dict["context"] = context
        if result is not UNSET:
            field_dict["result"] = result

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.context_type_0 import ContextType0  # noqa: PLC0415
        from ..models.patch_result_content import PatchResultContent  # noqa: PLC0415
        from ..models.primitive_result_content import PrimitiveResultContent  # noqa: PLC0415
        from ..models.unknown_result_content import UnknownResultContent  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_context(data: object) -> ContextType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_context_type_0 = ContextType0.from_dict(data)

            return componentsschemas_context_type_0

        context = _parse_context(d.pop("context", UNSET))

        def _parse_result(
            data: object,
        ) -> None | PatchResultContent | PrimitiveResultContent | UnknownResultContent | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_result_content_type_0 = PrimitiveResultContent.from_dict(data)

                return componentsschemas_result_content_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_result_content_type_1 = PatchResultContent.from_dict(data)

                return componentsschemas_result_content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            if data.get("type") in (
                "primitive",
                "patchCollection",
            ):
                raise ValueError("an object with a known type that does not match its schema")

            componentsschemas_result_content_type_2 = UnknownResultContent.from_dict(data)

            return componentsschemas_result_content_type_2

        result = _parse_result(d.pop("result", UNSET))

        result_data = cls(
            context=context,
            result=result,
        )

        result_data.additional_properties = d
        return result_data

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
