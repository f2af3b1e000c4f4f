"""Every IA-API operation, written once for both clients (sans-IO).

Each function here describes one operation as a :class:`Call`: the request, built by the
generated operation's public ``build_request`` (so the spec decides paths, path encoding, query
and header names, and a renamed parameter is a type error here), how to read the answer, and
the IA-API version it needs. The generated endpoint modules are imported by the operation that
uses them, when it is first called, so importing the client loads none of them.

Operations made of several requests (:func:`upsert_result`, :func:`modify_result`) are
:data:`Plan` generators: they yield calls, receive each call's parsed answer (or its
:class:`~sectra_client.errors.SectraRequestError`, thrown in) and return the outcome.
:class:`~sectra_client.SectraClient` and :class:`~sectra_client.AsyncSectraClient` only
perform the I/O.

Bodies are serialised by pydantic's JSON serialiser and sent as they are; the generated
layer's attrs models are never built.

Results are written complete, whatever was read: a new result needs ``data.result`` (what
the viewer shows; :class:`ValueError` without it), and an update always sends
``displayResult``, ``applicationVersion`` and ``data.result``. A result read back without them
(other apps, Sectra's own examples among them, store such results) is updated with the app's own
version, an empty ``displayResult`` and an empty primitive content (nothing drawn), so that
writing back what was read never fails.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

import httpx

from sectra_client._base_client import RequestOptions, RequestSpec
from sectra_client._label import LabelImage
from sectra_client._parsing import parse_body
from sectra_client._versions import Requirement, requirement_for
from sectra_client.errors import ConflictError, SectraConnectionError

__all__ = [
    "DEFAULT_CONFLICT_ATTEMPTS",
    "Call",
    "Plan",
    "Reading",
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
    "get_tile",
    "list_slide_results",
    "modify_result",
    "request_token",
    "set_quality_control",
    "slide_files_request",
    "update_result",
    "upsert_result",
]

if TYPE_CHECKING:
    from pydantic import TypeAdapter
    from sectra_api.types import Unset

    from sectra_client.schemas.auth import LaunchData, TokenResponse
    from sectra_client.schemas.image import CaseImageInfo, ImageInfo
    from sectra_client.schemas.info import Application, ApplicationInfo
    from sectra_client.schemas.quality_control import QualityControl
    from sectra_client.schemas.results import Result, ResultResponse, VersionedResult

logger = logging.getLogger("sectra_client")

T = TypeVar("T")

#: How many times :func:`modify_result` and :func:`upsert_result` read and write before a
#: conflict (HTTP 409, someone else updated the result meanwhile) is given up.
DEFAULT_CONFLICT_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Reading:
    """What a parser is told besides the response.

    Attributes:
        request: the request answered, as error messages name it (``"GET /slides/x/info"``).
        pause_gc: whether a large body may be parsed with the cyclic garbage collector paused
            (:func:`sectra_client._parsing.parse_body`).
    """

    request: str
    pause_gc: bool


_Parser: TypeAlias = Callable[[httpx.Response, Reading], T]


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One request and how to read its answer.

    Attributes:
        spec: the request.
        parse: reads the 2xx response (body already received) into the result.
        requirement: the IA-API version the server must implement, if newer than every server.
    """

    spec: RequestSpec
    parse: _Parser[T]
    requirement: Requirement | None = None

    def with_options(self, options: RequestOptions) -> Call[T]:
        """This call with the per-call ``options`` applied to its request."""
        spec = self.spec.with_options(options)
        return self if spec is self.spec else Call(spec, self.parse, self.requirement)

    def interpret(self, response: httpx.Response, *, pause_gc: bool = False) -> T:
        """The result of this call, read from its 2xx ``response``; with ``pause_gc``, a large
        body is parsed with the cyclic garbage collector paused.

        Raises:
            SectraConnectionError: the body does not match the schema.
        """
        request = f"{self.spec.method} {self.spec.display_path}"
        return self.parse(response, Reading(request, pause_gc))


