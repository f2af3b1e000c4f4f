from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.image_info import ImageInfo
from ...models.info_scope import InfoScope
from ...types import UNSET, RequestParts, Response, Unset


def build_request(
    slide_id: str,
    *,
    scope: InfoScope | Unset = UNSET,
    include_phi: bool | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> RequestParts:
    """The request of `GET /slides/{slide_id}/info`, without its body.

    Metadata of one slide.

    Returns its method, its path relative to the API base URL (path parameters
    percent-encoded), its query parameters and its headers.
    """
    headers: dict[str, Any] = {}
    if not isinstance(x_sectra_api_version, Unset):
        headers["X-Sectra-ApiVersion"] = x_sectra_api_version

    if not isinstance(x_sectra_software_version, Unset):
        headers["X-Sectra-SoftwareVersion"] = x_sectra_software_version

    params: dict[str, Any] = {}

    json_scope: str | Unset = UNSET
    if not isinstance(scope, Unset):
        json_scope = scope.value

    params["scope"] = json_scope

    params["includePHI"] = include_phi

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    return RequestParts(
        method="GET",
        path="/slides/{slide_id}/info".format(
            slide_id=quote(str(slide_id), safe=""),
        ),
        params=params,
        headers=headers,
    )


def _get_kwargs(
    slide_id: str,
    *,
    scope: InfoScope | Unset = UNSET,
    include_phi: bool | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> dict[str, Any]:
    _kwargs = build_request(
        slide_id=slide_id,
        scope=scope,
        include_phi=include_phi,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).to_httpx_kwargs()
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ImageInfo | str:
    if response.status_code == 200:
        response_200 = ImageInfo.from_dict(response.json())

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
) -> Response[ImageInfo | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slide_id: str,
    *,
    client: AuthenticatedClient | Client,
    scope: InfoScope | Unset = UNSET,
    include_phi: bool | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[ImageInfo | str]:
    """Metadata of one slide

     Since IA-API 1.5. Answers the slide's `ImageInfo`: size, tile size, resolution, focal
    planes, optical paths, tile formats, file format, staining, block and specimen. With
    `scope=extended` the answer adds exam and station fields; with `includePHI=true` it adds
    fields that identify the patient or the case (marked `x-sectra-phi`).

    Args:
        slide_id (str):
        scope (InfoScope | Unset): How much slide information to return.
        include_phi (bool | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImageInfo | str]
    """

    kwargs = _get_kwargs(
        slide_id=slide_id,
        scope=scope,
        include_phi=include_phi,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slide_id: str,
    *,
    client: AuthenticatedClient | Client,
    scope: InfoScope | Unset = UNSET,
    include_phi: bool | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> ImageInfo | str | None:
    """Metadata of one slide

     Since IA-API 1.5. Answers the slide's `ImageInfo`: size, tile size, resolution, focal
    planes, optical paths, tile formats, file format, staining, block and specimen. With
    `scope=extended` the answer adds exam and station fields; with `includePHI=true` it adds
    fields that identify the patient or the case (marked `x-sectra-phi`).

    Args:
        slide_id (str):
        scope (InfoScope | Unset): How much slide information to return.
        include_phi (bool | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImageInfo | str
    """

    return sync_detailed(
        slide_id=slide_id,
        client=client,
        scope=scope,
        include_phi=include_phi,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).parsed


async def asyncio_detailed(
    slide_id: str,
    *,
    client: AuthenticatedClient | Client,
    scope: InfoScope | Unset = UNSET,
    include_phi: bool | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[ImageInfo | str]:
    """Metadata of one slide

     Since IA-API 1.5. Answers the slide's `ImageInfo`: size, tile size, resolution, focal
    planes, optical paths, tile formats, file format, staining, block and specimen. With
    `scope=extended` the answer adds exam and station fields; with `includePHI=true` it adds
    fields that identify the patient or the case (marked `x-sectra-phi`).

    Args:
        slide_id (str):
        scope (InfoScope | Unset): How much slide information to return.
        include_phi (bool | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImageInfo | str]
    """

    kwargs = _get_kwargs(
        slide_id=slide_id,
        scope=scope,
        include_phi=include_phi,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slide_id: str,
    *,
    client: AuthenticatedClient | Client,
    scope: InfoScope | Unset = UNSET,
    include_phi: bool | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> ImageInfo | str | None:
    """Metadata of one slide

     Since IA-API 1.5. Answers the slide's `ImageInfo`: size, tile size, resolution, focal
    planes, optical paths, tile formats, file format, staining, block and specimen. With
    `scope=extended` the answer adds exam and station fields; with `includePHI=true` it adds
    fields that identify the patient or the case (marked `x-sectra-phi`).

    Args:
        slide_id (str):
        scope (InfoScope | Unset): How much slide information to return.
        include_phi (bool | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImageInfo | str
    """

    return (
        await asyncio_detailed(
            slide_id=slide_id,
            client=client,
            scope=scope,
            include_phi=include_phi,
            x_sectra_api_version=x_sectra_api_version,
            x_sectra_software_version=x_sectra_software_version,
        )
    ).parsed
