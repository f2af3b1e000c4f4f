"""The main job, end to end: a slide, an analysis app, and its result on screen.

Run ``make demo`` (or ``python examples/demo.py``). It:

1. starts a mock Sectra server with a 60000 x 45000 pixel synthetic slide at 0.25 µm per
   pixel (15 x 11 mm of glass with H&E-like tissue);
2. starts the example app, the tissue finder (``examples/tissue_app``), on a free port;
3. fires a ``create`` invocation at it as Sectra would, and checks the reply's contract;
4. waits while the app's background job reads a thumbnail through tiles (no download),
   outlines the tissue and replaces its ``Queued`` placeholder with the result, showing
   progress on the way;
5. prints a summary; and
6. writes ``demo-output/result.png``: the slide cropped to its tissue (read through tiles at
   the resolution the picture needs) with the polygons of the stored result drawn on it
   (read back from the server, so the coordinate conversion is checked end to end), a scale
   bar whose length comes from the slide's µm per pixel, and a legend; and
   ``demo-output/result.json``, the stored result.

``--size small`` runs on an 8000 x 6000 slide, in about a second.

Against a real Sectra server, give its API base URL, a bearer token (e.g. the
``callbackInfo.token`` of a recent invocation, or one from ``POST /token``), a slide and the
id of an application registered there::

    python examples/demo.py --slide SLIDE_ID --app-id APP_ID --token "$SECTRA_TOKEN" \
        --url https://pacs.example.org/SectraPathologyServer/external/imageanalysis/v1

The demo then plays Sectra's part itself: it posts the invocation (carrying that URL and
token) to the app it started, and the app calls the server back. Only the app's requests
cross the network, so the app may listen on loopback. To let Sectra invoke the app too,
serve it where Sectra can reach it (``--webhook-host 0.0.0.0 --webhook-port 8000``) and
register ``http://<this machine>:8000/tissue`` there (behind TLS in production).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from PIL import Image
from result_picture import (
    IMAGE_SIZE,
    Crop,
    compose_picture,
    result_polygons,
    shape_groups,
    tissue_crop,
)
from tissue_app import APP_ID, PATH, STROKE_COLOUR, create_webhook

from sectra_client import SectraClient, SectraError
from sectra_client.mock_server import MockSectraServer, SyntheticSlide
from sectra_client.pyramid import DeepZoomPyramid
from sectra_client.schemas import (
    ImageInfo,
    Invocation,
    ResultResponse,
    parse_invocation,
)
from sectra_client.webhook import WebhookServer

SIZES = {"full": (60_000, 45_000), "small": (8_000, 6_000)}
"""Synthetic slide sizes (width, height) in pixels, by ``--size``."""
DEMO_SLIDE = "demo-slide"
FINAL_STATUSES = ("Completed", "Failed", "Cancelled")
WAIT_SECONDS = 120.0


class DemoFailed(Exception):
    """The app did not produce its result."""


@dataclass(frozen=True)
class DemoOptions:
    """What to run the demo on (see ``--help``)."""

    size: tuple[int, int] = SIZES["full"]
    output_dir: Path = Path("demo-output")
    url: str | None = None
    token: str | None = None
    slide_id: str = DEMO_SLIDE
    app_id: str = APP_ID
    webhook_host: str = "127.0.0.1"
    webhook_port: int = 0


@dataclass(frozen=True)
class DemoOutcome:
    """What the demo produced.

    Attributes:
        slide: the analysed slide's metadata.
        result: the final stored result.
        progress: the display results the placeholder went through, in order.
        picture: the written PNG.
        seconds: the demo's run time, from starting the servers to the written picture.
        analysis_seconds: from firing the invocation to the final result.
    """

    slide: ImageInfo
    result: ResultResponse
    progress: list[str]
    picture: Path
    seconds: float
    analysis_seconds: float


def run_demo(options: DemoOptions, log: Any = print) -> DemoOutcome:
    """Run the demo on the embedded mock, or on the server given by ``options.url``.

    Raises:
        SectraError: a request to the server failed or the app's reply broke the contract.
        DemoFailed: the app failed, or answered the invocation with an error.
        TimeoutError: no final result within two minutes.
    """
    started = time.perf_counter()
    if options.url is None:
        with MockSectraServer().run(port=0, host="127.0.0.1") as mock:
            width, height = options.size
            log(f"Mock Sectra server at {mock.url}")
            mock.add_slide(
                options.slide_id, image=SyntheticSlide.for_slide_id(options.slide_id, width, height)
            )
            mock.add_application(options.app_id, display_name="Tissue finder")
            return _run(options, mock.url, mock.token, mock, started, log)
    if not options.token:
        raise ValueError("--url needs --token (or SECTRA_TOKEN)")
    return _run(options, options.url, options.token, None, started, log)


def _run(
    options: DemoOptions,
    url: str,
    token: str,
    mock: MockSectraServer | None,
    started: float,
    log: Any,
) -> DemoOutcome:
    host = httpx.URL(url).host
    webhook = create_webhook(trusted_hosts=None if mock is not None else [host])
    with SectraClient(url, token) as client:
        slide = client.get_slide_info(options.slide_id)
        size = slide.imageSize
        log(
            f"Slide {slide.id}: {size.width} x {size.height} pixels at "
            f"{slide.micronsPerPixel} µm/pixel"
        )
        server = webhook.serve(PATH, host=options.webhook_host, port=options.webhook_port)
        with server:
            log(f"Tissue finder at {server.url}")
            fired = time.perf_counter()
            placeholder = _fire_create(server, options, url, token, mock)
            log(
                f"The app answered the invocation with result {placeholder.id} "
                f"({placeholder.displayResult!r}); the reply follows the contract"
            )
            result, progress = _wait_for_final(client, options.app_id, placeholder.id, log)
            analysed = time.perf_counter()
        if _status(result) != "Completed":
            raise DemoFailed(f"the analysis ended as {result.displayResult!r}")
        crop = tissue_crop(result_polygons(result, size.width), (size.width, size.height))
        region, region_box = _read_crop(client, slide, crop)
    picture = compose_picture(
        region, region_box, crop, result, size.width, slide.micronsPerPixel, STROKE_COLOUR
    )
    path = _write_outputs(options.output_dir, picture, result)
    return DemoOutcome(
        slide, result, progress, path, time.perf_counter() - started, analysed - fired
    )


def _fire_create(
    server: WebhookServer, options: DemoOptions, url: str, token: str, mock: MockSectraServer | None
) -> ResultResponse:
    """Invoke the app as Sectra does: ``create`` on the whole slide; the reply is checked."""
    if mock is not None:
        invocation = mock.build_invocation("create", options.slide_id, options.app_id)
        return ResultResponse.model_validate(mock.trigger(server.url, invocation))
    invocation = _create_invocation(options, url, token)
    reply = httpx.post(
        server.url,
        content=invocation.model_dump_json(),
        headers={"Content-Type": "application/json"},
        timeout=60.0,
    )
    if reply.status_code != 200:
        raise DemoFailed(f"the app answered the invocation with HTTP {reply.status_code}")
    return ResultResponse.model_validate_json(reply.content)


def _create_invocation(options: DemoOptions, url: str, token: str) -> Invocation:
    return parse_invocation(
        {
            "action": "create",
            "applicationId": options.app_id,
            "slideId": options.slide_id,
            "callbackInfo": {"url": url, "token": token},
            "input": {"type": "wholeSlide"},
            "context": {},
        }
    )


def _wait_for_final(
    client: SectraClient, app_id: str, result_id: int, log: Any
) -> tuple[ResultResponse, list[str]]:
    """Poll the result until the job has left its final status on it."""
    deadline = time.monotonic() + WAIT_SECONDS
    progress: list[str] = []
    while time.monotonic() < deadline:
        result = client.get_result(app_id, result_id)
        shown = result.displayResult or ""
        if not progress or progress[-1] != shown:
            progress.append(shown)
            log(f"  {shown}")
        if _status(result) in FINAL_STATUSES:
            return result, progress
        time.sleep(0.05)
    raise TimeoutError(f"no final result within {WAIT_SECONDS:.0f} s")


def _status(result: ResultResponse) -> object:
    return (result.displayProperties or {}).get("Status")


def _read_crop(
    client: SectraClient, slide: ImageInfo, crop: Crop
) -> tuple[Image.Image, tuple[float, float, float, float]]:
    """The slide's pixels under ``crop`` (the part inside the slide), stitched from the tiles
    of the coarsest level that still has a pixel for every picture pixel; with where they lie
    on the slide (left, top, width, height in full-resolution pixels)."""
    size = slide.imageSize
    pyramid = DeepZoomPyramid(size.width, size.height, slide.tileSize.width)
    wanted = crop.width / IMAGE_SIZE[0]
    level = pyramid.max_level
    while level > 0 and pyramid.level_scale(level - 1) <= wanted:
        level -= 1
    scale = pyramid.level_scale(level)
    level_width, level_height = pyramid.level_size(level)
    left, top = max(0, math.floor(crop.left / scale)), max(0, math.floor(crop.top / scale))
    right = min(level_width, math.ceil((crop.left + crop.width) / scale))
    bottom = min(level_height, math.ceil((crop.top + crop.height) / scale))
    region = client.read_region(
        slide.id, level, left, top, right - left, bottom - top, image_info=slide
    )
    return region, (left * scale, top * scale, region.width * scale, region.height * scale)


def _write_outputs(output_dir: Path, picture: Image.Image, result: ResultResponse) -> Path:
    """Write the picture and the stored result; return the picture's path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / "result.png"
    picture.save(path)
    (output_dir / "result.json").write_text(result.model_dump_json(indent=2) + "\n")
    return path