Plan: TypeAlias = Generator[Call[Any], Any, T]
"""An operation of several calls: yields each call, is sent its result, returns the outcome."""

ResultUpdate: TypeAlias = "VersionedResult | ResultResponse | Result"
"""What an update may be given: a result with the ``versionId`` it was read with (a ``Result``
carries it as an extra field)."""


@dataclass(frozen=True)
class _Validators:
    """The validator of each answer the operations read."""

    application_info: TypeAdapter[ApplicationInfo]
    image_info: TypeAdapter[ImageInfo]
    case_images: TypeAdapter[list[CaseImageInfo]]
    result: TypeAdapter[ResultResponse]
    results: TypeAdapter[list[ResultResponse]]
    application: TypeAdapter[Application]
    token: TypeAdapter[TokenResponse]
    launch_data: TypeAdapter[LaunchData]


@functools.cache
def validators() -> _Validators:
    """The validators, built by the first answer read (with pydantic and the schemas, so that
    importing the client loads neither), or by :func:`sectra_client._preload.preload_client`."""
    from pydantic import TypeAdapter

    from sectra_client import schemas

    return _Validators(
        application_info=TypeAdapter(schemas.ApplicationInfo),
        image_info=TypeAdapter(schemas.ImageInfo),
        case_images=TypeAdapter(list[schemas.CaseImageInfo]),
        result=TypeAdapter(schemas.ResultResponse),
        results=TypeAdapter(list[schemas.ResultResponse]),
        application=TypeAdapter(schemas.Application),
        token=TypeAdapter(schemas.TokenResponse),
        launch_data=TypeAdapter(schemas.LaunchData),
    )


def _json_body(model: Result | ResultUpdate | QualityControl) -> bytes:
    """``model`` as the JSON bytes sent, straight from pydantic's serialiser: its
    ``model_dump_json`` decodes them to a str that would be encoded again (6 ms for a result
    of 200,000 points)."""
    return type(model).__pydantic_serializer__.to_json(model, by_alias=True)


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
    from sectra_client.schemas import PrimitiveResultContent, ResultData

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


def _parsed_as(validator: Callable[[_Validators], TypeAdapter[T]], what: str) -> _Parser[T]:
    def parse(response: httpx.Response, reading: Reading) -> T:
        adapter = validator(validators())
        return parse_body(
            adapter,
            response.content,
            what=what,
            request=reading.request,
            pause_gc=reading.pause_gc,
        )

    return parse


def _ignore_body(response: httpx.Response, reading: Reading) -> None:
    return None


def _body_bytes(response: httpx.Response, reading: Reading) -> bytes:
    return response.content


def _optional(value: T | None) -> T | Unset:
    """``value`` as a generated request builder takes it: None becomes ``UNSET`` (left out)."""
    from sectra_api.types import UNSET

    return UNSET if value is None else value


# ----- server, slides ---------------------------------------------------------------------------


def get_server_info() -> Call[ApplicationInfo]:
    """``GET /info``."""
    from sectra_api.api.server.get_server_info import build_request

    return Call(
        RequestSpec.from_parts(build_request()),
        _parsed_as(lambda v: v.application_info, "ApplicationInfo"),
    )


def get_slide_info(slide_id: str, *, extended: bool, include_phi: bool) -> Call[ImageInfo]:
    """``GET /slides/{slideId}/info``; ``scope=extended`` and ``includePHI=true`` when asked."""
    from sectra_api.api.slides.get_slide_info import build_request
    from sectra_api.models.info_scope import InfoScope

    parts = build_request(
        slide_id,
        scope=_optional(InfoScope.EXTENDED if extended else None),
        include_phi=_optional(True if include_phi else None),
    )
    return Call(RequestSpec.from_parts(parts), _parsed_as(lambda v: v.image_info, "ImageInfo"))


def _label_or_none(response: httpx.Response, reading: Reading) -> LabelImage | None:
    if response.status_code == 204 or not response.content:
        return None
    media_type = response.headers.get("content-type", "image/jpeg").split(";", 1)[0].strip()
    return LabelImage(response.content, media_type or "image/jpeg")


