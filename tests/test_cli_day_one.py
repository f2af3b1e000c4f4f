"""The command line as a new user meets it: options shared by every command, messages that
name the flag that fixes a problem, retries shown as they happen, output folders checked
first, tables usable in pipes, JSON for scripts, and help that reads as plain text."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from test_cli import APP, COMMANDS, RESULT, SECRET, on_mock, one_line_error, run
from typer.testing import Result as RunResult

from sectra_client.mock_server import GeneratedFile, MockSectraServer
from sectra_client.schemas import Result


@pytest.fixture
def mock(sectra_mock: MockSectraServer) -> MockSectraServer:
    sectra_mock.token = SECRET
    return sectra_mock


def files_requested(mock: MockSectraServer) -> list[str]:
    return [record.path for record in mock.requests if record.path.endswith("/files")]


def last_error_line(result: RunResult) -> str:
    """The ``sectra: …`` line that ends stderr (after any progress display)."""
    return result.stderr.splitlines()[-1]


# ----- options before the command ---------------------------------------------------------------


def test_the_global_timeout_bounds_every_request(mock: MockSectraServer) -> None:
    mock.faults.add_latency("getServerInfo", 5.0)

    started = time.monotonic()
    result = on_mock(mock, "--timeout", "0.3", "info")

    assert result.exit_code == 6
    assert time.monotonic() - started < 4.0  # three attempts of 0.3 s and their backoff
    assert "SectraTimeoutError" not in result.stderr
    assert "ReadTimeout" in last_error_line(result)


def test_a_timeout_below_a_tenth_of_a_second_is_a_usage_error(mock: MockSectraServer) -> None:
    result = on_mock(mock, "--timeout", "0", "info")

    assert result.exit_code == 2


def test_retries_are_announced_on_stderr_as_they_happen(mock: MockSectraServer) -> None:
    mock.add_slide("slide-1")
    mock.faults.fail("getSlideInfo", 503, times=2, retry_after=0)

    result = on_mock(mock, "slide", "info", "slide-1", "--json")

    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "sectra: GET /slides/slide-1/info: HTTP 503; retrying in 0.0 s (attempt 2/3)…",
        "sectra: GET /slides/slide-1/info: HTTP 503; retrying in 0.0 s (attempt 3/3)…",
    ]
    assert json.loads(result.stdout)["id"] == "slide-1"


def test_plain_http_to_another_host_is_refused_naming_the_flag() -> None:
    result = run("info", url="http://sectra.example.org/v1", token=SECRET)

    assert result.exit_code == 1
    error = one_line_error(result)
    assert "--allow-insecure-http" in error
    assert "allow_insecure_http=True" not in error


def test_allow_insecure_http_lets_plain_http_to_another_host_through() -> None:
    url = "http://192.0.2.1:9/v1"  # TEST-NET-1: nothing answers there

    result = run("--allow-insecure-http", "--timeout", "0.2", "info", url=url, token=SECRET)

    assert result.exit_code == 6  # it tried to connect: refused by the network, not by us
    assert "(server 192.0.2.1:9)" in last_error_line(result)


def test_the_app_version_is_declared_on_every_request_and_set_by_qc(
    mock: MockSectraServer,
) -> None:
    result = on_mock(mock, "--app-version", "2.3.4", "qc", "set", "slide-1", "QualityOk")

    assert result.exit_code == 0, result.output
    assert {r.headers["x-sectra-softwareversion"] for r in mock.requests} == {"2.3.4"}


# ----- downloads: flags named, folders checked first ---------------------------------------------


def test_an_existing_file_names_the_overwrite_flag(mock: MockSectraServer, tmp_path: Path) -> None:
    mock.add_slide_files("slide-1", GeneratedFile("scan.svs", 1000))
    (tmp_path / "scan.svs").write_bytes(b"mine")

    result = on_mock(mock, "slide", "download", "slide-1", "-o", str(tmp_path), "--no-overwrite")

    assert result.exit_code == 1
    assert last_error_line(result) == (
        "sectra: scan.svs already exists in the output folder: pass --overwrite to replace it"
    )
    assert (tmp_path / "scan.svs").read_bytes() == b"mine"


def test_case_download_keeps_existing_files_with_no_overwrite_and_names_the_flag(
    mock: MockSectraServer, tmp_path: Path
) -> None:
    mock.add_slide("slide-1", accession_number="ACC-7")
    mock.add_slide_files("slide-1", GeneratedFile("scan.svs", 1000))
    (tmp_path / "slide-1").mkdir()
    (tmp_path / "slide-1" / "scan.svs").write_bytes(b"mine")

    result = on_mock(mock, "case", "download", "ACC-7", "-o", str(tmp_path), "--no-overwrite")

    assert result.exit_code == 1
    assert "scan.svs already exists in the output folder: pass --overwrite" in (
        last_error_line(result)
    )
    assert (tmp_path / "slide-1" / "scan.svs").read_bytes() == b"mine"


def test_an_output_folder_that_is_a_file_is_named_and_nothing_is_requested(
    mock: MockSectraServer, tmp_path: Path
) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("a file")

    result = on_mock(mock, "slide", "download", "slide-1", "-o", str(target))

    assert result.exit_code == 1
    assert last_error_line(result) == f"sectra: the output folder {target} is not a folder"
    assert files_requested(mock) == []


# ----- output for pipes and scripts --------------------------------------------------------------


def test_a_piped_table_prints_whole_identifiers(mock: MockSectraServer) -> None:
    long_id = "1.2.826.0.1.3680043.8.498." + "1234567890" * 10
    mock.add_slide(long_id, accession_number="ACC-9")

    result = on_mock(mock, "case", "list", "ACC-9")

    assert result.exit_code == 0, result.output
    assert long_id in result.stdout
    assert "…" not in result.stdout


def test_results_list_shows_a_table_and_json_on_request(mock: MockSectraServer) -> None:
    stored = mock.add_result(APP, RESULT)

    table = on_mock(mock, "results", "list", "slide-1", "--app", APP)
    as_json = on_mock(mock, "results", "list", "slide-1", "--app", APP, "--json")

    assert stored.versionId in table.stdout
    assert "Tumour: 12 %" in table.stdout
    assert [item["versionId"] for item in json.loads(as_json.stdout)] == [stored.versionId]


@pytest.mark.parametrize(
    "command",
    [["info"], ["slide", "info"], ["case", "list"], ["results", "list"]],
    ids=lambda command: " ".join(command),
)
def test_every_list_and_info_command_offers_json(command: list[str]) -> None:
    assert "--json" in run(*command, "--help").stdout


# ----- results create ---------------------------------------------------------------------------


def test_results_create_help_shows_a_json_example_that_is_a_valid_result() -> None:
    help_text = run("results", "create", "--help").stdout

    example = help_text[help_text.index('{"slideId"') : help_text.rindex("}") + 1]
    result = Result.model_validate_json(example)

    assert result.data.result is not None
    assert result.data.result.type == "primitive"


def test_a_result_without_a_type_is_told_what_type_means_and_which_exist(
    mock: MockSectraServer,
) -> None:
    untyped = {**RESULT, "data": {"result": {"content": []}}}

    result = on_mock(mock, "results", "create", "-", "--app", APP, stdin=json.dumps(untyped))

    assert result.exit_code == 1
    assert one_line_error(result) == (
        "sectra: not a valid Result: data.result.type is missing (it says which kind of object "
        "this is): expected one of 'primitive', 'patchCollection'"
    )


# ----- help -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command) or "sectra")
def test_help_shows_no_restructuredtext_markup(command: list[str]) -> None:
    help_text = run(*command, "--help").stdout

    assert "`" not in help_text


def test_the_top_level_help_lists_the_shared_options() -> None:
    help_text = run("--help").stdout

    for option in ("--timeout", "--allow-insecure-http", "--app-version"):
        assert option in help_text
