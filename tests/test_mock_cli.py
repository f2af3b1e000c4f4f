"""``sectra mock``: the mock as a standalone server, and its memory while serving 2 GiB."""

from __future__ import annotations

import email
import email.policy
import http.client
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from mock_support import cli_mock

from sectra_client.mock_server import GeneratedFile


def test_sectra_mock_prints_the_base_url_and_token_and_serves_the_given_files(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "a.svs", tmp_path / "b.svs"
    first.write_bytes(b"first file")
    second.write_bytes(b"second file")
    with cli_mock(
        "--token", "team-token", "--slide", f"s1={first}", "--slide", f"s1={second}"
    ) as mock:
        assert mock.token == "team-token"
        assert mock.url.endswith("/SectraPathologyServer/external/imageanalysis/v1")
        reply = httpx.get(
            mock.url + "/slides/s1/files", headers={"Authorization": "Bearer team-token"}
        )
    head = f"Content-Type: {reply.headers['Content-Type']}\r\n\r\n".encode()
    message = email.message_from_bytes(head + reply.content, policy=email.policy.HTTP)
    parts = list(message.iter_parts())
    assert [part.get_filename() for part in parts] == ["a.svs", "b.svs"]
    assert [part.get_payload(decode=True) for part in parts] == [b"first file", b"second file"]


def test_sectra_mock_serves_generated_files_of_a_given_size() -> None:
    with cli_mock("--generated-file", "big=slide.bin:3M", "--files-form", "octet-stream") as mock:
        reply = httpx.get(
            mock.url + "/slides/big/files", headers={"Authorization": "Bearer dev-token"}
        )
    assert reply.headers["Content-Disposition"] == 'attachment; filename="slide.bin"'
    assert reply.content == GeneratedFile("slide.bin", 3 << 20).read(0, 3 << 20)


def test_sectra_without_the_cli_extra_says_how_to_install_it() -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["typer"] = None
        from sectra_client.cli import main
        main()
        """
    )
    run = subprocess.run([sys.executable, "-c", code, "mock"], capture_output=True, text=True)
    assert run.returncode == 1
    assert "pip install 'sectra-client[cli]'" in run.stderr


def _peak_and_current_kib(pid: int) -> tuple[int, int]:
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmHWM"].split()[0]), int(fields["VmRSS"].split()[0])


def test_a_2_gib_download_is_served_in_flat_memory() -> None:
    size = 2 << 30
    with cli_mock("--generated-file", f"big=slide.svs:{size}") as mock:
        url = urlsplit(mock.url)
        connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=60)
        connection.request("GET", f"{url.path}/info", headers={"Authorization": "Bearer dev-token"})
        connection.getresponse().read()
        peak_before, _ = _peak_and_current_kib(mock.process.pid)
        connection.request(
            "GET", f"{url.path}/slides/big/files", headers={"Authorization": "Bearer dev-token"}
        )
        response = connection.getresponse()
        expected = int(response.headers["Content-Length"])
        buffer = bytearray(4 << 20)
        received = 0
        while chunk := response.readinto(buffer):
            received += chunk
        peak_after, current = _peak_and_current_kib(mock.process.pid)
        connection.close()
    growth_mib = (peak_after - peak_before) / 1024
    print(f"2 GiB served: peak RSS {peak_before / 1024:.0f} -> {peak_after / 1024:.0f} MiB")
    assert received == expected > size
    assert growth_mib < 64
    assert current / 1024 < peak_before / 1024 + 64
