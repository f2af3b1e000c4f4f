"""Per-call options and configured copies: ``timeout=`` and ``extra_headers=`` on a method,
``client.with_options(timeout=..., max_retries=...)`` for a copy over the same connections."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

import pytest

from sectra_client import AsyncSectraClient, SectraClient, SectraTimeoutError, ServerError
from sectra_client.mock_server import MockSectraServer

if TYPE_CHECKING:
    from _client_fixtures import ClientFactory

pytest_plugins = ["_client_fixtures"]


def test_extra_headers_reach_the_server_for_that_call_only(
    make_client: ClientFactory, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_slide("slide-1")
    client = make_client(sectra_mock.url, sectra_mock.token)

    client.get_slide_info("slide-1", extra_headers={"X-Request-Id": "run-7"})
    client.get_slide_info("slide-1")

    first, second = sectra_mock.requests
    assert first.headers["x-request-id"] == "run-7"
    assert "x-request-id" not in second.headers
    assert first.headers["x-sectra-apiversion"] == "1.10"


def test_extra_headers_cannot_replace_the_credentials(
    make_client: ClientFactory, sectra_mock: MockSectraServer
) -> None:
    client = make_client(sectra_mock.url, sectra_mock.token)

    with pytest.raises(ValueError, match="Authorization"):
        client.get_slide_info("slide-1", extra_headers={"Authorization": "Bearer other"})

    assert sectra_mock.requests == []


def test_a_per_call_timeout_bounds_that_call_only(
    make_client: ClientFactory, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_slide("slide-1")
    sectra_mock.faults.add_latency("getSlideInfo", 0.5, times=1)
    client = make_client(sectra_mock.url, sectra_mock.token, max_retries=0)

    with pytest.raises(SectraTimeoutError):
        client.get_slide_info("slide-1", timeout=0.1)

    assert client.get_slide_info("slide-1").id == "slide-1"


def test_a_configured_copy_retries_as_told_and_shares_the_connections(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_slide("slide-1")
    sectra_mock.faults.fail("getSlideInfo", 503, times=1)
    with SectraClient(sectra_mock.url, sectra_mock.token) as client:
        impatient = client.with_options(max_retries=0, timeout=5.0)

        with pytest.raises(ServerError):
            impatient.get_slide_info("slide-1")
        impatient.close()
        with impatient:
            assert impatient.get_slide_info("slide-1").id == "slide-1"

        assert client.get_slide_info("slide-1").id == "slide-1"
        assert impatient._transport._client is client._transport._client
        assert not client._transport._client.is_closed


async def test_an_async_configured_copy_leaves_the_shared_pool_open(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_slide("slide-1")
    async with AsyncSectraClient(sectra_mock.url, sectra_mock.token) as client:
        async with client.with_options(timeout=2.0) as copy:
            assert (await copy.get_slide_info("slide-1")).id == "slide-1"

        assert (await client.get_slide_info("slide-1")).id == "slide-1"


def test_a_configured_copy_refuses_a_negative_retry_count(sectra_mock: MockSectraServer) -> None:
    with (
        SectraClient(sectra_mock.url, sectra_mock.token) as client,
        pytest.raises(ValueError, match="max_retries"),
    ):
        client.with_options(max_retries=-1)


SERVER_CALLING_METHODS = [
    "get_version_info",
    "get_server_info",
    "get_slide_info",
    "get_slide_label",
    "download_slide_files",
    "get_tile",
    "read_region",
    "get_thumbnail",
    "get_case_images",
    "get_case_images_by_slide",
    "download_case",
    "create_result",
    "get_result",
    "update_result",
    "list_slide_results",
    "upsert_result",
    "modify_result",
    "get_result_attachment",
    "set_quality_control",
    "get_application",
    "request_token",
    "get_launch_data",
]


@pytest.mark.parametrize("client_class", [SectraClient, AsyncSectraClient])
@pytest.mark.parametrize("name", SERVER_CALLING_METHODS)
def test_every_method_that_calls_the_server_names_its_per_call_options(
    client_class: type[SectraClient | AsyncSectraClient], name: str
) -> None:
    parameters = inspect.signature(getattr(client_class, name)).parameters

    for option in ("timeout", "extra_headers"):
        assert parameters[option].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters[option].default is None


@pytest.mark.parametrize("client_class", [SectraClient, AsyncSectraClient])
@pytest.mark.parametrize("name", ["get_tile", "read_region", "get_thumbnail"])
def test_the_tile_methods_name_their_rendering_options(
    client_class: type[SectraClient | AsyncSectraClient], name: str
) -> None:
    parameters = inspect.signature(getattr(client_class, name)).parameters

    assert {"focal_plane", "optical_path", "extension", "image_info"} <= set(parameters)
