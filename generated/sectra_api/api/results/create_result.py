from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.result_fields import ResultFields
from ...models.result_response import ResultResponse
from ...types import UNSET, RequestParts, Response, Unset


def build_request(
    application_id: str,
    *,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> RequestParts:
    """The request of `POST /applications/{application_id}/results`, without its body.

    Store a new result.

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
        method="POST",
        path="/applications/{application_id}/results".format(
            application_id=quote(str(application_id), safe=""),
        ),
        params=params,
        headers=headers,
    )


def _get_kwargs(
    application_id: str,
    *,
    body: ResultFields,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> dict[str, Any]:
    _kwargs = build_request(
        application_id=application_id,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).to_httpx_kwargs()
    _kwargs["json"] = body.to_dict()

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ResultResponse | str:
    if response.status_code == 200:
        response_200 = ResultResponse.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = ResultResponse.from_dict(response.json())

        return response_201

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

    if response.status_code == 422:
        response_422 = response.text
        return response_422

    response_default = response.text
    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ResultResponse | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    application_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ResultFields,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[ResultResponse | str]:
    """Store a new result

     Since IA-API 1.5. Stores a result of this application on a slide and answers it with the
    `id` and `versionId` Sectra assigned. Answers 201; some servers answer 200; treat any
    2xx as success. Never retry a failed POST blindly: the result may have been stored.

    Send a complete `Result`. The body is described by the looser `ResultFields` because
    servers store what Sectra's own examples send: results without `applicationVersion`
    (with a `resultVersion` instead) or without `displayResult`.

    Args:
        application_id (str):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):
        body (ResultFields): A result's fields as servers accept and store them: only `slideId` is
            certain. Sectra's
            own examples store results without `applicationVersion` (sending a `resultVersion`
            instead) or without `displayResult`, and readers default a missing `data` to nothing.
            Read tolerantly; write a complete `Result`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ResultResponse | str]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
        body=body,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    application_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ResultFields,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> ResultResponse | str | None:
    """Store a new result

     Since IA-API 1.5. Stores a result of this application on a slide and answers it with the
    `id` and `versionId` Sectra assigned. Answers 201; some servers answer 200; treat any
    2xx as success. Never retry a failed POST blindly: the result may have been stored.

    Send a complete `Result`. The body is described by the looser `ResultFields` because
    servers store what Sectra's own examples send: results without `applicationVersion`
    (with a `resultVersion` instead) or without `displayResult`.

    Args:
        application_id (str):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):
        body (ResultFields): A result's fields as servers accept and store them: only `slideId` is
            certain. Sectra's
            own examples store results without `applicationVersion` (sending a `resultVersion`
            instead) or without `displayResult`, and readers default a missing `data` to nothing.
            Read tolerantly; write a complete `Result`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ResultResponse | str
    """

    return sync_detailed(
        application_id=application_id,
        client=client,
        body=body,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).parsed


async def asyncio_detailed(
    application_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ResultFields,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[ResultResponse | str]:
    """Store a new result

     Since IA-API 1.5. Stores a result of this application on a slide and answers it with the
    `id` and `versionId` Sectra assigned. Answers 201; some servers answer 200; treat any
    2xx as success. Never retry a failed POST blindly: the result may have been stored.

    Send a complete `Result`. The body is described by the looser `ResultFields` because
    servers store what Sectra's own examples send: results without `applicationVersion`
    (with a `resultVersion` instead) or without `displayResult`.

    Args:
        application_id (str):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):
        body (ResultFields): A result's fields as servers accept and store them: only `slideId` is
            certain. Sectra's
            own examples store results without `applicationVersion` (sending a `resultVersion`
            instead) or without `displayResult`, and readers default a missing `data` to nothing.
            Read tolerantly; write a complete `Result`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ResultResponse | str]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
        body=body,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    application_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ResultFields,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> ResultResponse | str | None:
    """Store a new result

     Since IA-API 1.5. Stores a result of this application on a slide and answers it with the
    `id` and `versionId` Sectra assigned. Answers 201; some servers answer 200; treat any
    2xx as success. Never retry a failed POST blindly: the result may have been stored.

    Send a complete `Result`. The body is described by the looser `ResultFields` because
    servers store what Sectra's own examples send: results without `applicationVersion`
    (with a `resultVersion` instead) or without `displayResult`.

    Args:
        application_id (str):
        x_sectra_api_version (str | Unset):
        x_sectra_software_version (str | Unset):
        body (ResultFields): A result's fields as servers accept and store them: only `slideId` is
            certain. Sectra's
            own examples store results without `applicationVersion` (sending a `resultVersion`
            instead) or without `displayResult`, and readers default a missing `data` to nothing.
            Read tolerantly; write a complete `Result`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ResultResponse | str
    """

    return (
        await asyncio_detailed(
            application_id=application_id,
            client=client,
            body=body,
            x_sectra_api_version=x_sectra_api_version,
            x_sectra_software_version=x_sectra_software_version,
        )
    ).parsed
