"""The demo's picture of a result: the slide cropped to its tissue with the stored shapes drawn
on it, above a footer with a scale bar and a legend, on a canvas of fixed size.

Positions on the slide are full-resolution pixels; the API's width-normalised coordinates are
converted with :func:`slide_pixels`. The crop keeps the aspect ratio of the image area, so one
picture pixel covers the same slide distance across and down, and the scale bar holds both
ways.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from sectra_client.schemas import Point, PrimitiveItem, PrimitiveResultContent, ResultResponse

__all__ = [
    "CANVAS_SIZE",
    "IMAGE_SIZE",
    "Crop",
    "ScaleBar",
    "compose_picture",
    "result_polygons",
    "scale_bar",
    "shape_groups",
    "slide_pixels",
    "tissue_crop",
]

CANVAS_SIZE = (1024, 768)
"""The picture's size in pixels (width, height)."""
FOOTER_HEIGHT = 48
"""The band under the slide image that holds the scale bar and the legend."""
IMAGE_SIZE = (CANVAS_SIZE[0], CANVAS_SIZE[1] - FOOTER_HEIGHT)
"""The size of the slide image above the footer."""
GLASS = (241, 240, 243)
"""The colour of empty glass, for canvas outside the slide."""
MARGIN = 0.03
"""Room left around the tissue, as a fraction of its extent."""
SCALE_BAR_SHARE = 0.22
"""The longest a scale bar may be, as a fraction of the canvas width."""
ROUND_STEPS = (1.0, 2.0, 5.0)
"""Scale bar lengths are one of these times a power of ten micrometres."""

Polygon = list[tuple[float, float]]
"""A closed polygon in full-resolution slide pixels."""


@dataclass(frozen=True)
class Crop:
    """A rectangle of the slide, in full-resolution pixels; it may reach past the slide's edges."""

    left: float
    top: float
    width: float
    height: float

    def to_canvas(self, point: tuple[float, float], canvas_width: int) -> tuple[float, float]:
        """A slide position → canvas pixels, for a canvas ``canvas_width`` pixels wide."""
        factor = canvas_width / self.width
        return (point[0] - self.left) * factor, (point[1] - self.top) * factor


@dataclass(frozen=True)
class ScaleBar:
    """A round length and how many canvas pixels it spans."""

    microns: float
    pixels: int

    @property
    def label(self) -> str:
        """``500 µm``, ``1 mm``, ``2.5 mm``..."""
        if self.microns >= 1000:
            return f"{self.microns / 1000:g} mm"
        return f"{self.microns:g} µm"


def slide_pixels(point: Point, slide_width: int) -> tuple[float, float]:
    """An API point (fractions of the slide width on both axes) → full-resolution pixels."""
    return point.x * slide_width, point.y * slide_width


def shape_groups(result: ResultResponse) -> list[PrimitiveItem]:
    """The result's shape groups (none when it stores no primitive content)."""
    content = result.data.result if result.data is not None else None
    return content.content if isinstance(content, PrimitiveResultContent) else []


def result_polygons(result: ResultResponse, slide_width: int) -> list[Polygon]:
    """Every polygon of a primitive result, in full-resolution slide pixels."""
    return [
        [slide_pixels(point, slide_width) for point in polygon.points]
        for item in shape_groups(result)
        for polygon in item.polygons or []
    ]


def tissue_crop(
    polygons: Sequence[Polygon],
    slide_size: tuple[int, int],
    image_size: tuple[int, int] = IMAGE_SIZE,
) -> Crop:
    """The part of the slide to show: every polygon with a small margin, widened to the image
    area's aspect ratio and moved inside the slide where it fits; the whole slide when there
    is no polygon."""
    slide_width, slide_height = slide_size
    points = [point for polygon in polygons for point in polygon]
    if points:
        xs, ys = [x for x, _ in points], [y for _, y in points]
        left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    else:
        left, right, top, bottom = 0.0, float(slide_width), 0.0, float(slide_height)
    pad = MARGIN * max(right - left, bottom - top)
    left, right, top, bottom = left - pad, right + pad, top - pad, bottom + pad
    aspect = image_size[0] / image_size[1]
    width = max(right - left, (bottom - top) * aspect)
    height = width / aspect
    return Crop(
        _place(left, right, width, slide_width),
        _place(top, bottom, height, slide_height),
        width,
        height,
    )


def _place(low: float, high: float, length: float, limit: int) -> float:
    """Start of a span of ``length`` centred on ``low..high``, shifted to lie in ``0..limit``
    when it fits, else centred on it."""
    if length >= limit:
        return (limit - length) / 2
    start = (low + high - length) / 2
    return min(max(start, 0.0), limit - length)


