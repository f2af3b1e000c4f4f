"""Routes about the server itself and authentication: ``/info``, ``/applications/{id}``,
``/token`` and ``/launchdata``."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Query, Request

from sectra_client.mock_server._deps import ApplicationId, Backend
from sectra_client.mock_server._tokens import same_secret
from sectra_client.schemas import Application, CallbackInfo, LaunchData

__all__ = ["router"]

router = APIRouter()


@router.get("/info")
def get_server_info(backend: Backend) -> dict[str, Any]:
    """The configured IA-API and software versions."""
    return {
        "apiVersion": backend.config.api_version,
        "softwareVersion": backend.config.software_version,
    }


@router.get("/applications/{applicationId}")
def get_application(backend: Backend, application_id: ApplicationId) -> dict[str, Any]:
    """A registered application; a made-up one unless the server is strict."""
    with backend.state.lock:
        application = backend.state.applications.get(application_id)
    if application is None:
        if backend.config.strict:
            raise HTTPException(404, f"Not Found: no application {application_id!r}")
        application = Application(
            applicationId=application_id,
            displayName=application_id,
            manufacturer="Unknown manufacturer (made up by the mock)",
        )
    return application.model_dump(mode="json")


@router.post("/token")
async def request_token(
    request: Request,
    backend: Backend,
    application_id: Annotated[str, Query(alias="applicationId", min_length=1)],
) -> dict[str, Any]:
    """A bearer token for a user authenticated with HTTP Basic (checked before this route);
    it expires after the configured lifetime."""
    body = await request.body()
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if body and media_type != "application/x-www-form-urlencoded":
        raise HTTPException(
            415, "Unsupported Media Type: send grant_type=client_credentials as a form"
        )
    try:
        form = parse_qs(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise HTTPException(400, "Bad Request: the form is not UTF-8") from None
    grant_types = form.get("grant_type", [])
    if not grant_types:
        raise HTTPException(400, "Bad Request: grant_type is required")
    if grant_types != ["client_credentials"]:
        raise HTTPException(400, "Bad Request: unsupported grant_type; use client_credentials")
    if backend.config.strict:
        with backend.state.lock:
            known = application_id in backend.state.applications
        if not known:
            raise HTTPException(404, f"Not Found: no application {application_id!r}")
    lifetime = backend.config.token_lifetime
    return {
        "access_token": backend.state.tokens.mint(lifetime),
        "token_type": "Bearer",
        "expires_in": max(0, int(lifetime)),
    }


@router.get("/launchdata")
def get_launch_data(
    request: Request,
    backend: Backend,
    request_id: Annotated[str, Query(alias="requestId", min_length=1)],
    session_token: Annotated[str, Query(alias="sessionToken", min_length=1)],
    app_id: Annotated[str | None, Query(alias="appId", min_length=1)] = None,
) -> dict[str, Any]:
    """The callback info and selected slides of a launch session; the session token is the
    credential (401 when wrong). ``appId`` is optional; when given it must be the launch's."""
    with backend.state.lock:
        session = backend.state.launches.get(request_id)
    if session is None:
        raise HTTPException(404, "Not Found: no such launch request")
    if not same_secret(session_token, session.session_token):
        raise HTTPException(401, "Unauthorized: the session token is not this launch's")
    if app_id is not None and app_id != session.application_id:
        raise HTTPException(403, "Forbidden: the launch was for another application")
    base_url = str(request.base_url).rstrip("/") + backend.config.base_path
    launch = LaunchData(
        callbackInfo=CallbackInfo(url=base_url, token=session.token), blocks=session.blocks
    )
    return launch.model_dump(mode="json")
