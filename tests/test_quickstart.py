"""The user's quick start, run as written against the mock.

Each test body below the ``# --- quick start ---`` line is the snippet of the quick start,
verbatim. The FastAPI snippet is at module level, with the quick start's one syntax slip mended
(``if isinstance(...)`` gets its colon and the block under it is indented); ``run_analysis``
and ``build_result``, the reader's own functions, are defined here. The webhook is served by
uvicorn and invoked through a real HTTP call by the mock, which checks the reply as Sectra
would.
"""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import CreateInvocation, Size

pytest_plugins = ["_client_fixtures"]


@pytest.fixture
def invocation(sectra_mock: MockSectraServer) -> CreateInvocation:
    """A create invocation as Sectra sends it: the url and token come from its callbackInfo."""
    sectra_mock.add_slide("slide-1", size=(50_000, 40_000))
    created = sectra_mock.build_invocation("create", "slide-1", "my-app")
    assert isinstance(created, CreateInvocation)
    return created


def test_retrieve_image_metadata(
    invocation: CreateInvocation, capsys: pytest.CaptureFixture[str]
) -> None:
    callback_url, callback_token = invocation.callbackInfo.url, invocation.callbackInfo.token
    slide_id = invocation.slideId
    # --- quick start ---
    from sectra_client import SectraClient

    with SectraClient(url=callback_url, token=callback_token) as client:
        metadata = client.get_image_metadata(slide_id, extended=True, phi=True)
        print(metadata.size)  # Size(width=..., height=...)
    # --- end ---
    assert metadata.size == Size(width=50_000, height=40_000)
    assert capsys.readouterr().out == "Size(width=50000, height=40000)\n"


def test_download_wsi_files(
    invocation: CreateInvocation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    callback_url, callback_token = invocation.callbackInfo.url, invocation.callbackInfo.token
    slide_id = invocation.slideId
    # --- quick start ---
    from sectra_client import SectraClient

    with SectraClient(url=callback_url, token=callback_token) as client:
        paths = client.download_slide_files(slide_id, output_dir="./downloads/")
        # paths is a list[pathlib.Path] of the saved files
    # --- end ---
    assert paths
    assert all(isinstance(path, Path) and path.parent == tmp_path / "downloads" for path in paths)
    assert all(path.stat().st_size > 0 for path in paths)


def test_submit_results(invocation: CreateInvocation, sectra_mock: MockSectraServer) -> None:
    callback_url, callback_token = invocation.callbackInfo.url, invocation.callbackInfo.token
    slide_id, application_id = invocation.slideId, invocation.applicationId
    # --- quick start ---
    from sectra_client import SectraClient
    from sectra_client.schemas import (
        DisplayProperties,
        Point,
        Polygon,
        PrimitiveItem,
        Result,
        ResultData,
        Style,
    )
    from sectra_client.schemas.results import PrimitiveResultContent

    result = Result(
        slideId=slide_id,
        displayResult="Analysis complete",
        displayProperties=DisplayProperties({"Confidence": "95%"}),
        applicationVersion="1.0.0",
        data=ResultData(
            result=PrimitiveResultContent(
                content=[
                    PrimitiveItem(
                        polygons=[
                            Polygon(
                                points=[
                                    Point(x=0.0, y=0.0),
                                    Point(x=1.0, y=0.0),
                                    Point(x=1.0, y=1.0),
                                    Point(x=0.0, y=1.0),
                                ]
                            )
                        ],
                        style=Style(strokeStyle="#FF0000", size=2),
                    )
                ]
            )
        ),
    )
    with SectraClient(url=callback_url, token=callback_token) as client:
        response = client.create_results(app_id=application_id, results=result)
        # response.id is the assigned result ID
    # --- end ---
    stored = sectra_mock.get_result(application_id, response.id)
    assert stored.displayProperties == {"Confidence": "95%"}
    assert stored.data is not None
    assert isinstance(stored.data.result, PrimitiveResultContent)


# --- quick start: handling invocations with FastAPI (the `if` line mended) ---
from fastapi import BackgroundTasks, FastAPI  # noqa: E402
from fastapi.responses import JSONResponse  # noqa: E402

from sectra_client import SectraClient  # noqa: E402
from sectra_client.schemas import (  # noqa: E402
    CreateInvocation,
    Invocation,
    PrimitiveResultContent,
    Result,
    ResultData,
)

app = FastAPI()


@app.post("/sectra/hook")  # noqa: RET503 (non-create invocations answer null, as written)
def hook(invocation: Invocation, background_tasks: BackgroundTasks):  # type: ignore[no-untyped-def]
    background_tasks.add_task(run_analysis, invocation)
    # Return an empty result immediately so Sectra isn't blocked
    if isinstance(invocation, CreateInvocation):
        with SectraClient(
            url=invocation.callbackInfo.url,
            token=invocation.callbackInfo.token,
        ) as client:
            metadata = client.get_image_metadata(invocation.slideId)  # noqa: F841
            # ... create some annotation ...
            create_response = client.create_results(
                invocation.applicationId, build_result(invocation.slideId)
            )
            return JSONResponse(create_response.model_dump(), headers=client.response_headers)


# --- end of the quick start; the reader's own functions: ---

analysed: list[Invocation] = []


def run_analysis(invocation: Invocation) -> None:
    analysed.append(invocation)


def build_result(slide_id: str) -> Result:
    return Result(
        slideId=slide_id,
        displayResult="Analysis queued",
        applicationVersion="1.0.0",
        data=ResultData(result=PrimitiveResultContent(content=[])),
    )


@pytest.fixture
def webhook_url() -> Iterator[str]:
    """The quick start's FastAPI app, served by uvicorn on a free loopback port."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/sectra/hook"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_the_fastapi_webhook_answers_a_create_invocation_as_sectra_expects(
    invocation: CreateInvocation, sectra_mock: MockSectraServer, webhook_url: str
) -> None:
    analysed.clear()

    reply = sectra_mock.trigger(webhook_url, invocation)

    stored = sectra_mock.get_results("my-app", "slide-1")
    assert [result.id for result in stored] == [reply["id"]]
    assert reply["displayResult"] == "Analysis queued"
    deadline = time.monotonic() + 5  # the background task runs after the reply is sent
    while not analysed and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [queued.slideId for queued in analysed] == ["slide-1"]
