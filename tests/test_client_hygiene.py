"""Secrets and patient data never leak: not in reprs, not in exceptions, not in log records
(captured at DEBUG from every logger, httpx's included)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import pytest
from _scripted_server import Reply, ScriptedServer, unused_port

from sectra_client import (
    AuthenticationError,
    NotFoundError,
    SectraClient,
    SectraConnectionError,
    SectraError,
    ServerError,
)
from sectra_client.mock_server import MockSectraServer

if TYPE_CHECKING:
    from _client_fixtures import ClientFactory

pytest_plugins = ["_client_fixtures"]

TOKEN = "tok-3f9a7c1e5b2d8f40"
ACCESSION = "ACC-SECRET-4711"
PATIENT_EXAM = "EXAM-PATIENT-0815"
VALID_IMAGE_INFO = {
    "id": "s",
    "isStreamable": True,
    "imageSize": {"width": 1000, "height": 800},
    "tileSize": {"width": 256, "height": 256},
    "micronsPerPixel": 0.25,
    "focalPlanes": [],
    "opticalPaths": [],
    "storedTileFormat": {"mimeType": "image/jpeg", "extension": "jpg"},
    "availableTileFormats": [],
    "fileFormat": {"mimeType": "image/tiff"},
    "staining": {"displayName": "H&E"},
    "block": {"displayName": "A1"},
}


def assert_absent(secrets: list[str], *texts: str) -> None:
    for secret in secrets:
        for text in texts:
            assert secret not in text


def test_the_token_never_appears_in_reprs_errors_or_logs(
    make_client: ClientFactory,
    sectra_mock: MockSectraServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    sectra_mock.token = TOKEN
    sectra_mock.faults.fail("getApplication", 500, message=f"bad token Bearer {TOKEN} ({TOKEN})")
    sectra_mock.faults.html_error("getResult", 502, times=None)
    client = make_client(sectra_mock.url, TOKEN, max_retries=1)
    errors: list[SectraError] = []

    client.get_slide_info("slide-1")
    for failing in (
        lambda: client.get_application("my-app"),
        lambda: client.get_result("my-app", 1),
        lambda: make_client(f"http://127.0.0.1:{unused_port()}", TOKEN).get_slide_info("s"),
    ):
        with pytest.raises(SectraError) as raised:
            failing()
        errors.append(raised.value)

    assert [type(error) for error in errors] == [
        ServerError,
        ServerError,
        SectraConnectionError,
    ]
    assert_absent(
        [TOKEN],
        repr(client),
        caplog.text,
        *(str(error) for error in errors),
        *(repr(error) for error in errors),
        *(getattr(error, "text", "") for error in errors),
    )
    assert repr(client) in ("SectraClient(host='127.0.0.1')", "AsyncSectraClient(host='127.0.0.1')")


def test_credentials_and_issued_tokens_never_appear_in_logs(
    sectra_mock: MockSectraServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    sectra_mock.add_user("svc", "pa55-w0rd-secret")
    with SectraClient.from_credentials(sectra_mock.url, "my-app", "svc", "pa55-w0rd-secret") as c:
        issued = c.request_token("my-app", "svc", "pa55-w0rd-secret").access_token
        c.get_slide_info("slide-1")
        sectra_mock.expire_tokens()
        c.get_slide_info("slide-1")
        text = f"{c!r} {c.__dict__!r}"

    assert_absent(["pa55-w0rd-secret", issued], caplog.text, text)


def test_phi_never_appears_in_reprs_or_logs(
    make_client: ClientFactory,
    sectra_mock: MockSectraServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    sectra_mock.add_slide("slide-1", accession_number=ACCESSION, accession_number_issuer="LAB")
    client = make_client(sectra_mock.url, sectra_mock.token)

    info = client.get_slide_info("slide-1", extended=True, include_phi=True)
    case = client.get_case_images(ACCESSION, include_phi=True, accession_number_issuer="LAB")
    sectra_mock.strict = True
    with pytest.raises(NotFoundError) as raised:
        client.get_case_images(f"{ACCESSION}-unknown")

    assert info.accessionNumber == ACCESSION
    assert raised.value.path == "/requests/<redacted>/images/info"
    assert_absent(
        [ACCESSION],
        repr(info),
        str(info),
        repr(case),
        caplog.text,
        str(raised.value),
        raised.value.text,
    )


def test_a_malformed_body_error_names_fields_not_values(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    body = {
        **VALID_IMAGE_INFO,
        "examId": PATIENT_EXAM,
        "accessionNumber": ["not", "a", "string", ACCESSION],
    }
    scripted_server.script("/slides/s/info", Reply.json(body))
    client = make_client(scripted_server.base_url, TOKEN)

    with pytest.raises(SectraConnectionError) as raised:
        client.get_slide_info("s", include_phi=True)

    assert "accessionNumber" in str(raised.value)
    assert raised.value.__cause__ is None
    assert_absent([PATIENT_EXAM, ACCESSION], str(raised.value))


def test_launch_secrets_never_appear_in_logs_or_errors(
    sectra_mock: MockSectraServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    sectra_mock.add_launch_session(ACCESSION, "session-secret-99", "my-app", {"A": ["s1"]})
    good = f"{sectra_mock.url}/launchdata?requestId={ACCESSION}&sessionToken=session-secret-99"
    bad = f"{sectra_mock.url}/launchdata?requestId={ACCESSION}&sessionToken=session-wrong-98"

    client, launch = SectraClient.from_launch_url(good, "my-app")
    client.close()
    with pytest.raises(SectraError) as raised:
        SectraClient.from_launch_url(bad, "my-app")

    assert isinstance(raised.value, AuthenticationError | NotFoundError)
    assert_absent(
        [ACCESSION, "session-secret-99", "session-wrong-98", launch.callbackInfo.token],
        caplog.text,
        str(raised.value),
        repr(launch),
        repr(client),
    )
