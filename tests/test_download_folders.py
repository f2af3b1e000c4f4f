"""Where downloads may write: the output folder is checked before anything is requested, and a
case's slide folders are never reached through a symbolic link (each test runs with the sync
and the async client, against the mock)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from sectra_client import SectraClient
from sectra_client.errors import CaseDownloadError, OutputFolderError
from sectra_client.mock_server import GeneratedFile, MockSectraServer

pytest_plugins = ["_client_fixtures"]

CASE = "ACC-0815"


@pytest.fixture
def mock(sectra_mock: MockSectraServer) -> MockSectraServer:
    sectra_mock.strict = True
    for number in (1, 2):
        slide_id = f"slide-{number}"
        sectra_mock.add_slide(slide_id, accession_number=CASE)
        sectra_mock.add_slide_files(slide_id, GeneratedFile(f"scan-{number}.svs", 5_000))
    return sectra_mock


def files_requested(mock: MockSectraServer) -> list[str]:
    return [record.path for record in mock.requests if record.path.endswith("/files")]


def test_a_symlinked_slide_folder_is_refused_and_nothing_is_written_where_it_points(
    client: SectraClient, mock: MockSectraServer, tmp_path: Path
) -> None:
    output, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    output.mkdir()
    elsewhere.mkdir()
    (output / "slide-1").symlink_to(elsewhere, target_is_directory=True)

    with pytest.raises(CaseDownloadError) as caught:
        client.download_case(CASE, output)

    refused = caught.value.failed["slide-1"]
    assert isinstance(refused, OutputFolderError)
    assert refused.folder == output.resolve() / "slide-1"
    assert "symbolic link" in str(refused)
    assert list(elsewhere.iterdir()) == []
    assert (output / "slide-1").is_symlink()
    assert [path.name for path in caught.value.downloaded["slide-2"]] == ["scan-2.svs"]
    assert all("slide-1" not in path for path in files_requested(mock))


def test_a_symlink_to_a_file_under_a_slides_folder_name_is_refused(
    client: SectraClient, mock: MockSectraServer, tmp_path: Path
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    output = tmp_path / "out"
    output.mkdir()
    (output / "slide-1").symlink_to(precious)

    with pytest.raises(CaseDownloadError) as caught:
        client.download_case(CASE, output)

    assert isinstance(caught.value.failed["slide-1"], OutputFolderError)
    assert precious.read_text() == "keep me"
    assert (output / "slide-1").is_symlink()


def test_a_case_downloaded_twice_reuses_its_real_slide_folders(
    client: SectraClient, mock: MockSectraServer, tmp_path: Path
) -> None:
    first = client.download_case(CASE, tmp_path)

    second = client.download_case(CASE, tmp_path)

    assert second == first
    assert sorted(path.name for path in tmp_path.iterdir()) == ["slide-1", "slide-2"]


def test_an_output_folder_that_is_a_file_fails_before_the_request(
    client: SectraClient, mock: MockSectraServer, tmp_path: Path
) -> None:
    target = tmp_path / "a-file"
    target.write_text("not a folder")

    with pytest.raises(OutputFolderError) as caught:
        client.download_slide_files("slide-1", target)

    assert caught.value.folder == target
    assert str(caught.value) == "the output folder is not a folder"
    assert files_requested(mock) == []


def test_an_output_folder_below_a_file_fails_before_the_case_is_even_listed(
    client: SectraClient, mock: MockSectraServer, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("not a folder")

    with pytest.raises(OutputFolderError, match="cannot be created"):
        client.download_case(CASE, tmp_path / "a-file" / "out")

    assert mock.requests == []


def test_a_missing_output_folder_is_created_only_once_files_arrive(
    client: SectraClient, mock: MockSectraServer, tmp_path: Path
) -> None:
    mock.faults.fail("/slides/slide-1/files", 503, times=None)

    with pytest.raises(Exception, match="503"):
        client.download_slide_files("slide-1", tmp_path / "new" / "folder")
    assert not (tmp_path / "new").exists()

    mock.faults.clear()
    (path,) = client.download_slide_files("slide-1", tmp_path / "new" / "folder")
    assert path == tmp_path.resolve() / "new" / "folder" / "scan-1.svs"


def test_an_unwritable_output_folder_fails_before_the_request(
    client: SectraClient, mock: MockSectraServer, tmp_path: Path
) -> None:
    target = tmp_path / "read-only"
    target.mkdir(mode=0o555)
    if os.access(target, os.W_OK):  # root writes anywhere: use a folder even root may not
        target = Path("/proc/self")
        if not target.is_dir() or os.access(target, os.W_OK):
            pytest.skip("no folder here is unwritable to this user")

    with pytest.raises(OutputFolderError) as caught:
        client.download_slide_files("slide-1", target)

    assert caught.value.problem == "is not writable"
    assert files_requested(mock) == []


def test_an_output_folder_error_survives_pickling(tmp_path: Path) -> None:
    error = OutputFolderError(tmp_path, "is not writable")

    copy = pickle.loads(pickle.dumps(error))

    assert (copy.folder, copy.problem, str(copy)) == (tmp_path, "is not writable", str(error))
