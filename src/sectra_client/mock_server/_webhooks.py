"""Calling an app's webhooks as Sectra does: ``POST U`` and ``POST U/imagenotification``."""

from __future__ import annotations

import httpx

from sectra_client._transports._large_reads import ssl_context_for
from sectra_client.schemas import Invocation

__all__ = ["notification_url", "post_invocation"]


def post_invocation(
    url: str,
    invocation: Invocation,
    *,
    api_version: str,
    software_version: str,
    timeout: float,
) -> httpx.Response:
    """POST ``invocation`` as JSON to ``url`` with Sectra's version headers; the whole reply.

    Raises:
        httpx.HTTPError: the app could not be reached or did not answer within ``timeout``.
    """
    headers = {
        "Content-Type": "application/json",
        "X-Sectra-ApiVersion": api_version,
        "X-Sectra-SoftwareVersion": software_version,
    }
    body = invocation.model_dump_json().encode()
    with httpx.Client(timeout=timeout, verify=ssl_context_for(True, trust_env=True)) as client:
        return client.post(url, content=body, headers=headers)


def notification_url(webhook_url: str) -> str:
    """Where image notifications go: the registered URL plus ``/imagenotification``."""
    return webhook_url.rstrip("/") + "/imagenotification"
