"""Version headers and version gating: the app declares its version; an operation newer than
the server's version is sent anyway with a warning (the versions are partly guesses), and only
the server's own 404 or 405 becomes an error naming both versions."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import yaml
from _scripted_server import Reply, ScriptedServer

from sectra_client import PermissionDeniedError, SectraClient, UnsupportedByServerError
from sectra_client._spec import spec_text
from sectra_client._versions import BASELINE_API_VERSION, OPERATIONS_SINCE, parse_api_version
from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import QualityControl, QualityControlData, QualityControlStatus

pytest_plugins = ["_client_fixtures"]

QC = QualityControl(
    applicationVersion="1.0.0",
    qualityControl=QualityControlData(status=QualityControlStatus.QUALITY_OK, versionId="1"),
)


def spec_operations_since() -> dict[str, str]:
    spec: dict[str, Any] = yaml.safe_load(spec_text())
    return {
        operation["operationId"]: operation["x-sectra-since"]
        for path_item in spec["paths"].values()
        for operation in path_item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }


def test_the_gating_table_matches_the_specs_x_sectra_since() -> None:
    baseline = parse_api_version(BASELINE_API_VERSION)
    newer = {
        operation_id: since
        for operation_id, since in spec_operations_since().items()
        if (parse_api_version(since) or (0, 0)) > (baseline or (0, 0))
    }

    assert newer == OPERATIONS_SINCE


def test_case_queries_on_a_1_8_server_are_sent_and_its_404_names_both_versions(
    client: SectraClient, sectra_mock: MockSectraServer, caplog: pytest.LogCaptureFixture
) -> None:
    sectra_mock.api_version = "1.8"

    with (
        caplog.at_level(logging.WARNING, "sectra_client"),
        pytest.raises(UnsupportedByServerError) as raised,
    ):
        client.get_case_images("ACC-1")

    assert (raised.value.required_version, raised.value.server_version) == ("1.9", "1.8")
    assert "1.9" in str(raised.value)
    assert "1.8" in str(raised.value)
    assert [(r.path, r.status) for r in sectra_mock.requests] == [
        ("/info", 200),
        ("/requests/ACC-1/images/info", 404),
    ]
    assert "sending it anyway" in caplog.text
    assert "ACC-1" not in caplog.text


def test_an_operation_the_table_calls_too_new_works_when_the_server_has_it(
    scripted_server: ScriptedServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    scripted_server.script("/info", Reply.json({"apiVersion": "1.8", "softwareVersion": "3.4"}))
    scripted_server.script("/requests/ACC-1/images/info", Reply.json([]))

    with (
        caplog.at_level(logging.WARNING, "sectra_client"),
        SectraClient(scripted_server.base_url, "token") as old_looking,
    ):
        assert old_looking.get_case_images("ACC-1") == []

    assert "get_case_images needs IA-API 1.9" in caplog.text


def test_other_errors_of_an_operation_the_table_calls_too_new_stay_as_they_are(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/info", Reply.json({"apiVersion": "1.8", "softwareVersion": "3.4"}))
    scripted_server.script("/requests/ACC-1/images/info", Reply(403, b"Forbidden"))

    with (
        SectraClient(scripted_server.base_url, "token", max_retries=0) as client,
        pytest.raises(PermissionDeniedError),
    ):
        client.get_case_images("ACC-1")


def test_case_by_slide_on_a_1_8_server_raises(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.api_version = "1.8"

    with pytest.raises(UnsupportedByServerError, match="get_case_images_by_slide"):
        client.get_image_infos_in_case_by_slide_id("slide-1")


def test_quality_control_on_a_1_9_server_raises_naming_both_versions(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.api_version = "1.9"

    with pytest.raises(UnsupportedByServerError) as raised:
        client.set_quality_control("slide-1", QC)

    assert (raised.value.required_version, raised.value.server_version) == ("1.10", "1.9")


def test_case_queries_on_a_1_9_server_are_sent(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.api_version = "1.9"
    sectra_mock.add_slide("slide-1", accession_number="ACC-1")

    assert [image.id for image in client.get_case_images("ACC-1")] == ["slide-1"]


def test_a_server_version_that_cannot_be_read_does_not_block(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.script("/info", Reply.json({"apiVersion": "next", "softwareVersion": "5"}))
    scripted_server.script("/requests/ACC-1/images/info", Reply.json([]))

    with SectraClient(scripted_server.base_url, "token") as odd:
        assert odd.get_case_images("ACC-1") == []


def test_version_info_is_fetched_once_per_client_and_shared_with_its_configured_copies(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_slide("slide-1", accession_number="ACC-1")
    with SectraClient(sectra_mock.url, sectra_mock.token) as first:
        first_info = first.version_info
        first.with_options(timeout=5.0).get_case_images("ACC-1")
        assert first.version_info == first_info
    with SectraClient(sectra_mock.url, sectra_mock.token) as second:
        second_info = second.version_info

    assert first_info == second_info
    assert [r.operation_id for r in sectra_mock.requests].count("getServerInfo") == 2


def test_get_server_info_replaces_the_remembered_versions(sectra_mock: MockSectraServer) -> None:
    with SectraClient(sectra_mock.url, sectra_mock.token) as client:
        assert client.version_info.apiVersion == "1.10"
        sectra_mock.api_version = "1.8"
        client.get_server_info()

        with pytest.raises(UnsupportedByServerError):
            client.get_case_images("ACC-1")


def test_token_requests_are_checked_only_against_an_already_known_version(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_user("svc", "pw")
    with SectraClient(sectra_mock.url, sectra_mock.token) as client:
        client.request_token("my-app", "svc", "pw")
        sectra_mock.api_version = "1.8"
        client.get_server_info()

        with pytest.raises(UnsupportedByServerError, match="request_token"):
            client.request_token("my-app", "svc", "pw")

    assert [(r.operation_id, r.status) for r in sectra_mock.requests] == [
        ("requestToken", 200),
        ("getServerInfo", 200),
        (None, 404),
    ]


def test_the_declared_api_version_is_sent_and_defaults_to_the_newest(
    sectra_mock: MockSectraServer,
) -> None:
    with SectraClient(sectra_mock.url, sectra_mock.token) as default:
        default.get_slide_info("slide-1")
    with SectraClient(
        sectra_mock.url, sectra_mock.token, api_version="1.8", app_version="2.3.1"
    ) as declared:
        declared.get_slide_info("slide-1")
        headers = declared.response_headers

    sent = [
        (r.headers["x-sectra-apiversion"], r.headers["x-sectra-softwareversion"])
        for r in sectra_mock.requests
    ]
    assert sent[0][0] == "1.10"
    assert sent[1] == ("1.8", "2.3.1")
    assert headers == {"X-Sectra-ApiVersion": "1.8", "X-Sectra-SoftwareVersion": "2.3.1"}


def test_response_headers_carry_the_apps_versions_not_the_servers(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.api_version = "1.8"
    with SectraClient(sectra_mock.url, sectra_mock.token, app_version="0.9") as client:
        client.get_server_info()

        assert client.response_headers == {
            "X-Sectra-ApiVersion": "1.10",
            "X-Sectra-SoftwareVersion": "0.9",
        }


@pytest.mark.parametrize("api_version", ["1", "v1.10", "1.10.2", ""])
def test_a_malformed_api_version_is_refused(api_version: str) -> None:
    with pytest.raises(ValueError, match="api_version"):
        SectraClient("https://pacs.example/api", "token", api_version=api_version)
