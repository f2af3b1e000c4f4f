"""Slide info and its scoping, labels, and the case image lists."""

from __future__ import annotations

import io

import pytest
from mock_support import api
from PIL import Image

from sectra_client.mock_server import MockSectraServer
from sectra_client.mock_server._metadata import EXTENDED_FIELDS, PHI_FIELDS
from sectra_client.schemas import ImageInfo

BASIC_FIELDS = {
    "id",
    "isStreamable",
    "imageSize",
    "tileSize",
    "micronsPerPixel",
    "focalPlanes",
    "opticalPaths",
    "storedTileFormat",
    "availableTileFormats",
    "fileFormat",
    "staining",
    "block",
    "specimen",
    "qualityControl",
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, BASIC_FIELDS),
        ({"scope": "extended"}, BASIC_FIELDS | EXTENDED_FIELDS),
        ({"includePHI": "true"}, BASIC_FIELDS | PHI_FIELDS),
        ({"scope": "extended", "includePHI": "true"}, BASIC_FIELDS | EXTENDED_FIELDS | PHI_FIELDS),
        ({"includePHI": "false"}, BASIC_FIELDS),
    ],
    ids=["basic", "extended", "phi", "both", "phi-false"],
)
def test_slide_info_shows_extended_and_phi_fields_only_when_asked(
    sectra_mock: MockSectraServer, query: dict[str, str], expected: set[str]
) -> None:
    with api(sectra_mock) as http:
        reply = http.get("/slides/slide-1/info", params=query)
    assert reply.status_code == 200
    assert set(reply.json()) == expected


def test_phi_fields_are_the_ones_the_spec_marks() -> None:
    assert {"accessionNumber", "lisSlideId", "seriesInstanceUid", "examDateTime"} <= PHI_FIELDS
    assert "bodyPart" not in PHI_FIELDS


def test_unknown_slides_get_plausible_metadata_that_stays_the_same(
    sectra_mock: MockSectraServer,
) -> None:
    with api(sectra_mock) as http:
        first = http.get("/slides/never-seen/info").json()
        again = http.get("/slides/never-seen/info").json()
    info = ImageInfo.model_validate(first)
    assert first == again
    assert info.id == "never-seen"
    assert (info.imageSize.width, info.imageSize.height) == (100_000, 80_000)


def test_a_strict_mock_answers_404_for_unregistered_slides(sectra_mock: MockSectraServer) -> None:
    sectra_mock.strict = True
    sectra_mock.add_slide("known")
    with api(sectra_mock) as http:
        assert http.get("/slides/unknown/info").status_code == 404
        assert http.get("/slides/unknown/label").status_code == 404
        assert http.get("/slides/known/info").status_code == 200


def test_registered_metadata_is_served_as_given(sectra_mock: MockSectraServer) -> None:
    info = sectra_mock.get_slide("template").model_copy(
        update={"id": "custom", "micronsPerPixel": 0.5, "stationName": "SCANNER-7"}
    )
    sectra_mock.add_slide(info)
    with api(sectra_mock) as http:
        body = http.get("/slides/custom/info", params={"scope": "extended"}).json()
    assert (body["micronsPerPixel"], body["stationName"]) == (0.5, "SCANNER-7")


