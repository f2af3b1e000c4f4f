"""The clients' I/O-free parts: launch URLs, body parsing with the collector paused, labels."""

from __future__ import annotations

import gc
import threading
import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from sectra_client import LabelImage, SectraConnectionError
from sectra_client._launch import parse_launch_url
from sectra_client._parsing import GC_PAUSE_THRESHOLD, collector_paused, parse_body
from sectra_client.schemas import Point, Size

API = "https://pacs.example/SectraPathologyServer/external/imageanalysis/v1"
query_values = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1
)


@settings(max_examples=60, deadline=None)
@given(request_id=query_values, session_token=query_values)
def test_a_launch_url_gives_back_its_parameters(request_id: str, session_token: str) -> None:
    query = urllib.parse.urlencode({"requestId": request_id, "sessionToken": session_token})

    launch = parse_launch_url(f"{API}/launchdata?{query}")

    assert (launch.api_url, launch.request_id, launch.session_token) == (
        API,
        request_id,
        session_token,
    )


@settings(max_examples=60, deadline=None)
@given(request_id=query_values, session_token=query_values)
def test_a_wrapped_launch_url_gives_back_its_parameters(
    request_id: str, session_token: str
) -> None:
    query = urllib.parse.urlencode({"requestId": request_id, "sessionToken": session_token})
    page = "https://app.example/?" + urllib.parse.urlencode(
        {"launchUrl": f"{API}/launchdata?{query}"}
    )

    launch = parse_launch_url(page)

    assert (launch.request_id, launch.session_token) == (request_id, session_token)


def test_a_launch_url_keeps_an_encoded_base_path_and_hides_its_secrets() -> None:
    launch = parse_launch_url(
        "https://pacs.example/Sectra%20Server/v1/launchdata/?requestId=ACC-1&sessionToken=s3cr3t&appId=x"
    )

    assert launch.api_url == "https://pacs.example/Sectra%20Server/v1"
    assert "ACC-1" not in repr(launch)
    assert "s3cr3t" not in repr(launch)


def test_the_collector_is_paused_inside_and_restored_after(collector_enabled: None) -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()

    assert gc.isenabled()


def test_the_collector_is_restored_after_an_exception(collector_enabled: None) -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("parsing failed")

    assert gc.isenabled()


def test_a_collector_disabled_by_the_app_stays_disabled(collector_enabled: None) -> None:
    gc.disable()

    with collector_paused():
        pass

    assert not gc.isenabled()


def test_the_collector_stays_paused_while_another_thread_parses(collector_enabled: None) -> None:
    inside, release = threading.Event(), threading.Event()

    def other_parse() -> None:
        with collector_paused():
            inside.set()
            release.wait(5)

    other = threading.Thread(target=other_parse)
    other.start()
    inside.wait(5)
    with collector_paused():
        pass
    paused_after_ours = not gc.isenabled()
    release.set()
    other.join(5)

    assert paused_after_ours
    assert gc.isenabled()


def test_what_a_pause_made_ends_in_the_oldest_generation(collector_enabled: None) -> None:
    with collector_paused():
        made = [[index] for index in range(1_000)]

    oldest = {id(tracked) for tracked in gc.get_objects(generation=2)}
    assert id(made) in oldest
    assert all(id(item) in oldest for item in made)
    assert gc.isenabled()


def test_objects_the_app_froze_stay_frozen_through_a_pause(collector_enabled: None) -> None:
    frozen_by_the_app = [["kept out of every collection"]]
    gc.freeze()
    try:
        with collector_paused():
            made = [[index] for index in range(1_000)]

        # get_objects() lists the three generations, not the frozen objects.
        collected_ones = {id(tracked) for tracked in gc.get_objects()}
        assert id(frozen_by_the_app) not in collected_ones
        assert id(made) in collected_ones
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_a_large_body_parses_like_a_small_one(collector_enabled: None) -> None:
    adapter = TypeAdapter(list[Point])
    count = GC_PAUSE_THRESHOLD // 20 + 1
    body = b"[" + b",".join([b'{"x": 0.5, "y": 0.25}'] * count) + b"]"

    points = parse_body(adapter, body, what="points", request="GET /p", pause_gc=True)

    assert len(body) >= GC_PAUSE_THRESHOLD
    assert len(points) == count
    assert points[-1] == Point(x=0.5, y=0.25)
    assert gc.isenabled()


def test_a_body_with_many_problems_names_the_first_five() -> None:
    body = b'[{"width": "w1", "height": "h1"}, {"width": "w2"}, {}, {}]'

    with pytest.raises(SectraConnectionError) as raised:
        parse_body(
            TypeAdapter(list[Size]), body, what="sizes", request="GET /sizes", pause_gc=False
        )

    message = str(raised.value)
    assert message.startswith("GET /sizes: the response is not a valid sizes: 0.width (int_")
    assert message.endswith("and 3 more")
    assert "w1" not in message


def test_a_body_that_is_not_json_says_so() -> None:
    with pytest.raises(SectraConnectionError, match=r"\(body\) \(json_invalid\)"):
        parse_body(
            TypeAdapter(Size), b"<html>oops</html>", what="Size", request="GET /s", pause_gc=False
        )


def test_a_label_repr_shows_size_and_type_not_bytes() -> None:
    label = LabelImage(b"\xff\xd8PATIENT NAME\xff\xd9", "image/jpeg")

    assert repr(label) == "LabelImage(<16 bytes of image/jpeg>)"
