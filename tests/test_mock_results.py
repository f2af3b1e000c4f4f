"""Results, attachments and quality control: ids, versions, conflicts and validation."""

from __future__ import annotations

import copy
import gc
import json
import tracemalloc
from typing import Any

import pytest
from mock_support import api, result_body

from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import QualityControlStatus


def _patches(*, action_state: object = 0, patch_size: object = 64) -> dict[str, Any]:
    square = result_body()["data"]["result"]["content"][0]["polygons"][0]
    return {
        "type": "patchCollection",
        "content": {
            "description": "Mitoses",
            "polygons": [square],
            "patches": [{"tag": 0, "position": {"x": 0.2, "y": 0.2}, "sortKeyValue": 0.9}],
            "tags": ["mitosis"],
            "patchSize": patch_size,
            "magnification": 40.0,
            "actions": [{"id": "recount", "name": "Recount", "state": action_state}],
        },
    }


def test_creating_a_result_answers_201_with_an_id_and_a_version(
    sectra_mock: MockSectraServer,
) -> None:
    with api(sectra_mock) as http:
        reply = http.post("/applications/my-app/results", json=result_body())
    assert reply.status_code == 201
    body = reply.json()
    assert body["id"] == 1
    assert body["versionId"]
    assert body["displayProperties"] == {"Confidence": "95%", "Cells": 1204, "Index": 18.5}
    assert sectra_mock.get_results("my-app", "slide-1")[0].versionId == body["versionId"]


def test_result_ids_are_counted_per_application(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        ids = [
            http.post(f"/applications/{app}/results", json=result_body()).json()["id"]
            for app in ("app-a", "app-a", "app-b")
        ]
    assert ids == [1, 2, 1]


def test_unknown_fields_survive_storage(sectra_mock: MockSectraServer) -> None:
    body = result_body(addedInApi2={"nested": [1, "two"]})
    with api(sectra_mock) as http:
        created = http.post("/applications/my-app/results", json=body).json()
        read = http.get(f"/applications/my-app/results/{created['id']}").json()
    assert read["addedInApi2"] == {"nested": [1, "two"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"slideId": None}, "body.slideId"),
        ({"displayResult": 5}, "body.displayResult"),
        ({"data": {"result": {"type": "primitive"}}}, "body.data.result.primitive.content"),
        ({"data": {"result": {"content": []}}}, "body.data.result"),
        ({"displayProperties": {"flag": True}}, "body.displayProperties.flag"),
        ({"attachments": [{"name": "a"}]}, "body.attachments.0.state"),
        ({"data": {"result": _patches(action_state=False)}}, "content.actions.0.state"),
        (
            {"data": {"result": {"type": "primitive", "content": [{"polygons": [None]}]}}},
            "body.data.result.primitive.content.0.polygons.0",
        ),
        ({"data": {"result": _patches(patch_size=None)}}, "content.patchSize"),
    ],
    ids=[
        "null",
        "wrong-type",
        "missing-content",
        "missing-type",
        "bool-property",
        "missing-state",
        "bool",
        "null-item",
        "null-required-nested",
    ],
)
def test_a_body_that_breaks_the_schema_answers_422_naming_the_field(
    sectra_mock: MockSectraServer, change: dict[str, object], field: str
) -> None:
    with api(sectra_mock) as http:
        reply = http.post("/applications/my-app/results", json=result_body(**change))
    assert reply.status_code == 422
    assert field in reply.text
    assert sectra_mock.get_results("my-app", "slide-1") == []


