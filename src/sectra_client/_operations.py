"""Every IA-API operation, written once for both clients (sans-IO).

Each function here describes one operation as a :class:`Call`: the request, built from the
generated bindings' ``_get_kwargs`` (so the spec decides paths, path encoding and query names),
how to read the answer, and the IA-API version it needs. Operations made of several requests
(:func:`upsert_result`, :func:`modify_result`) are :data:`Plan` generators: they yield calls,
receive each call's parsed answer (or its :class:`~sectra_client.errors.SectraRequestError`,
thrown in) and return the outcome. :class:`~sectra_client.SectraClient` and
:class:`~sectra_client.AsyncSectraClient` only perform the I/O.

Bodies are serialised by pydantic's JSON serialiser and sent as they are; the generated
layer's attrs body models are never built from the caller's data.

Results are written complete, whatever was read: a new result needs ``data.result`` (what
the viewer shows; :class:`ValueError` without it), and an update always sends
``displayResult``, ``applicationVersion`` and ``data.result``. A result read back without them
(other apps, Sectra's own examples among them, store such results) is updated with the app's own
version, an empty ``displayResult`` and an empty primitive content (nothing drawn), so that
writing back what was read never fails.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, Generic, TypeAlias, TypeVar

import httpx
from pydantic import TypeAdapter
from sectra_api import models as api_models
from sectra_api.api.applications import get_application as get_application_api
from sectra_api.api.authentication import get_launch_data as get_launch_data_api
from sectra_api.api.authentication import request_token as request_token_api
from sectra_api.api.cases import get_case_images as get_case_images_api
from sectra_api.api.cases import get_case_images_by_slide as get_case_images_by_slide_api
from sectra_api.api.quality_control import set_quality_control as set_quality_control_api
from sectra_api.api.results import create_result as create_result_api
from sectra_api.api.results import get_result as get_result_api
from sectra_api.api.results import get_result_attachment as get_result_attachment_api
from sectra_api.api.results import list_slide_results as list_slide_results_api
from sectra_api.api.results import update_result as update_result_api
from sectra_api.api.server import get_server_info as get_server_info_api
from sectra_api.api.slides import get_slide_files as get_slide_files_api
from sectra_api.api.slides import get_slide_info as get_slide_info_api
from sectra_api.api.slides import get_slide_label as get_slide_label_api
from sectra_api.types import UNSET, Unset

from sectra_client._label import LabelImage
from sectra_client._parsing import parse_body
from sectra_client._transport import RequestSpec
from sectra_client._versions import Requirement, requirement_for
from sectra_client.errors import ConflictError, SectraConnectionError
from sectra_client.schemas import (
    Application,
    ApplicationInfo,
    CaseImageInfo,
    ImageInfo,
    LaunchData,
    PrimitiveResultContent,
    QualityControl,
    Result,
    ResultData,
    ResultResponse,
    TokenResponse,
    VersionedResult,
)

__all__ = [
    "DEFAULT_CONFLICT_ATTEMPTS",
    "Call",
    "Plan",
    "ResultUpdate",
    "create_result",
    "get_application",
    "get_case_images",
    "get_case_images_by_slide",
    "get_launch_data",
    "get_result",
    "get_result_attachment",
    "get_server_info",
    "get_slide_info",
    "get_slide_label",
    "list_slide_results",
    "modify_result",
    "request_token",
    "set_quality_control",
    "slide_files_request",
    "update_result",
    "upsert_result",
]

logger = logging.getLogger("sectra_client")

T = TypeVar("T")

#: How many times :func:`modify_result` and :func:`upsert_result` read and write before a
#: conflict (HTTP 409, someone else updated the result meanwhile) is given up.
DEFAULT_CONFLICT_ATTEMPTS = 3

_Parser: TypeAlias = Callable[[httpx.Response, str], T]


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One request and how to read its answer.

    Attributes:
        spec: the request.
        parse: reads the 2xx response (body already received) into the result; the second
            argument names the request for error messages.
        requirement: the IA-API version the server must implement, if newer than every server.
    """

    spec: RequestSpec
    parse: _Parser[T]
    requirement: Requirement | None = None

    def interpret(self, response: httpx.Response) -> T:
        """The result of this call, read from its 2xx ``response``.

        Raises:
            SectraConnectionError: the body does not match the schema.
        """
        return self.parse(response, f"{self.spec.method} {self.spec.display_path}")


