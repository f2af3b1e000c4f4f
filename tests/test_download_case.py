"""download_case: every slide of a case into its own safe folder, a bounded number at once,
failures collected and reported together (each test runs with the sync and the async client)."""

from __future__ import annotations

import asyncio
import pickle
import threading
import time
from pathlib import Path

import pytest
from _work_count import python_calls

from sectra_client import ProgressCallback, SectraClient
from sectra_client._download._case import download_slides, slide_folders
from sectra_client._download._case_async import download_slides as adownload_slides
from sectra_client.errors import (
    CaseDownloadError,
    DownloadError,
    NotFoundError,
    SectraError,
)
from sectra_client.mock_server import FilesForm, GeneratedFile, MockSectraServer

pytest_plugins = ["_client_fixtures"]

CASE = "ACC 7/1"


def all_files(folder: Path) -> list[str]:
    """Every file under ``folder``, hidden temporary files included, as relative paths."""
    return sorted(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if not path.is_dir()
    )


@pytest.fixture
def mock(sectra_mock: MockSectraServer) -> MockSectraServer:
    sectra_mock.strict = True
    forms: list[FilesForm] = ["related", "octet-stream", "mixed"]
    for number, form in enumerate(forms, start=1):
        slide_id = f"slide-{number}"
        sectra_mock.add_slide(slide_id, accession_number=CASE)
        sectra_mock.add_slide_files(
            slide_id, GeneratedFile(f"scan-{number}.tiff", 20_000 * number, seed=number), form=form
        )
    return sectra_mock


def test_every_slide_of_the_case_lands_in_its_own_folder(
    client: SectraClient, mock: MockSectraServer, tmp_path: Path
) -> None:
    downloaded = client.download_case(CASE, tmp_path, max_concurrency=2)

    assert list(downloaded) == ["slide-1", "slide-2", "slide-3"]
    for number in (1, 2, 3):
        (path,) = downloaded[f"slide-{number}"]
        assert path == tmp_path.resolve() / f"slide-{number}" / f"scan-{number}.tiff"
        assert path.read_bytes() == GeneratedFile("x", 20_000 * number, seed=number).read(
            0, 20_000 * number
        )
    assert all_files(tmp_path) == [
        "slide-1/scan-1.tiff",
        "slide-2/scan-2.tiff",
        "slide-3/scan-3.tiff",
    ]


def test_failed_slides_are_reported_together_after_every_slide_was_tried(
    client: SectraClient, mock: MockSectraServer, tmp_path: Path
) -> None:
    mock.faults.fail("/slides/slide-1/files", 404, message="gone")
    mock.faults.drop_connection("/slides/slide-3/files", after_bytes=30_000)

    with pytest.raises(CaseDownloadError) as caught:
        client.download_case(CASE, tmp_path)

    error = caught.value
    assert list(error.failed) == ["slide-1", "slide-3"]
    assert isinstance(error.failed["slide-1"], NotFoundError)
    assert isinstance(error.failed["slide-3"], DownloadError)
    assert error.downloaded == {"slide-2": [tmp_path.resolve() / "slide-2" / "scan-2.tiff"]}
    assert error.completed == error.downloaded["slide-2"]
    assert "2 slides of the case failed" in str(error)
    assert "slide-1: NotFoundError" in str(error)
    assert "downloaded: slide-2" in str(error)
    assert CASE not in str(error)
    assert all_files(tmp_path) == ["slide-2/scan-2.tiff"]


def test_progress_names_the_slide_each_figure_belongs_to(
    client: SectraClient, mock: MockSectraServer, tmp_path: Path
) -> None:
    last: dict[str, tuple[int, int | None, str]] = {}
    lock = threading.Lock()

    def progress(slide_id: str, done: int, total: int | None, name: str) -> None:
        with lock:
            last[slide_id] = (done, total, name)

    client.download_case(CASE, tmp_path, progress=progress)

    assert sorted(last) == ["slide-1", "slide-2", "slide-3"]
    assert last["slide-2"] == (40_000, 40_000, "scan-2.tiff")
    assert all(done == total for done, total, _ in last.values())


