"""Everything the mock remembers: slides, results, QC states, applications, users, launch
sessions, tokens, faults and the requests it received.

One :class:`MockState` is the whole memory of a server; resetting the server replaces it. All
methods are safe to call from the test's thread while the server's threads use the state.
"""

from __future__ import annotations

import io
import re
import secrets
import threading
from collections import deque
from dataclasses import dataclass, field

from PIL import Image

from sectra_client.mock_server._faults import Faults
from sectra_client.mock_server._files_stream import FilesForm, InMemoryFile, SlideFile
from sectra_client.mock_server._metadata import generated_image_info
from sectra_client.mock_server._pixels import PixelSource, SyntheticSlide, encode_label_jpeg
from sectra_client.mock_server._request_log import RequestRecord
from sectra_client.mock_server._tokens import TokenStore
from sectra_client.pyramid import DeepZoomPyramid
from sectra_client.schemas import (
    Application,
    ImageInfo,
    LaunchBlock,
    QualityControl,
    QualityControlData,
    QualityControlStatus,
    Result,
    ResultResponse,
)

__all__ = [
    "LaunchSession",
    "MockState",
    "ResultMismatchError",
    "SlideRecord",
    "StaleVersionError",
    "StoredResult",
    "UnknownResultError",
    "User",
    "new_slide_record",
    "new_version_id",
]

_STAND_IN_SIDE = 256
REQUEST_LOG_LIMIT = 10_000
"""How many requests the log keeps (the oldest are dropped), so a long-running mock stays small."""
_UNSAFE_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")


class UnknownResultError(LookupError):
    """No result with that id is stored for that application."""


class StaleVersionError(Exception):
    """The ``versionId`` sent is not the current one (the object changed since it was read)."""


class ResultMismatchError(ValueError):
    """An update would change what a result is (its id or its slide)."""


def new_version_id() -> str:
    """A fresh ``versionId``."""
    return secrets.token_hex(8)


@dataclass
class SlideRecord:
    """One slide: its full metadata (every scope), QC state, pixels, label and files.

    Attributes:
        info: the stored metadata; what callers see of it depends on their query.
        quality: the slide's current quality-control state.
        pixels: where tiles come from; ``None`` means the slide's synthetic image.
        label: the label JPEG, ``True`` for a generated one, ``False`` for none (204).
        files: the files served by ``/files``; empty means a small generated TIFF.
        files_form: how the files are served.
    """

    info: ImageInfo
    quality: QualityControlData
    pixels: PixelSource | None = None
    label: bytes | bool = True
    files: list[SlideFile] = field(default_factory=list)
    files_form: FilesForm = "related"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _synthetic: PixelSource | None = field(default=None, repr=False)
    _generated_label: bytes | None = field(default=None, repr=False)
    _stand_in: SlideFile | None = field(default=None, repr=False)

    def pixel_source(self) -> PixelSource:
        """The slide's pixels (the synthetic image unless an image was given)."""
        if self.pixels is not None:
            return self.pixels
        with self._lock:
            if self._synthetic is None:
                size = self.info.imageSize
                self._synthetic = SyntheticSlide.for_slide_id(self.info.id, size.width, size.height)
            return self._synthetic

    def label_jpeg(self) -> bytes | None:
        """The label image, or ``None`` when the slide has no label."""
        if self.label is False:
            return None
        if isinstance(self.label, bytes):
            return self.label
        with self._lock:
            if self._generated_label is None:
                self._generated_label = encode_label_jpeg(self.info.id)
            return self._generated_label

    def served_files(self) -> list[SlideFile]:
        """The files ``/files`` serves: the registered ones, or a small generated TIFF."""
        if self.files:
            return list(self.files)
        with self._lock:
            if self._stand_in is None:
                name = _UNSAFE_NAME_CHARACTERS.sub("_", self.info.id).strip("._") or "slide"
                self._stand_in = InMemoryFile(f"{name}.tiff", self._thumbnail_tiff(), "image/tiff")
            return [self._stand_in]

    def _thumbnail_tiff(self) -> bytes:
        size = self.info.imageSize
        try:
            pyramid = DeepZoomPyramid(size.width, size.height, tile_size=1)
        except ValueError:
            return b"II*\x00\x08\x00\x00\x00"
        level = max(
            (level for level in pyramid.levels if max(pyramid.level_size(level)) <= _STAND_IN_SIDE),
            default=0,
        )
        width, height = pyramid.level_size(level)
        source: PixelSource
        if self.pixels is None:
            source = SyntheticSlide.for_slide_id(self.info.id, size.width, size.height)
        else:
            source = self.pixels
        buffer = io.BytesIO()
        Image.fromarray(source.read_region(level, 0, 0, width, height)).save(buffer, "TIFF")
        return buffer.getvalue()


@dataclass
class StoredResult:
    """A stored result, every ``versionId`` it ever had, and its attachments."""

    application_id: str
    result: ResultResponse
    versions: set[str]
    attachments: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class User:
    """A Sectra user who may ask ``POST /token`` for tokens."""

    password: str = field(repr=False)
    can_request_tokens: bool = True


@dataclass(frozen=True)
class LaunchSession:
    """An external launch: its session token, application, selected slides and API token."""

    session_token: str = field(repr=False)
    application_id: str
    blocks: list[LaunchBlock]
    token: str = field(repr=False)


