"""What the mock records of the requests it receives, and that no token shows anywhere."""

from __future__ import annotations

import logging

import httpx
import pytest
from mock_support import api

from sectra_client.mock_server import MockSectraServer


def test_every_request_is_logged_with_its_operation_and_status(
    sectra_mock: MockSectraServer,
) -> None:
    with api(sectra_mock) as http:
        http.get("/requests/ACC%201%2F2/images/info", params={"includePHI": "true"})
        http.get("/no/such/path")
    found, missing = sectra_mock.requests
    assert (found.method, found.path, found.operation_id, found.status) == (
        "GET",
        "/requests/ACC%201%2F2/images/info",
        "getCaseImages",
        200,
    )
    assert found.query == {"includePHI": "true"}
    assert (missing.operation_id, missing.status) == (None, 404)


def test_credentials_are_masked_in_the_log(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_launch_session("r-1", "session-secret", "my-app", {"A": ["s"]})
    with api(sectra_mock) as http:
        http.get("/info")
    httpx.get(
        sectra_mock.url + "/launchdata",
        params={"requestId": "r-1", "sessionToken": "session-secret", "appId": "my-app"},
    )
    bearer, launch = sectra_mock.requests
    assert bearer.headers["authorization"] == "Bearer <redacted>"
    assert launch.query["sessionToken"] == "<redacted>"
    assert "session-secret" not in repr(sectra_mock.requests)
    assert sectra_mock.token not in repr(sectra_mock.requests)


def test_clear_requests_empties_the_log(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        http.get("/info")
    sectra_mock.clear_requests()
    assert sectra_mock.requests == []


def test_the_mocks_own_logs_never_show_a_token(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server = MockSectraServer(token="very-secret-token")
    with server.run(port=0, host="127.0.0.1"), api(server) as http:
        http.get("/info")
        http.get("/info", headers={"Authorization": "Bearer wrong-secret-token"})
        invocation = server.build_invocation("create", "s")
        server.faults.drop_connection("getServerInfo")
        with pytest.raises(httpx.RemoteProtocolError):
            http.get("/info")
    mock_logs = [record for record in caplog.records if not record.name.startswith("httpx")]
    text = "\n".join(record.getMessage() for record in mock_logs)
    assert "serving at" in text
    for secret in ("very-secret-token", "wrong-secret-token", invocation.callbackInfo.token):
        assert secret not in text
    assert invocation.callbackInfo.token not in repr(invocation)
