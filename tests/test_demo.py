"""``examples/demo.py`` (what ``make demo`` runs), on a reduced slide: the summary, the picture,
and outlines that match the synthetic slide's own tissue mask."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image, ImageDraw

from sectra_client.mock_server import MockSectraServer, SyntheticSlide
from sectra_client.pyramid import DeepZoomPyramid
from sectra_client.schemas import PrimitiveResultContent, ResultResponse

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo.py"
SLIDE_ID, WIDTH, HEIGHT = "demo-slide", 8_000, 6_000  # --size small
STROKE = (0x00, 0xA6, 0x51)  # tissue_app.STROKE_COLOUR

DemoRun = tuple[subprocess.CompletedProcess[str], Path]


@pytest.fixture(scope="module")
def demo_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> DemoRun:
    output = tmp_path_factory.mktemp("demo-output")
    run = subprocess.run(
        [sys.executable, str(DEMO), "--size", "small", "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return run, output


def stored_result(output: Path) -> ResultResponse:
    return ResultResponse.model_validate_json((output / "result.json").read_text())


def drawn_polygons(result: ResultResponse, size: tuple[int, int]) -> NDArray[np.bool_]:
    """The result's polygons filled on a thumbnail grid, holes left open (even-odd rule)."""
    assert result.data is not None
    content = result.data.result
    assert isinstance(content, PrimitiveResultContent)
    width, height = size
    filled = np.zeros((height, width), dtype=np.bool_)
    for item in content.content:
        for polygon in item.polygons or []:
            # API coordinates are fractions of the slide width on both axes.
            points = [(p.x * width, p.y * WIDTH * height / HEIGHT) for p in polygon.points]
            layer = Image.new("1", size, 0)
            ImageDraw.Draw(layer).polygon(points, fill=1)
            filled ^= np.asarray(layer, dtype=np.bool_)
    return filled


def true_tissue(size: tuple[int, int]) -> NDArray[np.bool_]:
    """The synthetic slide's tissue mask on the thumbnail grid."""
    pyramid = DeepZoomPyramid(WIDTH, HEIGHT, 256)
    level = pyramid.level_for_size(max(size))
    level_width, level_height = pyramid.level_size(level)
    slide = SyntheticSlide.for_slide_id(SLIDE_ID, WIDTH, HEIGHT)
    mask = Image.fromarray(slide.tissue_mask(level, 0, 0, level_width, level_height))
    return np.asarray(mask.resize(size, Image.Resampling.NEAREST), dtype=np.bool_)


def test_demo_ends_with_a_summary(demo_run: DemoRun) -> None:
    run, output = demo_run

    assert run.returncode == 0, run.stderr
    assert "Tissue:" in run.stdout
    assert f"picture:       {output / 'result.png'}" in run.stdout


def test_demo_picture_shows_the_outlines(
    demo_run: DemoRun,
) -> None:
    _, output = demo_run

    with Image.open(output / "result.png") as picture:
        pixels = np.asarray(picture.convert("RGB"))
    stroke_pixels = int(np.all(pixels == STROKE, axis=-1).sum())

    assert pixels.shape[:2] == (768, 1024)
    assert stroke_pixels > 1000


def test_demo_outlines_match_the_slides_tissue(
    demo_run: DemoRun,
) -> None:
    _, output = demo_run
    result = stored_result(output)

    found, truth = drawn_polygons(result, (1024, 768)), true_tissue((1024, 768))

    intersection_over_union = (found & truth).sum() / (found | truth).sum()
    assert intersection_over_union > 0.9


def test_demo_result_reports_area_and_regions(
    demo_run: DemoRun,
) -> None:
    result = stored_result(demo_run[1])
    properties = result.displayProperties or {}
    truth = true_tissue((1024, 768))

    true_area_mm2 = truth.mean() * (WIDTH * 0.25 / 1000) * (HEIGHT * 0.25 / 1000)
    assert properties["Tissue area (mm²)"] == pytest.approx(true_area_mm2, rel=0.05)
    assert isinstance(properties["Regions"], int)
    assert properties["Regions"] >= 1
    assert properties["Status"] == "Completed"
    assert (result.displayResult or "").startswith("Tissue: ")


def test_demo_runs_against_a_server_given_by_url_and_token(
    sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    sectra_mock.add_slide("slide-on-server", size=(6_000, 4_000))
    command = [sys.executable, str(DEMO), "--output", str(tmp_path), "--slide", "slide-on-server"]
    environment = {**os.environ, "SECTRA_TOKEN": sectra_mock.token}

    run = subprocess.run(
        [*command, "--url", sectra_mock.url, "--app-id", "site-app"],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )

    assert run.returncode == 0, run.stderr
    [stored] = sectra_mock.get_results("site-app", "slide-on-server")
    assert stored == stored_result(tmp_path)
    assert (stored.displayResult or "").startswith("Tissue: ")
    assert sectra_mock.token not in run.stdout + run.stderr
