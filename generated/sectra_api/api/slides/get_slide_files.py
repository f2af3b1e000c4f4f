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
    *,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> RequestParts:
    """The request of `GET /slides/{slide_id}/files`, without its body.

    The slide's original files.

    Returns its method, its path relative to the API base URL (path parameters
    percent-encoded), its query parameters and its headers.
    """
    headers: dict[str, Any] = {}
    if not isinstance(x_sectra_api_version, Unset):
        headers["X-Sectra-ApiVersion"] = x_sectra_api_version

    if not isinstance(x_sectra_software_version, Unset):
        headers["X-Sectra-SoftwareVersion"] = x_sectra_software_version

    params: dict[str, Any] = {}

    return RequestParts(
        method="GET",
        path="/slides/{slide_id}/files".format(
            slide_id=quote(str(slide_id), safe=""),
        ),
        params=params,
        headers=headers,
    )


def _get_kwargs(
    slide_id: str,
    *,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> dict[str, Any]:
    _kwargs = build_request(
        slide_id=slide_id,
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
    *,
    client: AuthenticatedClient | Client,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[File | str]:
    """The slide's original files

     Since IA-API 1.5. Answers the files the slide was imported from, in one of two forms:

    * `multipart/related; boundary=…` (servers have also been seen to send
      `multipart/mixed` and `multipart/form-data`) with **one part per file**. Each part
      carries `Content-Disposition: attachment; filename="…"` (RFC 6266; a `filename*`
      parameter, RFC 5987, takes precedence when present), a `Content-Type` (for example
      `image/tiff` or `application/dicom`) and optionally a `Content-Length`. DICOM slides
      arrive as many `.dcm` parts with names like `i0000,0000b.dcm`; keep such names intact.
    * a single file as `application/octet-stream` (or the file's own type) with an optional
      `Content-Disposition`.

    Files can be several GB each: clients must stream them to disk, and must reduce every
    server-sent file name to a safe base name inside their output folder.

    Args:
        slide_id (str):
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
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> File | str | None:
    """The slide's original files

     Since IA-API 1.5. Answers the files the slide was imported from, in one of two forms:

    * `multipart/related; boundary=…` (servers have also been seen to send
      `multipart/mixed` and `multipart/form-data`) with **one part per file**. Each part
      carries `Content-Disposition: attachment; filename="…"` (RFC 6266; a `filename*`
      parameter, RFC 5987, takes precedence when present), a `Content-Type` (for example
      `image/tiff` or `application/dicom`) and optionally a `Content-Length`. DICOM slides
      arrive as many `.dcm` parts with names like `i0000,0000b.dcm`; keep such names intact.
    * a single file as `application/octet-stream` (or the file's own type) with an optional
      `Content-Disposition`.

    Files can be several GB each: clients must stream them to disk, and must reduce every
    server-sent file name to a safe base name inside their output folder.

    Args:
        slide_id (str):
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
        client=client,
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    ).parsed


async def asyncio_detailed(
    slide_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> Response[File | str]:
    """The slide's original files

     Since IA-API 1.5. Answers the files the slide was imported from, in one of two forms:

    * `multipart/related; boundary=…` (servers have also been seen to send
      `multipart/mixed` and `multipart/form-data`) with **one part per file**. Each part
      carries `Content-Disposition: attachment; filename="…"` (RFC 6266; a `filename*`
      parameter, RFC 5987, takes precedence when present), a `Content-Type` (for example
      `image/tiff` or `application/dicom`) and optionally a `Content-Length`. DICOM slides
      arrive as many `.dcm` parts with names like `i0000,0000b.dcm`; keep such names intact.
    * a single file as `application/octet-stream` (or the file's own type) with an optional
      `Content-Disposition`.

    Files can be several GB each: clients must stream them to disk, and must reduce every
    server-sent file name to a safe base name inside their output folder.

    Args:
        slide_id (str):
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
        x_sectra_api_version=x_sectra_api_version,
        x_sectra_software_version=x_sectra_software_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slide_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_sectra_api_version: str | Unset = UNSET,
    x_sectra_software_version: str | Unset = UNSET,
) -> File | str | None:
    """The slide's original files

     Since IA-API 1.5. Answers the files the slide was imported from, in one of two forms:

    * `multipart/related; boundary=…` (servers have also been seen to send
      `multipart/mixed` and `multipart/form-data`) with **one part per file**. Each part
      carries `Content-Disposition: attachment; filename="…"` (RFC 6266; a `filename*`
      parameter, RFC 5987, takes precedence when present), a `Content-Type` (for example
      `image/tiff` or `application/dicom`) and optionally a `Content-Length`. DICOM slides
      arrive as many `.dcm` parts with names like `i0000,0000b.dcm`; keep such names intact.
    * a single file as `application/octet-stream` (or the file's own type) with an optional
      `Content-Disposition`.

    Files can be several GB each: clients must stream them to disk, and must reduce every
    server-sent file name to a safe base name inside their output folder.

    Args:
        slide_id (str):
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
            client=client,
            x_sectra_api_version=x_sectra_api_version,
            x_sectra_software_version=x_sectra_software_version,
        )
    ).parsed
