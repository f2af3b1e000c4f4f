"""download_slide_files end to end over HTTP: every response form, hostile names, broken bodies,
retries and progress (each test runs with the sync and the async client).

Bodies shaped by hand come from the scripted server; dropped connections and truncated bodies
also from the mock's fault injection. After every failure the output folder is listed: it
holds the completed files and nothing else (no temporary file, no partial file).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from _scripted_server import Reply, ScriptedServer

from sectra_client import DownloadError, SectraClient
from sectra_client.mock_server import GeneratedFile, MockSectraServer

if TYPE_CHECKING:
    from _client_fixtures import ClientFactory

pytest_plugins = ["_client_fixtures"]

BOUNDARY = "b0und4ry-e2e"
FILES_PATH = "/slides/s1/files"


def listing(folder: Path) -> list[str]:
    """Every entry under ``folder`` (hidden ones included), relative, sorted."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


def part(disposition: str | None, body: bytes, content_type: str = "application/dicom") -> bytes:
    head = f"Content-Type: {content_type}\r\n"
    if disposition is not None:
        head += f"Content-Disposition: {disposition}\r\n"
    return f"--{BOUNDARY}\r\n{head}\r\n".encode() + body + b"\r\n"


def multipart(*parts: bytes, preamble: bytes = b"", epilogue: bytes = b"") -> Reply:
    body = preamble + b"".join(parts) + f"--{BOUNDARY}--".encode() + epilogue
    return Reply(200, body, {"Content-Type": f'multipart/related; boundary="{BOUNDARY}"'})


@pytest.fixture
def scripted_client(make_client: ClientFactory, scripted_server: ScriptedServer) -> SectraClient:
    return make_client(scripted_server.base_url, "token", max_retries=2)


def test_traversal_names_plain_and_encoded_stay_inside_the_folder(
    scripted_client: SectraClient, scripted_server: ScriptedServer, tmp_path: Path
) -> None:
    names = [
        'attachment; filename="../../evil.dcm"',
        'attachment; filename="..\\\\..\\\\windows.dcm"',
        'attachment; filename="/etc/passwd"',
        "attachment; filename*=UTF-8''%2E%2E%2F%2E%2E%2Fencoded.dcm",
        "attachment; filename*=UTF-8''..%5C..%5Cbackslash.dcm",
        'attachment; filename="C:\\\\temp\\\\absolute.dcm"',
        'attachment; filename=".."',
        "attachment; filename*=UTF-8''%2E%2E",
    ]
    scripted_server.script(
        FILES_PATH, multipart(*(part(name, b"%d" % index) for index, name in enumerate(names)))
    )
    out = tmp_path / "out"

    paths = scripted_client.download_slide_files("s1", out)

    assert [path.name for path in paths] == [
        "evil.dcm",
        "windows.dcm",
        "passwd",
        "encoded.dcm",
        "backslash.dcm",
        "absolute.dcm",
        "s1-7.dcm",
        "s1-8.dcm",
    ]
    assert all(path.parent == out.resolve() for path in paths)
    assert [path.read_bytes() for path in paths] == [b"%d" % index for index in range(8)]
    assert listing(tmp_path) == ["out", *(f"out/{path.name}" for path in sorted(paths))]


def test_filename_star_is_preferred_and_decoded(
    scripted_client: SectraClient, scripted_server: ScriptedServer, tmp_path: Path
) -> None:
    scripted_server.script(
        FILES_PATH,
        multipart(
            part("attachment; filename=plain.bin; filename*=UTF-8''na%C3%AFve%20scan.bin", b"a"),
            part('attachment; filename="quoted \\"name\\"; with semicolon.dcm"', b"b"),
        ),
    )

    paths = scripted_client.download_slide_files("s1", tmp_path)

    assert [path.name for path in paths] == ["naïve scan.bin", "quoted _name_; with semicolon.dcm"]


def test_duplicate_names_get_numbered_and_never_overwrite_each_other(
    scripted_client: SectraClient, scripted_server: ScriptedServer, tmp_path: Path
) -> None:
    scripted_server.script(
        FILES_PATH,
        multipart(
            part('attachment; filename="scan.dcm"', b"first"),
            part('attachment; filename="SCAN.dcm"', b"second"),
            part('attachment; filename="sub/scan.dcm"', b"third"),
        ),
    )

    paths = scripted_client.download_slide_files("s1", tmp_path)

    assert [(path.name, path.read_bytes()) for path in paths] == [
        ("scan.dcm", b"first"),
        ("SCAN (2).dcm", b"second"),
        ("scan (3).dcm", b"third"),
    ]