Plan: TypeAlias = Generator[Call[Any], Any, T]
"""An operation of several calls: yields each call, is sent its result, returns the outcome."""

ResultUpdate: TypeAlias = VersionedResult | ResultResponse | Result
"""What an update may be given: a result with the ``versionId`` it was read with (a ``Result``
carries it as an extra field)."""


# Bodies of the generated ``_get_kwargs``: they only call ``.to_dict()`` on them, and the result
# is replaced by the pydantic-serialised body (see ``_spec``). Built once, tiny.
_RESULT_BODY = api_models.ResultFields(slide_id="")
_VERSIONED_RESULT_BODY = api_models.VersionedResult(slide_id="", version_id="")
_QUALITY_CONTROL_BODY = api_models.QualityControlUpdate(
    application_version="",
    quality_control=api_models.QualityControlData(
        status=api_models.QualityControlStatus.NOT_SET, version_id=""
    ),
)

_APPLICATION_INFO = TypeAdapter(ApplicationInfo)
_IMAGE_INFO = TypeAdapter(ImageInfo)
_CASE_IMAGES = TypeAdapter(list[CaseImageInfo])
_RESULT_RESPONSE = TypeAdapter(ResultResponse)
_RESULT_RESPONSES = TypeAdapter(list[ResultResponse])
_APPLICATION = TypeAdapter(Application)
_TOKEN_RESPONSE = TypeAdapter(TokenResponse)
_LAUNCH_DATA = TypeAdapter(LaunchData)


def _spec(
    kwargs: dict[str, Any],
    *,
    phi: tuple[str, ...] = (),
    body: bytes | None = None,
    basic_auth: tuple[str, str] | None = None,
) -> RequestSpec:
    """The request of a generated ``_get_kwargs`` dict, with ``body`` as its JSON body."""
    if body is not None:
        kwargs = {name: value for name, value in kwargs.items() if name != "json"}
        kwargs["content"] = body
    return RequestSpec.from_kwargs(kwargs, phi=phi, basic_auth=basic_auth)


def _json_body(model: Result | ResultUpdate | QualityControl) -> bytes:
    return model.model_dump_json(by_alias=True).encode()


def _complete_result(result: Result) -> Result:
    """``result``, checked to carry what a new result needs.

    Raises:
        ValueError: ``result.data.result`` is missing.
    """
    if result.data.result is None:
        raise ValueError("a new result needs data.result (what the viewer shows)")
    return result


def _complete_update(result: ResultUpdate, application_version: str) -> ResultUpdate:
    """``result`` as an update sends it: a missing ``applicationVersion`` filled with
    ``application_version``, a missing ``displayResult`` with an empty one, a missing ``data``
    or ``data.result`` with an empty primitive content.

    Raises:
        ValueError: ``result`` has no ``versionId``.
    """
    if not isinstance(getattr(result, "versionId", None), str):
        raise ValueError("an update needs the versionId the result was read with")
    filled: dict[str, Any] = {}
    if result.applicationVersion is None:
        filled["applicationVersion"] = application_version
    if result.displayResult is None:
        filled["displayResult"] = ""
    if result.data is None:
        filled["data"] = ResultData(result=PrimitiveResultContent(content=[]))
    elif result.data.result is None:
        filled["data"] = result.data.model_copy(
            update={"result": PrimitiveResultContent(content=[])}
        )
    return result.model_copy(update=filled) if filled else result


def _parsed_as(adapter: TypeAdapter[T], what: str) -> _Parser[T]:
    def parse(response: httpx.Response, request: str) -> T:
        return parse_body(adapter, response.content, what=what, request=request)

    return parse


def _ignore_body(response: httpx.Response, request: str) -> None:
    return None


