"""Routes about results: create, read, update, list by slide, and attachments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, TypeVar

from fastapi import APIRouter, Header, HTTPException, Path, Query, Request, Response
from fastapi.responses import StreamingResponse

from sectra_client.mock_server._deps import ApplicationId, Backend, SlideId, json_body
from sectra_client.mock_server._ranges import RangeNotSatisfiable, parse_byte_range
from sectra_client.mock_server._state import (
    ResultMismatchError,
    StaleVersionError,
    StoredResult,
    UnknownResultError,
)
from sectra_client.schemas import ResultFields, VersionedResult

__all__ = ["router"]

router = APIRouter()

ResultT = TypeVar("ResultT", ResultFields, VersionedResult)
ResultId = Annotated[int, Path(alias="resultId", ge=0, le=2**63 - 1)]


@router.post("/applications/{applicationId}/results", status_code=201)
@router.post("/hooks/{applicationId}/results", status_code=201)
async def create_result(
    request: Request, backend: Backend, application_id: ApplicationId
) -> Response:
    """Store a new result, as it came (see ``ResultFields``); 201 with its id and versionId.
    ``/hooks/...`` is the legacy path Sectra's basic example app uses."""
    result = _without_dropped_fields(backend, await json_body(request, ResultFields))
    if backend.config.strict:
        _require_registered(backend, application_id, result.slideId)
    stored = backend.state.create_result(application_id, result)
    return _json_response(stored.json, status_code=201)


@router.get("/applications/{applicationId}/results/slide/{slideId}")
def list_slide_results(
    backend: Backend, application_id: ApplicationId, slide_id: SlideId
) -> Response:
    """This application's results on the slide, oldest first."""
    if backend.config.strict:
        _require_registered(backend, application_id, slide_id)
    results = backend.state.results_on_slide(application_id, slide_id)
    length = 2 + sum(result.json_size for result in results) + max(len(results) - 1, 0)
    return StreamingResponse(
        _json_array(results),
        media_type="application/json",
        headers={"Content-Length": str(length)},
    )


@router.get("/applications/{applicationId}/results/{resultId}")
def get_result(backend: Backend, application_id: ApplicationId, result_id: ResultId) -> Response:
    """One result with its current versionId."""
    stored = backend.state.stored_result(application_id, result_id)
    if stored is None:
        raise HTTPException(404, f"Not Found: application has no result {result_id}")
    return _json_response(stored.json)


@router.put("/applications/{applicationId}/results/{resultId}")
@router.put("/hooks/{applicationId}/results/{resultId}")
async def update_result(
    request: Request, backend: Backend, application_id: ApplicationId, result_id: ResultId
) -> Response:
    """Replace a result sent with its current versionId (the body may leave out ``id``): 409
    for a stale one, or for a body whose id or slide is not the stored result's.
    ``/hooks/...`` is the legacy path Sectra's basic example app uses."""
    body = _without_dropped_fields(backend, await json_body(request, VersionedResult))
    try:
        updated = backend.state.update_result(application_id, result_id, body)
    except UnknownResultError as error:
        raise HTTPException(404, f"Not Found: {error}") from None
    except StaleVersionError as error:
        status = backend.config.deviations.stale_version_status
        raise HTTPException(status, f"Conflict: {error}") from None
    except ResultMismatchError as error:
        raise HTTPException(409, f"Conflict: {error}") from None
    return _json_response(updated.json)


@router.get("/applications/{applicationId}/results/{resultId}/attachments")
def get_result_attachment(
    backend: Backend,
    application_id: ApplicationId,
    result_id: ResultId,
    name: Annotated[str, Query(min_length=1)],
    byte_range: Annotated[str | None, Header(alias="Range")] = None,
) -> Response:
    """An attachment's bytes: all of them (200), or one ``Range`` (206; 416 outside it)."""
    stored = backend.state.stored_result(application_id, result_id)
    if stored is None:
        raise HTTPException(404, f"Not Found: application has no result {result_id}")
    with backend.state.lock:
        data = stored.attachments.get(name)
    if data is None:
        raise HTTPException(404, "Not Found: the result has no attachment of that name")
    headers = {"Accept-Ranges": "bytes"}
    if byte_range is None:
        return Response(data, media_type="application/octet-stream", headers=headers)
    try:
        first, last = parse_byte_range(byte_range, len(data))
    except RangeNotSatisfiable as error:
        raise HTTPException(
            416, f"Range Not Satisfiable: {error}", {"Content-Range": f"bytes */{len(data)}"}
        ) from None
    except ValueError as error:
        raise HTTPException(400, f"Bad Request: {error}") from None
    headers["Content-Range"] = f"bytes {first}-{last}/{len(data)}"
    return Response(
        data[first : last + 1],
        status_code=206,
        media_type="application/octet-stream",
        headers=headers,
    )


def _without_dropped_fields(backend: Backend, result: ResultT) -> ResultT:
    """``result`` without the fields a deviation says the server does not store."""
    for name in backend.config.deviations.dropped_result_fields & result.model_fields_set:
        setattr(result, name, None)
        result.model_fields_set.discard(name)
    return result


def _json_array(results: list[StoredResult]) -> Iterator[bytes]:
    """The results as one JSON array, one result at a time (each may be megabytes)."""
    yield b"["
    for index, result in enumerate(results):
        yield b"," + result.json if index else result.json
    yield b"]"


def _json_response(body: bytes, status_code: int = 200) -> Response:
    """A reply with JSON already serialised (stored results are kept as JSON)."""
    return Response(body, status_code=status_code, media_type="application/json")


def _require_registered(backend: Backend, application_id: str, slide_id: str) -> None:
    with backend.state.lock:
        application_known = application_id in backend.state.applications
    if not application_known:
        raise HTTPException(404, f"Not Found: no application {application_id!r}")
    if backend.state.slide(slide_id, create=False) is None:
        raise HTTPException(404, f"Not Found: no slide {slide_id!r}")
