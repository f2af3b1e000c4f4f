"""The README as a newcomer reads it: its quick start runs as written, its webhook snippet
passes ``sectra invoke`` for every action, its method names and import paths are the library's,
and its command synopsis reads without ``|``."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sectra_client import SectraClient
from sectra_client._threaded_server import ThreadedServer
from sectra_client.cli import app as sectra_cli
from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import (
    CreateInvocation,
    ImageInfo,
    Invocation,
    PrimitiveResultContent,
    Result,
    ResultData,
    Size,
)

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")

pytest_plugins = ["_client_fixtures"]


def section(title: str) -> str:
    """The README's text under the heading ``title``, up to the next heading of its level."""
    heading = re.search(rf"^(#+) {re.escape(title)}\n", README, re.MULTILINE)
    assert heading, title
    level = heading.group(1)
    end = re.compile(rf"^{level} ", re.MULTILINE).search(README, heading.end())
    return README[heading.end() : end.start() if end else len(README)]


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


QUICK_START = code_blocks(section("Quick start"), "python")


def quick_start_block(containing: str) -> str:
    (block,) = [block for block in QUICK_START if containing in block]
    return block


@pytest.fixture
def invocation(sectra_mock: MockSectraServer) -> CreateInvocation:
    sectra_mock.add_slide("slide-1", size=(50_000, 40_000))
    created = sectra_mock.build_invocation("create", "slide-1", "my-app")
    assert isinstance(created, CreateInvocation)
    return created


def run_snippet(code: str, **names: Any) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "readme_snippet", **names}
    exec(compile(code, "README.md", "exec"), namespace)
    return namespace


# ----- the quick start, as written ---------------------------------------------------------------


def test_the_metadata_snippet_prints_the_slide_size(
    invocation: CreateInvocation, capsys: pytest.CaptureFixture[str]
) -> None:
    callback = invocation.callbackInfo

    run_snippet(
        quick_start_block("print(metadata.size)"),
        callback_url=callback.url,
        callback_token=callback.token,
        slide_id=invocation.slideId,
    )

    assert capsys.readouterr().out == f"{Size(width=50_000, height=40_000)}\n"


def test_the_download_snippet_writes_the_files(
    invocation: CreateInvocation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    callback = invocation.callbackInfo

    names = run_snippet(
        quick_start_block("download_slide_files"),
        callback_url=callback.url,
        callback_token=callback.token,
        slide_id=invocation.slideId,
    )

    assert names["paths"]
    assert all(path.parent == tmp_path / "downloads" for path in names["paths"])


def test_the_results_snippet_stores_the_result(
    invocation: CreateInvocation, sectra_mock: MockSectraServer
) -> None:
    callback = invocation.callbackInfo

    names = run_snippet(
        quick_start_block("create_result(application_id, result)"),
        callback_url=callback.url,
        callback_token=callback.token,
        slide_id=invocation.slideId,
        application_id=invocation.applicationId,
    )

    stored = sectra_mock.get_result(invocation.applicationId, names["response"].id)
    assert stored.displayProperties == {"Confidence": "95%"}


# ----- the quick start's webhook, checked the way the README says -----------------------------


analysed: list[Invocation] = []


def run_analysis(invocation: Invocation) -> None:
    analysed.append(invocation)


def build_result(metadata: ImageInfo) -> Result:
    return Result(
        slideId=metadata.id,
        displayResult="Analysis queued",
        applicationVersion="1.0.0",
        data=ResultData(result=PrimitiveResultContent(content=[])),
    )


@pytest.fixture(scope="module")
def webhook_url() -> Iterator[str]:
    """The README's FastAPI webhook, served by uvicorn on a free loopback port."""
    names = run_snippet(
        quick_start_block('@app.post("/sectra/hook")'),
        run_analysis=run_analysis,
        build_result=build_result,
    )
    server = ThreadedServer(names["app"], "127.0.0.1", 0, name="the README's webhook")
    server.start()
    try:
        yield f"http://127.0.0.1:{server.port}/sectra/hook"
    finally:
        server.stop()


INVOKE = ["invoke", "--webhook"]


@pytest.mark.parametrize("action", ["create", "modify", "cancel", "delete"])
def test_the_webhook_snippet_passes_sectra_invoke(webhook_url: str, action: str) -> None:
    result = CliRunner().invoke(
        sectra_cli,
        [*INVOKE, webhook_url, "--slide", "slide-1", "--app-id", "my-app", "--action", action],
        env={"SECTRA_URL": None, "SECTRA_TOKEN": None},
    )

    assert result.exit_code == 0, result.output
    assert "contract: OK" in result.stdout


# ----- names, import paths, synopsis ---------------------------------------------------------


def test_every_method_in_the_client_table_exists_with_the_parameters_shown() -> None:
    table = section("The client").split("```")[0]
    calls = re.findall(r"`(?:SectraClient\.)?([a-z_]+)\(([^`]*)\)", table)

    assert len(calls) >= 20
    for name, arguments in calls:
        method = getattr(SectraClient, name)
        parameters = inspect.signature(method).parameters
        for argument in re.findall(r"[a-z_]+", arguments):
            assert argument in parameters, f"{name}({argument})"


def test_each_name_is_imported_from_one_module_throughout() -> None:
    sources: dict[str, set[str]] = {}
    for block in code_blocks(README, "python"):
        for module, names in re.findall(
            r"^from (sectra_client\S*) import \(?([^)]*?)\)?$", block, re.MULTILINE | re.DOTALL
        ):
            for name in re.findall(r"\w+", names):
                sources.setdefault(name, set()).add(module)

    assert sources
    assert {name: modules for name, modules in sources.items() if len(modules) > 1} == {}


def test_the_command_synopsis_does_not_use_a_bar_for_or() -> None:
    (synopsis,) = code_blocks(section("The `sectra` command line"), "console")[:1]

    assert synopsis.strip()
    assert "|" not in synopsis
