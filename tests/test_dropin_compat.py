"""An app written purely against ``sectra-image-analysis-api`` 1.6.3 runs unchanged.

:class:`TumourApp` uses only that client's names, signatures and import paths (including
``sectra_client.utils.errors.SectraRequestError``); the tests run it against the mock.
"""

from __future__ import annotations

import pathlib

import pytest

from sectra_client.mock_server import MockSectraServer

pytest_plugins = ["_client_fixtures"]


# --- the app: nothing below uses a name sectra-image-analysis-api 1.6.3 does not have --------

from sectra_client import SectraClient  # noqa: E402
from sectra_client.schemas import (  # noqa: E402
    AdaptedResult,
    CaseImageInfo,
    ImageMetadata,
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
    Style,
)
from sectra_client.utils.errors import SectraRequestError  # noqa: E402


class TumourApp:
    """Marks the tissue box of a slide, then reports on the case."""

    def __init__(self, url: str, token: str, app_id: str) -> None:
        self.url, self.token, self.app_id = url, token, app_id

    def analyse(self, slide_id: str, workdir: pathlib.Path) -> dict[str, object]:
        client = SectraClient(self.url, self.token)
        try:
            server_version = client.version_info.apiVersion
            metadata: ImageMetadata = client.get_image_metadata(slide_id, extended=True)
            label = client.get_label_image(slide_id)
            files = client.download_slide_files(slide_id, workdir)
            aspect = metadata.imageSize.height / metadata.imageSize.width
            box = [Point(x=0, y=0), Point(x=1, y=0), Point(x=1, y=aspect), Point(x=0, y=aspect)]
            created = client.create_results(
                self.app_id,
                Result(
                    slideId=slide_id,
                    displayResult="Tumour: pending",
                    applicationVersion="2.0",
                    data=ResultData(
                        result=PrimitiveResultContent(
                            content=[
                                PrimitiveItem(
                                    polygons=[Polygon(points=box)],
                                    style=Style(strokeStyle="#00FF00"),
                                )
                            ]
                        )
                    ),
                ),
            )
            stored = client.get_result_by_result_id(self.app_id, created.id)
            update = AdaptedResult(  # no id, as that client's AdaptedResult has none
                slideId=stored.slideId,
                displayResult="Tumour: 12 %",
                applicationVersion="2.0",
                data=stored.data,
                versionId=stored.versionId,
            )
            updated: ResultResponse = client.update_results(self.app_id, created.id, update)
            everything = client.get_all_results(slide_id, self.app_id)
            case: list[CaseImageInfo] = client.get_image_infos_in_case_by_slide_id(slide_id)
            qc = client.get_image_metadata(slide_id).qualityControl
            if qc is not None:
                client.set_quality_control(
                    slide_id,
                    QualityControl(
                        applicationVersion="2.0",
                        qualityControl=QualityControlData(
                            status=QualityControlStatus.QUALITY_OK, versionId=qc.versionId
                        ),
                    ),
                )
            return {
                "server": server_version,
                "label": None if label is None else label.convert_to_pil().size,
                "files": [path.name for path in files],
                "updated": updated.displayResult,
                "results": len(everything),
                "case": sorted(image.id for image in case),
                "headers": client.response_headers,
            }
        finally:
            client.close()

    def case_size(self, accession_number: str) -> int | None:
        with SectraClient(self.url, self.token) as client:
            try:
                return len(client.get_image_infos_in_case(accession_number, phi=True))
            except SectraRequestError as error:
                if error.status_code == 404:
                    return None
                raise


# --- the tests ---------------------------------------------------------------------------------


@pytest.fixture
def app(sectra_mock: MockSectraServer) -> TumourApp:
    sectra_mock.add_slide("slide-1", size=(2000, 1000), accession_number="ACC-1")
    sectra_mock.add_slide("slide-2", accession_number="ACC-1")
    return TumourApp(sectra_mock.url, sectra_mock.token, "tumour-app")


def test_the_existing_apps_analysis_runs_unchanged(
    app: TumourApp, sectra_mock: MockSectraServer, tmp_path: pathlib.Path
) -> None:
    report = app.analyse("slide-1", tmp_path)

    assert report["server"] == "1.10"
    assert report["label"] is not None
    assert report["files"] == [path.name for path in tmp_path.iterdir()]
    assert report["updated"] == "Tumour: 12 %"
    assert report["results"] == 1
    assert report["case"] == ["slide-1", "slide-2"]
    headers = report["headers"]
    assert isinstance(headers, dict)
    assert set(headers) == {"X-Sectra-ApiVersion", "X-Sectra-SoftwareVersion"}
    assert sectra_mock.get_quality_control("slide-1").status == QualityControlStatus.QUALITY_OK


def test_the_existing_apps_error_handling_sees_sectra_request_errors(
    app: TumourApp, sectra_mock: MockSectraServer
) -> None:
    assert app.case_size("ACC-1") == 2
    sectra_mock.strict = True  # unknown cases are made up unless strict
    assert app.case_size("ACC-unknown") is None
