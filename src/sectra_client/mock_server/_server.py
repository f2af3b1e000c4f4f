"""MockSectraServer: a local Sectra IA-API server for developing and testing apps."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from fastapi import FastAPI

from sectra_client._threaded_server import ThreadedServer, url_host
from sectra_client.errors import WebhookContractError, WebhookContractWarning
from sectra_client.mock_server._app import MockApp
from sectra_client.mock_server._backend import MockBackend
from sectra_client.mock_server._config import DEFAULT_BASE_PATH, MockConfig, parse_api_version
from sectra_client.mock_server._contract import (
    ContractReport,
    check_invocation_reply,
    check_notification_reply,
)
from sectra_client.mock_server._deviations import Deviations
from sectra_client.mock_server._faults import Faults
from sectra_client.mock_server._files_stream import (
    FILES_FORMS,
    DiskFile,
    FilesForm,
    GeneratedFile,
    SlideFile,
)
from sectra_client.mock_server._invocations import InvocationAction, make_invocation
from sectra_client.mock_server._metadata import (
    DEFAULT_SLIDE_SIZE,
    generated_image_info,
    scoped_image_info,
)
from sectra_client.mock_server._pixels import ImageFileSlide, PixelSource
from sectra_client.mock_server._request_log import RequestRecord
from sectra_client.mock_server._state import (
    LaunchSession,
    MockState,
    SlideRecord,
    User,
    new_slide_record,
)
from sectra_client.mock_server._tile_cache import DEFAULT_TILE_CACHE_SIZE
from sectra_client.mock_server._webhooks import notification_url, post_invocation
from sectra_client.schemas import (
    Application,
    CallbackInfo,
    ImageInfo,
    Invocation,
    LaunchBlock,
    LaunchSlide,
    QualityControlData,
    Result,
    ResultFields,
    ResultResponse,
    parse_invocation,
)

__all__ = ["MockSectraServer", "SlideFileSpec"]

logger = logging.getLogger("sectra_client.mock_server")

SlideFileSpec = str | os.PathLike[str] | GeneratedFile
"""A slide file to serve: a path on disk, or a :class:`GeneratedFile` made up on the fly."""


class MockSectraServer:
    """A faithful local Sectra IA-API server, for developing, demonstrating and testing apps.

    It serves every operation of ``openapi/sectra.yaml`` under
    ``http://<host>:<port>/SectraPathologyServer/external/imageanalysis/v1`` (:attr:`url`;
    ``base_path`` changes the path, ``""`` serves at the root), and it refuses what Sectra
    refuses: a bearer token is required (HTTP Basic on ``/token``, the session token on
    ``/launchdata``), stale ``versionId`` updates get 409, malformed bodies 422 naming the
    field, operations newer than ``api_version`` 404. Every reply carries
    ``X-Sectra-ApiVersion`` and ``X-Sectra-SoftwareVersion``.

    Unknown things are made up, plausibly and the same every time, unless ``strict`` is set
    (then they answer 404): a slide gets metadata, a synthetic H&E-like image (tiles) and a
    label; a case with no registered slide gets one to three slides, which the slide
    operations then serve too; an application gets a registration.

    Use::

        with MockSectraServer().run(port=0) as server:
            client = SectraClient(url=server.url, token=server.token)
            ...
            server.get_results("my-app", "slide-1")

    Args:
        api_version: the IA-API version to implement, ``"1.5"`` to ``"1.10"``.
        software_version: the Sectra software version to report.
        token: the bearer token always accepted.
        slides: metadata of slides to register (as :meth:`add_slide` does).
        slide_files: files to serve per slide id (as :meth:`add_slide_files` does).
        strict: answer 404 for unregistered slides, cases and applications.
        token_lifetime: seconds a token from ``POST /token`` stays valid.
        base_path: the path under which the API is served.
        tile_cache_size: how many encoded tiles to keep (at most 64 MiB of them), so a tile
            read again is not rendered again; 0 renders every tile on every request.
        deviations: ways to break the contract on purpose (see :class:`Deviations`), to test
            tools and apps against a server that differs from it; none by default.

    Configuration attributes (``api_version``, ``software_version``, ``token``, ``strict``,
    ``token_lifetime``, ``deviations``) may be changed while the server runs; :meth:`reset`
    restores them.
    """

    def __init__(
        self,
        api_version: str = "1.10",
        software_version: str = "4.2.0.0",
        token: str = "dev-token",
        slides: Mapping[str, ImageInfo] | Iterable[ImageInfo] | None = None,
        slide_files: Mapping[str, SlideFileSpec | Sequence[SlideFileSpec]] | None = None,
        *,
        strict: bool = False,
        token_lifetime: float = 3600.0,
        base_path: str = DEFAULT_BASE_PATH,
        tile_cache_size: int = DEFAULT_TILE_CACHE_SIZE,
        deviations: Deviations | None = None,
    ) -> None:
        config = MockConfig(
            api_version,
            software_version,
            token,
            strict,
            token_lifetime,
            base_path,
            deviations or Deviations(),
        )
        self._initial_config = dataclasses.replace(config)
        self._tile_cache_size = tile_cache_size
        self._backend = MockBackend(config, MockState(tile_cache_size))
        self._initial_slides = list(
            slides.values() if isinstance(slides, Mapping) else slides or []
        )
        self._initial_files = {
            slide_id: _slide_files(files) for slide_id, files in (slide_files or {}).items()
        }
        self._host = "localhost"
        self._port = 8001
        self._runner: ThreadedServer | None = None
        self._populate()

    def __repr__(self) -> str:
        state = "running" if self.is_running else "stopped"
        return f"<MockSectraServer {self.url} api_version={self.api_version} {state}>"

    @classmethod
    def from_cassette(
        cls,
        path: str | os.PathLike[str],
        *,
        strict: bool = False,
        token: str = "dev-token",
        tile_cache_size: int = DEFAULT_TILE_CACHE_SIZE,
    ) -> MockSectraServer:
        """A mock that serves what a cassette of ``sectra record`` (VCR.py format) holds.

        It serves the recorded server's versions and base path, its slides' metadata (every
        field any recorded answer showed; patient data as the recording's placeholders),
        labels, synthetic pixels and generated files of the recorded sizes, its applications,
        and its results, which stay live (updates need their ``versionId``, new results get
        new ids). Read-only requests that were recorded (``/info``, slide info, labels that
        were absent, case lists, applications, and any recorded error) get the recorded
        status, headers and body again. Anything else gets the mock's normal behaviour, or,
        with ``strict``, 404 naming the slide, case or application the cassette lacks.

        ``reset()`` forgets the recorded results, as it forgets every result.

        Raises:
            FileNotFoundError: no such file.
            ValueError: the file is not a cassette of IA-API traffic.
        """
        from sectra_client.mock_server._cassette import load_replay

        replay = load_replay(path)
        slides = [ImageInfo.model_validate(info) for info in replay.slides.values()]
        server = cls(
            api_version=_replayable_version(replay.api_version),
            software_version=replay.software_version or "4.2.0.0",
            token=token,
            strict=strict,
            base_path=replay.base_path,
            tile_cache_size=tile_cache_size,
        )
        server._backend.replay = replay
        for info in slides:
            files = None
            if info.id in replay.file_sizes:
                files = GeneratedFile(f"{_file_stem(info.id)}.bin", replay.file_sizes[info.id])
            server.add_slide(info, label=replay.labels.get(info.id, True), files=files)
        for application in replay.applications.values():
            server.add_application(Application.model_validate(application))
        for application_id, results in replay.results.items():
            for result in results.values():
                server._state.restore_result(application_id, ResultResponse.model_validate(result))
        server._initial_slides = slides
        return server

    # --- configuration ------------------------------------------------------------------------

    @property
    def api_version(self) -> str:
        """The IA-API version the mock implements; newer operations answer 404."""
        return self._backend.config.api_version

    @api_version.setter
    def api_version(self, value: str) -> None:
        parse_api_version(value)
        self._backend.config.api_version = value

    @property
    def software_version(self) -> str:
        """The Sectra software version the mock reports."""
        return self._backend.config.software_version

    @software_version.setter
    def software_version(self, value: str) -> None:
        self._backend.config.software_version = value

    @property
    def token(self) -> str:
        """The bearer token always accepted."""
        return self._backend.config.token

    @token.setter
    def token(self, value: str) -> None:
        self._backend.config.token = value

    @property
    def strict(self) -> bool:
        """Whether unregistered slides, cases and applications answer 404."""
        return self._backend.config.strict

    @strict.setter
    def strict(self, value: bool) -> None:
        self._backend.config.strict = value

    @property
    def token_lifetime(self) -> float:
        """Seconds a token issued by ``POST /token`` stays valid (for tokens issued from now)."""
        return self._backend.config.token_lifetime

    @token_lifetime.setter
    def token_lifetime(self, value: float) -> None:
        self._backend.config.token_lifetime = value

    @property
    def deviations(self) -> Deviations:
        """The ways the mock breaks the contract on purpose (see :class:`Deviations`)."""
        return self._backend.config.deviations

    @deviations.setter
    def deviations(self, value: Deviations) -> None:
        self._backend.config.deviations = value

    @property
    def base_path(self) -> str:
        """The path prefix of every operation (fixed at construction)."""
        return self._backend.config.base_path

    # --- running ------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port served on; with ``port=0`` the one the system picked, once started."""
        return self._runner.port if self._runner is not None else self._port

    @property
    def url(self) -> str:
        """The API base URL to give clients (``callbackInfo.url``), e.g.
        ``http://127.0.0.1:8001/SectraPathologyServer/external/imageanalysis/v1``."""
        host = url_host(self._runner.address) if self._runner is not None else self._host
        return f"http://{host}:{self.port}{self.base_path}"

    @property
    def is_running(self) -> bool:
        """Whether the server is serving."""
        return self._runner is not None

    def run(self, port: int = 8001, host: str = "localhost") -> Self:
        """Start serving on ``host:port`` in a background thread; return the server.

        ``port=0`` picks a free port (read it from :attr:`port` or :attr:`url`). Use it as a
        context manager to stop the server at the end: ``with server.run(port=0): ...``.

        Raises:
            RuntimeError: the server is already running.
            OSError: the address cannot be bound (e.g. the port is taken).
        """
        self._host, self._port = host, port
        self.start()
        return self

    def start(self) -> None:
        """Start serving on the host and port last given to :meth:`run` (default
        ``localhost:8001``); return once requests are accepted.

        Raises:
            RuntimeError: the server is already running, or did not start.
            OSError: the address cannot be bound.
        """
        if self._runner is not None:
            raise RuntimeError("the mock Sectra server is already running")
        runner = ThreadedServer(
            self.create_app(), self._host, self._port, name="MockSectraServer", graceful_shutdown=1
        )
        runner.start()
        self._runner = runner
        logger.info("mock Sectra IA-API serving at %s", self.url)

    def stop(self) -> None:
        """Stop serving (nothing happens when the server is not running)."""
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def create_app(self) -> FastAPI:
        """A FastAPI (ASGI) application serving this mock's API and state.

        Serve it with any ASGI server, or test it in-process with ``fastapi.testclient``.
        """
        return MockApp(self._backend)

    def reset(self) -> None:
        """Forget everything that happened: results, QC states, attachments, registrations,
        tokens, faults, logged requests and cached tiles; restore the configuration and the
        slides given to the constructor. A running server keeps running."""
        initial = self._initial_config
        config = self._backend.config
        for field in dataclasses.fields(MockConfig):
            setattr(config, field.name, getattr(initial, field.name))
        self._backend.state = MockState(self._tile_cache_size)
        self._populate()

    # --- slides -------------------------------------------------------------------------------

    def add_slide(
        self,
        metadata: ImageInfo | str,
        *,
        size: tuple[int, int] | None = None,
        image: str | os.PathLike[str] | PixelSource | None = None,
        label: bytes | bool = True,
        files: SlideFileSpec | Sequence[SlideFileSpec] | None = None,
        files_form: FilesForm = "related",
        accession_number: str | None = None,
        accession_number_issuer: str | None = None,
    ) -> ImageInfo:
        """Register a slide; answer its full stored metadata.

        Args:
            metadata: the slide's ``ImageInfo`` (every field, extended and PHI included; what
                callers see depends on their query), or a slide id to make metadata up.
            size: ``(width, height)`` of made-up metadata; default the image's size, else
                100000 x 80000.
            image: where tiles come from: an image file (anything Pillow opens) or a pixel
                source; default a synthetic H&E-like image, never held whole in memory.
            label: the label JPEG, ``True`` for a generated one, ``False`` for none (204).
            files: the files ``/files`` serves; default one small generated TIFF.
            files_form: ``related`` (default), ``mixed``, ``form-data`` or ``octet-stream``.
            accession_number: the case of made-up metadata (slides sharing one are a case).
            accession_number_issuer: the issuer of that accession number.

        Raises:
            ValueError: the image's size differs from the metadata's ``imageSize``, an option
                meant for made-up metadata came with given metadata, or ``files_form`` is
                ``octet-stream`` with several files.
            FileNotFoundError: an image or slide file does not exist.
        """
        pixels = ImageFileSlide(image) if isinstance(image, str | os.PathLike) else image
        if isinstance(metadata, str):
            if size is None:
                size = (pixels.width, pixels.height) if pixels is not None else DEFAULT_SLIDE_SIZE
            info = generated_image_info(
                metadata,
                size=size,
                accession_number=accession_number,
                accession_number_issuer=accession_number_issuer,
            )
        else:
            if size is not None or accession_number is not None or accession_number_issuer:
                raise ValueError("size and accession numbers are options of made-up metadata")
            info = ImageInfo.model_validate(metadata.model_dump(mode="json"))
        if pixels is not None:
            wanted = (info.imageSize.width, info.imageSize.height)
            if (pixels.width, pixels.height) != wanted:
                raise ValueError(
                    f"the image is {pixels.width}x{pixels.height}, the metadata says "
                    f"{wanted[0]}x{wanted[1]}"
                )
        slide_files = _slide_files(files) if files is not None else []
        _check_form(files_form, slide_files)
        record = new_slide_record(
            info, pixels=pixels, label=label, files=slide_files, files_form=files_form
        )
        self._state.put_slide(record)
        return info.model_copy(deep=True)

    def add_slide_files(
        self,
        slide_id: str,
        path_or_paths: SlideFileSpec | Sequence[SlideFileSpec],
        *,
        form: FilesForm | None = None,
    ) -> None:
        """Serve these files (replacing earlier ones) from ``GET /slides/{slide_id}/files``.

        Each file is one part, named by its file name. A :class:`GeneratedFile` is made up
        while it is served, so sizes of many GB cost neither disk nor memory. ``form``
        changes how they are served (see :meth:`add_slide`). An unknown slide is registered
        with made-up metadata.

        Raises:
            FileNotFoundError: a path does not exist.
            ValueError: ``form`` is ``octet-stream`` with several files.
        """
        self._set_files(slide_id, _slide_files(path_or_paths), form)

    def get_slide(self, slide_id: str) -> ImageInfo:
        """The slide's full stored metadata (made up first for an unknown slide, unless strict).

        Raises:
            KeyError: the server is strict and the slide is not registered.
        """
        return self._slide(slide_id).info.model_copy(deep=True)

    def get_quality_control(self, slide_id: str) -> QualityControlData:
        """The slide's current quality-control state.

        Raises:
            KeyError: the server is strict and the slide is not registered.
        """
        return self._slide(slide_id).quality.model_copy(deep=True)

    # --- results ------------------------------------------------------------------------------

    def add_result(
        self, app_id: str, result: Result | ResultFields | dict[str, Any]
    ) -> ResultResponse:
        """Store a result as ``POST /applications/{app_id}/results`` would; answer it stored.

        Like a real server, it stores what it is given, complete (a ``Result``) or not."""
        model = ResultFields.model_validate(result) if isinstance(result, dict) else result
        return self._state.create_result(app_id, model).result

    def get_result(self, app_id: str, result_id: int) -> ResultResponse:
        """One stored result of ``app_id``.

        Raises:
            KeyError: no such result.
        """
        stored = self._state.stored_result(app_id, result_id)
        if stored is None:
            raise KeyError(f"application {app_id!r} has no result {result_id}")
        return stored.result

    def get_results(self, app_id: str, slide_id: str) -> list[ResultResponse]:
        """The results ``app_id`` stored on ``slide_id``, oldest first."""
        return [stored.result for stored in self._state.results_on_slide(app_id, slide_id)]

    def add_attachment(self, app_id: str, result_id: int, name: str, data: bytes) -> None:
        """Attach ``data`` to a stored result as ``name`` (listed in its ``attachments`` with
        state ``stored``; the result's ``versionId`` changes).

        Raises:
            LookupError: no such result.
        """
        self._state.add_attachment(app_id, result_id, name, data)

    # --- applications, users, launches ----------------------------------------------------

    def add_application(
        self,
        application: Application | str,
        *,
        display_name: str | None = None,
        manufacturer: str = "Mock manufacturer",
        context: dict[str, Any] | None = None,
    ) -> Application:
        """Register an application (``GET /applications/{id}``), given whole or by id."""
        if isinstance(application, str):
            application = Application(
                applicationId=application,
                displayName=display_name or application,
                manufacturer=manufacturer,
                context=context or {},
            )
        with self._state.lock:
            self._state.applications[application.applicationId] = application
        return application

    def add_user(self, username: str, password: str, *, can_request_tokens: bool = True) -> None:
        """Register a user for ``POST /token`` (HTTP Basic). Without the permission
        ``can_request_tokens`` the user gets 403."""
        with self._state.lock:
            self._state.users[username] = User(password, can_request_tokens)

    def add_launch_session(
        self,
        request_id: str,
        session_token: str,
        application_id: str,
        blocks: Mapping[str, Sequence[str]] | Sequence[LaunchBlock],
    ) -> None:
        """Register an external launch for ``GET /launchdata``.

        ``blocks`` are the slides the user selected: block name → slide ids, or
        ``LaunchBlock`` models. The launch's callback token is minted now.
        """
        if isinstance(blocks, Mapping):
            launch_blocks = [
                LaunchBlock(name=name, slides=[LaunchSlide(id=slide_id) for slide_id in slides])
                for name, slides in blocks.items()
            ]
        else:
            launch_blocks = list(blocks)
        session = LaunchSession(
            session_token, application_id, launch_blocks, self._state.tokens.mint()
        )
        with self._state.lock:
            self._state.launches[request_id] = session

    def expire_tokens(self) -> None:
        """Make every token issued by ``POST /token`` expire now (to test token refresh)."""
        self._state.tokens.expire_timed()

    def expire_token(self, token: str) -> None:
        """Make one issued token expire now: an invocation's callback token, a launch
        session's or one from ``POST /token``. Requests with it then get 401, as a real
        Sectra answers a token that outlived its lifetime (e.g. a job that waited too long in
        a queue). The configured ``token`` always stays valid.

        Raises:
            KeyError: the mock did not issue ``token``.
        """
        if not self._state.tokens.expire(token):
            raise KeyError("the mock did not issue that token")

    # --- inspection and faults ------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """Copies of the requests received so far, oldest first, credentials masked (the
        latest 10,000)."""
        with self._state.lock:
            return [dataclasses.replace(record) for record in self._state.requests]

    def clear_requests(self) -> None:
        """Forget the requests received so far."""
        with self._state.lock:
            self._state.requests.clear()

    @property
    def faults(self) -> Faults:
        """The programmable faults: latency, error statuses, cut connections, truncated
        multipart bodies and HTML error pages (see :class:`Faults`)."""
        return self._state.faults

    # --- the webhook side ---------------------------------------------------------------------

    def build_invocation(
        self,
        action: InvocationAction,
        slide_id: str,
        application_id: str = "my-app",
        *,
        input: Any = None,
        result_id: int | None = None,
        context: dict[str, Any] | None = None,
        cancellation_token: str | None = None,
    ) -> Invocation:
        """A correct invocation of ``action``, with fresh ``callbackInfo`` for this server.

        The callback token is minted for this invocation and accepted by the mock. For
        ``create``, ``input`` is the ``CreateInput`` (default: the whole slide). For
        ``modify`` and ``delete`` it is the result (default: stored result ``result_id``).
        For ``newImageFiles`` the slide's basic info is included.

        Raises:
            KeyError: ``result_id`` is not stored, or the server is strict and the slide is
                not registered.
            ValueError: ``modify`` or ``delete`` without ``input`` or ``result_id``.
        """
        slide = self._slide(slide_id)
        if action in ("modify", "delete") and input is None and result_id is not None:
            input = self.get_result(application_id, result_id)
        image_info = None
        if action == "newImageFiles":
            image_info = ImageInfo.model_validate(
                scoped_image_info(
                    slide.info, extended=False, include_phi=False, quality=self._quality_of(slide)
                )
            )
        callback_info = CallbackInfo(url=self.url, token=self._state.tokens.mint())
        return make_invocation(
            action,
            application_id=application_id,
            slide_id=slide_id,
            callback_info=callback_info,
            input=input,
            image_info=image_info,
            context=context,
            cancellation_token=cancellation_token,
        )

    def trigger(
        self, webhook_url: str, invocation: Invocation | dict[str, Any], *, timeout: float = 30.0
    ) -> Any:
        """POST ``invocation`` to the app at ``webhook_url`` as Sectra does; check the reply.

        A deviation Sectra evidently tolerates (no ``X-Sectra-*`` headers, an empty reply to
        ``create``, as Sectra's own example apps send) is a :class:`WebhookContractWarning`
        (a Python warning), not an error.

        Returns:
            The reply's JSON: the stored result (a dict) for ``create`` and ``modify``,
            ``[]`` for ``cancel``, ``{}`` for ``delete`` (and for an empty reply).

        Raises:
            WebhookContractError: the reply breaks the contract (wrong status, a result that
                is not stored on this server, ...); ``problems`` lists each broken rule.
            httpx.HTTPError: the app could not be reached or did not answer in ``timeout``.
            KeyError: the server is strict and the invoked slide is not registered.
        """
        parsed = parse_invocation(invocation) if isinstance(invocation, dict) else invocation
        self._slide(parsed.slideId)
        response = post_invocation(
            webhook_url,
            parsed,
            api_version=self.api_version,
            software_version=self.software_version,
            timeout=timeout,
        )
        _enforce(
            check_invocation_reply(
                parsed, response.status_code, response.headers, response.content, self._state
            )
        )
        return json.loads(response.content) if response.content.strip() else {}

    def notify(
        self,
        webhook_url: str,
        slide_id: str,
        application_id: str = "my-app",
        *,
        timeout: float = 30.0,
    ) -> dict[str, Any]:
        """POST an image notification about ``slide_id`` to ``<webhook_url>/imagenotification``.

        ``webhook_url`` is the app's registered URL (the one :meth:`trigger` takes).

        Returns:
            The reply's JSON object (``{}`` for an empty reply).

        Missing ``X-Sectra-*`` headers are a :class:`WebhookContractWarning`.

        Raises:
            WebhookContractError: the reply is not 200 with an empty body or ``{}``.
            httpx.HTTPError: the app could not be reached or did not answer in ``timeout``.
        """
        invocation = self.build_invocation("newImageFiles", slide_id, application_id)
        response = post_invocation(
            notification_url(webhook_url),
            invocation,
            api_version=self.api_version,
            software_version=self.software_version,
            timeout=timeout,
        )
        _enforce(check_notification_reply(response.status_code, response.headers, response.content))
        reply: dict[str, Any] = json.loads(response.content) if response.content.strip() else {}
        return reply

    # --- internals ----------------------------------------------------------------------------

    @property
    def _state(self) -> MockState:
        return self._backend.state

    def _slide(self, slide_id: str, *, create: bool | None = None) -> SlideRecord:
        record = self._state.slide(slide_id, create=not self.strict if create is None else create)
        if record is None:
            raise KeyError(f"no slide {slide_id!r} is registered (the server is strict)")
        return record

    def _quality_of(self, slide: SlideRecord) -> QualityControlData | None:
        return slide.quality if self._backend.api_version_tuple >= (1, 10) else None

    def _set_files(self, slide_id: str, files: list[SlideFile], form: FilesForm | None) -> None:
        with self._state.lock:
            record = self._slide(slide_id, create=True)
            chosen_form = form or record.files_form
            _check_form(chosen_form, files)
            record.files, record.files_form = files, chosen_form

    def _populate(self) -> None:
        for info in self._initial_slides:
            self.add_slide(info)
        for slide_id, files in self._initial_files.items():
            self._set_files(slide_id, files, None)


def _replayable_version(recorded: str | None) -> str:
    """The recorded IA-API version if the mock can implement it, else the newest."""
    if recorded is not None:
        try:
            parse_api_version(recorded)
        except ValueError:
            return "1.10"
        return recorded
    return "1.10"


def _file_stem(slide_id: str) -> str:
    return "".join(character if character.isalnum() else "_" for character in slide_id) or "slide"


def _enforce(report: ContractReport) -> None:
    """Warn about the report's tolerated deviations; raise its problems."""
    for warning in report.warnings:
        warnings.warn(warning, WebhookContractWarning, stacklevel=3)
    if report.problems:
        raise WebhookContractError(report.problems)


def _slide_files(spec: SlideFileSpec | Sequence[SlideFileSpec]) -> list[SlideFile]:
    items: Sequence[SlideFileSpec] = (
        [spec] if isinstance(spec, str | os.PathLike | GeneratedFile) else spec
    )
    files: list[SlideFile] = []
    for item in items:
        files.append(item if isinstance(item, GeneratedFile) else DiskFile(Path(item)))
    return files


def _check_form(form: str, files: Sequence[SlideFile]) -> None:
    if form not in FILES_FORMS:
        raise ValueError(f"files_form must be one of {', '.join(FILES_FORMS)}, not {form!r}")
    if form == "octet-stream" and len(files) > 1:
        raise ValueError(f"the octet-stream form serves one file, not {len(files)}")
