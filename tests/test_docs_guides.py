"""The guides (``docs/guides/``) say what the library does: their method tables and command
synopsis name what exists, and their examples run as written against the mock."""

from __future__ import annotations

import inspect
import re
import socket
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer
from _doc_pages import code_blocks, page, run_snippet, section

from sectra_client import SectraClient
from sectra_client.cli import app as sectra_cli
from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import PrimitiveResultContent, Result, ResultData

pytest_plugins = ["_client_fixtures"]


def python_blocks(path: str) -> list[str]:
    return code_blocks(page(path), "python")


# ----- the client ----------------------------------------------------------------------------


def test_every_method_in_the_client_table_exists_with_the_parameters_shown() -> None:
    table = section(page("docs/guides/client.md"), "Methods and operations")
    calls = re.findall(r"`(?:SectraClient\.)?([a-z_]+)\(([^`]*)\)", table)

    assert len(calls) >= 20
    for name, arguments in calls:
        method = getattr(SectraClient, name)
        parameters = inspect.signature(method).parameters
        for argument in re.findall(r"[a-z_]+", arguments):
            assert argument in parameters, f"{name}({argument})"


# ----- the command line ----------------------------------------------------------------------


def synopsis() -> str:
    (text,) = code_blocks(page("docs/guides/cli.md"), "console")[:1]
    return text


def command_paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command under ``command`` (a Typer group: its vendored click's, hence ``Any``)."""
    subcommands: dict[str, Any] | None = getattr(command, "commands", None)
    if subcommands is None:
        return [path]
    return [
        found for name, sub in subcommands.items() for found in command_paths(sub, (*path, name))
    ]


def test_the_command_synopsis_does_not_use_a_bar_for_or() -> None:
    assert synopsis().strip()
    assert "|" not in synopsis()


def test_the_command_synopsis_shows_every_command() -> None:
    lines = synopsis().splitlines()
    commands = command_paths(typer.main.get_command(sectra_cli))

    assert len(commands) >= 15
    missing = [
        " ".join(path)
        for path in commands
        if not any(re.match(rf"sectra {' '.join(path)}\b", line) for line in lines)
    ]
    assert missing == []


# ----- downloads, tiles, results -------------------------------------------------------------


@pytest.fixture
def slide(sectra_mock: MockSectraServer) -> str:
    sectra_mock.add_slide("slide-1", size=(4096, 3000))
    return "slide-1"


def test_the_download_examples_run(
    sectra_mock: MockSectraServer,
    sectra_client: SectraClient,
    slide: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    first, progress, stall_rule = python_blocks("docs/guides/downloads.md")
    where = "docs/guides/downloads.md"

    names = run_snippet(
        first, where, callback_url=sectra_mock.url, callback_token=sectra_mock.token, slide_id=slide
    )
    run_snippet(progress, where, client=sectra_client, slide_id=slide)
    configured = run_snippet(stall_rule, where, url=sectra_mock.url, token=sectra_mock.token)
    configured["client"].close()

    assert [path.parent for path in names["paths"]] == [tmp_path / "downloads"]
    assert f"{names['paths'][0].name}: " in capsys.readouterr().out


def test_the_tiles_example_runs(sectra_mock: MockSectraServer, slide: str) -> None:
    (example,) = python_blocks("docs/guides/tiles.md")

    names = run_snippet(
        example,
        "docs/guides/tiles.md",
        callback_url=sectra_mock.url,
        callback_token=sectra_mock.token,
        slide_id=slide,
    )

    assert names["thumbnail"].size == (512, 375)
    assert names["region"].size == (1024, 1024)


def test_the_results_examples_run(
    sectra_mock: MockSectraServer, sectra_client: SectraClient, slide: str
) -> None:
    empty = ResultData(result=PrimitiveResultContent(content=[]))
    stored = sectra_client.create_result(
        "my-app", Result(slideId=slide, displayResult="", applicationVersion="1", data=empty)
    )
    where = "docs/guides/results.md"

    for example in python_blocks(where):
        run_snippet(
            example,
            where,
            client=sectra_client,
            application_id="my-app",
            result_id=stored.id,
            slide_id=slide,
        )

    assert sectra_mock.get_result("my-app", stored.id).displayResult == "Reviewed"
    quality = sectra_mock.get_quality_control(slide)
    assert quality is not None
    assert quality.status == "QualityOk"


# ----- the webhook toolkit and the mock ------------------------------------------------------


def test_the_webhook_toolkit_example_runs_against_the_mock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app_source, try_it = python_blocks("docs/guides/webhook.md")
    module = ModuleType("tissue_app")
    module.__file__ = str(tmp_path / "tissue_app.py")
    monkeypatch.setitem(sys.modules, "tissue_app", module)
    exec(compile(app_source, "docs/guides/webhook.md", "exec"), module.__dict__)

    try:
        run_snippet(try_it, "docs/guides/webhook.md")
    finally:
        module.runner.close()

    assert capsys.readouterr().out.splitlines() == ["Queued", "1 tissue region"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_the_mock_round_trip_prints_what_the_guide_shows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = section(page("docs/guides/mock.md"), "A round trip")
    (example,) = code_blocks(text, "python")
    (output,) = code_blocks(text, "text")
    assert example.count("8000") == 2  # the app's port, given to uvicorn and to trigger

    run_snippet(example.replace("8000", str(free_port())), "docs/guides/mock.md")

    assert capsys.readouterr().out == output


def test_the_pytest_example_passes_with_the_plugins_fixtures(
    sectra_mock: MockSectraServer, sectra_client: SectraClient
) -> None:
    (example,) = code_blocks(section(page("docs/guides/mock.md"), "pytest fixtures"), "python")
    names = run_snippet(example, "docs/guides/mock.md")

    names["test_reads_the_slide_size"](sectra_mock, sectra_client)
