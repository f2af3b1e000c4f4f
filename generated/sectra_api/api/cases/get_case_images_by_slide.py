from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.case_image_info import CaseImageInfo
from ...types import UNSET, RequestParts, Response, Unset


def build_request(
    slide_id: str,
    *,
    include_phi: bool | Unset = UNSET,
    accession_number_issuer: str | Unset = UNSET,
    accession_number_issuer_id: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> RequestParts:
    """The request of `GET /slides/{slide_id}/request/images/info`, without its body.

    All slides of the case a slide belongs to.

    Returns its method, its path relative to the API base URL (path parameters
    percent-encoded), its query parameters and its headers.
    """
    headers: dict[str, Any] = {}
    if not isinstance(x_sectra_api_version, Unset):
        headers["X-Sectra-ApiVersion"] = x_sectra_api_version

    if not isinstance(x_sectra_software_version, Unset):
        headers["X-Sectra-SoftwareVersion"] = x_sectra_software_version

    params: dict[str, Any] = {}

    params["includePHI"] = include_phi

    params["accessionNumberIssuer"] = accession_number_issuer

    params["accessionNumberIssuerId"] = accession_number_issuer_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    return RequestParts(
        method="GET",
        path="/slides/{slide_id}/request/images/info".format(
            slide_id=quote(str(slide_id), safe=""),
        ),
        params=params,
        headers=headers,
    )


def _get_kwargs(
    slide_id: str,
    *,
    include_phi: bool | Unset = UNSET,
    accession_number_issuer: str | Unset = UNSET,
    accession_number_issuer_id: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> dict[str, Any]:
    _kwargs = build_request(
        slide_id=slide_id,
        include_phi=include_phi,
        accession_number_issuer=accession_number_issuer,
        accession_number_issuer_id=accession_number_issuer_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).to_httpx_kwargs()
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> list[CaseImageInfo] | str:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = CaseImageInfo.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[list[CaseImageInfo] | str]:
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
    include_phi: bool | Unset = UNSET,
    accession_number_issuer: str | Unset = UNSET,
    accession_number_issuer_id: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[list[CaseImageInfo] | str]:
    """All slides of the case a slide belongs to

     Since IA-API 1.9. Answers a `CaseImageInfo` for every slide of the case (request) that
    the given slide belongs to, the given slide included.

    Args:
        slide_id (str):
        include_phi (bool | Unset):
        accession_number_issuer (str | Unset):
        accession_number_issuer_id (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[list[CaseImageInfo] | str]
    """

    kwargs = _get_kwargs(
        slide_id=slide_id,
        include_phi=include_phi,
        accession_number_issuer=accession_number_issuer,
        accession_number_issuer_id=accession_number_issuer_id,
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
    include_phi: bool | Unset = UNSET,
    accession_number_issuer: str | Unset = UNSET,
    accession_number_issuer_id: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> list[CaseImageInfo] | str | None:
    """All slides of the case a slide belongs to

     Since IA-API 1.9. Answers a `CaseImageInfo` for every slide of the case (request) that
    the given slide belongs to, the given slide included.

    Args:
        slide_id (str):
        include_phi (bool | Unset):
        accession_number_issuer (str | Unset):
        accession_number_issuer_id (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        list[CaseImageInfo] | str
    """

    return sync_detailed(
        slide_id=slide_id,
        client=client,
        include_phi=include_phi,
        accession_number_issuer=accession_number_issuer,
        accession_number_issuer_id=accession_number_issuer_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).parsed


async def asyncio_detailed(
    slide_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_phi: bool | Unset = UNSET,
    accession_number_issuer: str | Unset = UNSET,
    accession_number_issuer_id: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[list[CaseImageInfo] | str]:
    """All slides of the case a slide belongs to

     Since IA-API 1.9. Answers a `CaseImageInfo` for every slide of the case (request) that
    the given slide belongs to, the given slide included.

    Args:
        slide_id (str):
        include_phi (bool | Unset):
        accession_number_issuer (str | Unset):
        accession_number_issuer_id (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[list[CaseImageInfo] | str]
    """

    kwargs = _get_kwargs(
        slide_id=slide_id,
        include_phi=include_phi,
        accession_number_issuer=accession_number_issuer,
        accession_number_issuer_id=accession_number_issuer_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slide_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_phi: bool | Unset = UNSET,
    accession_number_issuer: str | Unset = UNSET,
    accession_number_issuer_id: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> list[CaseImageInfo] | str | None:
    """All slides of the case a slide belongs to

     Since IA-API 1.9. Answers a `CaseImageInfo` for every slide of the case (request) that
    the given slide belongs to, the given slide included.

    Args:
        slide_id (str):
        include_phi (bool | Unset):
        accession_number_issuer (str | Unset):
        accession_number_issuer_id (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        list[CaseImageInfo] | str
    """

    return (
        await asyncio_detailed(
            slide_id=slide_id,
            client=client,
            include_phi=include_phi,
            accession_number_issuer=accession_number_issuer,
            accession_number_issuer_id=accession_number_issuer_id,
            x_sectra_api_version=x_sectra_api_version,
            x_sectra_software_version=x_sectra_software_version,
        )
    ).parsed
