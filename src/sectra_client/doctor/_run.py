"""``run_doctor``: the calls ``sectra doctor`` makes, in order."""

from __future__ import annotations

import httpx

from sectra_client._constants import DEFAULT_TIMEOUT
from sectra_client._urls import validate_base_url
from sectra_client.doctor._checker import Checker
from sectra_client.doctor._reads import (
    check_application,
    check_server_info,
    check_slide,
    check_token,
)
from sectra_client.doctor._report import DoctorReport
from sectra_client.doctor._writes import check_writes

__all__ = ["run_doctor"]


def run_doctor(
    url: str,
    token: str | None = None,
    *,
    slide_id: str | None = None,
    application_id: str | None = None,
    credentials: tuple[str, str] | None = None,
    write: bool = False,
    timeout: float | httpx.Timeout | None = None,
    allow_insecure_http: bool = False,
) -> DoctorReport:
    """Check a Sectra server against ``openapi/sectra.yaml``; answer what was found.

    Read-only unless ``write``: ``/info``, the slide's info (basic and extended, never with
    PHI), its label, one tile per pyramid level and the tiles of a thumbnail, the case's
    images (without PHI), the application's results on the slide and the application itself.
    Every JSON answer is checked twice: by openapi-core against the contract, and by this
    library's tolerant models. Statuses, version headers, trailing slashes and version gates
    are checked too.

    With ``write`` (needs ``slide_id`` and an ``application_id`` you own), one result is
    created on the slide, updated, sent back with a stale ``versionId``, sent without ``id``
    and with a trailing slash, read back, and left showing :data:`FINAL_DISPLAY_RESULT`.

    Args:
        url: the API base URL.
        token: a bearer token; or give ``credentials`` (with ``application_id``) to get one
            from ``POST /token``.
        slide_id: the slide to check the slide operations on (skipped without one).
        application_id: the app to check the application and result operations for.
        credentials: a Sectra user's name and password for ``POST /token``.
        write: also check the result writes (see above).
        timeout: seconds (or an ``httpx.Timeout``) each call may take.
        allow_insecure_http: accept plain ``http://`` to a host that is not this machine.

    Raises:
        ValueError: the URL is malformed, neither a token nor credentials were given,
            credentials came without ``application_id``, or ``write`` without a slide or an
            application.
        InsecureURLError: plain ``http://`` to another machine without ``allow_insecure_http``.
    """
    base_url = validate_base_url(url, allow_insecure_http=allow_insecure_http).rstrip("/")
    if token is None and credentials is None:
        raise ValueError("give a token, or credentials (user name and password) for /token")
    if credentials is not None and application_id is None:
        raise ValueError("credentials need an application id: /token issues a token per app")
    if write and (slide_id is None or application_id is None):
        raise ValueError("--write needs a slide id and the id of an application you own")
    timeouts = timeout if isinstance(timeout, httpx.Timeout) else DEFAULT_TIMEOUT
    if isinstance(timeout, int | float):
        timeouts = httpx.Timeout(timeout)
    checker = Checker(base_url, token or "", timeouts)
    try:
        _check(checker, slide_id, application_id, credentials, write)
    finally:
        checker.close()
    return checker.report


def _check(
    checker: Checker,
    slide_id: str | None,
    application_id: str | None,
    credentials: tuple[str, str] | None,
    write: bool,
) -> None:
    check_server_info(checker)
    if credentials is not None and application_id is not None:
        check_token(checker, application_id, credentials)
    if slide_id is None:
        checker.report.notes.append("no slide given (--slide): slide operations not checked")
    else:
        check_slide(checker, slide_id)
    if application_id is None:
        checker.report.notes.append(
            "no application given (--application): application and result operations not checked"
        )
    else:
        check_application(checker, application_id, slide_id)
    if write and slide_id is not None and application_id is not None:
        checker.report.wrote = True
        check_writes(checker, application_id, slide_id)
