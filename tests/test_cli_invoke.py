"""``sectra invoke``: a correct invocation fired at an app, and the contract check of its reply,
through an embedded mock or a running one; the app is the example tissue finder."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _scripted_server import Reply, ScriptedServer, unused_port
from typer.testing import CliRunner
from typer.testing import Result as RunResult

from sectra_client.cli import app
from sectra_client.mock_server import MockSectraServer
from sectra_client.webhook import WebhookServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
tissue_app: Any = importlib.import_module("tissue_app")

SLIDE = "invoked-slide"


def run(*args: str, url: str | None = None, token: str | None = None) -> RunResult:
    env = {"SECTRA_URL": url, "SECTRA_TOKEN": token}
    return CliRunner().invoke(app, ["invoke", *args], env=env)


@pytest.fixture
def tissue_finder() -> Iterator[WebhookServer]:
    """The example app, served on a free loopback port; it trusts the invoking host."""
    with tissue_app.create_webhook(thumbnail_size=256).serve(tissue_app.PATH) as server:
        yield server


def test_invoke_create_on_the_embedded_mock_checks_the_reply_and_waits_for_the_result(
    tissue_finder: WebhookServer,
) -> None:
    result = run("--webhook", tissue_finder.url, "--slide", SLIDE, "--wait")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "create: result 1, 'Queued'"
    assert "contract: OK" in lines
    assert lines[-1].startswith("final: result 1, 'Tissue: ")


def test_invoke_through_a_running_mock_leaves_the_apps_result_there(
    tissue_finder: WebhookServer, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_slide(SLIDE, size=(20_000, 15_000))

    result = run(
        "--webhook", tissue_finder.url, "--slide", SLIDE, "--wait", "--json",
        url=sectra_mock.url, token=sectra_mock.token,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["contract"] == {"ok": True, "problems": [], "warnings": []}
    [stored] = sectra_mock.get_results(tissue_app.APP_ID, SLIDE)
    assert report["final"] == stored.model_dump(mode="json")
    assert (stored.displayProperties or {})["Status"] == "Completed"


@pytest.mark.parametrize(("action", "reply"), [("cancel", "[]"), ("delete", "{}")])
def test_invoke_other_actions_report_the_apps_reply(
    tissue_finder: WebhookServer, action: str, reply: str
) -> None:
    result = run("--webhook", tissue_finder.url, "--slide", SLIDE, "--action", action)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"{action}: replied {reply}", "contract: OK"]


def test_invoke_modify_on_the_embedded_mock_sends_a_stored_result(
    tissue_finder: WebhookServer,
) -> None:
    result = run("--webhook", tissue_finder.url, "--slide", SLIDE, "--action", "modify")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "modify: result 1, 'Stored by sectra invoke'",
        "contract: OK",
    ]


def test_invoke_reports_each_broken_rule_and_exits_7(scripted_server: ScriptedServer) -> None:
    scripted_server.script("/app", Reply.json({"displayResult": "not stored"}))

    result = run(
        "--webhook", f"{scripted_server.base_url}/app", "--slide", SLIDE, "--app-id", "some-app"
    )

    assert result.exit_code == 7
    lines = result.stdout.splitlines()
    problems = [line for line in lines if line.startswith("  - ")]
    assert any("no id" in problem for problem in problems)
    assert not any("X-Sectra" in problem for problem in problems)
    assert any(line.startswith("warning: ") and "X-Sectra-ApiVersion" in line for line in lines)
    assert result.stderr.startswith("sectra: the reply breaks the contract")


@pytest.mark.parametrize("against", ["embedded mock", "running mock"])
def test_invoke_warns_but_passes_an_app_that_replies_as_sectras_own_examples_do(
    scripted_server: ScriptedServer, sectra_mock: MockSectraServer, against: str
) -> None:
    scripted_server.script("/app", Reply(200, b""))
    server = (
        {"url": sectra_mock.url, "token": sectra_mock.token} if against == "running mock" else {}
    )

    result = run(
        "--webhook", f"{scripted_server.base_url}/app", "--slide", SLIDE, "--app-id", "some-app",
        "--json", **server,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    contract = json.loads(result.stdout)["contract"]
    assert contract["ok"] is True
    assert contract["problems"] == []
    assert len(contract["warnings"]) == 3
    assert "create: the reply is empty" in contract["warnings"][-1]


def test_invoke_an_app_that_is_not_there_exits_6() -> None:
    webhook = f"http://127.0.0.1:{unused_port()}/app"

    result = run("--webhook", webhook, "--slide", SLIDE, "--app-id", "some-app")

    assert result.exit_code == 6
    assert len(result.stderr.splitlines()) == 1


def test_invoke_never_shows_the_callback_token(
    tissue_finder: WebhookServer, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.token = "callback-t0ken-never-shown"

    result = run(
        "--webhook", tissue_finder.url, "--slide", SLIDE, "--action", "cancel", "--json",
        url=sectra_mock.url, token=sectra_mock.token,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "callback-t0ken-never-shown" not in result.output