def _optional(value: T | None) -> T | Unset:
    return UNSET if value is None else value


# ----- server, slides ---------------------------------------------------------------------------


def get_server_info() -> Call[ApplicationInfo]:
    """``GET /info``."""
    return Call(
        _spec(get_server_info_api._get_kwargs()), _parsed_as(_APPLICATION_INFO, "ApplicationInfo")
    )


def get_slide_info(slide_id: str, *, extended: bool, include_phi: bool) -> Call[ImageInfo]:
    """``GET /slides/{slideId}/info``; ``scope=extended`` and ``includePHI=true`` when asked."""
    kwargs = get_slide_info_api._get_kwargs(
        slide_id,
        scope=api_models.InfoScope.EXTENDED if extended else UNSET,
        include_phi=True if include_phi else UNSET,
    )
    return Call(_spec(kwargs), _parsed_as(_IMAGE_INFO, "ImageInfo"))


def _label_or_none(response: httpx.Response, request: str) -> LabelImage | None:
    if response.status_code == 204 or not response.content:
        return None
    media_type = response.headers.get("content-type", "image/jpeg").split(";", 1)[0].strip()
    return LabelImage(response.content, media_type or "image/jpeg")


def get_slide_label(slide_id: str) -> Call[LabelImage | None]:
    """``GET /slides/{slideId}/label``: the image, or None (204, or an empty body)."""
    return Call(_spec(get_slide_label_api._get_kwargs(slide_id)), _label_or_none)


def slide_files_request(slide_id: str) -> RequestSpec:
    """``GET /slides/{slideId}/files``; the clients stream its body into a ``SlideFileSink``."""
    return _spec(get_slide_files_api._get_kwargs(slide_id))


# ----- cases ------------------------------------------------------------------------------------


def get_case_images(
    accession_number: str, *, include_phi: bool, accession_number_issuer: str | None
) -> Call[list[CaseImageInfo]]:
    """``GET /requests/{accessionNumber}/images/info`` (1.9+). The accession number and its
    issuer are PHI: redacted from logs and error messages."""
    kwargs = get_case_images_api._get_kwargs(
        accession_number,
        include_phi=True if include_phi else UNSET,
        accession_number_issuer=_optional(accession_number_issuer),
    )
    phi = tuple(value for value in (accession_number, accession_number_issuer) if value)
    return Call(
        _spec(kwargs, phi=phi),
        _parsed_as(_CASE_IMAGES, "list of CaseImageInfo"),
        requirement_for("getCaseImages", "get_case_images"),
    )


def get_case_images_by_slide(
    slide_id: str, *, include_phi: bool, accession_number_issuer: str | None
) -> Call[list[CaseImageInfo]]:
    """``GET /slides/{slideId}/request/images/info`` (1.9+)."""
    kwargs = get_case_images_by_slide_api._get_kwargs(
        slide_id,
        include_phi=True if include_phi else UNSET,
        accession_number_issuer=_optional(accession_number_issuer),
    )
    phi = (accession_number_issuer,) if accession_number_issuer else ()
    return Call(
        _spec(kwargs, phi=phi),
        _parsed_as(_CASE_IMAGES, "list of CaseImageInfo"),
        requirement_for("getCaseImagesBySlide", "get_case_images_by_slide"),
    )


# ----- results ----------------------------------------------------------------------------------


def create_result(application_id: str, result: Result) -> Call[ResultResponse]:
    """``POST /applications/{applicationId}/results``; any 2xx answer is success.

    Raises:
        ValueError: ``result.data.result`` is missing.
    """
    kwargs = create_result_api._get_kwargs(application_id, body=_RESULT_BODY)
    body = _json_body(_complete_result(result))
    return Call(_spec(kwargs, body=body), _parsed_as(_RESULT_RESPONSE, "ResultResponse"))


def get_result(application_id: str, result_id: int) -> Call[ResultResponse]:
    """``GET /applications/{applicationId}/results/{resultId}``."""
    kwargs = get_result_api._get_kwargs(application_id, result_id)
    return Call(_spec(kwargs), _parsed_as(_RESULT_RESPONSE, "ResultResponse"))


