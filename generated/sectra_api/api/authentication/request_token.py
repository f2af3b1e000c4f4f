from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.token_request import TokenRequest
from ...models.token_response import TokenResponse
from ...types import UNSET, RequestParts, Response, Unset


def build_request(
    *,
    application_id: str,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> RequestParts:
    """The request of `POST /token`, without its body.

    Obtain a bearer token with a user's credentials.

    Returns its method, its path relative to the API base URL (path parameters
    percent-encoded), its query parameters and its headers (with the body's
    Content-Type, `application/x-www-form-urlencoded`).
    """
    headers: dict[str, Any] = {}
    if not isinstance(x_sectra_api_version, Unset):
        headers["X-Sectra-ApiVersion"] = x_sectra_api_version

    if not isinstance(x_sectra_software_version, Unset):
        headers["X-Sectra-SoftwareVersion"] = x_sectra_software_version

    headers["Content-Type"] = "application/x-www-form-urlencoded"

    params: dict[str, Any] = {}

    params["applicationId"] = application_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    return RequestParts(
        method="POST",
        path="/token",
        params=params,
        headers=headers,
    )


def _get_kwargs(
    *,
    body: TokenRequest,
    application_id: str,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> dict[str, Any]:
    _kwargs = build_request(
        application_id=application_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).to_httpx_kwargs()
    _kwargs["data"] = body.to_dict()

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> TokenResponse | str:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())

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

    response_default = response.text
    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[TokenResponse | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TokenRequest,
    application_id: str,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[TokenResponse | str]:
    """Obtain a bearer token with a user's credentials

     Since IA-API 1.9. For service tools that run without an invocation. Authenticate with
    HTTP Basic (a Sectra user holding the permission "Request Image Analysis Api
    Authentication Token") and send `grant_type=client_credentials`. The token expires after
    `expires_in` seconds; request a new one before then, and once more when a request is
    refused with 401 or 403 (Sectra's own downloader does both).

    No public source confirms the version that introduced it: clients send it whatever
    the server reports, and read a 404 or 405 as "the server is too old".

    Args:
        application_id (str):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):
        body (TokenRequest): The form body of `POST /token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[TokenResponse | str]
    """

    kwargs = _get_kwargs(
        body=body,
        application_id=application_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: TokenRequest,
    application_id: str,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> TokenResponse | str | None:
    """Obtain a bearer token with a user's credentials

     Since IA-API 1.9. For service tools that run without an invocation. Authenticate with
    HTTP Basic (a Sectra user holding the permission "Request Image Analysis Api
    Authentication Token") and send `grant_type=client_credentials`. The token expires after
    `expires_in` seconds; request a new one before then, and once more when a request is
    refused with 401 or 403 (Sectra's own downloader does both).

    No public source confirms the version that introduced it: clients send it whatever
    the server reports, and read a 404 or 405 as "the server is too old".

    Args:
        application_id (str):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):
        body (TokenRequest): The form body of `POST /token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        TokenResponse | str
    """

    return sync_detailed(
        client=client,
        body=body,
        application_id=application_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TokenRequest,
    application_id: str,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[TokenResponse | str]:
    """Obtain a bearer token with a user's credentials

     Since IA-API 1.9. For service tools that run without an invocation. Authenticate with
    HTTP Basic (a Sectra user holding the permission "Request Image Analysis Api
    Authentication Token") and send `grant_type=client_credentials`. The token expires after
    `expires_in` seconds; request a new one before then, and once more when a request is
    refused with 401 or 403 (Sectra's own downloader does both).

    No public source confirms the version that introduced it: clients send it whatever
    the server reports, and read a 404 or 405 as "the server is too old".

    Args:
        application_id (str):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):
        body (TokenRequest): The form body of `POST /token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[TokenResponse | str]
    """

    kwargs = _get_kwargs(
        body=body,
        application_id=application_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: TokenRequest,
    application_id: str,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> TokenResponse | str | None:
    """Obtain a bearer token with a user's credentials

     Since IA-API 1.9. For service tools that run without an invocation. Authenticate with
    HTTP Basic (a Sectra user holding the permission "Request Image Analysis Api
    Authentication Token") and send `grant_type=client_credentials`. The token expires after
    `expires_in` seconds; request a new one before then, and once more when a request is
    refused with 401 or 403 (Sectra's own downloader does both).

    No public source confirms the version that introduced it: clients send it whatever
    the server reports, and read a 404 or 405 as "the server is too old".

    Args:
        application_id (str):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):
        body (TokenRequest): The form body of `POST /token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        TokenResponse | str
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            application_id=application_id,
            x_sectra_api_version=x_sectra_api_version,
            x_sectra_software_version=x_sectra_software_version,
        )
    ).parsed
