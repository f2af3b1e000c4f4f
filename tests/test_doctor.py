"""sectra doctor against the mock (no deviation) and against a deliberately deviant mock
(each planted deviation reported); its reports hold no PHI, token or id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from _phi_slide import APP_ID, SLIDE_ID, phi_slide, secrets_of
from typer.testing import CliRunner

from sectra_client.cli import _build_app
from sectra_client.doctor import (
    FINAL_DISPLAY_RESULT,
    DoctorReport,
    render_markdown,
    render_text,
    run_doctor,
)
from sectra_client.mock_server import Deviations, MockSectraServer
from sectra_client.schemas import QualityControlData

READ_OPERATIONS = {
    "getServerInfo",
    "getSlideInfo",
    "getSlideLabel",
    "getTile",
    "getCaseImagesBySlide",
    "listSlideResults",
    "getApplication",
}
WRITE_OPERATIONS = {"createResult", "updateResult", "getResult"}


@pytest.fixture
def server() -> Iterator[MockSectraServer]:
    with MockSectraServer(token="doctor-secret-token-0815").run(port=0) as running:
        running.add_application(APP_ID)
        phi_slide(running)
        yield running


def doctor(server: MockSectraServer, *, write: bool = True) -> DoctorReport:
    return run_doctor(
        server.url, server.token, slide_id=SLIDE_ID, application_id=APP_ID, write=write
    )


def test_the_mock_deviates_in_nothing_and_every_listed_call_is_made(
    server: MockSectraServer,
) -> None:
    report = doctor(server)

    assert report.deviations == []
    made = {call.operation for call in report.calls}
    assert made == READ_OPERATIONS | WRITE_OPERATIONS
    assert all(call.status is not None and call.seconds > 0 for call in report.calls)
    tiles = [call for call in report.calls if call.label.startswith("tile of level")]
    assert len(tiles) == 13  # levels 0..12 of a 4000 x 3000 slide
    facts = {finding.question: finding.answer for finding in report.findings}
    assert facts["status for a stale versionId"] == "409"
    assert facts["status of a PUT without id"] == "200"
    assert facts["status of GET /info/"] == "200"


def test_write_leaves_one_result_in_an_obviously_named_final_state(
    server: MockSectraServer,
) -> None:
    doctor(server)

    [result] = server.get_results(APP_ID, SLIDE_ID)
    assert result.displayResult == FINAL_DISPLAY_RESULT


def test_read_only_by_default_writes_nothing(server: MockSectraServer) -> None:
    report = doctor(server, write=False)

    assert server.get_results(APP_ID, SLIDE_ID) == []
    assert not report.wrote
    assert {call.method for call in report.calls} == {"GET"}


def test_each_planted_deviation_is_reported(server: MockSectraServer) -> None:
    server.deviations = Deviations(
        stale_version_status=412,
        trailing_slash_status=400,
        dropped_result_fields=frozenset({"displayResult"}),
    )
    info = server.get_slide(SLIDE_ID)
    quality = QualityControlData(status="UnderReview", versionId="qc-1")
    server.add_slide(info.model_copy(update={"qualityControl": quality}))

    report = doctor(server)

    found = {(item.kind, item.operation, item.path) for item in report.deviations}
    assert ("unknown-enum-value", "getSlideInfo", "qualityControl.status") in found
    assert ("missing-field", "createResult", "displayResult") in found
    assert ("trailing-slash", "getServerInfo", "") in found
    assert ("status", "updateResult", "") in found
    text = render_text(report)
    assert "value 'UnderReview' is not among NotSet, QualityOk, Rejected" in text
    assert "status 412; the contract says 409" in text
    assert "answered 400; without the slash 200" in text


def test_an_unknown_field_is_found_by_the_models(server: MockSectraServer) -> None:
    info = server.get_slide(SLIDE_ID)
    server.add_slide(info.model_copy(update={"scannerModel": "X"}))

    report = doctor(server, write=False)

    [deviation] = report.deviations
    assert (deviation.kind, deviation.path) == ("unknown-field", "scannerModel")
    assert deviation.found_by == ("models",)


def test_reports_hold_no_phi_no_token_and_no_id(server: MockSectraServer) -> None:
    server.deviations = Deviations(stale_version_status=412, trailing_slash_status=400)
    report = doctor(server)

    for text in (report.to_json(), render_markdown(report), render_text(report)):
        assert secrets_of(text) == []
        assert server.token not in text
        assert SLIDE_ID not in text
        assert APP_ID not in text
        assert server.url.split("/Sectra")[0] not in text
    result_id = server.get_results(APP_ID, SLIDE_ID)[0].id
    assert f'"resultId": {result_id}' not in report.to_json()


def test_the_command_writes_both_reports_and_exits_1_on_deviations(
    server: MockSectraServer, tmp_path: Path
) -> None:
    server.deviations = Deviations(trailing_slash_status=400)
    json_path, markdown_path = tmp_path / "report.json", tmp_path / "report.md"

    outcome = CliRunner().invoke(
        _build_app(),
        [
            "doctor",
            "--slide",
            SLIDE_ID,
            "--application",
            APP_ID,
            "--json",
            str(json_path),
            "--markdown",
            str(markdown_path),
        ],
        env={"SECTRA_URL": server.url, "SECTRA_TOKEN": server.token},
    )

    assert outcome.exit_code == 1, outcome.output
    assert "[trailing-slash] getServerInfo" in outcome.stdout
    data = json.loads(json_path.read_text())
    assert data["summary"]["deviations"] == 2
    assert markdown_path.read_text().startswith("# sectra doctor report")
    assert server.token not in outcome.output


def test_the_command_announces_writes(server: MockSectraServer) -> None:
    outcome = CliRunner().invoke(
        _build_app(),
        ["doctor", "--slide", SLIDE_ID, "--application", APP_ID, "--write"],
        env={"SECTRA_URL": server.url, "SECTRA_TOKEN": server.token},
    )

    assert outcome.exit_code == 0, outcome.output
    assert "--write: creating one result" in outcome.stderr


def test_write_without_an_application_is_refused(server: MockSectraServer) -> None:
    with pytest.raises(ValueError, match="--write needs a slide id"):
        run_doctor(server.url, server.token, slide_id=SLIDE_ID, write=True)
