"""Downloads that are stopped: SystemExit and SIGTERM leave nothing partial, and the temporary
files of a download that was killed outright are removed by the next download into the folder,
while nothing else (a live download's file above all) is ever touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from _held_file import HeldFile, wait_for_temporary_file

from sectra_client import SectraClient
from sectra_client._download._partial_files import STALE_AFTER_SECONDS, is_temporary_file_name
from sectra_client.mock_server import GeneratedFile, MockSectraServer

pytest_plugins = ["_client_fixtures"]

MIB = 1 << 20
SECTRA = Path(sys.executable).with_name("sectra")


def temporary_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if is_temporary_file_name(path.name)]


def age(path: Path, seconds: float) -> None:
    """Make ``path`` look unwritten for ``seconds``."""
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


@pytest.fixture
def held_file() -> Iterator[HeldFile]:
    """An 8 MiB slide file whose download stops after 3 MiB until the test releases it."""
    held = HeldFile("big.svs", 8 * MIB, held_at=3 * MIB)
    yield held
    held.release.set()


def sectra(mock: MockSectraServer, *args: str) -> subprocess.Popen[str]:
    """``sectra ARGS`` in a process of its own (the real command, signals and all)."""
    env = {**os.environ, "SECTRA_URL": mock.url, "SECTRA_TOKEN": mock.token}
    return subprocess.Popen(
        [str(SECTRA), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def sectra_download(mock: MockSectraServer, slide_id: str, output: Path) -> subprocess.Popen[str]:
    return sectra(mock, "slide", "download", slide_id, "-o", str(output))


def wait_for_temporary_files(folder: Path, count: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while len(temporary_files(folder)) < count:
        assert time.monotonic() < deadline, f"fewer than {count} downloads started"
        time.sleep(0.01)


# ----- SystemExit in the library ------------------------------------------------------------


def test_system_exit_during_a_download_removes_the_partial_file(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    sectra_mock.add_slide_files("slide-1", GeneratedFile("big.svs", 6 * MIB))

    def exit_now(bytes_done: int, total: int | None, current_file: str) -> None:
        raise SystemExit(3)

    with pytest.raises(SystemExit):
        client.download_slide_files("slide-1", tmp_path, progress=exit_now)

    assert list(tmp_path.iterdir()) == []


def test_system_exit_during_a_case_download_stops_every_slide_and_leaves_nothing_partial(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    dripping = HeldFile("big.svs", 64 * MIB, held_at=2 * MIB, drip=True)  # about 20 s to go
    for number in range(1, 5):
        sectra_mock.add_slide(f"slide-{number}", accession_number="ACC-1")
        sectra_mock.add_slide_files(f"slide-{number}", dripping)
    started: set[str] = set()

    def exit_once_all_started(slide_id: str, done: int, total: int | None, name: str) -> None:
        if slide_id not in started:
            started.add(slide_id)
            if len(started) == 4:  # once, in one slide's download: the others must be stopped
                raise SystemExit(3)

    try:
        with pytest.raises(SystemExit):
            client.download_case(
                "ACC-1", tmp_path, max_concurrency=4, progress=exit_once_all_started
            )
    finally:
        dripping.release.set()

    assert temporary_files(tmp_path) == []
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


# ----- SIGTERM in the command line ----------------------------------------------------------


def test_sigterm_during_sectra_slide_download_cleans_up_and_exits_143(
    sectra_mock: MockSectraServer, held_file: HeldFile, tmp_path: Path
) -> None:
    sectra_mock.add_slide_files("slide-1", held_file)
    download = sectra_download(sectra_mock, "slide-1", tmp_path / "out")
    wait_for_temporary_file(tmp_path / "out")

    download.send_signal(signal.SIGTERM)
    _, stderr = download.communicate(timeout=30)

    assert download.returncode == 143
    assert stderr.splitlines()[-1] == "sectra: terminated"
    assert list((tmp_path / "out").iterdir()) == []


def test_sigterm_during_sectra_case_download_stops_every_slide_and_exits_143(
    sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    dripping = HeldFile("big.svs", 64 * MIB, held_at=2 * MIB, drip=True)  # about 20 s to go
    for number in range(1, 4):
        sectra_mock.add_slide(f"slide-{number}", accession_number="ACC-2")
        sectra_mock.add_slide_files(f"slide-{number}", dripping)
    download = sectra(sectra_mock, "case", "download", "ACC-2", "-o", str(tmp_path))
    try:
        wait_for_temporary_files(tmp_path, 3)

        download.send_signal(signal.SIGTERM)
        _, stderr = download.communicate(timeout=10)
    finally:
        dripping.release.set()

    assert download.returncode == 143
    assert stderr.splitlines()[-1] == "sectra: terminated"
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


# ----- what the next download removes, and what it never touches ------------------------------


def test_the_next_download_removes_the_temporary_file_of_a_killed_download(
    client: SectraClient, sectra_mock: MockSectraServer, held_file: HeldFile, tmp_path: Path
) -> None:
    sectra_mock.add_slide_files("slide-1", held_file)
    sectra_mock.add_slide_files("slide-2", GeneratedFile("small.svs", 1000))
    killed = sectra_download(sectra_mock, "slide-1", tmp_path)
    left_behind = wait_for_temporary_file(tmp_path)
    killed.kill()
    killed.communicate(timeout=30)
    assert left_behind.exists()
    age(left_behind, STALE_AFTER_SECONDS + 1)

    client.download_slide_files("slide-2", tmp_path)

    assert sorted(path.name for path in tmp_path.iterdir()) == ["small.svs"]


def test_a_live_downloads_temporary_file_survives_another_download_into_its_folder(
    client: SectraClient, sectra_mock: MockSectraServer, held_file: HeldFile, tmp_path: Path
) -> None:
    sectra_mock.add_slide_files("slide-1", held_file)
    sectra_mock.add_slide_files("slide-2", GeneratedFile("small.svs", 1000))
    live = sectra_download(sectra_mock, "slide-1", tmp_path)
    in_progress = wait_for_temporary_file(tmp_path)
    age(in_progress, STALE_AFTER_SECONDS + 60)  # a stalled download: unwritten for minutes

    client.download_slide_files("slide-2", tmp_path)

    assert in_progress.exists()
    held_file.release.set()
    stdout, _ = live.communicate(timeout=60)
    assert live.returncode == 0
    assert Path(stdout.strip()).stat().st_size == 8 * MIB
    assert sorted(path.name for path in tmp_path.iterdir()) == ["big.svs", "small.svs"]


def test_only_our_own_abandoned_temporary_files_are_removed(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    sectra_mock.add_slide_files("slide-1", GeneratedFile("small.svs", 1000))
    precious = tmp_path / "precious.bin"
    precious.write_bytes(b"keep")
    abandoned = tmp_path / ".sectra-download-0123456789abcdef.part"
    kept = {
        tmp_path / ".sectra-download-0123456789abcdex.part": "not our exact pattern",
        tmp_path / ".sectra-download-0123456789abcde.part": "one hex digit short",
        tmp_path / "scan.part": "somebody else's partial file",
        tmp_path / ".sectra-download-fedcba9876543210.part": "a symbolic link",
        tmp_path / ".sectra-download-00000000000000aa.part": "a folder",
        tmp_path / ".sectra-download-00000000000000bb.part": "written a moment ago",
        precious: "the link's target",
    }
    for path, what in kept.items():
        if what == "a symbolic link":
            path.symlink_to(precious)
        elif what == "a folder":
            path.mkdir()
        elif path != precious:
            path.write_bytes(b"partial")
        if what != "written a moment ago":
            age(path, STALE_AFTER_SECONDS + 1)
    abandoned.write_bytes(b"partial")
    age(abandoned, STALE_AFTER_SECONDS + 1)

    client.download_slide_files("slide-1", tmp_path)

    assert not abandoned.exists()
    assert all(os.path.lexists(path) for path in kept), kept
    assert precious.read_bytes() == b"keep"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_another_users_temporary_file_is_never_removed(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    sectra_mock.add_slide_files("slide-1", GeneratedFile("small.svs", 1000))
    theirs = tmp_path / ".sectra-download-0123456789abcdef.part"
    theirs.write_bytes(b"partial")
    os.chown(theirs, 65534, 65534)
    age(theirs, STALE_AFTER_SECONDS + 1)

    client.download_slide_files("slide-1", tmp_path)

    assert theirs.exists()
