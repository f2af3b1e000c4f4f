"""Every operation of the spec, through SectraClient and AsyncSectraClient, against the mock.

The ``client`` fixture runs each test once with the sync client and once with the async one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sectra_client import ConflictError, DownloadError, SectraClient, SectraRequestError
from sectra_client.mock_server import GeneratedFile, MockSectraServer
from sectra_client.schemas import (
    Point,
    Polygon,
    PrimitiveItem,
    PrimitiveResultContent,
    QualityControl,
    QualityControlData,
    QualityControlStatus,
    Result,
    ResultData,
    ResultResponse,
    Size,
    VersionedResult,
)

pytest_plugins = ["_client_fixtures"]

APP = "my-app"


def make_result(slide_id: str, summary: str = "Ki67 index: 18.5 %") -> Result:
    box = [Point(x=0.1, y=0.1), Point(x=0.2, y=0.1), Point(x=0.2, y=0.2), Point(x=0.1, y=0.2)]
    return Result(
        slideId=slide_id,
        displayResult=summary,
        displayProperties={"Confidence": "95%", "Cells": 1200},
        applicationVersion="1.0.0",
        data=ResultData(
            result=PrimitiveResultContent(content=[PrimitiveItem(polygons=[Polygon(points=box)])])
        ),
    )


def requests_for(mock: MockSectraServer, operation_id: str) -> list[str]:
    return [record.path for record in mock.requests if record.operation_id == operation_id]


# ----- server and slides ----------------------------------------------------------------------


def test_get_server_info_answers_the_servers_versions(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.software_version = "4.2.0.22617"

    info = client.get_server_info()

    assert (info.apiVersion, info.softwareVersion) == ("1.10", "4.2.0.22617")


def test_get_version_info_asks_the_server_once(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    first = client.get_version_info()
    second = client.get_version_info()

    assert first == second
    assert len(requests_for(sectra_mock, "getServerInfo")) == 1


def test_get_slide_info_sends_scope_and_phi_only_when_asked(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_slide("slide-1", accession_number="ACC-77")

    plain = client.get_slide_info("slide-1")
    full = client.get_slide_info("slide-1", extended=True, include_phi=True)

    queries = [record.query for record in sectra_mock.requests]
    assert queries == [{}, {"scope": "extended", "includePHI": "true"}]
    assert plain.accessionNumber is None
    assert full.accessionNumber == "ACC-77"


def test_get_image_metadata_returns_a_size(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_slide("slide-1", size=(4096, 3072))

    metadata = client.get_image_metadata("slide-1", True, True)

    assert metadata.size == Size(width=4096, height=3072)
    assert sectra_mock.requests[0].query == {"scope": "extended", "includePHI": "true"}


def test_slide_ids_are_percent_encoded_as_one_path_segment(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    info = client.get_slide_info("a/b c")

    assert info.id == "a/b c"
    assert sectra_mock.requests[0].path == "/slides/a%2Fb%20c/info"


def test_get_slide_label_returns_the_jpeg(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_slide("slide-1", label=b"\xff\xd8 a label \xff\xd9")

    label = client.get_slide_label("slide-1")

    assert label is not None
    assert label.image == b"\xff\xd8 a label \xff\xd9"
    assert label.media_type == "image/jpeg"


def test_get_label_image_is_none_for_a_slide_without_label(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_slide("slide-1", label=False)

    assert client.get_label_image("slide-1") is None


def test_a_generated_label_converts_to_pil(client: SectraClient) -> None:
    label = client.get_label_image("slide-1")

    assert label is not None
    assert label.convert_to_pil().size[0] > 0


def test_download_slide_files_writes_every_multipart_file(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    files = [
        GeneratedFile("i0000,0000b.dcm", 70_000, "application/dicom", seed=1),
        GeneratedFile("i0000,0001b.dcm", 130_000, "application/dicom", seed=2),
    ]
    sectra_mock.add_slide_files("slide-1", files)
    seen: list[tuple[int, int | None, str]] = []

    paths = client.download_slide_files(
        "slide-1",
        tmp_path / "out",
        progress=lambda done, total, name: seen.append((done, total, name)),
    )

    assert [path.name for path in paths] == ["i0000,0000b.dcm", "i0000,0001b.dcm"]
    for path, file in zip(paths, files, strict=True):
        assert path.read_bytes() == file.read(0, file.size)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [p.name for p in paths]
    assert seen[-1][0] == seen[-1][1]


def test_download_slide_files_accepts_the_single_file_form(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    file = GeneratedFile("scan.svs", 50_000, "image/tiff")
    sectra_mock.add_slide_files("slide-1", file, form="octet-stream")

    paths = client.download_slide_files("slide-1", tmp_path)

    assert paths == [tmp_path.resolve() / "scan.svs"]
    assert paths[0].read_bytes() == file.read(0, file.size)


def test_download_slide_files_replaces_files_by_default(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    sectra_mock.add_slide_files("slide-1", GeneratedFile("scan.tiff", 1000))
    (tmp_path / "scan.tiff").write_bytes(b"old")

    (path,) = client.download_slide_files("slide-1", tmp_path)

    assert path.stat().st_size == 1000


def test_download_broken_off_raises_and_leaves_no_partial_file(
    client: SectraClient, sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    sectra_mock.add_slide_files("slide-1", GeneratedFile("scan.tiff", 400_000))
    sectra_mock.faults.drop_connection("getSlideFiles", after_bytes=150_000)

    with pytest.raises(DownloadError):
        client.download_slide_files("slide-1", tmp_path)

    assert list(tmp_path.iterdir()) == []


# ----- cases ------------------------------------------------------------------------------------


def test_get_case_images_lists_the_slides_of_an_accession_number(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_slide("slide-1", accession_number="ACC 1/2")
    sectra_mock.add_slide("slide-2", accession_number="ACC 1/2")

    images = client.get_case_images("ACC 1/2", include_phi=True)

    assert sorted(image.id for image in images) == ["slide-1", "slide-2"]
    assert sectra_mock.requests[-1].path == "/requests/ACC%201%2F2/images/info"
    assert sectra_mock.requests[-1].query == {"includePHI": "true"}


def test_get_case_images_by_slide_lists_the_slides_of_its_case(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_slide("slide-1", accession_number="ACC-9", accession_number_issuer="LAB")
    sectra_mock.add_slide("slide-2", accession_number="ACC-9", accession_number_issuer="LAB")

    images = client.get_case_images_by_slide("slide-1", accession_number_issuer="LAB")

    assert sorted(image.id for image in images) == ["slide-1", "slide-2"]
    assert sectra_mock.requests[-1].query == {"accessionNumberIssuer": "LAB"}


def test_existing_case_method_names_send_the_issuer_as_accession_number_issuer(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_slide("slide-1", accession_number="ACC-9", accession_number_issuer="LAB")

    by_case = client.get_image_infos_in_case("ACC-9", True, "LAB")
    by_slide = client.get_image_infos_in_case_by_slide_id("slide-1", phi=True)

    assert [image.id for image in by_case] == [image.id for image in by_slide] == ["slide-1"]
    case_request = next(r for r in sectra_mock.requests if r.operation_id == "getCaseImages")
    assert case_request.query == {"includePHI": "true", "accessionNumberIssuer": "LAB"}


# ----- results ----------------------------------------------------------------------------------


def test_create_result_stores_it_and_answers_its_id(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    created = client.create_result(APP, make_result("slide-1"))

    assert created.id == sectra_mock.get_results(APP, "slide-1")[0].id
    assert created.displayProperties == {"Confidence": "95%", "Cells": 1200}
    assert sectra_mock.requests[-1].headers["content-type"] == "application/json"


def test_create_results_takes_the_existing_signature(client: SectraClient) -> None:
    created = client.create_results(app_id=APP, results=make_result("slide-1"))

    assert created.displayResult == "Ki67 index: 18.5 %"


def test_get_result_reads_a_stored_result(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP, make_result("slide-1"))

    read = client.get_result(APP, stored.id)
    read_again = client.get_result_by_result_id(APP, stored.id)

    assert read == read_again == stored


def test_update_result_replaces_it_and_answers_a_new_version(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP, make_result("slide-1", "queued"))
    stored.displayResult = "done"

    updated = client.update_result(APP, stored)

    assert updated.displayResult == "done"
    assert updated.versionId != stored.versionId
    assert sectra_mock.get_result(APP, stored.id).displayResult == "done"


def test_update_results_takes_the_existing_signature(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP, make_result("slide-1", "queued"))

    updated = client.update_results(
        APP, stored.id, stored.model_copy(update={"displayResult": "x"})
    )

    assert updated.displayResult == "x"


def test_update_result_with_a_stale_version_raises_conflict(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    stale = sectra_mock.add_result(APP, make_result("slide-1"))
    sectra_mock.add_attachment(APP, stale.id, "cells.csv", b"x")

    with pytest.raises(ConflictError):
        client.update_result(APP, stale)


def test_unknown_fields_survive_a_read_modify_write(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(
        APP, {**make_result("slide-1").model_dump(), "addedByNewerServer": {"keep": True}}
    )

    read = client.get_result(APP, stored.id)
    client.update_result(APP, read)

    assert sectra_mock.get_result(APP, stored.id).model_extra == {
        "addedByNewerServer": {"keep": True}
    }


def test_unknown_geometry_fields_survive_a_read_modify_write(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    body = make_result("slide-1").model_dump()
    polygon = body["data"]["result"]["content"][0]["polygons"][0]
    polygon["holes"] = [{"points": polygon["points"][:3]}]
    polygon["points"][0]["z"] = 3
    stored = sectra_mock.add_result(APP, body)

    client.update_result(APP, client.get_result(APP, stored.id))

    again = sectra_mock.get_result(APP, stored.id).model_dump()
    assert again["data"]["result"]["content"][0]["polygons"][0] == polygon


def test_a_stored_result_without_what_a_new_one_needs_is_updated_completed(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP, {"slideId": "slide-1", "resultVersion": "1.0"})

    read = client.get_result(APP, stored.id)
    updated = client.update_result(APP, read)

    assert (read.applicationVersion, read.displayResult, read.data) == (None, None, None)
    assert updated.applicationVersion == client.response_headers["X-Sectra-SoftwareVersion"]
    assert updated.displayResult == ""
    assert updated.data is not None
    assert updated.data.result == PrimitiveResultContent(content=[])
    assert updated.model_extra == {"resultVersion": "1.0"}


def test_a_new_result_without_data_result_is_refused_before_anything_is_sent(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    result = make_result("slide-1").model_copy(update={"data": ResultData()})

    with pytest.raises(ValueError, match=r"data\.result"):
        client.create_result(APP, result)

    assert sectra_mock.requests == []


def test_an_update_needs_the_version_id_and_for_update_result_the_id(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    versioned = VersionedResult(slideId="slide-1", versionId="v")

    with pytest.raises(ValueError, match="versionId"):
        client.update_results(APP, 1, make_result("slide-1"))
    with pytest.raises(ValueError, match="no id"):
        client.update_result(APP, versioned)

    assert sectra_mock.requests == []


def test_list_slide_results_lists_the_apps_results_oldest_first(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    first = sectra_mock.add_result(APP, make_result("slide-1", "first"))
    second = sectra_mock.add_result(APP, make_result("slide-1", "second"))
    sectra_mock.add_result("other-app", make_result("slide-1"))

    listed = client.list_slide_results(APP, "slide-1")

    assert [result.id for result in listed] == [first.id, second.id]


def test_get_all_results_takes_the_slide_first(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP, make_result("slide-1"))

    assert [result.id for result in client.get_all_results("slide-1", APP)] == [stored.id]
    assert client.get_all_results("slide-2", APP) == []


def test_upsert_result_creates_when_the_slide_has_none(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    upserted = client.upsert_result(APP, make_result("slide-1", "placeholder"))

    assert [r.id for r in sectra_mock.get_results(APP, "slide-1")] == [upserted.id]


def test_upsert_result_replaces_the_latest_result(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_result(APP, make_result("slide-1", "older"))
    latest = sectra_mock.add_result(APP, make_result("slide-1", "placeholder"))

    upserted = client.upsert_result(APP, make_result("slide-1", "final"))

    assert upserted.id == latest.id
    assert [r.displayResult for r in sectra_mock.get_results(APP, "slide-1")] == ["older", "final"]


def test_modify_result_reapplies_the_change_after_a_conflict(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP, make_result("slide-1", "queued"))
    versions_seen: list[str] = []

    def change(result: ResultResponse) -> None:
        versions_seen.append(result.versionId)
        if len(versions_seen) == 1:  # someone else writes meanwhile
            sectra_mock.add_attachment(APP, stored.id, "late.csv", b"x")
        result.displayResult = "done"

    modified = client.modify_result(APP, stored.id, change)

    assert modified.displayResult == "done"
    assert len(versions_seen) == 2
    assert versions_seen[0] != versions_seen[1]
    assert [a.name for a in sectra_mock.get_result(APP, stored.id).attachments or []] == [
        "late.csv"
    ]


def test_modify_result_gives_up_after_its_attempts(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP, make_result("slide-1"))
    calls = 0

    def always_overtaken(result: ResultResponse) -> ResultResponse:
        nonlocal calls
        calls += 1
        sectra_mock.add_attachment(APP, stored.id, f"a{calls}.csv", b"x")
        return result.model_copy(update={"displayResult": "never stored"})

    with pytest.raises(ConflictError):
        client.modify_result(APP, stored.id, always_overtaken, attempts=2)

    assert calls == 2


def test_get_result_attachment_reads_whole_and_ranges(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP, make_result("slide-1"))
    sectra_mock.add_attachment(APP, stored.id, "cells.csv", b"0123456789")

    whole = client.get_result_attachment(APP, stored.id, "cells.csv")
    middle = client.get_result_attachment(APP, stored.id, "cells.csv", start=2, end=4)
    tail = client.get_result_attachment(APP, stored.id, "cells.csv", start=7)

    assert (whole, middle, tail) == (b"0123456789", b"234", b"789")
    assert [r.headers.get("range") for r in sectra_mock.requests] == [
        None,
        "bytes=2-4",
        "bytes=7-",
    ]


def test_a_range_outside_the_attachment_raises_416(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP, make_result("slide-1"))
    sectra_mock.add_attachment(APP, stored.id, "cells.csv", b"0123")

    with pytest.raises(SectraRequestError) as raised:
        client.get_result_attachment(APP, stored.id, "cells.csv", start=100)

    assert raised.value.status_code == 416


# ----- quality control, applications, authentication -------------------------------------------


def test_set_quality_control_stores_the_status(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    current = client.get_slide_info("slide-1").qualityControl
    assert current is not None

    client.set_quality_control(
        "slide-1",
        QualityControl(
            applicationVersion="1.0.0",
            qualityControl=QualityControlData(
                status=QualityControlStatus.REJECTED, versionId=current.versionId
            ),
        ),
    )

    assert sectra_mock.get_quality_control("slide-1").status == QualityControlStatus.REJECTED


def test_set_quality_control_with_a_stale_version_raises_conflict(client: SectraClient) -> None:
    stale = QualityControl(
        applicationVersion="1.0.0",
        qualityControl=QualityControlData(status=QualityControlStatus.QUALITY_OK, versionId="old"),
    )

    with pytest.raises(ConflictError):
        client.set_quality_control("slide-1", stale)


def test_get_application_answers_the_registration(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_application(APP, display_name="Ki67", context={"model": "v3"})

    application = client.get_application(APP)

    assert (application.displayName, application.context) == ("Ki67", {"model": "v3"})


def test_request_token_answers_a_bearer_token(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_user("svc", "pw")

    token = client.request_token(APP, "svc", "pw")

    assert token.token_type.lower() == "bearer"
    assert token.expires_in > 0
    assert sectra_mock.requests[-1].query == {"applicationId": APP}
    assert sectra_mock.requests[-1].headers["authorization"].startswith("Basic ")


def test_get_launch_data_answers_callback_info_and_slides(
    client: SectraClient, sectra_mock: MockSectraServer
) -> None:
    sectra_mock.add_launch_session("REQ-1", "session-secret", APP, {"A1": ["s1", "s2"]})

    launch = client.get_launch_data("REQ-1", "session-secret", APP)

    assert launch.callbackInfo.url == sectra_mock.url
    assert [(b.name, [s.id for s in b.slides]) for b in launch.blocks] == [("A1", ["s1", "s2"])]