def test_an_unknown_case_raises_not_found_and_writes_nothing(
    client: SectraClient, mock: MockSectraServer, tmp_path: Path
) -> None:
    with pytest.raises(NotFoundError):
        client.download_case("no such case", tmp_path / "out")

    assert not (tmp_path / "out").exists()


def test_slide_ids_become_folders_inside_the_output_folder_whatever_they_hold(
    tmp_path: Path,
) -> None:
    ids = ["../../etc", "a/b", "b", "B", "..", "C:\\x\\y", "\x00", "slide-1", "slide-1"]

    folders = slide_folders(tmp_path, ids)

    assert {slide_id: path.name for slide_id, path in folders.items()} == {
        "../../etc": "etc",
        "a/b": "b",
        "b": "b (2)",
        "B": "B (3)",
        "..": "slide",
        "C:\\x\\y": "y",
        "\x00": "_",
        "slide-1": "slide-1",
    }
    assert all(path.parent == tmp_path for path in folders.values())


def test_10000_slide_ids_sharing_one_folder_name_cost_what_10000_distinct_ids_cost(
    tmp_path: Path,
) -> None:
    count = 10_000
    distinct = python_calls(
        lambda: slide_folders(tmp_path, [f"slide-{n}" for n in range(count)]), 10**6
    )
    same_name = [f"part-{n}/slide" for n in range(count)]  # every id reduces to "slide"

    repeated = python_calls(lambda: slide_folders(tmp_path, same_name), budget=3 * distinct)

    assert repeated <= 3 * distinct
    assert len(set(slide_folders(tmp_path, same_name).values())) == count


def test_at_most_max_concurrency_slides_download_at_once(tmp_path: Path) -> None:
    lock = threading.Lock()
    running = peak = 0

    def download(slide_id: str, folder: Path, progress: ProgressCallback) -> list[Path]:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.02)
        with lock:
            running -= 1
        return [folder / "f"]

    folders = slide_folders(tmp_path, [f"s{number}" for number in range(10)])

    downloaded = download_slides(download, folders, max_concurrency=3)

    assert peak == 3
    assert list(downloaded) == list(folders)


async def test_async_slides_run_in_at_most_max_concurrency_tasks_and_all_are_tried(
    tmp_path: Path,
) -> None:
    running = peak = 0
    tried: list[str] = []

    async def download(slide_id: str, folder: Path, progress: ProgressCallback) -> list[Path]:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1
        tried.append(slide_id)
        if slide_id == "s0":
            raise DownloadError("broke", [folder / "half"])
        return [folder / "f"]

    folders = slide_folders(tmp_path, [f"s{number}" for number in range(7)])

    with pytest.raises(CaseDownloadError) as caught:
        await adownload_slides(download, folders, max_concurrency=2)

    assert peak == 2
    assert sorted(tried) == sorted(folders)
    assert list(caught.value.failed) == ["s0"]
    assert len(caught.value.downloaded) == 6
    assert tmp_path / "s0" / "half" in caught.value.completed


def test_an_error_that_is_not_a_sectra_error_stops_the_case(tmp_path: Path) -> None:
    def download(slide_id: str, folder: Path, progress: ProgressCallback) -> list[Path]:
        raise KeyError("a bug")

    with pytest.raises(KeyError):
        download_slides(download, slide_folders(tmp_path, ["a", "b"]), max_concurrency=2)


def test_a_case_download_error_survives_pickling(tmp_path: Path) -> None:
    failed: dict[str, SectraError] = {"s1": DownloadError("cut", [tmp_path / "x"])}
    error = CaseDownloadError(failed, {"s2": [tmp_path / "y"]})

    copy = pickle.loads(pickle.dumps(error))

    assert str(copy) == str(error)
    assert copy.completed == [tmp_path / "y", tmp_path / "x"]


def test_max_concurrency_below_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="max_concurrency"):
        download_slides(
            lambda _id, _folder, _progress: [], slide_folders(tmp_path, ["a"]), max_concurrency=0
        )
