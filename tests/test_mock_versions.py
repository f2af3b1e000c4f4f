"""API versions: the headers on every reply, and operations newer than the server."""

from __future__ import annotations

import httpx
import pytest
from mock_support import OPERATION_SAMPLES, api, result_body

from sectra_client.mock_server import MockSectraServer
from sectra_client.mock_server._operations import OPERATIONS


def _assert_version_headers(reply: httpx.Response, api_version: str = "1.10") -> None:
    assert reply.headers["X-Sectra-ApiVersion"] == api_version
    assert reply.headers["X-Sectra-SoftwareVersion"] == "4.2.0.0"


def test_info_reports_the_configured_versions(sectra_mock: MockSectraServer) -> None:
    sectra_mock.api_version, sectra_mock.software_version = "1.9", "4.1.3.1"
    with api(sectra_mock) as http:
        reply = http.get("/info")
    assert reply.json() == {"apiVersion": "1.9", "softwareVersion": "4.1.3.1"}
    assert reply.headers["X-Sectra-SoftwareVersion"] == "4.1.3.1"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/info", 200),
        ("GET", "/slides/slide-1/label", 200),
        ("GET", "/no/such/operation", 404),
        ("DELETE", "/info", 405),
        ("GET", "/applications/my-app/results/99", 404),
        ("GET", "/images/slide-1_files/99/0_0.jpg", 422),
        ("POST", "/applications/my-app/results", 415),
    ],
)
def test_every_reply_carries_the_version_headers(
    sectra_mock: MockSectraServer, method: str, path: str, status: int
) -> None:
    with api(sectra_mock) as http:
        reply = http.request(method, path)
    assert reply.status_code == status
    _assert_version_headers(reply)


def test_a_server_error_carries_the_version_headers_too(sectra_mock: MockSectraServer) -> None:
    sectra_mock.faults.fail("getServerInfo", 500)
    with api(sectra_mock) as http:
        reply = http.get("/info")
    assert reply.status_code == 500
    _assert_version_headers(reply)


def test_an_undeclared_method_answers_405_with_allow(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        reply = http.delete("/applications/my-app/results/1")
    assert reply.status_code == 405
    assert reply.headers["Allow"] == "GET, PUT"


NEWER_THAN = {
    "1.9": ["setQualityControl"],
    "1.8": [
        "setQualityControl",
        "getCaseImages",
        "getCaseImagesBySlide",
        "requestToken",
        "getLaunchData",
    ],
}


@pytest.mark.parametrize("api_version", sorted(NEWER_THAN))
def test_operations_newer_than_the_server_answer_404(
    sectra_mock: MockSectraServer, api_version: str
) -> None:
    sectra_mock.api_version = api_version
    with api(sectra_mock) as http:
        for operation_id in NEWER_THAN[api_version]:
            method, path = OPERATION_SAMPLES[operation_id]
            reply = http.request(method, path, json={})
            assert reply.status_code == 404, operation_id
            _assert_version_headers(reply, api_version)


def test_operations_the_server_has_are_served_at_any_version(sectra_mock: MockSectraServer) -> None:
    sectra_mock.api_version = "1.5"
    with api(sectra_mock) as http:
        assert http.post("/applications/my-app/results", json=result_body()).status_code == 201
        assert http.get("/slides/slide-1/info").status_code == 200


def test_slide_info_has_quality_control_only_from_api_1_10(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        assert "qualityControl" in http.get("/slides/slide-1/info").json()
        sectra_mock.api_version = "1.9"
        assert "qualityControl" not in http.get("/slides/slide-1/info").json()


def test_every_operation_of_the_spec_has_a_sample_request() -> None:
    assert {op.operation_id for op in OPERATIONS} == set(OPERATION_SAMPLES)


@pytest.mark.parametrize("declared", ["1.10", "0", "latest", ""])
def test_an_api_version_request_header_that_is_no_version_is_ignored(
    sectra_mock: MockSectraServer, declared: str
) -> None:
    with api(sectra_mock) as http:
        response = http.get("/info", headers={"X-Sectra-ApiVersion": declared})

    assert response.status_code == 200
    assert response.headers["X-Sectra-ApiVersion"] == "1.10"