def scale_bar(microns_per_canvas_pixel: float, max_pixels: float) -> ScaleBar:
    """The longest round length (1, 2 or 5 times a power of ten µm) at most ``max_pixels`` long.

    Raises:
        ValueError: ``microns_per_canvas_pixel`` or ``max_pixels`` is not positive.
    """
    if microns_per_canvas_pixel <= 0 or max_pixels <= 0:
        raise ValueError("the pixel size and the bar's room must be positive")
    longest = microns_per_canvas_pixel * max_pixels
    exponent = math.floor(math.log10(longest))
    candidates = [step * 10.0**power for power in (exponent - 1, exponent) for step in ROUND_STEPS]
    microns = max(length for length in candidates if length <= longest)
    return ScaleBar(microns, round(microns / microns_per_canvas_pixel))


def compose_picture(
    region: Image.Image,
    region_box: tuple[float, float, float, float],
    crop: Crop,
    result: ResultResponse,
    slide_width: int,
    microns_per_pixel: float,
    outline_colour: str,
) -> Image.Image:
    """The picture: the slide region under the crop with the result's shapes, and a footer
    with a scale bar and a legend.

    Args:
        region: the slide's pixels read for the crop (any resolution).
        region_box: where ``region`` lies on the slide: left, top, width, height in
            full-resolution pixels.
        crop: the part of the slide the image area shows (its aspect ratio).
        result: the stored result whose polygons and labels are drawn.
        slide_width: the slide's full-resolution width (the API's coordinate unit).
        microns_per_pixel: the slide's full-resolution pixel size.
        outline_colour: the colour of polygons whose style names none.
    """
    image_width, image_height = IMAGE_SIZE
    factor = image_width / crop.width
    picture = Image.new("RGB", CANVAS_SIZE, "white")
    left, top, width, height = region_box
    placed = region.convert("RGB").resize(
        (max(1, round(width * factor)), max(1, round(height * factor))), Image.Resampling.LANCZOS
    )
    image = Image.new("RGB", IMAGE_SIZE, GLASS)
    image.paste(placed, (round((left - crop.left) * factor), round((top - crop.top) * factor)))
    picture.paste(image)
    draw = ImageDraw.Draw(picture)
    text_size = max(12, image_width // 64)

    def on_image(point: Point) -> tuple[float, float]:
        return crop.to_canvas(slide_pixels(point, slide_width), image_width)

    for item in shape_groups(result):
        colour = (item.style.strokeStyle if item.style else None) or outline_colour
        for polygon in item.polygons or []:
            points = [on_image(point) for point in polygon.points]
            draw.line([*points, points[0]], fill=colour, width=3, joint="curve")
        for label in item.labels or []:
            _draw_text(draw, on_image(label.location), label.label, text_size)
    draw.line((0, image_height, image_width, image_height), fill=(200, 200, 200), width=1)
    footer_middle = image_height + FOOTER_HEIGHT // 2
    bar = scale_bar(microns_per_pixel / factor, SCALE_BAR_SHARE * image_width)
    _draw_scale_bar(draw, bar, (16, footer_middle), text_size)
    _draw_legend(draw, outline_colour, microns_per_pixel, (image_width - 16, footer_middle))
    return picture


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans where installed (Pillow's own font lacks "²" and "µ")."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def _printable(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> str:
    if isinstance(font, ImageFont.FreeTypeFont):
        return text
    return text.replace("²", "2").replace("µm", "um")


def _draw_text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int) -> None:
    """Black text on white."""
    font = _font(size)
    text = _printable(text, font)
    draw.rectangle(draw.textbbox(xy, text, font=font), fill="white")
    draw.text(xy, text, fill="black", font=font)


def _draw_scale_bar(
    draw: ImageDraw.ImageDraw, bar: ScaleBar, left_middle: tuple[int, int], size: int
) -> None:
    """A black bar with end ticks, centred on ``left_middle``'s row, its length to its right."""
    font = _font(size)
    left, middle = left_middle
    thickness = 6
    draw.rectangle(
        (left, middle - thickness // 2, left + bar.pixels, middle + thickness // 2), fill="black"
    )
    for x in (left, left + bar.pixels):
        draw.line((x, middle - 8, x, middle + 8), fill="black", width=2)
    draw.text(
        (left + bar.pixels + 10, middle),
        _printable(bar.label, font),
        fill="black",
        font=font,
        anchor="lm",
    )


def _draw_legend(
    draw: ImageDraw.ImageDraw,
    outline_colour: str,
    microns_per_pixel: float,
    right_middle: tuple[int, int],
) -> None:
    """What the outline colour means, and the slide's pixel size, ending at ``right_middle``."""
    font = _font(14)
    swatch, gap = 28, 8
    outline_text = "Tissue outline (tissue finder)"
    slide_text = _printable(f"H&E slide, {microns_per_pixel:g} µm/pixel", font)
    right, middle = right_middle
    slide_left = right - draw.textlength(slide_text, font=font)
    outline_left = slide_left - 4 * gap - draw.textlength(outline_text, font=font)
    swatch_left = outline_left - gap - swatch
    draw.line((swatch_left, middle, swatch_left + swatch, middle), fill=outline_colour, width=3)
    draw.text((outline_left, middle), outline_text, fill="black", font=font, anchor="lm")
    draw.text((slide_left, middle), slide_text, fill=(90, 90, 90), font=font, anchor="lm")