def update_result(
    application_id: str, result_id: int, result: ResultUpdate, *, application_version: str
) -> Call[ResultResponse]:
    """``PUT /applications/{applicationId}/results/{resultId}`` with ``result``, completed as
    the module docstring says (``application_version`` fills a missing ``applicationVersion``).

    Raises:
        ValueError: ``result`` has no ``versionId``.
    """
    kwargs = update_result_api._get_kwargs(application_id, result_id, body=_VERSIONED_RESULT_BODY)
    body = _json_body(_complete_update(result, application_version))
    return Call(_spec(kwargs, body=body), _parsed_as(_RESULT_RESPONSE, "ResultResponse"))


def list_slide_results(application_id: str, slide_id: str) -> Call[list[ResultResponse]]:
    """``GET /applications/{applicationId}/results/slide/{slideId}``, oldest first."""
    kwargs = list_slide_results_api._get_kwargs(application_id, slide_id)
    return Call(_spec(kwargs), _parsed_as(_RESULT_RESPONSES, "list of ResultResponse"))


def get_result_attachment(
    application_id: str, result_id: int, name: str, *, start: int | None, end: int | None
) -> Call[bytes]:
    """``GET .../results/{resultId}/attachments?name=``, with ``Range: bytes=start-end`` when
    ``start`` is given (``end`` inclusive, None for the rest of the attachment).

    Raises:
        ValueError: ``end`` without ``start``, a negative ``start``, or ``end < start``.
    """
    byte_range = _byte_range(start, end)
    kwargs = get_result_attachment_api._get_kwargs(
        application_id, result_id, name=name, range_=_optional(byte_range)
    )

    def parse(response: httpx.Response, request: str) -> bytes:
        if start is None or response.status_code != 206:
            # A server that ignores Range sends the whole attachment: cut the range out.
            return response.content if start is None else _cut(response.content, start, end)
        answered = _content_range_start(response.headers.get("content-range"))
        if answered != start:
            raise SectraConnectionError(f"{request}: the server answered another byte range")
        return response.content

    return Call(_spec(kwargs), parse)


def _byte_range(start: int | None, end: int | None) -> str | None:
    if start is None:
        if end is not None:
            raise ValueError(
                "give start with end (for the last n bytes, read the whole attachment)"
            )
        return None
    if start < 0:
        raise ValueError("start must be 0 or more")
    if end is None:
        return f"bytes={start}-"
    if end < start:
        raise ValueError("end must not be before start (end is inclusive)")
    return f"bytes={start}-{end}"


def _cut(content: bytes, start: int, end: int | None) -> bytes:
    return content[start:] if end is None else content[start : end + 1]


def _content_range_start(header: str | None) -> int | None:
    """The first byte of ``Content-Range: bytes first-last/total``; None when unreadable."""
    if header is None:
        return None
    unit, _, rest = header.strip().partition(" ")
    first, _, _ = rest.partition("-")
    if unit.lower() != "bytes" or not first.strip().isdigit():
        return None
    return int(first)


def upsert_result(
    application_id: str,
    result: Result,
    *,
    application_version: str,
    attempts: int = DEFAULT_CONFLICT_ATTEMPTS,
) -> Plan[ResultResponse]:
    """Replace the latest result of the application on ``result.slideId``, else create one.

    The latest is the last of ``list_slide_results`` (the server lists oldest first). On a
    conflict the list is read again, up to ``attempts`` times in all.
    """
    for attempt in range(1, attempts + 1):
        stored: list[ResultResponse] = yield list_slide_results(application_id, result.slideId)
        if not stored:
            created: ResultResponse = yield create_result(application_id, result)
            return created
        latest = stored[-1]
        try:
            updated: ResultResponse = yield update_result(
                application_id,
                latest.id,
                _replacing(result, latest),
                application_version=application_version,
            )
        except ConflictError:
            if attempt >= attempts:
                raise
            _log_conflict("upsert_result", attempt, attempts)
            continue
        return updated
    raise ValueError("attempts must be 1 or more")


