from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.context_type_0 import ContextType0


T = TypeVar("T", bound="Application")


@_attrs_define
class Application:
    """A registered application, as Sectra knows it.

    Attributes:
        application_id (str): The application's id.
        display_name (str): The name shown to users.
        manufacturer (str): Who makes the application.
        context (ContextType0 | None | str | Unset): The app's private context (see `Context`). Servers have been seen
            to send it as a
            string holding the JSON object (Sectra's TypeScript model types it as a string).
             Default: '{}'.
    """

    application_id: str
    display_name: str
    manufacturer: str
    context: ContextType0 | None | str | Unset = "{}"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.context_type_0 import ContextType0  # noqa: PLC0415

        application_id = self.application_id

        display_name = self.display_name

        manufacturer = self.manufacturer

        context: dict[str, Any] | None | str | Unset
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
                "applicationId": application_id,
                "displayName": display_name,
                "manufacturer": manufacturer,
            }
        )
        if context is not UNSET:
            field_dict["context"] = context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.context_type_0 import ContextType0  # noqa: PLC0415

        d = dict(src_dict)
        application_id = d.pop("applicationId")

        display_name = d.pop("displayName")

        manufacturer = d.pop("manufacturer")

        def _parse_context(data: object) -> ContextType0 | None | str | Unset:
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
            return cast(ContextType0 | None | str | Unset, data)

        context = _parse_context(d.pop("context", UNSET))

        application = cls(
            application_id=application_id,
            display_name=display_name,
            manufacturer=manufacturer,
            context=context,
        )

        application.additional_properties = d
        return application

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
