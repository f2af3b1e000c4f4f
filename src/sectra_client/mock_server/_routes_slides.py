"""Routes about slides and cases: info, label, files and the case image lists."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import StreamingResponse

from sectra_client.mock_server._context import context_of
from sectra_client.mock_server._deps import (
    AccessionNumber,
    Backend,
    IncludePhi,
    SlideId,
    require_slide,
)
from sectra_client.mock_server._files_stream import files_body
from sectra_client.mock_server._metadata import case_image_info, scoped_image_info

__all__ = ["router"]

router = APIRouter()

_QC_SINCE = (1, 10)
Issuer = Annotated[str | None, Query(alias="accessionNumberIssuer")]
IssuerId = Annotated[str | None, Query(alias="accessionNumberIssuerId")]


@router.get("/slides/{slideId}/info")
def get_slide_info(
    backend: Backend,
    slide_id: SlideId,
    include_phi: IncludePhi,
    scope: Annotated[Literal["extended"] | None, Query()] = None,
) -> dict[str, Any]:
    """The slide's metadata: basic fields, plus extended and PHI fields when asked for."""
    slide = require_slide(backend, slide_id)
    with_quality = backend.api_version_tuple >= _QC_SINCE
    return scoped_image_info(
        slide.info,
        extended=scope == "extended",
        include_phi=include_phi,
        quality=slide.quality if with_quality else None,
    )


@router.get("/slides/{slideId}/label")
def get_slide_label(backend: Backend, slide_id: SlideId) -> Response:
    """The label JPEG, or 204 when the slide has none."""
    jpeg = require_slide(backend, slide_id).label_jpeg()
    if jpeg is None:
        return Response(status_code=204)
    return Response(jpeg, media_type="image/jpeg")


@router.get("/slides/{slideId}/files")
async def get_slide_files(request: Request, backend: Backend, slide_id: SlideId) -> Response:
    """The slide's files, streamed in the slide's configured form."""
    slide = require_slide(backend, slide_id)
    files = await anyio.to_thread.run_sync(slide.served_files)
    body = files_body(
        files, slide.files_form, truncated=context_of(request.scope).truncate_multipart
    )
    headers = {**body.headers, "Content-Length": str(body.content_length)}
    return StreamingResponse(body.body, media_type=body.media_type, headers=headers)


@router.get("/requests/{accessionNumber}/images/info")
def get_case_images(
    backend: Backend,
    accession_number: AccessionNumber,
    include_phi: IncludePhi,
    issuer: Issuer = None,
    issuer_id: IssuerId = None,
) -> list[dict[str, Any]]:
    """Every slide of the case; both names of the issuer parameter are accepted.

    A case with no registered slide is made up (one to three slides, which the slide
    operations then serve too), unless the server is strict: then it answers 404.
    """
    chosen_issuer = issuer if issuer is not None else issuer_id
    slides = backend.state.case_slides(
        accession_number, chosen_issuer, create=not backend.config.strict
    )
    if not slides:
        raise HTTPException(404, "Not Found: no such case")
    return [case_image_info(info, include_phi=include_phi) for info in slides]


@router.get("/slides/{slideId}/request/images/info")
def get_case_images_by_slide(
    backend: Backend,
    slide_id: SlideId,
    include_phi: IncludePhi,
    issuer: Issuer = None,
    issuer_id: IssuerId = None,
) -> list[dict[str, Any]]:
    """Every slide of the slide's case, the slide included (the issuer parameters are
    accepted and not needed: the slide names its case)."""
    del issuer, issuer_id
    info = require_slide(backend, slide_id).info
    if info.accessionNumber is None:
        return [case_image_info(info, include_phi=include_phi)]
    slides = backend.state.case_slides(
        info.accessionNumber, info.accessionNumberIssuer, create=False
    )
    return [case_image_info(sibling, include_phi=include_phi) for sibling in slides]
