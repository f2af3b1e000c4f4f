"""Compressed answers: downloads ask for the bytes as stored and refuse anything else; other
calls accept gzip and deflate, decoded in bounded steps, so a decompression bomb costs neither
memory (error bodies are cut before they grow, other bodies at 256 MiB) nor a hang.
"""

from __future__ import annotations

import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from _client_fixtures import ClientFactory
from _scripted_server import Reply, ScriptedServer

from sectra_client._bounded_body import DECODE_STEP_BYTES
from sectra_client._constants import MAX_ERROR_BODY_BYTES, MAX_RESPONSE_BODY_BYTES
from sectra_client.errors import DownloadError, SectraConnectionError, ServerError

pytest_plugins = ["_client_fixtures"]

MIB = 2**20
INFO_PATH = "/info"
FILES_PATH = "/slides/s1/files"
SERVER_INFO = b'{"apiVersion": "1.10", "softwareVersion": "4.2.0.22617"}'


def compressed(data: bytes, wbits: int) -> bytes:
    """``data`` as gzip (``wbits=31``), zlib (15) or raw deflate (-15)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


def bomb(decoded_bytes: int) -> bytes:
    """gzip of ``decoded_bytes`` zero bytes, made without holding them (about 1/1000 of it)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MIB)
    parts = [packer.compress(zeros) for _ in range(decoded_bytes // MIB)]
    return b"".join(parts) + packer.flush()


def peak_traced_mib(action: Callable[[], object]) -> float:
    """The peak of Python's traced memory while ``action`` runs, in MiB."""
    tracemalloc.start()
    try:
        action()
    except Exception:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / MIB


@pytest.fixture
def files_reply() -> dict[str, str]:
    return {"Content-Disposition": 'attachment; filename="a.svs"'}


def test_downloads_ask_for_the_bytes_as_stored(
    make_client: ClientFactory,
    scripted_server: ScriptedServer,
    tmp_path: Path,
    files_reply: dict[str, str],
) -> None:
    scripted_server.script(FILES_PATH, Reply(200, b"slide bytes", files_reply))
    scripted_server.script(INFO_PATH, Reply(200, SERVER_INFO))
    client = make_client(scripted_server.base_url, "tok")

    (path,) = client.download_slide_files("s1", tmp_path)
    client.get_server_info()

    assert path.read_bytes() == b"slide bytes"
    [download] = scripted_server.requests_to(FILES_PATH)
    [call] = scripted_server.requests_to(INFO_PATH)
    assert download.headers["Accept-Encoding"] == "identity"
    assert call.headers["Accept-Encoding"] == "gzip, deflate"


def test_a_download_sent_compressed_is_refused_with_nothing_written(
    make_client: ClientFactory,
    scripted_server: ScriptedServer,
    tmp_path: Path,
    files_reply: dict[str, str],
) -> None:
    body = compressed(b"slide bytes" * 1000, 31)
    headers = {**files_reply, "Content-Encoding": "gzip"}
    scripted_server.script(FILES_PATH, Reply(200, body, headers))
    client = make_client(scripted_server.base_url, "tok")

    with pytest.raises(DownloadError, match=r"encoded .*'gzip'.*identity"):
        client.download_slide_files("s1", tmp_path)

    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("coding", "wbits"), [("gzip", 31), ("deflate", 15), ("deflate", -15)])
def test_a_compressed_answer_is_decoded(
    make_client: ClientFactory, scripted_server: ScriptedServer, coding: str, wbits: int
) -> None:
    body = compressed(SERVER_INFO, wbits)
    scripted_server.script(INFO_PATH, Reply(200, body, {"Content-Encoding": coding}))
    client = make_client(scripted_server.base_url, "tok")

    assert client.get_server_info().softwareVersion == "4.2.0.22617"


def test_a_coding_that_was_not_asked_for_is_refused(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    scripted_server.script(INFO_PATH, Reply(200, b"\x0b\x80{}\x03", {"Content-Encoding": "br"}))
    client = make_client(scripted_server.base_url, "tok", max_retries=0)

    with pytest.raises(SectraConnectionError, match="'br'"):
        client.get_server_info()


def test_a_body_that_does_not_decode_fails_the_call(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    scripted_server.script(INFO_PATH, Reply(200, b"not gzip at all", {"Content-Encoding": "gzip"}))
    client = make_client(scripted_server.base_url, "tok", max_retries=0)

    with pytest.raises(SectraConnectionError, match="does not decode"):
        client.get_server_info()


def test_a_compressed_error_body_is_cut_before_it_grows(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    """A 256 KiB gzip bomb that inflates to 256 MiB, as a 500's body."""
    scripted_server.script(INFO_PATH, Reply(500, bomb(256 * MIB), {"Content-Encoding": "gzip"}))
    client = make_client(scripted_server.base_url, "tok", max_retries=0)
    errors: list[ServerError] = []

    def call() -> None:
        try:
            client.get_server_info()
        except ServerError as error:
            errors.append(error)

    peak = peak_traced_mib(call)

    assert [error.status_code for error in errors] == [500]
    assert peak < 8  # the excerpt (64 KiB), one decoding step, one network read
    assert MAX_ERROR_BODY_BYTES + DECODE_STEP_BYTES < 8 * MIB


def test_a_compressed_answer_larger_than_the_limit_is_refused_in_bounded_memory(
    make_client: ClientFactory, scripted_server: ScriptedServer
) -> None:
    decoded = MAX_RESPONSE_BODY_BYTES + 16 * MIB
    scripted_server.script(INFO_PATH, Reply(200, bomb(decoded), {"Content-Encoding": "gzip"}))
    client = make_client(scripted_server.base_url, "tok", max_retries=0)
    errors: list[SectraConnectionError] = []

    def call() -> None:
        try:
            client.get_server_info()
        except SectraConnectionError as error:
            errors.append(error)

    peak = peak_traced_mib(call)

    assert len(errors) == 1
    assert str(errors[0]).endswith(
        "BodyTooLarge: the response body is larger than 256 MiB; it was not read further"
    )
    assert peak < MAX_RESPONSE_BODY_BYTES / MIB + 16
