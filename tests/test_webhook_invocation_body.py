"""Reading invocation bodies: any bad body is refused with a message that names the field
and never repeats the callback token (the toolkit's 422 detail)."""

from __future__ import annotations

import contextlib
import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sectra_client.schemas import UnknownInvocation
from sectra_client.webhook._invocation_body import (
    InvalidInvocation,
    read_invocation,
    read_notification,
)

TOKEN = "eyJhbGciOi-example-callback-token"
TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."


def create_body(token: str) -> dict[str, Any]:
    return {
        "action": "create",
        "applicationId": "tissue-app",
        "slideId": "slide-1",
        "callbackInfo": {"url": "https://pacs.example/api", "token": token},
        "context": {"model": "v7"},
        "cancellationToken": "run-1",
        "input": {
            "type": "taggedPolygon",
            "content": {
                "polygon": {
                    "points": [{"x": 0.1, "y": 0.1}, {"x": 0.2, "y": 0.1}, {"x": 0.2, "y": 0.2}]
                },
                "tags": ["tumour"],
                "tagIndex": 0,
            },
        },
    }


def leaf_paths(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(value, dict):
        return [path for key, item in value.items() for path in leaf_paths(item, (*prefix, key))]
    if isinstance(value, list):
        return [path for i, item in enumerate(value) for path in leaf_paths(item, (*prefix, i))]
    return [prefix]


def replaced(body: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    spoiled = copy.deepcopy(body)
    target: Any = spoiled
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return spoiled


PATHS = leaf_paths(create_body(TOKEN))


def test_the_unspoiled_body_is_a_valid_invocation() -> None:
    assert read_invocation(json.dumps(create_body(TOKEN)).encode()).action == "create"


@settings(max_examples=150, deadline=None)
@given(
    token=st.text(TOKEN_ALPHABET, min_size=12, max_size=40),
    path=st.sampled_from(PATHS),
    spoil=st.sampled_from(["token", "token in a list", "token in an object", "number", "null"]),
)
def test_refusal_names_a_field_and_never_repeats_the_token(
    token: str, path: tuple[str | int, ...], spoil: str
) -> None:
    values = {
        "token": token,
        "token in a list": [token],
        "token in an object": {"value": token},
        "number": 12345,
        "null": None,
    }
    body = replaced(create_body(token), path, values[spoil])

    try:
        read_invocation(json.dumps(body).encode())
    except InvalidInvocation as error:
        message = str(error)
        assert message.startswith("invalid invocation: ")
        assert token not in message
        assert ": " in message.removeprefix("invalid invocation: ")


@settings(max_examples=150, deadline=None)
@given(
    body=st.binary(max_size=200)
    | st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.sampled_from(["action", "slideId", "input", "type"]), children)
        ),
        max_leaves=10,
    ).map(lambda value: json.dumps(value).encode())
)
def test_any_body_is_an_invocation_or_refused_as_invalid(body: bytes) -> None:
    with contextlib.suppress(InvalidInvocation):
        read_invocation(body)


def test_missing_callback_url_is_named_by_its_json_path() -> None:
    body = create_body(TOKEN)
    del body["callbackInfo"]["url"]

    with pytest.raises(InvalidInvocation, match=r"^invalid invocation: callbackInfo\.url: Field"):
        read_invocation(json.dumps(body).encode())


def test_bad_point_is_named_by_its_json_path_without_union_tags() -> None:
    body = replaced(create_body(TOKEN), ("input", "content", "polygon", "points", 1, "x"), "left")

    with pytest.raises(InvalidInvocation, match=r"input\.content\.polygon\.points\[1\]\.x: "):
        read_invocation(json.dumps(body).encode())


def test_an_action_that_is_not_a_string_is_named_as_the_action_field() -> None:
    body = {**create_body(TOKEN), "action": 7}

    with pytest.raises(InvalidInvocation, match=r"^invalid invocation: action: Input should be"):
        read_invocation(json.dumps(body).encode())


def test_an_unknown_action_is_read_as_an_unknown_invocation() -> None:
    body = {**create_body(TOKEN), "action": "explode"}

    invocation = read_invocation(json.dumps(body).encode())

    assert isinstance(invocation, UnknownInvocation)
    assert invocation.action == "explode"
    assert invocation.model_dump()["input"] == body["input"]


def test_notification_of_another_action_names_the_action() -> None:
    with pytest.raises(
        InvalidInvocation, match=r"^invalid image notification: action: Input should be"
    ):
        read_notification(json.dumps(create_body(TOKEN)).encode())
