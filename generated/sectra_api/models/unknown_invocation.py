from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.callback_info import CallbackInfo
    from ..models.context_type_0 import ContextType0


T = TypeVar("T", bound="UnknownInvocation")


@_attrs_define
class UnknownInvocation:
    """An invocation with an `action` this document does not list (a newer Sectra may send
    one). Readers keep it with everything it holds; an app answers it 200 with `{}`.

        Attributes:
            application_id (str): The invoked application's id.
            slide_id (str): The slide the invocation is about.
            callback_info (CallbackInfo): Where and how the app calls back into Sectra for this invocation.
            action (str): The action, any but the known ones.
            context (ContextType0 | None | Unset): The app's private JSON object: set in the registration and echoed back in
                invocations,
                or stored with a result. Sectra does not interpret it; keep it small. Absent or `null`
                means empty.
            cancellation_token (None | str | Unset): Identifies one analysis run; a later `cancel` carries the same token.
    """

    application_id: str
    slide_id: str
    callback_info: CallbackInfo
    action: str
    context: ContextType0 | None | Unset = UNSET
    cancellation_token: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.callback_info import CallbackInfo  # noqa: PLC0415
        from ..models.context_type_0 import ContextType0  # noqa: PLC0415

        application_id = self.application_id

        slide_id = self.slide_id

        callback_info = self.callback_info.to_dict()

        action = self.action

        context: dict[str, Any] | None | Unset
        if isinstance(self.context, Unset):
            context = UNSET
        elif isinstance(self.context, ContextType0):
            context = self.context.to_dict()
        else:
            context = self.context

        cancellation_token: None | str | Unset
        if isinstance(self.cancellation_token, Unset):
            cancellation_token = UNSET
        else:
            cancellation_token = self.cancellation_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "applicationId": application_id,
                "slideId": slide_id,
                "callbackInfo": callback_info,
                "action": action,
            }
        )
        if context is not UNSET:
            field_dict["context"] = context
        if cancellation_token is not UNSET:
            field_dict["cancellationToken"] = cancellation_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.callback_info import CallbackInfo  # noqa: PLC0415
        from ..models.context_type_0 import ContextType0  # noqa: PLC0415

        d = dict(src_dict)
        application_id = d.pop("applicationId")

        slide_id = d.pop("slideId")

        callback_info = CallbackInfo.from_dict(d.pop("callbackInfo"))

        action = d.pop("action")

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

        def _parse_cancellation_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cancellation_token = _parse_cancellation_token(d.pop("cancellationToken", UNSET))

        unknown_invocation = cls(
            application_id=application_id,
            slide_id=slide_id,
            callback_info=callback_info,
            action=action,
            context=context,
            cancellation_token=cancellation_token,
        )

        unknown_invocation.additional_properties = d
        return unknown_invocation

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
