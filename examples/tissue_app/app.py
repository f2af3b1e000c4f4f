"""The tissue finder: an analysis app that outlines the tissue on a slide.

A user runs it on a slide; it stores a ``Queued`` placeholder at once and replies with it,
then a background job reads a thumbnail through tiles (no slide download), finds the tissue,
and replaces the placeholder with the outlines, the tissue area in mm² and the region count.

Serve it with ``uvicorn --factory tissue_app.app:create_app`` (from ``examples/``), and register
the URL it is served at plus ``/tissue`` in Sectra.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import FastAPI

from sectra_client import SectraClient
from sectra_client.schemas import (
    CreateInvocation,
    InputTemplate,
    Label,
    Point,
    Polygon,
    PrimitiveItem,
    PrimitiveResultContent,
    Registration,
    Result,
    ResultData,
    Style,
)
from sectra_client.webhook import CallbackClientOptions, Job, SectraWebhook, StartJob
from tissue_app.detection import TissueOutlines, find_tissue
from tissue_app.geometry import ThumbnailGeometry

__all__ = [
    "APP_ID",
    "APP_VERSION",
    "PATH",
    "STROKE_COLOUR",
    "create_app",
    "create_webhook",
    "outline_result",
    "registration",
]

APP_ID = "tissue-finder"
APP_VERSION = "1.0.0"
PATH = "/tissue"
"""Where the app serves the inbound contract (the path of its registered URL)."""
STROKE_COLOUR = "#00A651"
"""The colour the outlines are drawn in."""
THUMBNAIL_SIZE = 1024
"""The longer side, in pixels, of the thumbnail the tissue is found on."""
COMPLETED = "Completed"


def registration(url: str = f"http://127.0.0.1:8000{PATH}") -> Registration:
    """What the app answers at ``GET U``: its id, name, and that it runs on whole slides."""
    return Registration(
        applicationId=APP_ID,
        displayName="Tissue finder",
        manufacturer="sectra-client examples",
        url=url,
        inputTemplate=InputTemplate(type="wholeSlide"),
        context={"thumbnailSize": THUMBNAIL_SIZE},
    )


def create_webhook(
    *,
    url: str = f"http://127.0.0.1:8000{PATH}",
    trusted_hosts: Iterable[str] | None = None,
    thumbnail_size: int = THUMBNAIL_SIZE,
    client_options: CallbackClientOptions | None = None,
) -> SectraWebhook:
    """The tissue finder's webhook: ``create`` starts the background job ``find_tissue``.

    Args:
        url: the URL Sectra invokes (served in the registration).
        trusted_hosts: the Sectra hosts the app may call back; None trusts the host each
            invocation comes from.
        thumbnail_size: the longer side of the thumbnail analysed, in pixels.
        client_options: timeouts, retries and TLS settings of the callbacks.
    """
    webhook = SectraWebhook(
        registration(url),
        app_version=APP_VERSION,
        trusted_hosts=trusted_hosts,
        client_options=client_options,
    )

    @webhook.job()
    def find_tissue_job(job: Job) -> Result:
        return _analyse(job, thumbnail_size)

    @webhook.on_create
    def create(invocation: CreateInvocation, client: SectraClient) -> StartJob:
        return StartJob(find_tissue_job)

    return webhook


def create_app() -> FastAPI:
    """The ASGI app, for ``uvicorn --factory tissue_app.app:create_app``."""
    return create_webhook().create_app(PATH)


def _analyse(job: Job, thumbnail_size: int) -> Result:
    job.progress(0.1, "Reading the slide")
    info = job.client.get_slide_info(job.slide_id)
    thumbnail = job.client.get_thumbnail(job.slide_id, max_size=thumbnail_size)
    job.raise_if_cancelled()
    job.progress(0.5, "Finding tissue")
    tissue = find_tissue(thumbnail)
    job.raise_if_cancelled()
    job.progress(0.9, "Outlining regions")
    geometry = ThumbnailGeometry(
        slide_width=info.imageSize.width,
        slide_height=info.imageSize.height,
        thumbnail_width=thumbnail.width,
        thumbnail_height=thumbnail.height,
        microns_per_pixel=info.micronsPerPixel,
    )
    return outline_result(job.slide_id, tissue, geometry)


def outline_result(slide_id: str, tissue: TissueOutlines, geometry: ThumbnailGeometry) -> Result:
    """The result showing ``tissue``: its outlines (holes included), a label repeating the
    display result at the tissue's top-left corner, and the area and region count."""
    area = round(geometry.area_mm2(tissue.tissue_pixels), 2)
    regions = tissue.region_count
    summary = f"Tissue: {area:.2f} mm² in {regions} region{'' if regions == 1 else 's'}"
    polygons = [Polygon(points=geometry.to_api_points(o.points)) for o in tissue.outlines]
    labels = []
    if polygons:
        left = min(point.x for polygon in polygons for point in polygon.points)
        top = min(point.y for polygon in polygons for point in polygon.points)
        labels.append(Label(location=Point(x=left, y=top), label=summary))
    item = PrimitiveItem(
        style=Style(strokeStyle=STROKE_COLOUR, fillStyle="rgba(0,166,81,0.15)", size=2),
        polygons=polygons,
        labels=labels,
    )
    return Result(
        slideId=slide_id,
        displayResult=summary,
        displayProperties={"Tissue area (mm²)": area, "Regions": regions, "Status": COMPLETED},
        applicationVersion=APP_VERSION,
        data=ResultData(
            context={"thumbnail": [geometry.thumbnail_width, geometry.thumbnail_height]},
            result=PrimitiveResultContent(content=[item]),
        ),
    )
