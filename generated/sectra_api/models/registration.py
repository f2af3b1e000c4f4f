from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.context_type_0 import ContextType0
    from ..models.input_template import InputTemplate


T = TypeVar("T", bound="Registration")


@_attrs_define
class Registration:
    """The app's registration, served at `GET U`.

    Attributes:
        application_id (str): The app's id, unique within the Sectra installation.
        display_name (str): The name shown to users.
        manufacturer (str): Who makes the app.
        url (str): The URL `U` Sectra invokes.
        input_template (InputTemplate): The kind of input the app asks for when a user runs it.
        context (ContextType0 | None | Unset): The app's private JSON object: set in the registration and echoed back in
            invocations,
            or stored with a result. Sectra does not interpret it; keep it small. Absent or `null`
            means empty.
    """

    application_id: str
    display_name: str
    manufacturer: str
    url: str
    input_template: InputTemplate
    context: ContextType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.context_type_0 import ContextType0  # noqa: PLC0415
        from ..models.input_template import InputTemplate  # noqa: PLC0415

        application_id = self.application_id

        display_name = self.display_name

        manufacturer = self.manufacturer

        url = self.url

        input_template = self.input_template.to_dict()

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
                "applicationId": application_id,
                "displayName": display_name,
                "manufacturer": manufacturer,
                "url": url,
                "inputTemplate": input_template,
            }
        )
        if context is not UNSET:
            field_dict["context"] = context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.context_type_0 import ContextType0  # noqa: PLC0415
        from ..models.input_template import InputTemplate  # noqa: PLC0415

        d = dict(src_dict)
        application_id = d.pop("applicationId")

        display_name = d.pop("displayName")

        manufacturer = d.pop("manufacturer")

        url = d.pop("url")

        input_template = InputTemplate.from_dict(d.pop("inputTemplate"))

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

        registration = cls(
            application_id=application_id,
            display_name=display_name,
            manufacturer=manufacturer,
            url=url,
            input_template=input_template,
            context=context,
        )

        registration.additional_properties = d
        return registration

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