def _summary(outcome: DemoOutcome) -> str:
    properties = outcome.result.displayProperties or {}
    content = shape_groups(outcome.result)
    outlines = sum(len(item.polygons or []) for item in content)
    points = sum(len(polygon.points) for item in content for polygon in item.polygons or [])
    return "\n".join(
        [
            f"Result {outcome.result.id}: {outcome.result.displayResult}",
            f"  regions:       {properties.get('Regions')}",
            f"  tissue area:   {properties.get('Tissue area (mm²)')} mm²",
            f"  outlines:      {outlines} polygons, {points} points",
            f"  progress:      {' -> '.join(outcome.progress)}",
            f"  analysis time: {outcome.analysis_seconds:.1f} s (invocation to final result)",
            f"  total time:    {outcome.seconds:.1f} s",
            f"  picture:       {outcome.picture}",
        ]
    )


def parse_options(argv: Sequence[str] | None = None) -> DemoOptions:
    """The demo's options from the command line (see ``--help``)."""
    parser = argparse.ArgumentParser(
        description="Run the tissue finder on a slide, end to end, and draw its result.",
        epilog="Without --url, everything runs locally on a mock Sectra server.",
    )
    parser.add_argument(
        "--size", choices=sorted(SIZES), default="full", help="synthetic slide size (mock only)"
    )
    parser.add_argument(
        "--output", type=Path, default=Path("demo-output"), help="where result.png goes"
    )
    parser.add_argument("--url", help="a real Sectra server's API base URL")
    parser.add_argument("--token", help="its bearer token (default: $SECTRA_TOKEN)")
    parser.add_argument("--slide", default=DEMO_SLIDE, help="the slide to analyse")
    parser.add_argument("--app-id", default=APP_ID, help="the application id to store under")
    parser.add_argument(
        "--webhook-host", default="127.0.0.1", help="the interface the app listens on"
    )
    parser.add_argument("--webhook-port", type=int, default=0, help="its port (0: any free)")
    args = parser.parse_args(argv)
    if args.url is not None and args.slide == DEMO_SLIDE:
        parser.error("--url needs --slide (a slide on that server)")
    return DemoOptions(
        size=SIZES[args.size],
        output_dir=args.output,
        url=args.url,
        token=args.token or os.environ.get("SECTRA_TOKEN"),
        slide_id=args.slide,
        app_id=args.app_id,
        webhook_host=args.webhook_host,
        webhook_port=args.webhook_port,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo; print a summary, or one line saying what went wrong."""
    options = parse_options(argv)
    try:
        outcome = run_demo(options)
    except (SectraError, DemoFailed, ValueError, TimeoutError, OSError, httpx.HTTPError) as error:
        print(f"demo: {error}", file=sys.stderr)
        return 1
    print(_summary(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main())
