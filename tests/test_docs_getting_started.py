"""Getting started (``docs/getting-started.md``) as a newcomer reads it: its first calls run as
written, and its webhook snippet passes ``sectra invoke`` for every action."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _doc_pages import code_blocks, page, run_snippet, section
from typer.testing import CliRunner

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

GETTING_STARTED = "docs/getting-started.md"

pytest_plugins = ["_client_fixtures"]


QUICK_START = code_blocks(section(page(GETTING_STARTED), "First calls"), "python")


def quick_start_block(containing: str) -> str:
    (block,) = [block for block in QUICK_START if containing in block]
    return block


@pytest.fixture
def invocation(sectra_mock: MockSectraServer) -> CreateInvocation:
    sectra_mock.add_slide("slide-1", size=(50_000, 40_000))
    created = sectra_mock.build_invocation("create", "slide-1", "my-app")
    assert isinstance(created, CreateInvocation)
    return created


def run_first_call(code: str, **names: Any) -> dict[str, Any]:
    return run_snippet(code, GETTING_STARTED, **names)


# ----- the first calls, as written -----------------------------------------------------------


def test_the_metadata_snippet_prints_the_slide_size(
    invocation: CreateInvocation, capsys: pytest.CaptureFixture[str]
) -> None:
    callback = invocation.callbackInfo

    run_first_call(
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

    names = run_first_call(
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

    names = run_first_call(
        quick_start_block("create_result(application_id, result)"),
        callback_url=callback.url,
        callback_token=callback.token,
        slide_id=invocation.slideId,
        application_id=invocation.applicationId,
    )

    stored = sectra_mock.get_result(invocation.applicationId, names["response"].id)
    assert stored.displayProperties == {"Confidence": "95%"}


# ----- the webhook of the first calls, checked the way the page says ------------------------


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
    """The page's FastAPI webhook, served by uvicorn on a free loopback port."""
    names = run_first_call(
        quick_start_block('@app.post("/sectra/hook")'),
        run_analysis=run_analysis,
        build_result=build_result,
    )
    server = ThreadedServer(names["app"], "127.0.0.1", 0, name="the getting-started webhook")
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
