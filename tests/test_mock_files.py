"""GET /slides/{id}/files: framing checked by independent parsers, every form, large files."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from mock_support import api
from requests_toolbelt.multipart.decoder import MultipartDecoder  # type: ignore[import-untyped]

from sectra_client.mock_server import GeneratedFile, MockSectraServer


def _parse_with_email(reply: httpx.Response) -> list[EmailMessage]:
    head = f"Content-Type: {reply.headers['Content-Type']}\r\n\r\n".encode()
    message = email.message_from_bytes(head + reply.content, policy=email.policy.HTTP)
    assert isinstance(message, EmailMessage)
    assert message.is_multipart()
    assert not message.defects
    return [part for part in message.iter_parts() if isinstance(part, EmailMessage)]


@pytest.fixture
def three_files(tmp_path: Path) -> list[Path]:
    paths = []
    for index, name in enumerate(["slide.svs", "i0000,0000b.dcm", "meta data.xml"]):
        path = tmp_path / name
        path.write_bytes(bytes([index]) * (1000 + index) + b"\r\n--not-a-boundary\r\n")
        paths.append(path)
    return paths


def test_files_are_multipart_related_with_one_attachment_part_per_file(
    sectra_mock: MockSectraServer, three_files: list[Path]
) -> None:
    sectra_mock.add_slide_files("slide-1", three_files)
    with api(sectra_mock) as http:
        reply = http.get("/slides/slide-1/files")
    assert reply.headers["Content-Type"].startswith("multipart/related; boundary=")
    assert int(reply.headers["Content-Length"]) == len(reply.content)
    parts = _parse_with_email(reply)
    assert [part.get_filename() for part in parts] == [path.name for path in three_files]
    assert [part.get_payload(decode=True) for part in parts] == [
        path.read_bytes() for path in three_files
    ]
    assert [part.get_content_disposition() for part in parts] == ["attachment"] * 3
    assert parts[1]["Content-Type"] == "application/dicom"


def test_requests_toolbelt_parses_the_body_and_finds_quoted_filenames(
    sectra_mock: MockSectraServer, three_files: list[Path]
) -> None:
    sectra_mock.add_slide_files("slide-1", three_files)
    with api(sectra_mock) as http:
        reply = http.get("/slides/slide-1/files")
    decoder = MultipartDecoder(reply.content, reply.headers["Content-Type"])
    for part, path in zip(decoder.parts, three_files, strict=True):
        disposition = part.headers[b"Content-Disposition"].decode()
        assert f'filename="{path.name}"' in disposition
        assert part.content == path.read_bytes()


@pytest.mark.parametrize(
    ("form", "disposition"), [("mixed", "attachment"), ("form-data", "form-data")]
)
def test_the_multipart_subtype_is_configurable_per_slide(
    sectra_mock: MockSectraServer, three_files: list[Path], form: str, disposition: str
) -> None:
    sectra_mock.add_slide_files("slide-1", three_files, form=form)  # type: ignore[arg-type]
    with api(sectra_mock) as http:
        reply = http.get("/slides/slide-1/files")
    assert reply.headers["Content-Type"].startswith(f"multipart/{form}; boundary=")
    parts = _parse_with_email(reply)
    assert [part.get_content_disposition() for part in parts] == [disposition] * 3
    assert [part.get_filename() for part in parts] == [path.name for path in three_files]


def test_the_single_file_form_is_the_bare_file(
    sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    path = tmp_path / "whole.tiff"
    path.write_bytes(b"II*\x00" + bytes(range(256)) * 10)
    sectra_mock.add_slide("single", files=path, files_form="octet-stream")
    with api(sectra_mock) as http:
        reply = http.get("/slides/single/files")
    assert reply.headers["Content-Type"] == "application/octet-stream"
    assert reply.headers["Content-Disposition"] == 'attachment; filename="whole.tiff"'
    assert reply.content == path.read_bytes()


def test_the_single_file_form_refuses_several_files(
    sectra_mock: MockSectraServer, three_files: list[Path]
) -> None:
    with pytest.raises(ValueError, match="one file"):
        sectra_mock.add_slide_files("slide-1", three_files, form="octet-stream")


def test_a_slide_without_files_gets_a_small_generated_tiff(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        reply = http.get("/slides/case%2F7/files")
    (part,) = _parse_with_email(reply)
    assert part.get_filename() == "case_7.tiff"
    assert part["Content-Type"] == "image/tiff"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert payload[:4] == b"II*\x00"
    assert len(payload) < 300_000


def test_non_ascii_file_names_also_get_an_rfc_5987_filename(
    sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    path = tmp_path / "snitt Å.svs"
    path.write_bytes(b"data")
    sectra_mock.add_slide_files("slide-1", path)
    with api(sectra_mock) as http:
        reply = http.get("/slides/slide-1/files")
    expected = 'Content-Disposition: attachment; filename="snitt ?.svs"; '
    expected += "filename*=UTF-8''snitt%20%C3%85.svs\r\n"
    assert expected.encode() in reply.content


def test_a_generated_file_streams_its_documented_bytes(sectra_mock: MockSectraServer) -> None:
    generated = GeneratedFile("big.bin", 3 * 1024 * 1024 + 17, seed=5)
    sectra_mock.add_slide_files("slide-1", generated, form="octet-stream")
    with api(sectra_mock) as http:
        reply = http.get("/slides/slide-1/files")
    assert reply.content == generated.read(0, generated.size)
    assert reply.content[1_048_570:1_048_580] == generated.read(1_048_570, 10)


def test_files_answer_404_for_an_unknown_slide_when_strict(sectra_mock: MockSectraServer) -> None:
    sectra_mock.strict = True
    with api(sectra_mock) as http:
        assert http.get("/slides/unknown/files").status_code == 404


def test_a_missing_file_is_refused_when_registered(sectra_mock: MockSectraServer) -> None:
    with pytest.raises(FileNotFoundError):
        sectra_mock.add_slide_files("slide-1", "/no/such/file.svs")
