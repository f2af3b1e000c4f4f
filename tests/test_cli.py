"""The ``sectra`` command line, run through Typer's runner against the mock Sectra server:
output, exit codes, one-line errors, and tokens and patient data kept out of sight."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from _scripted_server import unused_port
from PIL import Image
from typer.testing import CliRunner
from typer.testing import Result as RunResult

from sectra_client._spec import spec_text
from sectra_client.cli import app
from sectra_client.mock_server import GeneratedFile, MockSectraServer
from sectra_client.schemas import QualityControlStatus, ResultResponse

SECRET = "s3cret-t0ken-for-cli-tests"
APP = "cli-app"
COMMANDS = [
    [],
    ["info"],
    ["slide"],
    ["slide", "info"],
    ["slide", "download"],
    ["slide", "thumbnail"],
    ["case"],
    ["case", "list"],
    ["case", "download"],
    ["results"],
    ["results", "list"],
    ["results", "get"],
    ["results", "create"],
    ["results", "update"],
    ["qc"],
    ["qc", "set"],
    ["invoke"],
    ["spec"],
    ["mock"],
]
RESULT = {
    "slideId": "slide-1",
    "displayResult": "Tumour: 12 %",
    "applicationVersion": "1.0.0",
    "data": {"result": {"type": "primitive", "content": []}},
}


def run(
    *args: str, url: str | None = None, token: str | None = None, stdin: str | None = None
) -> RunResult:
    """``sectra ARGS`` with the credentials given (none from the surrounding environment)."""
    env = {"SECTRA_URL": url, "SECTRA_TOKEN": token, "SECTRA_APP_ID": None}
    return CliRunner().invoke(app, list(args), env=env, input=stdin)


def on_mock(mock: MockSectraServer, *args: str, stdin: str | None = None) -> RunResult:
    """``sectra ARGS`` against the mock, credentials from the environment."""
    return run(*args, url=mock.url, token=mock.token, stdin=stdin)


def one_line_error(result: RunResult) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sectra: ")
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def mock(sectra_mock: MockSectraServer) -> MockSectraServer:
    sectra_mock.token = SECRET
    return sectra_mock


# ----- help ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command) or "sectra")
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")

    assert result.exit_code == 0, result.output
    assert "Usage: sectra" in result.stdout


def test_help_does_not_show_the_token_from_the_environment() -> None:
    result = run("slide", "info", "--help", url="https://sectra.example.org/v1", token=SECRET)

    assert result.exit_code == 0
    assert SECRET not in result.output
    assert "SECTRA_TOKEN" in result.stdout


# ----- info and slides ----------------------------------------------------------------------------


def test_info_prints_the_servers_versions_as_json(mock: MockSectraServer) -> None:
    mock.software_version = "4.2.0.22617"

    result = on_mock(mock, "info", "--json")

    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"apiVersion": "1.10", "softwareVersion": "4.2.0.22617"}


def test_info_table_shows_both_versions(mock: MockSectraServer) -> None:
    result = on_mock(mock, "info")

    assert result.exit_code == 0
    assert "1.10" in result.stdout
    assert "4.2.0.0" in result.stdout


def test_slide_info_json_has_no_patient_data_without_phi(mock: MockSectraServer) -> None:
    mock.add_slide("slide-1", accession_number="ACC-4711")

    plain = json.loads(on_mock(mock, "slide", "info", "slide-1", "--extended", "--json").stdout)
    with_phi = json.loads(on_mock(mock, "slide", "info", "slide-1", "--phi", "--json").stdout)

    assert plain["examCode"] == "PAT01"
    assert "accessionNumber" not in plain
    assert with_phi["accessionNumber"] == "ACC-4711"


def test_slide_info_table_shows_patient_data_only_with_phi(mock: MockSectraServer) -> None:
    mock.add_slide("slide-1", accession_number="ACC-4711")

    plain = on_mock(mock, "slide", "info", "slide-1", "--extended")
    with_phi = on_mock(mock, "slide", "info", "slide-1", "--phi")

    assert plain.exit_code == 0
    assert "100000 x 80000" in plain.stdout
    assert "ACC-4711" not in plain.output
    assert "ACC-4711" in with_phi.stdout


def test_slide_download_streams_the_files_and_prints_their_paths(
    mock: MockSectraServer, tmp_path: Path
) -> None:
    files = [GeneratedFile("slide.svs", 3 << 20, seed=1), GeneratedFile("label.txt", 100, seed=2)]
    mock.add_slide_files("slide-1", files)

    result = on_mock(mock, "slide", "download", "slide-1", "-o", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    written = [Path(line) for line in result.stdout.splitlines()]
    assert [path.name for path in written] == ["slide.svs", "label.txt"]
    assert written[0].read_bytes() == files[0].read(0, 3 << 20)
    assert "label.txt" in result.stderr  # the progress display names the file


def test_slide_thumbnail_writes_an_image_no_larger_than_asked(
    mock: MockSectraServer, tmp_path: Path
) -> None:
    mock.add_slide("slide-1", size=(4000, 3000))
    target = tmp_path / "thumb.png"

    result = on_mock(mock, "slide", "thumbnail", "slide-1", "-o", str(target), "--max-size", "200")

    assert result.exit_code == 0, result.output
    with Image.open(target) as image:
        assert image.size == (200, 150)


# ----- cases -------------------------------------------------------------------------------------


def test_case_download_puts_each_slide_in_its_folder_without_echoing_the_case(
    mock: MockSectraServer, tmp_path: Path
) -> None:
    for slide_id in ("case-a", "case-b"):
        mock.add_slide(slide_id, accession_number="ACC-0042")
        mock.add_slide_files(slide_id, GeneratedFile(f"{slide_id}.svs", 5000))

    result = on_mock(mock, "case", "download", "ACC-0042", "-o", str(tmp_path))

    assert result.exit_code == 0, result.output
    written = sorted(Path(line) for line in result.stdout.splitlines())
    assert written == [tmp_path / "case-a" / "case-a.svs", tmp_path / "case-b" / "case-b.svs"]
    assert "ACC-0042" not in result.output


def test_case_download_with_a_failed_slide_lists_the_others_and_exits_1(
    mock: MockSectraServer, tmp_path: Path
) -> None:
    for slide_id in ("case-a", "case-b"):
        mock.add_slide(slide_id, accession_number="ACC-0042")
        mock.add_slide_files(slide_id, GeneratedFile(f"{slide_id}.svs", 5000))
    mock.faults.fail("/slides/case-b/files", 404, times=None)

    result = on_mock(mock, "case", "download", "ACC-0042", "-o", str(tmp_path))

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [str(tmp_path / "case-a" / "case-a.svs")]
    error = result.stderr.splitlines()[-1]  # after the progress display
    assert error.startswith("sectra: 1 slide of the case failed")
    assert "case-b" in error


def test_case_list_prints_the_cases_slides(mock: MockSectraServer) -> None:
    for slide_id in ("case-a", "case-b"):
        mock.add_slide(slide_id, accession_number="ACC-0042")

    result = on_mock(mock, "case", "list", "ACC-0042", "--json")

    assert sorted(image["id"] for image in json.loads(result.stdout)) == ["case-a", "case-b"]


def test_unknown_case_is_reported_without_its_accession_number(mock: MockSectraServer) -> None:
    mock.strict = True

    result = on_mock(mock, "case", "list", "ACC-9999")

    assert result.exit_code == 4
    assert "ACC-9999" not in one_line_error(result)


# ----- results ------------------------------------------------------------------------------------


def test_results_create_reads_stdin_and_prints_the_stored_result(mock: MockSectraServer) -> None:
    result = on_mock(mock, "results", "create", "-", "--app", APP, stdin=json.dumps(RESULT))

    assert result.exit_code == 0, result.output
    stored = ResultResponse.model_validate_json(result.stdout)
    assert mock.get_result(APP, stored.id) == stored


def test_results_list_and_get_print_json(mock: MockSectraServer) -> None:
    stored = mock.add_result(APP, RESULT)

    listed = on_mock(mock, "results", "list", "slide-1", "--app", APP, "--json")
    got = on_mock(mock, "results", "get", str(stored.id), "--app", APP)

    assert [item["id"] for item in json.loads(listed.stdout)] == [stored.id]
    assert ResultResponse.model_validate_json(got.stdout) == stored


def test_results_update_from_a_file_stores_the_edit(mock: MockSectraServer, tmp_path: Path) -> None:
    stored = mock.add_result(APP, RESULT)
    edited = tmp_path / "edited.json"
    edited.write_text(stored.model_copy(update={"displayResult": "Tumour: 14 %"}).model_dump_json())

    result = on_mock(mock, "results", "update", str(stored.id), str(edited), "--app", APP)

    assert result.exit_code == 0, result.output
    assert mock.get_result(APP, stored.id).displayResult == "Tumour: 14 %"


def test_results_update_with_a_stale_version_exits_5(mock: MockSectraServer) -> None:
    stored = mock.add_result(APP, RESULT)
    stale = stored.model_dump_json()
    first = on_mock(mock, "results", "update", str(stored.id), "-", "--app", APP, stdin=stale)
    assert first.exit_code == 0

    result = on_mock(mock, "results", "update", str(stored.id), "-", "--app", APP, stdin=stale)

    assert result.exit_code == 5
    assert "409" in one_line_error(result)


def test_results_update_without_a_version_id_is_refused(mock: MockSectraServer) -> None:
    stored = mock.add_result(APP, RESULT)

    result = on_mock(
        mock, "results", "update", str(stored.id), "-", "--app", APP, stdin=json.dumps(RESULT)
    )

    assert result.exit_code == 1
    assert "versionId" in one_line_error(result)


@pytest.mark.parametrize(
    ("stdin", "complaint"),
    [("not json", "not JSON"), ('{"slideId": "s"}', "displayResult"), ("[]", "JSON object")],
)
def test_results_create_with_bad_input_exits_1_with_one_line(
    mock: MockSectraServer, stdin: str, complaint: str
) -> None:
    result = on_mock(mock, "results", "create", "-", "--app", APP, stdin=stdin)

    assert result.exit_code == 1
    assert complaint in one_line_error(result)


# ----- quality control and the spec ----------------------------------------------------------


def test_qc_set_changes_the_slides_status(mock: MockSectraServer) -> None:
    result = on_mock(mock, "qc", "set", "slide-1", "Rejected")

    assert result.exit_code == 0, result.output
    assert mock.get_quality_control("slide-1").status == QualityControlStatus.REJECTED


def test_spec_prints_the_bundled_openapi_document() -> None:
    result = run("spec")

    assert result.exit_code == 0
    assert result.stdout == spec_text()


# ----- failures -----------------------------------------------------------------------------------


def test_a_wrong_token_exits_3_with_one_line_that_does_not_show_it(
    mock: MockSectraServer,
) -> None:
    wrong = "wr0ng-t0ken-never-to-be-shown"

    result = run("slide", "info", "slide-1", "--url", mock.url, "--token", wrong)

    assert result.exit_code == 3
    assert "401" in one_line_error(result)
    assert wrong not in result.output


def test_an_unknown_slide_exits_4_with_one_line(mock: MockSectraServer) -> None:
    mock.strict = True

    result = on_mock(mock, "slide", "info", "no-such-slide")

    assert result.exit_code == 4
    assert "404" in one_line_error(result)


@pytest.mark.parametrize(
    ("url", "token", "missing"),
    [(None, SECRET, "SECTRA_URL"), ("https://sectra.example.org/v1", None, "SECTRA_TOKEN")],
)
def test_missing_credentials_exit_2_naming_the_variable(
    url: str | None, token: str | None, missing: str
) -> None:
    result = run("info", url=url, token=token)

    assert result.exit_code == 2
    assert missing in one_line_error(result)


def test_an_unreachable_server_exits_6_naming_it_after_announcing_each_retry() -> None:
    port = unused_port()

    result = run("info", url=f"http://127.0.0.1:{port}/v1", token=SECRET)

    assert result.exit_code == 6
    *retries, error = result.stderr.splitlines()
    assert len(retries) == 2
    for attempt, line in enumerate(retries, start=2):
        pattern = (
            rf"sectra: GET /info: ConnectError; retrying in [0-9.]+ s \(attempt {attempt}/3\)…"
        )
        assert re.fullmatch(pattern, line), line
    assert error.startswith(f"sectra: GET /info failed after 3 attempts (server 127.0.0.1:{port})")


def test_no_command_shows_the_token(mock: MockSectraServer, tmp_path: Path) -> None:
    stored = mock.add_result(APP, RESULT)
    outputs = io.StringIO()
    for args in (
        ["info"],
        ["slide", "info", "slide-1", "--phi", "--json"],
        ["slide", "download", "slide-1", "-o", str(tmp_path)],
        ["results", "get", str(stored.id), "--app", APP],
        ["results", "get", "999", "--app", APP],
    ):
        result = on_mock(mock, *args)
        outputs.write(result.output)

    assert SECRET not in outputs.getvalue()
    assert '"id"' in outputs.getvalue()