def get_slide_label(slide_id: str) -> Call[LabelImage | None]:
    """``GET /slides/{slideId}/label``: the image, or None (204, or an empty body)."""
    from sectra_api.api.slides.get_slide_label import build_request

    return Call(RequestSpec.from_parts(build_request(slide_id)), _label_or_none)


def slide_files_request(slide_id: str) -> RequestSpec:
    """``GET /slides/{slideId}/files``; the clients stream its body into a ``SlideFileSink``."""
    from sectra_api.api.slides.get_slide_files import build_request

    return RequestSpec.from_parts(build_request(slide_id), large_body=True)


def get_tile(slide_id: str, level: int, tile_name: str, *, optical_path: str | None) -> Call[bytes]:
    """``GET /images/{slideId}_files/{level}/{tileName}``: one encoded tile, as sent.

    ``tile_name`` is ``{col}_{row}[_{z}].{ext}`` (see :func:`sectra_client._tiles.tile_name`);
    ``optical_path`` is sent as the ``opticalPath`` query parameter when given.
    """
    from sectra_api.api.tiles.get_tile import build_request

    parts = build_request(slide_id, level, tile_name, optical_path=_optional(optical_path))
    return Call(RequestSpec.from_parts(parts), _body_bytes)


# ----- cases ------------------------------------------------------------------------------------


def get_case_images(
    accession_number: str, *, include_phi: bool, accession_number_issuer: str | None
) -> Call[list[CaseImageInfo]]:
    """``GET /requests/{accessionNumber}/images/info`` (1.9+). The accession number and its
    issuer are PHI: redacted from logs and error messages."""
    from sectra_api.api.cases.get_case_images import build_request

    parts = build_request(
        accession_number,
        include_phi=_optional(True if include_phi else None),
        accession_number_issuer=_optional(accession_number_issuer),
    )
    phi = tuple(value for value in (accession_number, accession_number_issuer) if value)
    return Call(
        RequestSpec.from_parts(parts, phi=phi),
        _parsed_as(lambda v: v.case_images, "list of CaseImageInfo"),
        requirement_for("getCaseImages", "get_case_images"),
    )


def get_case_images_by_slide(
    slide_id: str, *, include_phi: bool, accession_number_issuer: str | None
) -> Call[list[CaseImageInfo]]:
    """``GET /slides/{slideId}/request/images/info`` (1.9+)."""
    from sectra_api.api.cases.get_case_images_by_slide import build_request

    parts = build_request(
        slide_id,
        include_phi=_optional(True if include_phi else None),
        accession_number_issuer=_optional(accession_number_issuer),
    )
    phi = (accession_number_issuer,) if accession_number_issuer else ()
    return Call(
        RequestSpec.from_parts(parts, phi=phi),
        _parsed_as(lambda v: v.case_images, "list of CaseImageInfo"),
        requirement_for("getCaseImagesBySlide", "get_case_images_by_slide"),
    )


# ----- results ----------------------------------------------------------------------------------


def create_result(application_id: str, result: Result) -> Call[ResultResponse]:
    """``POST /applications/{applicationId}/results``; any 2xx answer is success.

    Raises:
        ValueError: ``result.data.result`` is missing.
    """
    from sectra_api.api.results.create_result import build_request

    body = _json_body(_complete_result(result))
    spec = RequestSpec.from_parts(build_request(application_id), content=body)
    return Call(spec, _parsed_as(lambda v: v.result, "ResultResponse"))


def get_result(application_id: str, result_id: int) -> Call[ResultResponse]:
    """``GET /applications/{applicationId}/results/{resultId}``."""
    from sectra_api.api.results.get_result import build_request

    parts = build_request(application_id, result_id)
    return Call(RequestSpec.from_parts(parts), _parsed_as(lambda v: v.result, "ResultResponse"))


