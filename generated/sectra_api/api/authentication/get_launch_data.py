from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.launch_data import LaunchData
from ...types import UNSET, RequestParts, Response, Unset


def build_request(
    *,
    request_id: str,
    session_token: str,
    app_id: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> RequestParts:
    """The request of `GET /launchdata`, without its body.

    What an externally launched app was started with.

    Returns its method, its path relative to the API base URL (path parameters
    percent-encoded), its query parameters and its headers.
    """
    headers: dict[str, Any] = {}
    if not isinstance(x_sectra_api_version, Unset):
        headers["X-Sectra-ApiVersion"] = x_sectra_api_version

    if not isinstance(x_sectra_software_version, Unset):
        headers["X-Sectra-SoftwareVersion"] = x_sectra_software_version

    params: dict[str, Any] = {}

    params["requestId"] = request_id

    params["sessionToken"] = session_token

    params["appId"] = app_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    return RequestParts(
        method="GET",
        path="/launchdata",
        params=params,
        headers=headers,
    )


def _get_kwargs(
    *,
    request_id: str,
    session_token: str,
    app_id: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> dict[str, Any]:
    _kwargs = build_request(
        request_id=request_id,
        session_token=session_token,
        app_id=app_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).to_httpx_kwargs()
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LaunchData | str:
    if response.status_code == 200:
        response_200 = LaunchData.from_dict(response.json())

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
) -> Response[LaunchData | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    request_id: str,
    session_token: str,
    app_id: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[LaunchData | str]:
    """What an externally launched app was started with

     Since IA-API 1.9. An app launched from the viewer ("external launch") receives a
    `requestId` and a `sessionToken` in its launch URL. This operation exchanges them for
    callback info (API base URL and bearer token) and the slides the user selected,
    grouped by block. The session token authenticates the call; no bearer token is needed.

    No public source confirms the version that introduced it: clients send it whatever
    the server reports, and read a 404 or 405 as "the server is too old".

    Args:
        request_id (str):
        session_token (str):
        app_id (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LaunchData | str]
    """

    kwargs = _get_kwargs(
        request_id=request_id,
        session_token=session_token,
        app_id=app_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    request_id: str,
    session_token: str,
    app_id: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> LaunchData | str | None:
    """What an externally launched app was started with

     Since IA-API 1.9. An app launched from the viewer ("external launch") receives a
    `requestId` and a `sessionToken` in its launch URL. This operation exchanges them for
    callback info (API base URL and bearer token) and the slides the user selected,
    grouped by block. The session token authenticates the call; no bearer token is needed.

    No public source confirms the version that introduced it: clients send it whatever
    the server reports, and read a 404 or 405 as "the server is too old".

    Args:
        request_id (str):
        session_token (str):
        app_id (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LaunchData | str
    """

    return sync_detailed(
        client=client,
        request_id=request_id,
        session_token=session_token,
        app_id=app_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    request_id: str,
    session_token: str,
    app_id: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[LaunchData | str]:
    """What an externally launched app was started with

     Since IA-API 1.9. An app launched from the viewer ("external launch") receives a
    `requestId` and a `sessionToken` in its launch URL. This operation exchanges them for
    callback info (API base URL and bearer token) and the slides the user selected,
    grouped by block. The session token authenticates the call; no bearer token is needed.

    No public source confirms the version that introduced it: clients send it whatever
    the server reports, and read a 404 or 405 as "the server is too old".

    Args:
        request_id (str):
        session_token (str):
        app_id (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LaunchData | str]
    """

    kwargs = _get_kwargs(
        request_id=request_id,
        session_token=session_token,
        app_id=app_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    request_id: str,
    session_token: str,
    app_id: str | Unset = UNSET,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> LaunchData | str | None:
    """What an externally launched app was started with

     Since IA-API 1.9. An app launched from the viewer ("external launch") receives a
    `requestId` and a `sessionToken` in its launch URL. This operation exchanges them for
    callback info (API base URL and bearer token) and the slides the user selected,
    grouped by block. The session token authenticates the call; no bearer token is needed.

    No public source confirms the version that introduced it: clients send it whatever
    the server reports, and read a 404 or 405 as "the server is too old".

    Args:
        request_id (str):
        session_token (str):
        app_id (str | Unset):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LaunchData | str
    """

    return (
        await asyncio_detailed(
            client=client,
            request_id=request_id,
            session_token=session_token,
            app_id=app_id,
            x_sectra_api_version=x_sectra_api_version,
            x_sectra_software_version=x_sectra_software_version,
        )
    ).parsed