def _with_nulls(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` with every optional field left unset sent as ``null``, as the PyPI client
    ``sectra-image-analysis-api`` sends it (its pydantic models dump ``None`` as ``null``)."""
    nulled = copy.deepcopy(body)
    nulled["attachments"] = None
    nulled["displayProperties"] = None
    item = nulled["data"]["result"]["content"][0]
    item["style"]["fillStyle"] = None
    item.update(polylines=None, arcs=None, labels=None)
    return nulled


def _stored_part(result: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in result.items() if name not in ("id", "versionId")}


def test_null_in_an_optional_field_is_stored_as_if_the_field_were_left_out(
    sectra_mock: MockSectraServer,
) -> None:
    plain = result_body()
    del plain["displayProperties"]
    with api(sectra_mock) as http:
        with_nulls = http.post("/applications/my-app/results", json=_with_nulls(plain))
        without = http.post("/applications/my-app/results", json=plain).json()
        read = http.get(f"/applications/my-app/results/{with_nulls.json()['id']}").json()
    assert with_nulls.status_code == 201
    assert _stored_part(with_nulls.json()) == _stored_part(read) == _stored_part(without)
    assert "attachments" not in read
    assert read["data"]["result"]["content"][0]["style"] == {"strokeStyle": "#FF0000", "size": 2}


def test_null_in_an_optional_field_of_a_patch_result_reads_as_its_default(
    sectra_mock: MockSectraServer,
) -> None:
    patches = _patches()
    patches["content"]["statuses"] = {"allowVerify": {"value": None, "message": None}}
    patches["content"]["actions"][0]["tooltip"] = None
    body = result_body(data={"result": patches})
    with api(sectra_mock) as http:
        reply = http.post("/applications/my-app/results", json=body)
    content = reply.json()["data"]["result"]["content"]
    assert reply.status_code == 201
    assert content["statuses"] == {"allowVerify": {"value": True}}
    assert "tooltip" not in content["actions"][0]


def test_an_update_with_nulls_in_optional_fields_is_stored(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        created = http.post("/applications/my-app/results", json=result_body()).json()
        edited = {**_with_nulls(created), "displayResult": "edited"}
        reply = http.put(f"/applications/my-app/results/{created['id']}", json=edited)
    assert reply.status_code == 200
    assert reply.json()["displayResult"] == "edited"
    assert "attachments" not in reply.json()


def test_whole_numbers_written_as_decimals_are_integers_as_in_json_schema(
    sectra_mock: MockSectraServer,
) -> None:
    body = result_body(data={"result": _patches(patch_size=64.0)})
    with api(sectra_mock) as http:
        reply = http.post("/applications/my-app/results", json=body)
    assert reply.status_code == 201
    assert reply.json()["data"]["result"]["content"]["patchSize"] == 64


def test_a_missing_field_is_named_too(sectra_mock: MockSectraServer) -> None:
    body = result_body()
    del body["slideId"]
    with api(sectra_mock) as http:
        reply = http.post("/applications/my-app/results", json=body)
    assert (reply.status_code, "body.slideId: Field required" in reply.text) == (422, True)


def test_a_large_stored_result_takes_less_memory_than_its_json(
    sectra_mock: MockSectraServer,
) -> None:
    points = [{"x": index / 10_000, "y": (index % 7) / 10} for index in range(10_000)]
    body = result_body()
    body["data"]["result"]["content"] = [{"polygons": [{"points": points}]}]
    raw = json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    with api(sectra_mock) as http:
        http.post("/applications/my-app/results", content=raw, headers=headers)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            http.post("/applications/my-app/results", content=raw, headers=headers)
            gc.collect()
            growth = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        read = http.get("/applications/my-app/results/2").json()
    assert growth < len(raw)
    assert read["data"]["result"]["content"][0]["polygons"][0]["points"][-1] == points[-1]


def test_a_body_that_is_not_json_answers_400(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        reply = http.post(
            "/applications/my-app/results",
            content=b"{not json",
            headers={"Content-Type": "application/json"},
        )
    assert reply.status_code == 400


def test_a_body_that_is_not_declared_json_answers_415(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        reply = http.post("/applications/my-app/results", data={"slideId": "x"})
    assert reply.status_code == 415


def test_reading_an_unknown_result_answers_404(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        http.post("/applications/app-a/results", json=result_body())
        assert http.get("/applications/app-b/results/1").status_code == 404
        assert http.get("/applications/app-a/results/2").status_code == 404
        assert http.get("/applications/app-a/results/-1").status_code == 422


def test_an_update_with_the_current_version_rotates_the_version(
    sectra_mock: MockSectraServer,
) -> None:
    with api(sectra_mock) as http:
        created = http.post("/applications/my-app/results", json=result_body()).json()
        edited = {**created, "displayResult": "Ki67 index: 20.1 %"}
        reply = http.put(f"/applications/my-app/results/{created['id']}", json=edited)
        read = http.get(f"/applications/my-app/results/{created['id']}").json()
    assert reply.status_code == 200
    assert reply.json()["versionId"] != created["versionId"]
    assert read == reply.json()
    assert read["displayResult"] == "Ki67 index: 20.1 %"


def test_an_update_with_a_stale_version_answers_409_and_changes_nothing(
    sectra_mock: MockSectraServer,
) -> None:
    with api(sectra_mock) as http:
        created = http.post("/applications/my-app/results", json=result_body()).json()
        path = f"/applications/my-app/results/{created['id']}"
        assert http.put(path, json={**created, "displayResult": "first"}).status_code == 200
        stale = http.put(path, json={**created, "displayResult": "second"})
    assert stale.status_code == 409
    assert sectra_mock.get_result("my-app", created["id"]).displayResult == "first"


@pytest.mark.parametrize(
    ("change", "status"),
    [({"id": 7}, 409), ({"slideId": "other-slide"}, 409), ({"versionId": None}, 422)],
    ids=["other-id", "other-slide", "no-version"],
)
def test_an_update_that_changes_what_the_result_is_is_refused(
    sectra_mock: MockSectraServer, change: dict[str, object], status: int
) -> None:
    with api(sectra_mock) as http:
        created = http.post("/applications/my-app/results", json=result_body()).json()
        reply = http.put("/applications/my-app/results/1", json={**created, **change})
    assert reply.status_code == status


def test_updating_an_unknown_result_answers_404(sectra_mock: MockSectraServer) -> None:
    body = {**result_body(), "id": 3, "versionId": "v"}
    with api(sectra_mock) as http:
        assert http.put("/applications/my-app/results/3", json=body).status_code == 404


def test_listing_answers_this_applications_results_on_the_slide_oldest_first(
    sectra_mock: MockSectraServer,
) -> None:
    with api(sectra_mock) as http:
        for app, slide, text in [
            ("my-app", "s1", "first"),
            ("my-app", "s2", "elsewhere"),
            ("other", "s1", "not mine"),
            ("my-app", "s1", "second"),
        ]:
            http.post(f"/applications/{app}/results", json=result_body(slide, displayResult=text))
        http.put(
            "/applications/my-app/results/1",
            json=sectra_mock.get_result("my-app", 1).model_dump(mode="json"),
        )
        listed = http.get("/applications/my-app/results/slide/s1").json()
        empty = http.get("/applications/my-app/results/slide/s9").json()
    assert [item["displayResult"] for item in listed] == ["first", "second"]
    assert empty == []


def test_a_strict_mock_lists_and_stores_only_for_registered_slides_and_applications(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.strict = True
    with api(sectra_mock) as http:
        assert http.get("/applications/my-app/results/slide/s1").status_code == 404
        assert http.post("/applications/my-app/results", json=result_body("s1")).status_code == 404
        sectra_mock.add_application("my-app")
        sectra_mock.add_slide("s1")
        assert http.post("/applications/my-app/results", json=result_body("s1")).status_code == 201


@pytest.fixture
def attachment(sectra_mock: MockSectraServer) -> bytes:
    data = bytes(range(256)) * 4
    sectra_mock.add_result("my-app", result_body())
    sectra_mock.add_attachment("my-app", 1, "cells.csv", data)
    return data


def test_an_attachment_is_served_whole_and_listed_on_its_result(
    sectra_mock: MockSectraServer, attachment: bytes
) -> None:
    with api(sectra_mock) as http:
        reply = http.get("/applications/my-app/results/1/attachments", params={"name": "cells.csv"})
        result = http.get("/applications/my-app/results/1").json()
    assert (reply.status_code, reply.content) == (200, attachment)
    assert reply.headers["Accept-Ranges"] == "bytes"
    assert result["attachments"] == [{"name": "cells.csv", "state": "stored"}]


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-9", 0, 9), ("bytes=1000-", 1000, 1023), ("bytes=-24", 1000, 1023)],
    ids=["closed", "open", "suffix"],
)
def test_a_range_of_an_attachment_answers_206_with_content_range(
    sectra_mock: MockSectraServer, attachment: bytes, header: str, first: int, last: int
) -> None:
    with api(sectra_mock) as http:
        reply = http.get(
            "/applications/my-app/results/1/attachments",
            params={"name": "cells.csv"},
            headers={"Range": header},
        )
    assert reply.status_code == 206
    assert reply.headers["Content-Range"] == f"bytes {first}-{last}/1024"
    assert reply.content == attachment[first : last + 1]


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5-2", "bytes=-0"])
def test_an_unsatisfiable_range_answers_416(
    sectra_mock: MockSectraServer, attachment: bytes, header: str
) -> None:
    with api(sectra_mock) as http:
        reply = http.get(
            "/applications/my-app/results/1/attachments",
            params={"name": "cells.csv"},
            headers={"Range": header},
        )
    assert reply.status_code == 416
    assert reply.headers["Content-Range"] == "bytes */1024"


def test_a_malformed_range_answers_400(sectra_mock: MockSectraServer, attachment: bytes) -> None:
    with api(sectra_mock) as http:
        reply = http.get(
            "/applications/my-app/results/1/attachments",
            params={"name": "cells.csv"},
            headers={"Range": "bytes=0-1,5-6"},
        )
    assert reply.status_code == 400


def test_unknown_attachments_and_results_answer_404(
    sectra_mock: MockSectraServer, attachment: bytes
) -> None:
    with api(sectra_mock) as http:
        other_name = http.get("/applications/my-app/results/1/attachments", params={"name": "x"})
        other_result = http.get(
            "/applications/my-app/results/2/attachments", params={"name": "cells.csv"}
        )
    assert (other_name.status_code, other_result.status_code) == (404, 404)


def test_attaching_to_an_unknown_result_is_refused(sectra_mock: MockSectraServer) -> None:
    with pytest.raises(LookupError):
        sectra_mock.add_attachment("my-app", 5, "x", b"")


def _quality(status: str, version: str) -> dict[str, object]:
    return {"applicationVersion": "1.0", "qualityControl": {"status": status, "versionId": version}}


def test_quality_control_with_the_current_version_is_stored(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        current = http.get("/slides/slide-1/info").json()["qualityControl"]
        reply = http.put(
            "/slides/slide-1/qualityControl", json=_quality("Rejected", current["versionId"])
        )
        after = http.get("/slides/slide-1/info").json()["qualityControl"]
    assert reply.status_code == 200
    assert after["status"] == "Rejected"
    assert after["versionId"] != current["versionId"]
    assert sectra_mock.get_quality_control("slide-1").status == QualityControlStatus.REJECTED


def test_quality_control_with_a_stale_version_answers_409(sectra_mock: MockSectraServer) -> None:
    version = sectra_mock.get_quality_control("slide-1").versionId
    with api(sectra_mock) as http:
        assert (
            http.put(
                "/slides/slide-1/qualityControl", json=_quality("QualityOk", version)
            ).status_code
            == 200
        )
        stale = http.put("/slides/slide-1/qualityControl", json=_quality("Rejected", version))
    assert stale.status_code == 409
    assert sectra_mock.get_quality_control("slide-1").status == QualityControlStatus.QUALITY_OK


def test_quality_control_validates_its_body(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        reply = http.put("/slides/slide-1/qualityControl", json={"applicationVersion": "1"})
    assert reply.status_code == 422
    assert "body.qualityControl" in reply.text


def test_quality_control_of_an_unknown_slide_answers_404_when_strict(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.strict = True
    with api(sectra_mock) as http:
        reply = http.put("/slides/unknown/qualityControl", json=_quality("QualityOk", "v"))
    assert reply.status_code == 404