def test_preamble_epilogue_and_transport_padding_are_ignored(
    scripted_client: SectraClient, scripted_server: ScriptedServer, tmp_path: Path
) -> None:
    padded = f"--{BOUNDARY} \t\r\nContent-Disposition: attachment; filename=b.dcm\r\n\r\n"
    reply = multipart(
        part('attachment; filename="a.dcm"', b"alpha\r\n--b0und4ry-e2"),
        padded.encode() + b"beta\r\n",
        preamble=b"This is a preamble, to be ignored.\r\n",
        epilogue=b"\r\nAn epilogue, ignored as well.\r\n",
    )
    scripted_server.script(FILES_PATH, reply)

    paths = scripted_client.download_slide_files("s1", tmp_path)

    assert [(path.name, path.read_bytes()) for path in paths] == [
        ("a.dcm", b"alpha\r\n--b0und4ry-e2"),
        ("b.dcm", b"beta"),
    ]


@pytest.mark.parametrize(
    ("headers", "expected_name"),
    [
        ({"Content-Disposition": 'attachment; filename="whole.svs"'}, "whole.svs"),
        ({"Content-Type": "image/tiff"}, "s1.tiff"),
        ({"Content-Type": "application/octet-stream"}, "s1.bin"),
    ],
)
def test_a_single_file_is_named_by_its_header_or_after_the_slide(
    headers: dict[str, str],
    expected_name: str,
    scripted_client: SectraClient,
    scripted_server: ScriptedServer,
    tmp_path: Path,
) -> None:
    scripted_server.script(FILES_PATH, Reply(200, b"\x00tiff bytes\xff", headers))

    (path,) = scripted_client.download_slide_files("s1", tmp_path)

    assert (path.name, path.read_bytes()) == (expected_name, b"\x00tiff bytes\xff")
    assert listing(tmp_path) == [expected_name]


