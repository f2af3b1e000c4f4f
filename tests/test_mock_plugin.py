"""The pytest plugin: fixtures with a running mock, fresh per test, loaded without heavy imports."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import sectra_client

INNER_TESTS = """
from sectra_client.mock_server import MockSectraServer


def test_first_changes_the_mock(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_result("my-app", {
        "slideId": "s", "displayResult": "x", "applicationVersion": "1",
        "data": {"result": {"type": "primitive", "content": []}},
    })
    sectra_mock.strict = True
    sectra_mock.faults.fail("getServerInfo", times=None)


def test_second_sees_a_fresh_mock_on_the_same_server(sectra_mock, sectra_mock_session) -> None:
    assert sectra_mock is sectra_mock_session
    assert sectra_mock.get_results("my-app", "s") == []
    assert not sectra_mock.strict and len(sectra_mock.faults) == 0
    assert sectra_mock.is_running and sectra_mock.url.startswith("http://127.0.0.1:")


def test_client(sectra_client) -> None:
    assert sectra_client is not None
"""


def test_the_fixtures_give_a_running_mock_reset_for_each_test(tmp_path: Path) -> None:
    (tmp_path / "test_inner.py").write_text(INNER_TESTS)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", "-q", "test_inner.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    has_client = hasattr(sectra_client, "SectraClient")
    expected = "3 passed" if has_client else "2 passed, 1 skipped"
    assert expected in run.stdout, run.stdout
    if not has_client:
        assert "no SectraClient yet" in run.stdout


def test_loading_the_plugin_imports_nothing_heavy() -> None:
    code = textwrap.dedent(
        """
        import sys
        import sectra_client.testing
        heavy = {"fastapi", "starlette", "uvicorn", "numpy", "PIL", "sectra_client.mock_server"}
        print(sorted(heavy & set(sys.modules)))
        """
    )
    printed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert printed.strip() == "[]"