def update_result(
    application_id: str, result_id: int, result: ResultUpdate, *, application_version: str
) -> Call[ResultResponse]:
    """``PUT /applications/{applicationId}/results/{resultId}`` with ``result``, completed as
    the module docstring says (``application_version`` fills a missing ``applicationVersion``).

    Raises:
        ValueError: ``result`` has no ``versionId``.
    """
    from sectra_api.api.results.update_result import build_request

    body = _json_body(_complete_update(result, application_version))
    spec = RequestSpec.from_parts(build_request(application_id, result_id), content=body)
    return Call(spec, _parsed_as(lambda v: v.result, "ResultResponse"))


def list_slide_results(application_id: str, slide_id: str) -> Call[list[ResultResponse]]:
    """``GET /applications/{applicationId}/results/slide/{slideId}``, oldest first."""
    from sectra_api.api.results.list_slide_results import build_request

    parts = build_request(application_id, slide_id)
    return Call(
        RequestSpec.from_parts(parts), _parsed_as(lambda v: v.results, "list of ResultResponse")
    )


def get_result_attachment(
    application_id: str, result_id: int, name: str, *, start: int | None, end: int | None
) -> Call[bytes]:
    """``GET .../results/{resultId}/attachments?name=``, with ``Range: bytes=start-end`` when
    ``start`` is given (``end`` inclusive, None for the rest of the attachment).

    Raises:
        ValueError: ``end`` without ``start``, a negative ``start``, or ``end < start``.
    """
    byte_range = _byte_range(start, end)
    from sectra_api.api.results.get_result_attachment import build_request

    parts = build_request(application_id, result_id, name=name, range_=_optional(byte_range))

    def parse(response: httpx.Response, reading: Reading) -> bytes:
        if start is None or response.status_code != 206:
            # A server that ignores Range sends the whole attachment: cut the range out.
            return response.content if start is None else _cut(response.content, start, end)
        answered = _content_range_start(response.headers.get("content-range"))
        if answered != start:
            raise SectraConnectionError(
                f"{reading.request}: the server answered another byte range"
            )
        return response.content

    return Call(RequestSpec.from_parts(parts), parse)


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
    from sectra_client.schemas import ResultResponse

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
    from sectra_api.api.quality_control.set_quality_control import build_request

    return Call(
        RequestSpec.from_parts(build_request(slide_id), content=_json_body(quality_control)),
        _ignore_body,
        requirement_for("setQualityControl", "set_quality_control"),
    )


def get_application(application_id: str) -> Call[Application]:
    """``GET /applications/{applicationId}``."""
    from sectra_api.api.applications.get_application import build_request

    parts = build_request(application_id)
    return Call(RequestSpec.from_parts(parts), _parsed_as(lambda v: v.application, "Application"))


def request_token(application_id: str, username: str, password: str) -> Call[TokenResponse]:
    """``POST /token?applicationId=`` with HTTP Basic and ``grant_type=client_credentials``
    (1.9+). The password never appears in logs or error messages."""
    from sectra_api.api.authentication.request_token import build_request

    from sectra_client.schemas import TokenRequest

    spec = RequestSpec.from_parts(
        build_request(application_id=application_id),
        data=TokenRequest().model_dump(mode="json"),
        basic_auth=(username, password),
    )
    return Call(
        spec,
        _parsed_as(lambda v: v.token, "TokenResponse"),
        requirement_for("requestToken", "request_token"),
    )


def get_launch_data(
    request_id: str, session_token: str, application_id: str | None
) -> Call[LaunchData]:
    """``GET /launchdata?requestId=&sessionToken=&appId=`` (1.9+; ``appId`` only when given).
    The request id (PHI: it may be the accession number) and the session token (a secret) are
    kept out of logs and error messages."""
    from sectra_api.api.authentication.get_launch_data import build_request

    parts = build_request(
        request_id=request_id, session_token=session_token, app_id=_optional(application_id)
    )
    return Call(
        RequestSpec.from_parts(parts, phi=(request_id, session_token)),
        _parsed_as(lambda v: v.launch_data, "LaunchData"),
        requirement_for("getLaunchData", "get_launch_data"),
    )