class MockState:
    """The mock's whole memory. Collections are guarded by :attr:`lock`."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.slides: dict[str, SlideRecord] = {}
        self.results: dict[str, dict[int, StoredResult]] = {}
        self.applications: dict[str, Application] = {}
        self.users: dict[str, User] = {}
        self.launches: dict[str, LaunchSession] = {}
        self.tokens = TokenStore()
        self.requests: deque[RequestRecord] = deque(maxlen=REQUEST_LOG_LIMIT)
        self.faults = Faults()
        self._last_result_id: dict[str, int] = {}

    # --- slides -------------------------------------------------------------------------------

    def put_slide(self, record: SlideRecord) -> None:
        """Register (or replace) a slide."""
        with self.lock:
            self.slides[record.info.id] = record

    def slide(self, slide_id: str, *, create: bool) -> SlideRecord | None:
        """The slide ``slide_id``; an unknown one is made up when ``create``, else ``None``."""
        with self.lock:
            record = self.slides.get(slide_id)
            if record is None and create:
                record = new_slide_record(generated_image_info(slide_id))
                self.slides[slide_id] = record
            return record

    def set_quality(self, slide: SlideRecord, body: QualityControl) -> QualityControlData:
        """Store a new QC state sent with the current ``versionId``; answer the new state.

        Raises:
            StaleVersionError: ``body`` carries another ``versionId`` than the current one.
        """
        with self.lock:
            if body.qualityControl.versionId != slide.quality.versionId:
                raise StaleVersionError(
                    f"versionId {body.qualityControl.versionId!r} is stale; "
                    f"the current one is {slide.quality.versionId!r}"
                )
            slide.quality = QualityControlData(
                status=body.qualityControl.status, versionId=new_version_id()
            )
            return slide.quality

    # --- results ------------------------------------------------------------------------------

    def create_result(self, application_id: str, result: Result) -> ResultResponse:
        """Store a new result of ``application_id`` with the next id and a fresh versionId."""
        with self.lock:
            result_id = self._last_result_id.get(application_id, 0) + 1
            self._last_result_id[application_id] = result_id
            version = new_version_id()
            stored = ResultResponse.model_validate(
                {**result.model_dump(mode="json"), "id": result_id, "versionId": version}
            )
            self.results.setdefault(application_id, {})[result_id] = StoredResult(
                application_id, stored, {version}
            )
            return stored.model_copy(deep=True)

    def update_result(
        self, application_id: str, result_id: int, body: ResultResponse
    ) -> ResultResponse:
        """Replace a result sent back with its current ``versionId``; answer the new version.

        Raises:
            UnknownResultError: no such result.
            StaleVersionError: ``body.versionId`` is not the current one.
            ResultMismatchError: ``body`` has another id or slide than the stored result.
        """
        with self.lock:
            stored = self._stored(application_id, result_id)
            if body.versionId != stored.result.versionId:
                raise StaleVersionError(
                    f"versionId {body.versionId!r} of result {result_id} is stale; read the "
                    "result again and reapply the change"
                )
            if body.id != result_id:
                raise ResultMismatchError(f"the body's id {body.id} is not the path's {result_id}")
            if body.slideId != stored.result.slideId:
                raise ResultMismatchError(
                    f"result {result_id} belongs to another slide; slideId cannot change"
                )
            version = new_version_id()
            stored.result = ResultResponse.model_validate(
                {**body.model_dump(mode="json"), "versionId": version}
            )
            stored.versions.add(version)
            return stored.result.model_copy(deep=True)

    def stored_result(self, application_id: str, result_id: int) -> StoredResult | None:
        """The stored result, or ``None``."""
        with self.lock:
            return self.results.get(application_id, {}).get(result_id)

    def results_on_slide(self, application_id: str, slide_id: str) -> list[ResultResponse]:
        """Copies of the application's results on the slide, oldest first."""
        with self.lock:
            stored = self.results.get(application_id, {})
            return [
                stored[result_id].result.model_copy(deep=True)
                for result_id in sorted(stored)
                if stored[result_id].result.slideId == slide_id
            ]

    def add_attachment(self, application_id: str, result_id: int, name: str, data: bytes) -> None:
        """Attach ``data`` as ``name`` to a result, listed in its ``attachments`` as stored.

        The result is written, so its ``versionId`` changes.

        Raises:
            UnknownResultError: no such result.
        """
        with self.lock:
            stored = self._stored(application_id, result_id)
            stored.attachments[name] = bytes(data)
            entries = [
                entry.model_dump(mode="json")
                for entry in stored.result.attachments or []
                if entry.name != name
            ]
            entries.append({"name": name, "state": "stored"})
            version = new_version_id()
            stored.result = ResultResponse.model_validate(
                {
                    **stored.result.model_dump(mode="json"),
                    "attachments": entries,
                    "versionId": version,
                }
            )
            stored.versions.add(version)

    def _stored(self, application_id: str, result_id: int) -> StoredResult:
        stored = self.results.get(application_id, {}).get(result_id)
        if stored is None:
            raise UnknownResultError(f"application {application_id!r} has no result {result_id}")
        return stored


def new_slide_record(
    info: ImageInfo,
    *,
    pixels: PixelSource | None = None,
    label: bytes | bool = True,
    files: list[SlideFile] | None = None,
    files_form: FilesForm = "related",
) -> SlideRecord:
    """A slide record for ``info``; its QC state is ``info.qualityControl`` or a new NotSet."""
    quality = info.qualityControl or QualityControlData(
        status=QualityControlStatus.NOT_SET, versionId=new_version_id()
    )
    return SlideRecord(info, quality, pixels, label, list(files or []), files_form)
