"""The read-only calls of ``sectra doctor``: server, token, slide, tiles and application."""

from __future__ import annotations

import json

from sectra_client._versions import parse_api_version
from sectra_client.doctor._checker import Checker
from sectra_client.doctor._http import Call, Exchange
from sectra_client.pyramid import DeepZoomPyramid
from sectra_client.schemas import ImageInfo

__all__ = ["check_application", "check_server_info", "check_slide", "check_token"]

THUMBNAIL_SIDE = 512
"""The longer side, in pixels, of the thumbnail whose tiles doctor fetches."""


def check_server_info(checker: Checker) -> None:
    """``GET /info`` (and with a trailing slash): the server's versions."""
    info = checker.check(Call("server versions", "getServerInfo", "GET", "/info", {}), (200,))
    if info.status == 200:
        try:
            versions = json.loads(info.body)
            checker.report.api_version = _text(versions.get("apiVersion"))
            checker.report.software_version = _text(versions.get("softwareVersion"))
        except (ValueError, AttributeError):
            pass
        if checker.report.api_version is not None:
            checker.server_version = parse_api_version(checker.report.api_version)
        checker.fact(
            "server versions",
            f"IA-API {checker.report.api_version}, Sectra {checker.report.software_version}",
        )
    checker.trailing_slash(Call("server versions", "getServerInfo", "GET", "/info", {}), info)


def check_token(checker: Checker, application_id: str, credentials: tuple[str, str]) -> None:
    """``POST /token``; the calls that follow use the token it gives."""
    call = Call(
        "token from /token",
        "requestToken",
        "POST",
        "/token",
        {},
        query={"applicationId": application_id},
        form={"grant_type": "client_credentials"},
        basic=credentials,
    )
    answer = checker.check(call, (200,))
    if answer.status == 200:
        try:
            token = json.loads(answer.body)["access_token"]
        except (ValueError, KeyError, TypeError):
            return
        if isinstance(token, str):
            checker.use_token(token)


def check_slide(checker: Checker, slide_id: str) -> None:
    """The slide's info (basic and extended, without PHI), label, tiles and case images."""
    params: dict[str, str | int] = {"slideId": slide_id}
    template = "/slides/{slideId}/info"
    basic = checker.check(Call("slide info", "getSlideInfo", "GET", template, params), (200,))
    checker.trailing_slash(Call("slide info", "getSlideInfo", "GET", template, params), basic)
    checker.check(
        Call(
            "slide info, extended",
            "getSlideInfo",
            "GET",
            template,
            params,
            query={"scope": "extended"},
        ),
        (200,),
    )
    checker.check(
        Call("label", "getSlideLabel", "GET", "/slides/{slideId}/label", params), (200, 204)
    )
    _check_tiles(checker, slide_id, basic)
    checker.check(
        Call(
            "case images, without PHI",
            "getCaseImagesBySlide",
            "GET",
            "/slides/{slideId}/request/images/info",
            params,
        ),
        (200,),
    )


def _check_tiles(checker: Checker, slide_id: str, info_answer: Exchange) -> None:
    if info_answer.status != 200:
        checker.report.notes.append("slide info unreadable: tiles not checked")
        return
    try:
        info = ImageInfo.model_validate_json(info_answer.body)
        pyramid = DeepZoomPyramid.from_image_info(info)
    except ValueError:
        checker.report.notes.append("slide info unreadable: tiles not checked")
        return
    if not info.isStreamable:
        checker.report.notes.append("the slide is not streamable: tiles not checked")
        return
    formats = info.availableTileFormats or [info.storedTileFormat]
    extension = formats[0].extension
    template = "/images/{slideId}_files/{level}/{tileName}"
    for level in pyramid.levels:
        params: dict[str, str | int] = {
            "slideId": slide_id,
            "level": level,
            "tileName": f"0_0.{extension}",
        }
        checker.check(Call(f"tile of level {level}", "getTile", "GET", template, params), (200,))
    level = pyramid.level_for_size(THUMBNAIL_SIDE)
    for col, row in pyramid.tiles_for_level(level).tile_indices:
        params = {"slideId": slide_id, "level": level, "tileName": f"{col}_{row}.{extension}"}
        checker.check(Call("thumbnail tile", "getTile", "GET", template, params), (200,))


def check_application(checker: Checker, application_id: str, slide_id: str | None) -> None:
    """The application, and its results on the slide."""
    params: dict[str, str | int] = {"applicationId": application_id}
    checker.check(
        Call("application", "getApplication", "GET", "/applications/{applicationId}", params),
        (200,),
    )
    if slide_id is not None:
        checker.check(
            Call(
                "the app's results on the slide",
                "listSlideResults",
                "GET",
                "/applications/{applicationId}/results/slide/{slideId}",
                {**params, "slideId": slide_id},
            ),
            (200,),
        )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
