"""Authentication: bearer tokens everywhere, HTTP Basic on /token, session tokens on /launchdata."""

from __future__ import annotations

import time

import httpx
import pytest
from mock_support import OPERATION_SAMPLES, api

from sectra_client.mock_server import MockSectraServer
from sectra_client.mock_server._operations import OPERATIONS

BEARER_OPERATIONS = [op.operation_id for op in OPERATIONS if op.auth == "bearer"]


@pytest.mark.parametrize("operation_id", BEARER_OPERATIONS)
def test_every_bearer_operation_answers_401_without_a_token(
    sectra_mock: MockSectraServer, operation_id: str
) -> None:
    method, path = OPERATION_SAMPLES[operation_id]
    reply = httpx.request(method, sectra_mock.url + path)
    assert reply.status_code == 401
    assert reply.headers["WWW-Authenticate"].startswith("Bearer")
    assert reply.headers["X-Sectra-ApiVersion"] == "1.10"


@pytest.mark.parametrize("operation_id", BEARER_OPERATIONS)
def test_every_bearer_operation_answers_401_for_a_wrong_token(
    sectra_mock: MockSectraServer, operation_id: str
) -> None:
    method, path = OPERATION_SAMPLES[operation_id]
    with api(sectra_mock, token="not-the-token") as http:
        reply = http.request(method, path)
    assert reply.status_code == 401
    assert 'error="invalid_token"' in reply.headers["WWW-Authenticate"]


def test_a_basic_authorization_is_no_bearer_token(sectra_mock: MockSectraServer) -> None:
    reply = httpx.get(sectra_mock.url + "/info", auth=("user", sectra_mock.token))
    assert reply.status_code == 401


def test_the_configured_token_can_change_while_running(sectra_mock: MockSectraServer) -> None:
    sectra_mock.token = "rotated"
    with api(sectra_mock, token="dev-token") as old, api(sectra_mock) as new:
        assert old.get("/info").status_code == 401
        assert new.get("/info").status_code == 200


def _token_reply(server: MockSectraServer, **options: object) -> httpx.Response:
    request: dict[str, object] = {
        "params": {"applicationId": "my-app"},
        "data": {"grant_type": "client_credentials"},
        "auth": ("svc", "pw"),
    }
    request.update(options)
    return httpx.post(server.url + "/token", **request)  # type: ignore[arg-type]


def test_token_issues_a_bearer_token_to_a_user_with_basic_credentials(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_user("svc", "pw")
    reply = _token_reply(sectra_mock)
    assert reply.status_code == 200
    body = reply.json()
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 3600)
    with api(sectra_mock, token=body["access_token"]) as http:
        assert http.get("/info").status_code == 200


def test_issued_tokens_stop_working_once_expired(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_user("svc", "pw")
    token = _token_reply(sectra_mock).json()["access_token"]
    sectra_mock.expire_tokens()
    with api(sectra_mock, token=token) as http:
        assert http.get("/info").status_code == 401


def test_issued_tokens_expire_after_the_configured_lifetime(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_user("svc", "pw")
    sectra_mock.token_lifetime = 0.3
    token = _token_reply(sectra_mock).json()["access_token"]
    with api(sectra_mock, token=token) as http:
        assert http.get("/info").status_code == 200
        time.sleep(0.4)
        assert http.get("/info").status_code == 401


@pytest.mark.parametrize(
    "auth", [("svc", "wrong"), ("nobody", "pw"), None], ids=["wrong-password", "unknown", "none"]
)
def test_token_answers_401_without_valid_basic_credentials(
    sectra_mock: MockSectraServer, auth: tuple[str, str] | None
) -> None:
    sectra_mock.add_user("svc", "pw")
    reply = _token_reply(sectra_mock, auth=auth)
    assert reply.status_code == 401
    assert reply.headers["WWW-Authenticate"].startswith("Basic")


def test_token_refuses_a_bearer_token(sectra_mock: MockSectraServer) -> None:
    reply = _token_reply(
        sectra_mock, auth=None, headers={"Authorization": f"Bearer {sectra_mock.token}"}
    )
    assert reply.status_code == 401


def test_token_answers_403_to_a_user_without_the_permission(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_user("svc", "pw", can_request_tokens=False)
    assert _token_reply(sectra_mock).status_code == 403


@pytest.mark.parametrize(
    ("form", "status"),
    [({}, 400), ({"grant_type": "password"}, 400)],
    ids=["missing-grant", "other-grant"],
)
def test_token_needs_the_client_credentials_grant(
    sectra_mock: MockSectraServer, form: dict[str, str], status: int
) -> None:
    sectra_mock.add_user("svc", "pw")
    assert _token_reply(sectra_mock, data=form).status_code == status


def test_token_needs_a_form_body(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_user("svc", "pw")
    reply = _token_reply(sectra_mock, data=None, json={"grant_type": "client_credentials"})
    assert reply.status_code == 415


def test_token_needs_an_application_id(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_user("svc", "pw")
    reply = _token_reply(sectra_mock, params={})
    assert reply.status_code == 422
    assert "applicationId" in reply.text


def test_a_strict_mock_issues_tokens_only_for_registered_applications(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_user("svc", "pw")
    sectra_mock.strict = True
    assert _token_reply(sectra_mock).status_code == 404
    sectra_mock.add_application("my-app")
    assert _token_reply(sectra_mock).status_code == 200


def _launch(server: MockSectraServer, **params: str) -> httpx.Response:
    query = {"requestId": "r-1", "sessionToken": "s-1", "appId": "my-app", **params}
    return httpx.get(server.url + "/launchdata", params=query)


def test_launchdata_answers_the_selected_slides_and_a_working_callback(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_launch_session("r-1", "s-1", "my-app", {"A1": ["slide-1", "slide-2"]})
    reply = _launch(sectra_mock)
    assert reply.status_code == 200
    body = reply.json()
    assert body["blocks"] == [{"name": "A1", "slides": [{"id": "slide-1"}, {"id": "slide-2"}]}]
    assert body["callbackInfo"]["url"] == sectra_mock.url
    with api(sectra_mock, token=body["callbackInfo"]["token"]) as http:
        assert http.get("/slides/slide-1/info").status_code == 200


def test_launchdata_answers_401_for_a_wrong_session_token(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_launch_session("r-1", "s-1", "my-app", {"A1": ["slide-1"]})
    assert _launch(sectra_mock, sessionToken="guess").status_code == 401


def test_launchdata_answers_404_for_an_unknown_launch(sectra_mock: MockSectraServer) -> None:
    assert _launch(sectra_mock, requestId="r-unknown").status_code == 404


def test_launchdata_answers_403_for_another_application(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_launch_session("r-1", "s-1", "my-app", {"A1": ["slide-1"]})
    assert _launch(sectra_mock, appId="other-app").status_code == 403


def test_launchdata_needs_its_three_parameters(sectra_mock: MockSectraServer) -> None:
    reply = httpx.get(sectra_mock.url + "/launchdata", params={"requestId": "r-1"})
    assert reply.status_code == 422
    assert "sessionToken" in reply.text
