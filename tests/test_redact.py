"""Display paths and scrubbing: no secret or PHI value reaches a message."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from sectra_client._redact import REDACTED, display_path, scrub


def test_an_encoded_accession_number_is_redacted_from_the_path() -> None:
    path = "/requests/ACC%201%2F2/images/info"
    assert display_path(path, ["ACC 1/2"]) == f"/requests/{REDACTED}/images/info"


def test_a_raw_accession_number_is_redacted_from_the_path() -> None:
    assert display_path("/requests/ACC123/images/info", ["ACC123"]) == (
        f"/requests/{REDACTED}/images/info"
    )


def test_the_query_string_is_dropped() -> None:
    path = "/slides/s1/request/images/info?includePHI=true&accessionNumberIssuer=HOSP"
    assert display_path(path) == "/slides/s1/request/images/info"


def test_a_path_without_phi_is_unchanged() -> None:
    assert display_path("/slides/abc/info", []) == "/slides/abc/info"


def test_empty_phi_values_change_nothing() -> None:
    assert display_path("/slides/abc/info", [""]) == "/slides/abc/info"


def test_a_token_is_scrubbed_from_text() -> None:
    text = "<html>invalid token s3cr3t-T0ken for user</html>"
    assert scrub(text, ["s3cr3t-T0ken"]) == f"<html>invalid token {REDACTED} for user</html>"


def test_a_url_encoded_token_is_scrubbed() -> None:
    assert "a+b/c" not in scrub("token=a%2Bb%2Fc", ["a+b/c"])
    assert "a%2Bb%2Fc" not in scrub("token=a%2Bb%2Fc", ["a+b/c"])


def test_any_bearer_credential_is_scrubbed_even_when_unknown() -> None:
    assert scrub("echo: Authorization: Bearer abc.DEF-123_x==") == (
        f"echo: Authorization: Bearer {REDACTED}"
    )


def test_the_longest_secret_wins_when_secrets_overlap() -> None:
    assert scrub("key=abcdef", ["abc", "abcdef"]) == f"key={REDACTED}"


phi_values = st.text(min_size=1, max_size=20).filter(lambda value: value not in REDACTED)


@settings(max_examples=200, deadline=None)
@given(value=phi_values, prefix=st.text(max_size=10), suffix=st.text(max_size=10))
def test_no_form_of_a_phi_value_survives_in_a_display_path(
    value: str, prefix: str, suffix: str
) -> None:
    path = f"/requests/{quote(prefix, safe='')}{quote(value, safe='')}{quote(suffix, safe='')}/info"
    shown = display_path(path, [value])
    for remnant in shown.split(REDACTED):
        assert quote(value, safe="") not in remnant


@settings(max_examples=200, deadline=None)
@given(secret=phi_values, text=st.text(max_size=50))
def test_no_secret_survives_scrubbing(secret: str, text: str) -> None:
    scrubbed = scrub(text + secret + text, [secret])
    for remnant in scrubbed.split(REDACTED):
        assert secret not in remnant


def test_words_after_bearer_are_left_alone() -> None:
    for text in ("the bearer token is not valid", "Bearer credentials were refused"):
        assert scrub(text) == text


def test_a_credential_after_bearer_is_scrubbed_when_it_looks_like_one() -> None:
    assert scrub("bearer s3cr3t refused") == f"bearer {REDACTED} refused"
    long_value = "AbCdEfGhIjKlMnOpQrStUvWx"
    assert scrub(f"Bearer {long_value}") == f"Bearer {REDACTED}"


def test_an_authorization_header_value_is_always_scrubbed() -> None:
    assert scrub("Authorization: Bearer sometoken") == f"Authorization: Bearer {REDACTED}"
    assert scrub("{'authorization': 'Bearer abc'}") == f"{{'authorization': 'Bearer {REDACTED}'}}"
