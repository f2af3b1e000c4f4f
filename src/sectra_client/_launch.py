"""Launch URLs: how an app opened from the Sectra viewer ("external launch") finds its API.

The viewer opens the app in a browser with a launch URL that Sectra builds as::

    https://<host>/SectraPathologyServer/external/imageanalysis/v1/launchdata
        ?requestId=<request id>&sessionToken=<session token>

usually wrapped, percent-encoded, in the app's own page address as its ``launchUrl`` query
parameter: ``https://app.example/?launchUrl=https%3A%2F%2F<host>%2F...%2Flaunchdata%3F...``.
The app adds ``appId=<its application id>`` and GETs it; the answer (``LaunchData``) holds the
callback info (API base URL and bearer token) and the slides the user selected.

:func:`parse_launch_url` accepts both forms. The API base URL is the launch URL's path up to,
not including, its last segment ``launchdata``. The request id identifies the case (it is
typically the accession number, so it is PHI) and the session token is a secret: neither
appears in a ``repr`` or an error message.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

__all__ = ["LaunchParameters", "parse_launch_url"]

_LAUNCH_DATA_SEGMENT = "launchdata"
_WRAPPER_PARAMETER = "launchUrl"


@dataclass(frozen=True, repr=False)
class LaunchParameters:
    """What a launch URL carries.

    Attributes:
        api_url: the IA-API base URL (``.../imageanalysis/v1``).
        request_id: the launch request's id (PHI).
        session_token: the launch session's token (a secret).
    """

    api_url: str
    request_id: str
    session_token: str

    def __repr__(self) -> str:
        host = httpx.URL(self.api_url).host
        return f"LaunchParameters(host={host!r}, request_id=<redacted>, session_token=<redacted>)"


def parse_launch_url(launch_url: str) -> LaunchParameters:
    """Read a launch URL, bare or wrapped in a page address's ``launchUrl`` parameter.

    Raises:
        ValueError: not a URL; no ``launchdata`` path; ``requestId`` or ``sessionToken``
            missing or empty. The message never repeats the URL (it holds secrets).
    """
    url = _parse(launch_url)
    if "requestId" not in url.params and _WRAPPER_PARAMETER in url.params:
        url = _parse(url.params[_WRAPPER_PARAMETER])
    raw_path = url.raw_path.decode("ascii").split("?", 1)[0]
    segments = raw_path.rstrip("/").split("/")
    if segments[-1].lower() != _LAUNCH_DATA_SEGMENT:
        raise ValueError(
            "a launch URL points at the IA-API's /launchdata (…/imageanalysis/v1/launchdata"
            "?requestId=…&sessionToken=…), or carries such a URL as its launchUrl parameter"
        )
    request_id = url.params.get("requestId", "")
    session_token = url.params.get("sessionToken", "")
    missing = [
        name
        for name, value in (("requestId", request_id), ("sessionToken", session_token))
        if not value
    ]
    if missing:
        raise ValueError(f"the launch URL has no {' or '.join(missing)} parameter")
    api_path = "/".join(segments[:-1]) or "/"
    api_url = str(url.copy_with(raw_path=api_path.encode("ascii"), fragment=None))
    return LaunchParameters(api_url, request_id, session_token)


def _parse(text: str) -> httpx.URL:
    try:
        url = httpx.URL(text.strip())
    except (httpx.InvalidURL, TypeError):
        raise ValueError("the launch URL is not a valid URL") from None
    if not url.is_absolute_url:
        raise ValueError("the launch URL must be an absolute https:// URL")
    return url
