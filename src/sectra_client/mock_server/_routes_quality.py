"""The quality-control route (IA-API 1.10)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from sectra_client.mock_server._deps import Backend, SlideId, json_body, require_slide
from sectra_client.mock_server._state import StaleVersionError
from sectra_client.schemas import QualityControl

__all__ = ["router"]

router = APIRouter()


@router.put("/slides/{slideId}/qualityControl")
async def set_quality_control(request: Request, backend: Backend, slide_id: SlideId) -> Response:
    """Store the slide's QC status sent with its current versionId: 409 for a stale one
    (or the status a deviation names)."""
    body = await json_body(request, QualityControl)
    slide = require_slide(backend, slide_id)
    try:
        backend.state.set_quality(slide, body)
    except StaleVersionError as error:
        status = backend.config.deviations.stale_version_status
        raise HTTPException(status, f"Conflict: {error}") from None
    return Response(status_code=200)