def modify_result(
    application_id: str,
    result_id: int,
    change: Callable[[ResultResponse], ResultUpdate | None],
    *,
    application_version: str,
    attempts: int = DEFAULT_CONFLICT_ATTEMPTS,
) -> Plan[ResultResponse]:
    """Read the result, apply ``change``, write it back with the ``versionId`` just read.

    ``change`` edits the result it is given in place (returning None) or returns the result
    to store. On a conflict the result is read again and ``change`` applied to the fresh copy,
    up to ``attempts`` times in all.
    """
    for attempt in range(1, attempts + 1):
        current: ResultResponse = yield get_result(application_id, result_id)
        changed = change(current)
        wanted = current if changed is None else _with_version_of(changed, current)
        try:
            updated: ResultResponse = yield update_result(
                application_id, result_id, wanted, application_version=application_version
            )
        except ConflictError:
            if attempt >= attempts:
                raise
            _log_conflict("modify_result", attempt, attempts)
            continue
        return updated
    raise ValueError("attempts must be 1 or more")


def _replacing(result: Result, stored: ResultResponse) -> ResultResponse:
    """``result``'s content under ``stored``'s id and versionId (no re-validation)."""
    fields: dict[str, Any] = {name: getattr(result, name) for name in result.model_fields_set}
    fields.update(result.model_extra or {})
    fields.update(id=stored.id, versionId=stored.versionId)
    return ResultResponse.model_construct(**fields)


def _with_version_of(changed: ResultUpdate, current: ResultResponse) -> ResultUpdate:
    same_id = getattr(changed, "id", None) == current.id
    if same_id and getattr(changed, "versionId", None) == current.versionId:
        return changed
    return changed.model_copy(update={"id": current.id, "versionId": current.versionId})


def _log_conflict(operation: str, attempt: int, attempts: int) -> None:
    logger.info(
        "%s: the result changed meanwhile (HTTP 409); reading it again (attempt %d/%d)",
        operation,
        attempt + 1,
        attempts,
    )


# ----- quality control, applications, authentication -------------------------------------------


def set_quality_control(slide_id: str, quality_control: QualityControl) -> Call[None]:
    """``PUT /slides/{slideId}/qualityControl`` (1.10+); the answer's body is ignored."""
    kwargs = set_quality_control_api._get_kwargs(slide_id, body=_QUALITY_CONTROL_BODY)
    return Call(
        _spec(kwargs, body=_json_body(quality_control)),
        _ignore_body,
        requirement_for("setQualityControl", "set_quality_control"),
    )


def get_application(application_id: str) -> Call[Application]:
    """``GET /applications/{applicationId}``."""
    kwargs = get_application_api._get_kwargs(application_id)
    return Call(_spec(kwargs), _parsed_as(_APPLICATION, "Application"))


def request_token(application_id: str, username: str, password: str) -> Call[TokenResponse]:
    """``POST /token?applicationId=`` with HTTP Basic and ``grant_type=client_credentials``
    (1.9+). The password never appears in logs or error messages."""
    kwargs = request_token_api._get_kwargs(
        body=api_models.TokenRequest(), application_id=application_id
    )
    return Call(
        _spec(kwargs, basic_auth=(username, password)),
        _parsed_as(_TOKEN_RESPONSE, "TokenResponse"),
        requirement_for("requestToken", "request_token"),
    )


def get_launch_data(
    request_id: str, session_token: str, application_id: str | None
) -> Call[LaunchData]:
    """``GET /launchdata?requestId=&sessionToken=&appId=`` (1.9+; ``appId`` only when given).
    The request id (PHI: it may be the accession number) and the session token (a secret) are
    kept out of logs and error messages."""
    kwargs = get_launch_data_api._get_kwargs(
        request_id=request_id, session_token=session_token, app_id=_optional(application_id)
    )
    return Call(
        _spec(kwargs, phi=(request_id, session_token)),
        _parsed_as(_LAUNCH_DATA, "LaunchData"),
        requirement_for("getLaunchData", "get_launch_data"),
    )
