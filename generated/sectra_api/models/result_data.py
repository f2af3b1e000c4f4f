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


T = TypeVar("T", bound="ResultData")


@_attrs_define
class ResultData:
    """What a result shows, and the app's private context for it.

    Attributes:
        result (PatchResultContent | PrimitiveResultContent): A result's content, discriminated by `type`.
        context (ContextType0 | None | Unset): The app's private JSON object: set in the registration and echoed back in
            invocations,
            or stored with a result. Sectra does not interpret it; keep it small. Absent or `null`
            means empty.
    """

    result: PatchResultContent | PrimitiveResultContent
    context: ContextType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.context_type_0 import ContextType0  # noqa: PLC0415
        from ..models.patch_result_content import PatchResultContent  # noqa: PLC0415
        from ..models.primitive_result_content import PrimitiveResultContent  # noqa: PLC0415

        result: dict[str, Any]
        if isinstance(self.result, PrimitiveResultContent):
            result = self.result.to_dict()
        else:
            result = self.result.to_dict()

        context: dict[str, Any] | None | Unset
        if isinstance(self.context, Unset):
            context = UNSET
        elif isinstance(self.context, ContextType0):
            context = self.context.to_dict()
        else:
            context = self.context

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "result": result,
            }
        )
        if context is not UNSET:
            field_dict["context"] = context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.context_type_0 import ContextType0  # noqa: PLC0415
        from ..models.patch_result_content import PatchResultContent  # noqa: PLC0415
        from ..models.primitive_result_content import PrimitiveResultContent  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_result(data: object) -> PatchResultContent | PrimitiveResultContent:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_result_content_type_0 = PrimitiveResultContent.from_dict(data)

                return componentsschemas_result_content_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_result_content_type_1 = PatchResultContent.from_dict(data)

            return componentsschemas_result_content_type_1

        result = _parse_result(d.pop("result"))

        def _parse_context(data: object) -> ContextType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_context_type_0 = ContextType0.from_dict(data)

                return componentsschemas_context_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContextType0 | None | Unset, data)

        context = _parse_context(d.pop("context", UNSET))

        result_data = cls(
            result=result,
            context=context,
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
