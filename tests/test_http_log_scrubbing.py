"""What httpx and httpcore log while the client sends a request is scrubbed once formatted: the
URL shows as its display path and no token, session token or PHI value appears, whatever the
wording or layout of the message (pinned with httpx's real output and with made-up formats).
"""

from __future__ import annotations

import logging

import pytest

from sectra_client import SectraClient
from sectra_client._redact import REDACTED, scrubbed_http_logs
from sectra_client.mock_server import MockSectraServer

ACCESSION = "ACC-LOG-4711"
SESSION_TOKEN = "session-log-secret-99"
URL = f"https://pacs.example/api/launchdata?requestId={ACCESSION}&sessionToken={SESSION_TOKEN}"


def test_httpx_real_request_line_shows_the_display_path_and_no_secret(
    sectra_mock: MockSectraServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sectra_mock.add_launch_session(ACCESSION, SESSION_TOKEN, "my-app", {"A": ["s1"]})
    launch_url = f"{sectra_mock.url}/launchdata?requestId={ACCESSION}&sessionToken={SESSION_TOKEN}"

    client, launch = SectraClient.from_launch_url(launch_url, "my-app")
    with client:
        client.get_slide_info("s1")

    request_lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert any("GET /launchdata" in line for line in request_lines)
    assert any("GET /slides/s1/info" in line for line in request_lines)
    for secret in (ACCESSION, SESSION_TOKEN, launch.callbackInfo.token, sectra_mock.token):
        assert secret not in caplog.text


@pytest.mark.parametrize("logger_name", ["httpx", "httpcore.http11", "httpcore.connection"])
def test_a_record_in_any_format_is_scrubbed_once_formatted(
    logger_name: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    http_logger = logging.getLogger(logger_name)

    with scrubbed_http_logs(URL, "/launchdata", [ACCESSION, SESSION_TOKEN]):
        http_logger.info("sent %s", URL)
        http_logger.debug("%(url)s -> %(status)d", {"url": URL, "status": 200})
        http_logger.warning(f"{SESSION_TOKEN!r} in an f-string with {URL}")
        http_logger.info("headers %r", [(b"Authorization", b"Bearer " + b"a1" * 12)])

    messages = [record.getMessage() for record in caplog.records]
    assert messages[0] == "sent /launchdata"
    assert messages[1] == "/launchdata -> 200"
    assert messages[2] == f"'{REDACTED}' in an f-string with /launchdata"
    assert "a1a1" not in messages[3]
    assert ACCESSION not in caplog.text
    assert SESSION_TOKEN not in caplog.text


def test_records_logged_outside_a_request_are_left_as_they_are(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    with scrubbed_http_logs(URL, "/launchdata", [SESSION_TOKEN]):
        pass

    logging.getLogger("httpx").info("about %s", "the bearer token")

    assert [record.getMessage() for record in caplog.records] == ["about the bearer token"]