def test_slide_ids_are_percent_decoded_path_segments(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_slide("A 1/2")
    with api(sectra_mock) as http:
        reply = http.get("/slides/A%201%2F2/info")
    assert reply.json()["id"] == "A 1/2"


def test_include_phi_must_be_a_boolean(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        assert http.get("/slides/s/info", params={"includePHI": "TRUE"}).status_code == 200
        assert http.get("/slides/s/info", params={"includePHI": "yes"}).status_code == 422
        assert http.get("/slides/s/info", params={"scope": "everything"}).status_code == 422


def test_the_label_is_a_jpeg(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        reply = http.get("/slides/slide-1/label")
    assert reply.headers["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(reply.content)).format == "JPEG"


def test_a_slide_without_a_label_answers_204_with_no_body(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_slide("bare", label=False)
    with api(sectra_mock) as http:
        reply = http.get("/slides/bare/label")
    assert (reply.status_code, reply.content) == (204, b"")


def test_a_given_label_is_served_as_is(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_slide("own", label=b"\xff\xd8 my label")
    with api(sectra_mock) as http:
        assert http.get("/slides/own/label").content == b"\xff\xd8 my label"


def _case(server: MockSectraServer) -> None:
    server.add_slide("he", accession_number="ACC 1/2", accession_number_issuer="LAB-A")
    server.add_slide("ki67", accession_number="ACC 1/2", accession_number_issuer="LAB-A")
    server.add_slide("elsewhere", accession_number="ACC 1/2", accession_number_issuer="LAB-B")
    server.add_slide("other-case", accession_number="ACC 9")


@pytest.mark.parametrize("issuer_parameter", ["accessionNumberIssuer", "accessionNumberIssuerId"])
def test_case_images_accept_both_names_of_the_issuer_parameter(
    sectra_mock: MockSectraServer, issuer_parameter: str
) -> None:
    _case(sectra_mock)
    with api(sectra_mock) as http:
        reply = http.get("/requests/ACC%201%2F2/images/info", params={issuer_parameter: "LAB-A"})
    assert [item["id"] for item in reply.json()] == ["he", "ki67"]


def test_case_images_without_an_issuer_list_every_slide_with_the_number(
    sectra_mock: MockSectraServer,
) -> None:
    _case(sectra_mock)
    with api(sectra_mock) as http:
        reply = http.get("/requests/ACC%201%2F2/images/info")
    assert [item["id"] for item in reply.json()] == ["he", "ki67", "elsewhere"]


def test_case_images_show_phi_only_when_asked(sectra_mock: MockSectraServer) -> None:
    _case(sectra_mock)
    with api(sectra_mock) as http:
        plain = http.get("/requests/ACC%209/images/info").json()[0]
        with_phi = http.get("/requests/ACC%209/images/info", params={"includePHI": "true"}).json()
    assert set(plain) == {"id", "staining", "block", "specimen"}
    assert {"seriesInstanceUid", "lisSlideId"} <= set(with_phi[0])


def test_an_unknown_case_answers_404_when_strict(sectra_mock: MockSectraServer) -> None:
    sectra_mock.strict = True
    sectra_mock.add_slide("registered", accession_number="ACC 9")
    with api(sectra_mock) as http:
        assert http.get("/requests/NO-SUCH-CASE/images/info").status_code == 404
        assert http.get("/requests/ACC%209/images/info").status_code == 200


def test_an_unknown_case_is_made_up_with_slides_the_slide_operations_serve(
    sectra_mock: MockSectraServer,
) -> None:
    query = {"accessionNumberIssuer": "LAB-X", "includePHI": "true"}
    with api(sectra_mock) as http:
        case = http.get("/requests/NEW%201/images/info", params=query)
        again = http.get("/requests/NEW%201/images/info", params=query).json()
        ids = [item["id"] for item in case.json()]
        infos = [http.get(f"/slides/{slide}/info", params=query).json() for slide in ids]
        by_slide = http.get(f"/slides/{ids[-1]}/request/images/info", params=query).json()
        tile = http.get(f"/images/{ids[0]}_files/0/0_0.jpg")
    assert case.status_code == 200
    assert 1 <= len(ids) <= 3
    assert again == by_slide == case.json()
    assert {(info["accessionNumber"], info["accessionNumberIssuer"]) for info in infos} == {
        ("NEW 1", "LAB-X")
    }
    assert not any("NEW" in slide for slide in ids)
    assert tile.status_code == 200


def test_case_images_by_slide_list_the_slides_case(sectra_mock: MockSectraServer) -> None:
    _case(sectra_mock)
    with api(sectra_mock) as http:
        reply = http.get("/slides/ki67/request/images/info")
    assert [item["id"] for item in reply.json()] == ["he", "ki67"]


def test_case_images_by_slide_answer_404_for_an_unknown_slide_when_strict(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.strict = True
    with api(sectra_mock) as http:
        assert http.get("/slides/unknown/request/images/info").status_code == 404


def test_applications_are_answered_as_registered(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_application("my-app", display_name="Ki67", context={"k": 1})
    with api(sectra_mock) as http:
        reply = http.get("/applications/my-app")
    assert reply.json() == {
        "applicationId": "my-app",
        "displayName": "Ki67",
        "manufacturer": "Mock manufacturer",
        "context": {"k": 1},
    }


def test_unregistered_applications_answer_404_when_strict(sectra_mock: MockSectraServer) -> None:
    with api(sectra_mock) as http:
        assert http.get("/applications/anything").status_code == 200
        sectra_mock.strict = True
        assert http.get("/applications/anything").status_code == 404