def test_a_connection_dropped_mid_body_leaves_only_the_completed_files(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    files = [GeneratedFile("a.dcm", 100_000, seed=1), GeneratedFile("b.dcm", 3_000_000, seed=2)]
    sectra_mock.add_slide_files("s1", files)
    sectra_mock.faults.drop_connection("getSlideFiles", after_bytes=1_500_000)

    with pytest.raises(DownloadError, match="broke off") as caught:
        client.download_slide_files("s1", tmp_path)

    assert [path.name for path in caught.value.completed] == ["a.dcm"]
    assert caught.value.completed[0].read_bytes() == files[0].read(0, 100_000)
    assert listing(tmp_path) == ["a.dcm"]


def test_small_files_that_arrived_whole_before_a_break_are_kept(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    files = [GeneratedFile(name, 10_000, seed=index) for index, name in enumerate("ab")]
    sectra_mock.add_slide_files("s1", [*files, GeneratedFile("c.dcm", 500_000)])
    sectra_mock.faults.drop_connection("getSlideFiles", after_bytes=200_000)

    with pytest.raises(DownloadError, match="broke off") as caught:
        client.download_slide_files("s1", tmp_path)

    assert [path.name for path in caught.value.completed] == ["a", "b"]
    assert [path.read_bytes() for path in caught.value.completed] == [
        file.read(0, 10_000) for file in files
    ]
    assert listing(tmp_path) == ["a", "b"]


def test_a_single_file_dropped_mid_body_leaves_nothing(
    make_client: ClientFactory, scripted_server: ScriptedServer, tmp_path: Path
) -> None:
    scripted_server.script(
        FILES_PATH, Reply(200, b"x" * 200_000, {"Content-Type": "image/tiff"}, drop="mid_body")
    )
    client = make_client(scripted_server.base_url, "token", max_retries=2)

    with pytest.raises(DownloadError) as caught:
        client.download_slide_files("s1", tmp_path)

    assert caught.value.completed == []
    assert listing(tmp_path) == []
    assert len(scripted_server.requests_to(FILES_PATH)) == 1  # bytes arrived: not retried


def test_a_body_without_its_closing_boundary_is_an_error_and_keeps_only_whole_parts(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    files = [GeneratedFile("a.dcm", 70_000, seed=1), GeneratedFile("b.dcm", 90_000, seed=2)]
    sectra_mock.add_slide_files("s1", files)
    sectra_mock.faults.truncate_multipart()

    with pytest.raises(DownloadError, match="malformed") as caught:
        client.download_slide_files("s1", tmp_path)

    # The last part's end is the closing delimiter that never came: it is not complete.
    assert [path.name for path in caught.value.completed] == ["a.dcm"]
    assert listing(tmp_path) == ["a.dcm"]
    assert (tmp_path / "a.dcm").read_bytes() == files[0].read(0, 70_000)


def test_a_part_cut_before_its_delimiter_is_removed(
    scripted_client: SectraClient, scripted_server: ScriptedServer, tmp_path: Path
) -> None:
    body = part('attachment; filename="a.dcm"', b"whole") + part(
        'attachment; filename="b.dcm"', b"cut short"
    )
    reply = Reply(200, body[:-2], {"Content-Type": f"multipart/mixed; boundary={BOUNDARY}"})
    scripted_server.script(FILES_PATH, reply)

    with pytest.raises(DownloadError, match="inside a part"):
        scripted_client.download_slide_files("s1", tmp_path)

    assert listing(tmp_path) == ["a.dcm"]


def test_a_large_part_longer_than_its_content_length_is_refused_and_removed(
    scripted_client: SectraClient, scripted_server: ScriptedServer, tmp_path: Path
) -> None:
    declared = (
        part('attachment; filename="a.dcm"', b"whole")
        + (
            f'--{BOUNDARY}\r\nContent-Disposition: attachment; filename="big.dcm"\r\n'
            "Content-Length: 100000\r\n\r\n"
        ).encode()
    )
    body = declared + bytes(100_001) + f"\r\n--{BOUNDARY}--".encode()
    reply = Reply(200, body, {"Content-Type": f"multipart/related; boundary={BOUNDARY}"})
    scripted_server.script(FILES_PATH, reply)

    with pytest.raises(DownloadError, match="Content-Length"):
        scripted_client.download_slide_files("s1", tmp_path)

    assert listing(tmp_path) == ["a.dcm"]


def test_a_part_header_block_over_the_cap_is_refused_without_any_file(
    scripted_client: SectraClient, scripted_server: ScriptedServer, tmp_path: Path
) -> None:
    huge = f"--{BOUNDARY}\r\nX-Padding: {'a' * 20_000}\r\n\r\nbody\r\n--{BOUNDARY}--"
    reply = Reply(200, huge.encode(), {"Content-Type": f"multipart/related; boundary={BOUNDARY}"})
    scripted_server.script(FILES_PATH, reply)

    with pytest.raises(DownloadError, match="size limit"):
        scripted_client.download_slide_files("s1", tmp_path)

    assert listing(tmp_path) == []


def test_a_204_answer_to_files_is_an_error(
    scripted_client: SectraClient, scripted_server: ScriptedServer, tmp_path: Path
) -> None:
    scripted_server.script(FILES_PATH, Reply(204))

    with pytest.raises(DownloadError, match="204"):
        scripted_client.download_slide_files("s1", tmp_path)

    assert listing(tmp_path) == []


def test_a_204_answer_to_the_label_means_no_label(
    scripted_client: SectraClient, scripted_server: ScriptedServer
) -> None:
    scripted_server.script("/slides/s1/label", Reply(204))

    assert scripted_client.get_slide_label("s1") is None


def test_an_html_page_answered_with_200_is_not_saved_as_a_slide(
    scripted_client: SectraClient, scripted_server: ScriptedServer, tmp_path: Path
) -> None:
    scripted_server.script(FILES_PATH, Reply.html(200, "<html>Please log in</html>"))

    with pytest.raises(DownloadError, match="text/html"):
        scripted_client.download_slide_files("s1", tmp_path)

    assert listing(tmp_path) == []


@pytest.mark.parametrize(
    "first",
    [
        Reply(503, headers={"Retry-After": "0"}),
        Reply(200, b"x" * 1_000, {"Content-Type": "image/tiff"}, drop="after_headers"),
    ],
    ids=["503", "dropped-before-the-first-byte"],
)
def test_a_get_that_fails_before_any_byte_is_written_is_retried(
    first: Reply,
    scripted_client: SectraClient,
    scripted_server: ScriptedServer,
    tmp_path: Path,
) -> None:
    second = multipart(part('attachment; filename="a.dcm"', b"complete"))
    scripted_server.script(FILES_PATH, first, second)

    (path,) = scripted_client.download_slide_files("s1", tmp_path)

    assert path.read_bytes() == b"complete"
    assert len(scripted_server.requests_to(FILES_PATH)) == 2
    assert listing(tmp_path) == ["a.dcm"]


def test_progress_reports_bytes_done_of_the_total_and_the_file(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    files = [GeneratedFile("a.dcm", 1_500_000, seed=1), GeneratedFile("b.dcm", 2_500_000, seed=2)]
    sectra_mock.add_slide_files("s1", files)
    reports: list[tuple[int, int | None, str]] = []

    client.download_slide_files(
        "s1", tmp_path, progress=lambda done, total, name: reports.append((done, total, name))
    )

    done = [report[0] for report in reports]
    total = reports[-1][1]
    assert total is not None
    assert total > 4_000_000
    assert done == sorted(done)
    assert len(reports) >= 3
    assert reports[-1] == (total, total, "b.dcm")
    assert {report[2] for report in reports} <= {"a.dcm", "b.dcm"}
