from http import HTTPStatus
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...types import UNSET, File, FileTypes, RequestParts, Response, Unset


def build_request(
    application_id: str,
    result_id: int,
    *,
    name: str,
    range_: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> RequestParts:
    """The request of `GET /applications/{application_id}/results/{result_id}/attachments`, without its body.

    Read an attachment of a result.

    Returns its method, its path relative to the API base URL (path parameters
    percent-encoded), its query parameters and its headers.
    """
    headers: dict[str, Any] = {}
    if not isinstance(range_, Unset):
        headers["Range"] = range_

    if not isinstance(x_sectra_api_version, Unset):
        headers["X-Sectra-ApiVersion"] = x_sectra_api_version

    if not isinstance(x_sectra_software_version, Unset):
        headers["X-Sectra-SoftwareVersion"] = x_sectra_software_version

    params: dict[str, Any] = {}

    params["name"] = name

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    return RequestParts(
        method="GET",
        path="/applications/{application_id}/results/{result_id}/attachments".format(
            application_id=quote(str(application_id), safe=""),
            result_id=quote(str(result_id), safe=""),
        ),
        params=params,
        headers=headers,
    )


def _get_kwargs(
    application_id: str,
    result_id: int,
    *,
    name: str,
    range_: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> dict[str, Any]:
    _kwargs = build_request(
        application_id=application_id,
        result_id=result_id,
        name=name,
        range_=range_,
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

    if response.status_code == 206:
        response_206 = File(payload=BytesIO(response.content))

        return response_206

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 403:
        response_403 = response.text
        return response_403

    if response.status_code == 404:
        response_404 = response.text
        return response_404

    if response.status_code == 416:
        response_416 = response.text
        return response_416

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
    application_id: str,
    result_id: int,
    *,
    client: AuthenticatedClient | Client,
    name: str,
    range_: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[File | str]:
    """Read an attachment of a result

     Since IA-API 1.5. Answers the bytes of the named attachment of a result. A `Range`
    header (`bytes=first-last`, one range) asks for part of it: the answer is then 206 with
    `Content-Range`, or 416 when the range lies outside the attachment.

    No public source confirms the version that introduced it: clients send it whatever
    the server reports, and read a 404 or 405 as "the server is too old".

    Args:
        application_id (str):
        result_id (int):
        name (str):
        range_ (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | str]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
        result_id=result_id,
        name=name,
        range_=range_,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    application_id: str,
    result_id: int,
    *,
    client: AuthenticatedClient | Client,
    name: str,
    range_: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> File | str | None:
    """Read an attachment of a result

     Since IA-API 1.5. Answers the bytes of the named attachment of a result. A `Range`
    header (`bytes=first-last`, one range) asks for part of it: the answer is then 206 with
    `Content-Range`, or 416 when the range lies outside the attachment.

    No public source confirms the version that introduced it: clients send it whatever
    the server reports, and read a 404 or 405 as "the server is too old".

    Args:
        application_id (str):
        result_id (int):
        name (str):
        range_ (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | str
    """

    return sync_detailed(
        application_id=application_id,
        result_id=result_id,
        client=client,
        name=name,
        range_=range_,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).parsed


async def asyncio_detailed(
    application_id: str,
    result_id: int,
    *,
    client: AuthenticatedClient | Client,
    name: str,
    range_: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[File | str]:
    """Read an attachment of a result

     Since IA-API 1.5. Answers the bytes of the named attachment of a result. A `Range`
    header (`bytes=first-last`, one range) asks for part of it: the answer is then 206 with
    `Content-Range`, or 416 when the range lies outside the attachment.

    No public source confirms the version that introduced it: clients send it whatever
    the server reports, and read a 404 or 405 as "the server is too old".

    Args:
        application_id (str):
        result_id (int):
        name (str):
        range_ (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | str]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
        result_id=result_id,
        name=name,
        range_=range_,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    application_id: str,
    result_id: int,
    *,
    client: AuthenticatedClient | Client,
    name: str,
    range_: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> File | str | None:
    """Read an attachment of a result

     Since IA-API 1.5. Answers the bytes of the named attachment of a result. A `Range`
    header (`bytes=first-last`, one range) asks for part of it: the answer is then 206 with
    `Content-Range`, or 416 when the range lies outside the attachment.

    No public source confirms the version that introduced it: clients send it whatever
    the server reports, and read a 404 or 405 as "the server is too old".

    Args:
        application_id (str):
        result_id (int):
        name (str):
        range_ (str | Unset):
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
            application_id=application_id,
            result_id=result_id,
            client=client,
            name=name,
            range_=range_,
            x_sectra_api_version=x_sectra_api_version,
            x_sectra_software_version=x_sectra_software_version,
        )
    ).parsed
