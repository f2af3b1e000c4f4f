from http import HTTPStatus
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...types import UNSET, File, FileTypes, RequestParts, Response, Unset


def build_request(
    slide_id: str,
    level: int,
    tile_name: str,
    *,
    optical_path: str | Unset = UNSET,
    channels: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> RequestParts:
    """The request of `GET /images/{slide_id}_files/{level}/{tile_name}`, without its body.

    One Deep Zoom tile.

    Returns its method, its path relative to the API base URL (path parameters
    percent-encoded), its query parameters and its headers.
    """
    headers: dict[str, Any] = {}
    if not isinstance(x_sectra_api_version, Unset):
        headers["X-Sectra-ApiVersion"] = x_sectra_api_version

    if not isinstance(x_sectra_software_version, Unset):
        headers["X-Sectra-SoftwareVersion"] = x_sectra_software_version

    params: dict[str, Any] = {}

    params["opticalPath"] = optical_path

    params["channels"] = channels

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    return RequestParts(
        method="GET",
        path="/images/{slide_id}_files/{level}/{tile_name}".format(
            slide_id=quote(str(slide_id), safe=""),
            level=quote(str(level), safe=""),
            tile_name=quote(str(tile_name), safe=""),
        ),
        params=params,
        headers=headers,
    )


def _get_kwargs(
    slide_id: str,
    level: int,
    tile_name: str,
    *,
    optical_path: str | Unset = UNSET,
    channels: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> dict[str, Any]:
    _kwargs = build_request(
        slide_id=slide_id,
        level=level,
        tile_name=tile_name,
        optical_path=optical_path,
        channels=channels,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).to_httpx_kwargs()
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> File | str:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 403:
        response_403 = response.text
        return response_403

    if response.status_code == 404:
        response_404 = response.text
        return response_404

    response_default = response.text
    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[File | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slide_id: str,
    level: int,
    tile_name: str,
    *,
    client: AuthenticatedClient | Client,
    optical_path: str | Unset = UNSET,
    channels: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[File | str]:
    """One Deep Zoom tile

     Since IA-API 1.5. Answers one tile of the slide's Deep Zoom pyramid. There is no
    descriptor endpoint; compute the pyramid from `ImageInfo`: level
    `ceil(log2(max(width, height)))` is full resolution, each level below halves both
    sides rounding up, down to level 0 (1×1). Tiles are `tileSize.width` pixels square with
    no overlap, indexed `col_row` from the top-left; tiles on the right and bottom edges are
    smaller. The file extension comes from `availableTileFormats[].extension` (`jpg` and
    `jpeg` both occur). A slide with `isStreamable: false` has no tiles.

    Args:
        slide_id (str):
        level (int):
        tile_name (str):
        optical_path (str | Unset):
        channels (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | str]
    """

    kwargs = _get_kwargs(
        slide_id=slide_id,
        level=level,
        tile_name=tile_name,
        optical_path=optical_path,
        channels=channels,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slide_id: str,
    level: int,
    tile_name: str,
    *,
    client: AuthenticatedClient | Client,
    optical_path: str | Unset = UNSET,
    channels: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> File | str | None:
    """One Deep Zoom tile

     Since IA-API 1.5. Answers one tile of the slide's Deep Zoom pyramid. There is no
    descriptor endpoint; compute the pyramid from `ImageInfo`: level
    `ceil(log2(max(width, height)))` is full resolution, each level below halves both
    sides rounding up, down to level 0 (1×1). Tiles are `tileSize.width` pixels square with
    no overlap, indexed `col_row` from the top-left; tiles on the right and bottom edges are
    smaller. The file extension comes from `availableTileFormats[].extension` (`jpg` and
    `jpeg` both occur). A slide with `isStreamable: false` has no tiles.

    Args:
        slide_id (str):
        level (int):
        tile_name (str):
        optical_path (str | Unset):
        channels (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | str
    """

    return sync_detailed(
        slide_id=slide_id,
        level=level,
        tile_name=tile_name,
        client=client,
        optical_path=optical_path,
        channels=channels,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).parsed


async def asyncio_detailed(
    slide_id: str,
    level: int,
    tile_name: str,
    *,
    client: AuthenticatedClient | Client,
    optical_path: str | Unset = UNSET,
    channels: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[File | str]:
    """One Deep Zoom tile

     Since IA-API 1.5. Answers one tile of the slide's Deep Zoom pyramid. There is no
    descriptor endpoint; compute the pyramid from `ImageInfo`: level
    `ceil(log2(max(width, height)))` is full resolution, each level below halves both
    sides rounding up, down to level 0 (1×1). Tiles are `tileSize.width` pixels square with
    no overlap, indexed `col_row` from the top-left; tiles on the right and bottom edges are
    smaller. The file extension comes from `availableTileFormats[].extension` (`jpg` and
    `jpeg` both occur). A slide with `isStreamable: false` has no tiles.

    Args:
        slide_id (str):
        level (int):
        tile_name (str):
        optical_path (str | Unset):
        channels (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | str]
    """

    kwargs = _get_kwargs(
        slide_id=slide_id,
        level=level,
        tile_name=tile_name,
        optical_path=optical_path,
        channels=channels,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slide_id: str,
    level: int,
    tile_name: str,
    *,
    client: AuthenticatedClient | Client,
    optical_path: str | Unset = UNSET,
    channels: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> File | str | None:
    """One Deep Zoom tile

     Since IA-API 1.5. Answers one tile of the slide's Deep Zoom pyramid. There is no
    descriptor endpoint; compute the pyramid from `ImageInfo`: level
    `ceil(log2(max(width, height)))` is full resolution, each level below halves both
    sides rounding up, down to level 0 (1×1). Tiles are `tileSize.width` pixels square with
    no overlap, indexed `col_row` from the top-left; tiles on the right and bottom edges are
    smaller. The file extension comes from `availableTileFormats[].extension` (`jpg` and
    `jpeg` both occur). A slide with `isStreamable: false` has no tiles.

    Args:
        slide_id (str):
        level (int):
        tile_name (str):
        optical_path (str | Unset):
        channels (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | str
    """

    return (
        await asyncio_detailed(
            slide_id=slide_id,
            level=level,
            tile_name=tile_name,
            client=client,
            optical_path=optical_path,
            channels=channels,
            x_sectra_api_version=x_sectra_api_version,
            x_sectra_software_version=x_sectra_software_version,
        )
    ).parsed
