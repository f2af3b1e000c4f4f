"""sectra record: an app and the webhook traffic recorded through the proxies; the cassette
holds no PHI and no token, replays with vcrpy, and the mock made from it behaves as the
original for an app written against the original."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import vcr
from _phi_slide import APP_ID, FREE_FIELD, PHI_VALUES, SLIDE_ID, phi_slide, secrets_of
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from mock_support import serve

from sectra_client import ConflictError, SectraClient
from sectra_client.mock_server import MockSectraServer
from sectra_client.recording import RECORDED_API_ORIGIN, Recorder
from sectra_client.schemas import Result

USER, PASSWORD = "lab-admin", "hunter2-very-secret"


def analysis_app() -> FastAPI:
    """A small app: on ``create`` it reads the slide (with PHI), stores a result and
    answers it, as a real app does."""
    app = FastAPI()

    @app.post("/")
    async def invoked(request: Request) -> JSONResponse:
        invocation = await request.json()
        callback = invocation["callbackInfo"]
        with SectraClient(url=callback["url"], token=callback["token"]) as client:
            info = client.get_slide_info(invocation["slideId"], extended=True, include_phi=True)
            stored = client.create_result(invocation["applicationId"], result_for(info.id, 0))
        headers = {"X-Sectra-ApiVersion": "1.10", "X-Sectra-SoftwareVersion": "1.0"}
        return JSONResponse(stored.model_dump(mode="json"), headers=headers)

    return app


def result_for(slide_id: str, mean: float) -> Result:
    return Result.model_validate(
        {
            "slideId": slide_id,
            "displayResult": f"mean intensity {mean:.3f}",
            "applicationVersion": "1.0",
            "data": {"result": {"type": "primitive", "content": []}},
        }
    )


def client_app(url: str, token: str) -> list[Any]:
    """An app written against the original server; answers what it observed (no ids)."""
    seen: list[Any] = []
    with SectraClient(url=url, token=token) as client:
        seen.append(client.get_server_info().model_dump())
        info = client.get_slide_info(SLIDE_ID, extended=True)
        seen.append(info.model_dump(mode="json"))
        seen.append(client.get_slide_label(SLIDE_ID) is None)
        tile = client.get_tile(SLIDE_ID, 9, 0, 0)
        seen.append(len(tile) > 0)
        stored = client.create_result(APP_ID, result_for(SLIDE_ID, len(tile) / 1000))
        updated = client.update_result(
            APP_ID, stored.model_copy(update={"displayResult": "updated"})
        )
        try:
            client.update_result(APP_ID, stored)
        except ConflictError:
            seen.append("conflict on a stale versionId")
        seen.append(updated.displayResult)
        seen.append(len(client.list_slide_results(APP_ID, SLIDE_ID)))
    return seen


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def original() -> Iterator[MockSectraServer]:
    with MockSectraServer(token="original-secret-token-4711").run(port=0) as server:
        phi_slide(server)
        server.add_application(APP_ID)
        server.add_user(USER, PASSWORD)
        yield server


def test_the_cassette_holds_no_phi_and_no_token(original: MockSectraServer, tmp_path: Path) -> None:
    cassette = tmp_path / "cassette.yaml"
    tokens = [original.token]
    with (
        serve(analysis_app()) as app_url,
        Recorder(cassette, original.url, app_upstream=app_url).run() as recorder,
    ):
        invocation = original.build_invocation("create", SLIDE_ID, APP_ID)
        tokens.append(invocation.callbackInfo.token)
        original.trigger(recorder.app_url, invocation)
        with SectraClient(url=recorder.url, token=original.token) as client:
            info = client.get_slide_info(SLIDE_ID, include_phi=True)
            assert info.accessionNumber == PHI_VALUES["accessionNumber"]
            client.get_case_images(PHI_VALUES["accessionNumber"], include_phi=True)
            grant = client.request_token(APP_ID, USER, PASSWORD)
            tokens.append(grant.access_token)
            client.get_tile(SLIDE_ID, 9, 0, 0)

    text = cassette.read_text(encoding="utf-8")
    assert secrets_of(text) == []
    for secret in [*tokens, PASSWORD, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()]:
        assert secret not in text
    assert "127.0.0.1" not in text
    assert "PHI-accessionNumber-1" in text
    assert "/requests/PHI-accessionNumber-1/images/info" in text
    assert "Bearer TOKEN-" in text
    assert "omitted; size=" in text
    assert f"{RECORDED_API_ORIGIN}/SectraPathologyServer" in text
    assert '"action":"create"' in text  # the invocation, recorded on the app side


def test_vcrpy_replays_the_cassette(original: MockSectraServer, tmp_path: Path) -> None:
    cassette = tmp_path / "cassette.yaml"
    with (
        Recorder(cassette, original.url).run() as recorder,
        SectraClient(url=recorder.url, token=original.token) as client,
    ):
        recorded = client.get_slide_info(SLIDE_ID, extended=True)

    base = f"{RECORDED_API_ORIGIN}/SectraPathologyServer/external/imageanalysis/v1"
    with (
        vcr.use_cassette(str(cassette), record_mode="none"),
        SectraClient(url=base, token="TOKEN-1") as client,
    ):
        assert client.get_slide_info(SLIDE_ID, extended=True) == recorded


def test_a_replayed_server_behaves_as_the_original_for_an_app(
    original: MockSectraServer, tmp_path: Path
) -> None:
    cassette = tmp_path / "cassette.yaml"
    with Recorder(cassette, original.url).run() as recorder:
        first = client_app(recorder.url, original.token)

    replayed = MockSectraServer.from_cassette(cassette)
    [result] = replayed.get_results(APP_ID, SLIDE_ID)  # the recorded result, live
    with replayed.run(port=0):
        again = client_app(replayed.url, replayed.token)

    assert again[:5] == first[:5]  # versions, metadata, label, tile, stale-version conflict
    assert again[5] == first[5] == "updated"
    assert again[6] == first[6] + 1  # the recorded result is there, and the new one
    assert result.displayResult == "updated"
    assert replayed.software_version == original.software_version


def test_a_recorded_error_and_a_recorded_missing_label_are_served_again(
    original: MockSectraServer, tmp_path: Path
) -> None:
    cassette = tmp_path / "cassette.yaml"
    original.add_slide("no-label", label=False)
    original.faults.fail("/slides/broken/info", 503, message="maintenance")
    with (
        Recorder(cassette, original.url).run() as recorder,
        httpx.Client(base_url=recorder.url, headers=bearer(original.token)) as api,
    ):
        assert api.get("/slides/no-label/label").status_code == 204
        assert api.get("/slides/broken/info").status_code == 503

    with (
        MockSectraServer.from_cassette(cassette).run(port=0) as replayed,
        httpx.Client(base_url=replayed.url, headers=bearer(replayed.token)) as api,
    ):
        assert api.get("/slides/no-label/label").status_code == 204
        broken = api.get("/slides/broken/info")
        assert (broken.status_code, broken.text) == (503, "maintenance")
        assert api.get("/slides/never-recorded/info").status_code == 200  # the normal mock


def test_a_strict_replay_names_what_the_cassette_lacks(
    original: MockSectraServer, tmp_path: Path
) -> None:
    cassette = tmp_path / "cassette.yaml"
    with (
        Recorder(cassette, original.url).run() as recorder,
        SectraClient(url=recorder.url, token=original.token) as client,
    ):
        client.get_slide_info(SLIDE_ID)

    with (
        MockSectraServer.from_cassette(cassette, strict=True).run(port=0) as replayed,
        httpx.Client(base_url=replayed.url, headers=bearer(replayed.token)) as api,
    ):
        missing = api.get("/slides/never-recorded/info")
        assert missing.status_code == 404
        assert "slide 'never-recorded' is not in the cassette cassette.yaml" in missing.text
        assert api.get(f"/slides/{SLIDE_ID}/info").status_code == 200


def test_pixels_are_kept_only_when_asked_and_labels_never(
    original: MockSectraServer, tmp_path: Path
) -> None:
    cassette = tmp_path / "cassette.yaml"
    with (
        Recorder(cassette, original.url, keep_pixels=True).run() as recorder,
        SectraClient(url=recorder.url, token=original.token) as client,
    ):
        client.get_tile(SLIDE_ID, 9, 0, 0)
        client.get_slide_label(SLIDE_ID)

    text = cassette.read_text(encoding="utf-8")
    assert text.count("omitted; size=") == 1  # the label
    assert "!!binary" in text  # the tile's JPEG bytes


def test_free_field_names_are_scrubbed_too(original: MockSectraServer, tmp_path: Path) -> None:
    cassette = tmp_path / "cassette.yaml"
    with (
        Recorder(cassette, original.url).run() as recorder,
        SectraClient(url=recorder.url, token=original.token) as client,
    ):
        client.get_slide_info(SLIDE_ID, include_phi=True)

    assert FREE_FIELD[0] not in cassette.read_text(encoding="utf-8")
