from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.quality_control_update import QualityControlUpdate
from ...types import UNSET, RequestParts, Response, Unset


def build_request(
    slide_id: str,
    *,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> RequestParts:
    """The request of `PUT /slides/{slide_id}/qualityControl`, without its body.

    Set a slide's quality-control status.

    Returns its method, its path relative to the API base URL (path parameters
    percent-encoded), its query parameters and its headers (with the body's
    Content-Type, `application/json`).
    """
    headers: dict[str, Any] = {}
    if not isinstance(x_sectra_api_version, Unset):
        headers["X-Sectra-ApiVersion"] = x_sectra_api_version

    if not isinstance(x_sectra_software_version, Unset):
        headers["X-Sectra-SoftwareVersion"] = x_sectra_software_version

    headers["Content-Type"] = "application/json"

    params: dict[str, Any] = {}

    return RequestParts(
        method="PUT",
        path="/slides/{slide_id}/qualityControl".format(
            slide_id=quote(str(slide_id), safe=""),
        ),
        params=params,
        headers=headers,
    )


def _get_kwargs(
    slide_id: str,
    *,
    body: QualityControlUpdate,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> dict[str, Any]:
    _kwargs = build_request(
        slide_id=slide_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).to_httpx_kwargs()
    _kwargs["json"] = body.to_dict()

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | str:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 400:
        response_400 = response.text
        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 403:
        response_403 = response.text
        return response_403

    if response.status_code == 404:
        response_404 = response.text
        return response_404

    if response.status_code == 409:
        response_409 = response.text
        return response_409

    if response.status_code == 422:
        response_422 = response.text
        return response_422

    response_default = response.text
    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | str]:
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
    body: QualityControlUpdate,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[Any | str]:
    """Set a slide's quality-control status

     Since IA-API 1.10. Sets the slide's quality-control status. Send the `versionId` read
    from the slide's `qualityControl` (in `ImageInfo`); a stale one is refused with 409.
    The answer's body carries nothing of use.

    Args:
        slide_id (str):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):
        body (QualityControlUpdate): The body that sets a slide's quality-control status (IA-API
            1.10). Example: {'applicationVersion': '1.0.0', 'qualityControl': {'status': 'QualityOk',
            'versionId': '7f3a2c'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | str]
    """

    kwargs = _get_kwargs(
        slide_id=slide_id,
        body=body,
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
    body: QualityControlUpdate,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Any | str | None:
    """Set a slide's quality-control status

     Since IA-API 1.10. Sets the slide's quality-control status. Send the `versionId` read
    from the slide's `qualityControl` (in `ImageInfo`); a stale one is refused with 409.
    The answer's body carries nothing of use.

    Args:
        slide_id (str):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):
        body (QualityControlUpdate): The body that sets a slide's quality-control status (IA-API
            1.10). Example: {'applicationVersion': '1.0.0', 'qualityControl': {'status': 'QualityOk',
            'versionId': '7f3a2c'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | str
    """

    return sync_detailed(
        slide_id=slide_id,
        client=client,
        body=body,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).parsed


async def asyncio_detailed(
    slide_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: QualityControlUpdate,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[Any | str]:
    """Set a slide's quality-control status

     Since IA-API 1.10. Sets the slide's quality-control status. Send the `versionId` read
    from the slide's `qualityControl` (in `ImageInfo`); a stale one is refused with 409.
    The answer's body carries nothing of use.

    Args:
        slide_id (str):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):
        body (QualityControlUpdate): The body that sets a slide's quality-control status (IA-API
            1.10). Example: {'applicationVersion': '1.0.0', 'qualityControl': {'status': 'QualityOk',
            'versionId': '7f3a2c'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | str]
    """

    kwargs = _get_kwargs(
        slide_id=slide_id,
        body=body,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slide_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: QualityControlUpdate,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Any | str | None:
    """Set a slide's quality-control status

     Since IA-API 1.10. Sets the slide's quality-control status. Send the `versionId` read
    from the slide's `qualityControl` (in `ImageInfo`); a stale one is refused with 409.
    The answer's body carries nothing of use.

    Args:
        slide_id (str):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):
        body (QualityControlUpdate): The body that sets a slide's quality-control status (IA-API
            1.10). Example: {'applicationVersion': '1.0.0', 'qualityControl': {'status': 'QualityOk',
            'versionId': '7f3a2c'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | str
    """

    return (
        await asyncio_detailed(
            slide_id=slide_id,
            client=client,
            body=body,
            x_sectra_api_version=x_sectra_api_version,
            x_sectra_software_version=x_sectra_software_version,
        )
    ).parsed
