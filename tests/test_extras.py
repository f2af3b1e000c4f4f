"""Optional dependencies: present ones import, missing ones name the fix."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sectra_client._extras import MissingExtraError, require_extra


def test_an_installed_module_is_imported_and_returned() -> None:
    module = require_extra("json", "images", "read_region")

    assert module is sys.modules["json"]


def test_a_missing_module_names_the_feature_and_the_install_command() -> None:
    with pytest.raises(MissingExtraError) as caught:
        require_extra("sectra_no_such_module_xyz", "images", "read_region")

    assert str(caught.value) == (
        "read_region needs sectra_no_such_module_xyz: pip install 'sectra-client[images]'"
    )
    assert isinstance(caught.value, ImportError)
    assert caught.value.name == "sectra_no_such_module_xyz"


def test_a_missing_pillow_is_called_by_its_distribution_name() -> None:
    with pytest.raises(MissingExtraError, match=r"^get_thumbnail needs Pillow: "):
        require_extra("PIL.sectra_no_such_submodule", "images", "get_thumbnail")


def test_a_missing_parent_package_counts_as_missing() -> None:
    with pytest.raises(MissingExtraError, match=r"pip install 'sectra-client\[cli\]'"):
        require_extra("sectra_no_such_package.sub", "cli", "the sectra command")


def test_an_installed_module_that_fails_on_its_own_import_keeps_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sectra_broken_extra.py").write_text("import sectra_dependency_of_broken\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(ModuleNotFoundError) as caught:
        require_extra("sectra_broken_extra", "mock", "MockSectraServer")

    assert not isinstance(caught.value, MissingExtraError)
    assert caught.value.name == "sectra_dependency_of_broken"


def test_an_unknown_extra_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown extra 'image'"):
        require_extra("json", "image", "read_region")


def test_the_webhook_toolkit_runs_without_the_mock_and_pixel_libraries() -> None:
    code = textwrap.dedent(
        """
        import sys
        for name in ("PIL", "numpy", "sectra_client.mock_server"):
            sys.modules[name] = None
        import httpx
        from sectra_client.schemas import InputTemplate, Registration
        from sectra_client.webhook import SectraWebhook

        registration = Registration(
            applicationId="app", displayName="App", manufacturer="Lab",
            url="https://apps.example.org/sectra", inputTemplate=InputTemplate(type="wholeSlide"),
        )
        with SectraWebhook(registration, app_version="1.0").serve("/sectra") as server:
            print(httpx.get(server.url + "/info").json()["softwareVersion"])
        """
    )

    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert run.returncode == 0, run.stderr
    assert run.stdout == "1.0\n"
