"""Base-URL safety rules and path helpers."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sectra_client._urls import is_loopback_host, join_url, quote_path_segment, validate_base_url
from sectra_client.errors import InsecureURLError

SECTRA_BASE = "https://pacs.example/SectraPathologyServer/external/imageanalysis/v1"


def test_https_is_accepted_and_gets_one_trailing_slash() -> None:
    assert validate_base_url(SECTRA_BASE) == SECTRA_BASE + "/"


@pytest.mark.parametrize("suffix", ["/", "//", "///"])
def test_extra_trailing_slashes_are_collapsed(suffix: str) -> None:
    assert validate_base_url(SECTRA_BASE + suffix) == SECTRA_BASE + "/"


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8080/api",
        "http://LOCALHOST/api",
        "http://127.0.0.1:9000/",
        "http://127.8.9.10/",
        "http://[::1]:9000/api",
    ],
)
def test_plain_http_to_loopback_is_accepted_unchanged(url: str) -> None:
    assert validate_base_url(url).startswith("http://")


@pytest.mark.parametrize(
    "url",
    [
        "http://pacs.example/api",
        "http://10.0.0.5/",
        "http://0.0.0.0/",
        "http://localhost.evil.example/",
        "http://127.0.0.1.nip.io/",
    ],
)
def test_plain_http_to_any_other_host_is_refused(url: str) -> None:
    with pytest.raises(InsecureURLError, match="allow_insecure_http=True"):
        validate_base_url(url)


def test_plain_http_is_accepted_when_explicitly_allowed_and_not_upgraded() -> None:
    assert validate_base_url("http://pacs.example/api", allow_insecure_http=True) == (
        "http://pacs.example/api/"
    )


@pytest.mark.parametrize(
    "url", ["ftp://pacs.example/", "file:///etc/passwd", "ws://localhost/", "pacs.example/api"]
)
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="https://"):
        validate_base_url(url, allow_insecure_http=True)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https:///api", "no host"),
        ("https://user:secret@pacs.example/api", "credentials"),
        ("https://pacs.example/api?x=1", "query"),
        ("https://pacs.example/api#frag", "fragment"),
    ],
)
def test_malformed_base_urls_are_refused(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem) as raised:
        validate_base_url(url)
    assert "secret" not in str(raised.value)


@pytest.mark.parametrize(
    "host",
    ["localhost", "localhost.", "127.0.0.1", "127.255.0.1", "::1", "[::1]", "::ffff:127.0.0.1"],
)
def test_loopback_hosts(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize(
    "host", ["pacs.example", "10.0.0.1", "::2", "0.0.0.0", "127.1", "mylocalhost"]
)
def test_hosts_that_are_not_loopback(host: str) -> None:
    assert not is_loopback_host(host)


def test_a_path_segment_is_fully_percent_encoded() -> None:
    assert quote_path_segment("a/b c") == "a%2Fb%20c"


@pytest.mark.parametrize(("segment", "encoded"), [(".", "%2E"), ("..", "%2E%2E"), (42, "42")])
def test_dot_segments_and_numbers(segment: str | int, encoded: str) -> None:
    assert quote_path_segment(segment) == encoded


@settings(max_examples=200, deadline=None)
@given(value=st.text(min_size=1))
def test_an_encoded_segment_decodes_back_and_has_no_separator(value: str) -> None:
    segment = quote_path_segment(value)
    assert not {"/", "?", "#"} & set(segment)
    assert segment not in (".", "..")
    assert unquote(segment) == value


def test_joining_keeps_the_base_path_and_the_encoding() -> None:
    base = validate_base_url(SECTRA_BASE)
    assert join_url(base, "/slides/a%2Fb%20c/info") == SECTRA_BASE + "/slides/a%2Fb%20c/info"
