"""Property tests of the recording scrubber over generated payloads: no sensitive value
survives, placeholders are consistent, and scrubbing twice changes nothing more."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sectra_client.recording import Scrubber
from sectra_client.recording._sensitive import sensitive_names

NAMES = sensitive_names()
# Letters no placeholder, field name or JSON syntax uses, so a value found in the output can
# only be a leak (patient names are full of such letters).
SENSITIVE_TEXT = st.text(alphabet="äöüßéñçøåæ ", min_size=4, max_size=12).filter(
    lambda text: text.strip() == text and text
)
PLAIN_TEXT = st.text(alphabet="abcdefgh0123456789 .", max_size=12)


SENSITIVE_FIELDS = sorted(NAMES.phi_fields | NAMES.secret_fields)


@st.composite
def payloads(draw: st.DrawFn) -> tuple[Any, set[str]]:
    """A JSON payload that hides sensitive values in sensitive fields at any depth, and the
    values it hides; plain fields may repeat a hidden value inside longer text."""
    pool = draw(st.lists(SENSITIVE_TEXT, min_size=1, max_size=4, unique=True))

    def node(depth: int) -> Any:
        kind = draw(st.sampled_from(["sensitive", "plain", "object", "list"]))
        if depth > 3 or kind == "plain":
            if draw(st.booleans()):
                return f"{draw(PLAIN_TEXT)}{draw(st.sampled_from(pool))}"
            return draw(st.one_of(PLAIN_TEXT, st.integers(), st.none(), st.booleans()))
        if kind == "sensitive":
            return {draw(st.sampled_from(SENSITIVE_FIELDS)): draw(st.sampled_from(pool))}
        if kind == "list":
            return [node(depth + 1) for _ in range(draw(st.integers(0, 3)))]
        return {
            draw(st.sampled_from(["a", "b", "slideId", "info"])): node(depth + 1)
            for _ in range(draw(st.integers(0, 3)))
        }

    # Every value of the pool sits in a sensitive field somewhere, so the scrubber can know it.
    payload = [{draw(st.sampled_from(SENSITIVE_FIELDS)): value} for value in pool]
    payload += [node(0) for _ in range(draw(st.integers(0, 4)))]
    return draw(st.permutations(payload)), set(pool)


@settings(max_examples=200, deadline=None)
@given(payloads())
def test_no_sensitive_value_survives_a_scrub(case: tuple[Any, set[str]]) -> None:
    payload, hidden = case
    scrubber = Scrubber()
    scrubber.json(payload)  # what the cassette writer does first: learn every value
    text = json.dumps(scrubber.json(payload), ensure_ascii=False)

    assert [value for value in hidden if value in text] == []


@settings(max_examples=200, deadline=None)
@given(payloads())
def test_scrubbing_is_consistent_and_idempotent(case: tuple[Any, set[str]]) -> None:
    payload, _ = case
    scrubber = Scrubber()
    scrubber.json(payload)  # learn every value, as the cassette writer does
    once = scrubber.json(payload)

    assert scrubber.json(payload) == once
    assert scrubber.json(once) == once


@given(SENSITIVE_TEXT)
def test_a_value_keeps_its_placeholder_across_fields_headers_paths_and_queries(
    value: str,
) -> None:
    scrubber = Scrubber()
    placeholder = scrubber.json({"accessionNumber": value})["accessionNumber"]

    path = scrubber.path(f"/requests/{value}/images/info", {2: "accessionNumber"})
    query = scrubber.query([("accessionNumberIssuer", value), ("requestId", value)])
    error_text = scrubber.sweep(f"no case {value} here")

    assert placeholder.startswith("PHI-accessionNumber-")
    assert path == f"/requests/{placeholder}/images/info"
    assert query == [("accessionNumberIssuer", placeholder), ("requestId", placeholder)]
    assert error_text == f"no case {placeholder} here"


@given(SENSITIVE_TEXT)
def test_a_bearer_token_and_the_same_callback_token_share_a_placeholder(token: str) -> None:
    scrubber = Scrubber()
    [(_, header)] = scrubber.headers([("Authorization", f"Bearer {token}")])
    body = scrubber.json({"callbackInfo": {"url": "u", "token": token}})

    assert header == f"Bearer {body['callbackInfo']['token']}"
    assert token not in header
