"""``sectra record`` and ``sectra mock --cassette`` as a user runs them, in their own processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
from _phi_slide import SLIDE_ID, phi_slide
from mock_support import cli_mock

from sectra_client.mock_server import MockSectraServer


def test_record_then_serve_the_cassette_with_sectra_mock(tmp_path: Path) -> None:
    cassette = tmp_path / "server.yaml"
    with MockSectraServer(software_version="4.2.0.22617").run(port=0) as original:
        phi_slide(original)
        command = [
            sys.executable,
            "-c",
            "from sectra_client.cli import main; main()",
            "record",
            "--upstream",
            original.url,
            "--listen",
            "127.0.0.1:0",
            "--cassette",
            str(cassette),
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            assert process.stdout is not None
            proxy = ""
            for line in process.stdout:
                if "Point the app at:" in line:
                    proxy = line.split("at:", 1)[1].strip()
                    break
            headers = {"Authorization": f"Bearer {original.token}"}
            recorded = httpx.get(f"{proxy}/slides/{SLIDE_ID}/info", headers=headers, timeout=10)
            assert recorded.status_code == 200
            assert httpx.get(f"{proxy}/info", headers=headers, timeout=10).status_code == 200
        finally:
            process.terminate()
            output = process.communicate(timeout=10)[0]
    assert "Recorded 2 exchanges" in output

    with cli_mock("--cassette", str(cassette)) as served:
        headers = {"Authorization": f"Bearer {served.token}"}
        info = httpx.get(f"{served.url}/slides/{SLIDE_ID}/info", headers=headers, timeout=10)
        versions = httpx.get(f"{served.url}/info", headers=headers, timeout=10).json()
    assert info.json() == recorded.json()
    assert versions["softwareVersion"] == "4.2.0.22617"
