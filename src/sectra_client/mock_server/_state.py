"""Everything the mock remembers: slides, results, QC states, applications, users, launch
sessions, tokens, faults and the requests it received.

One :class:`MockState` is the whole memory of a server; resetting the server replaces it. All
methods are safe to call from the test's thread while the server's threads use the state.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import re
import secrets
import threading
import zlib
from collections import deque
from dataclasses import dataclass, field

from PIL import Image
from pydantic import TypeAdapter

from sectra_client._parsing import GC_PAUSE_THRESHOLD, collector_paused
from sectra_client.mock_server._faults import Faults
from sectra_client.mock_server._files_stream import FilesForm, InMemoryFile, SlideFile
from sectra_client.mock_server._metadata import (
    generated_case_slide_ids,
    generated_image_info,
    in_same_case,
)
from sectra_client.mock_server._pixels import PixelSource, SyntheticSlide, encode_label_jpeg
from sectra_client.mock_server._request_log import RequestRecord
from sectra_client.mock_server._tile_cache import DEFAULT_TILE_CACHE_SIZE, TileCache
from sectra_client.mock_server._tokens import TokenStore
from sectra_client.pyramid import DeepZoomPyramid
from sectra_client.schemas import (
    Application,
    Attachment,
    AttachmentState,
    ImageInfo,
    LaunchBlock,
    QualityControl,
    QualityControlData,
    QualityControlStatus,
    Result,
    ResultFields,
    ResultResponse,
    VersionedResult,
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
_RESULT_RESPONSE = TypeAdapter(ResultResponse)
_SLIDE_SERIALS = itertools.count(1)


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
        serial: a number no other slide record of the process has (tiles are cached by it).
    """

    info: ImageInfo
    quality: QualityControlData
    pixels: PixelSource | None = None
    label: bytes | bool = True
    files: list[SlideFile] = field(default_factory=list)
    files_form: FilesForm = "related"
    serial: int = field(default_factory=lambda: next(_SLIDE_SERIALS), repr=False)
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


class StoredResult:
    """A stored result, every ``versionId`` it ever had, and its attachments.

    The result is kept as its JSON, compressed, not as models: a result of 200,000 points is
    over 100 MB as models, 5 to 10 MB as JSON, and 0.5 to 4 MB compressed (zlib level 1 takes
    some 10 ms per MB). :attr:`result` parses it on each access.

    Attributes:
        application_id: the application that stored it.
        versions: every ``versionId`` it has had, the current one included.
        attachments: its attachments' bytes by name.
    """

    def __init__(
        self,
        application_id: str,
        result: ResultResponse,
        versions: set[str],
        attachments: dict[str, bytes] | None = None,
    ) -> None:
        self.application_id = application_id
        self.versions = versions
        self.attachments: dict[str, bytes] = {} if attachments is None else attachments
        self._packed, self._json_size, self._slide_id, self._version_id = b"", 0, "", ""
        self.result = result

    @property
    def json(self) -> bytes:
        """The stored result as JSON, as ``GET`` answers it."""
        return zlib.decompress(self._packed)

    @property
    def json_size(self) -> int:
        """The length of :attr:`json` in bytes."""
        return self._json_size

    @property
    def slide_id(self) -> str:
        """The slide the result is on."""
        return self._slide_id

    @property
    def version_id(self) -> str:
        """The current ``versionId``."""
        return self._version_id

    @property
    def result(self) -> ResultResponse:
        """The stored result, parsed anew on each access (changing it changes nothing)."""
        body = self.json
        with collector_paused() if len(body) >= GC_PAUSE_THRESHOLD else contextlib.nullcontext():
            return ResultResponse.model_validate_json(body)

    @result.setter
    def result(self, value: ResultResponse) -> None:
        body = _RESULT_RESPONSE.dump_json(value)
        self._packed, self._json_size = zlib.compress(body, 1), len(body)
        self._slide_id, self._version_id = value.slideId, value.versionId


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
    """The mock's whole memory. Collections are guarded by :attr:`lock`.

    ``tile_cache_size`` is how many encoded tiles :attr:`tiles` keeps (0: none).
    """

    def __init__(self, tile_cache_size: int = DEFAULT_TILE_CACHE_SIZE) -> None:
        self.lock = threading.RLock()
        self.tiles = TileCache(tile_cache_size)
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

    def case_slides(
        self, accession_number: str, issuer: str | None, *, create: bool
    ) -> list[ImageInfo]:
        """The metadata of the slides of case ``accession_number`` (of ``issuer``, if given),
        in registration order.

        When no slide is registered in that case and ``create`` is set, one to three slides
        are made up and registered in it (see :func:`generated_case_slide_ids`), so the slide
        operations serve them too; ``issuer`` becomes their issuer.
        """
        with self.lock:
            infos = self._case_infos(accession_number, issuer)
            if infos or not create:
                return infos
            for slide_id in generated_case_slide_ids(accession_number, issuer):
                if slide_id not in self.slides:
                    info = generated_image_info(
                        slide_id,
                        accession_number=accession_number,
                        accession_number_issuer=issuer,
                    )
                    self.slides[slide_id] = new_slide_record(info)
            return self._case_infos(accession_number, issuer)

    def _case_infos(self, accession_number: str, issuer: str | None) -> list[ImageInfo]:
        return [
            record.info
            for record in self.slides.values()
            if in_same_case(record.info, accession_number, issuer)
        ]

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

    def create_result(self, application_id: str, result: Result | ResultFields) -> StoredResult:
        """Store a new result of ``application_id`` with the next id and a fresh versionId.

        The result is stored as it came: a server accepts results without ``displayResult``,
        ``applicationVersion`` or ``data`` (Sectra's own examples send such results)."""
        version = new_version_id()
        with self.lock:
            result_id = self._last_result_id.get(application_id, 0) + 1
            self._last_result_id[application_id] = result_id
            stored = StoredResult(
                application_id, _identified(result, result_id, version), {version}
            )
            self.results.setdefault(application_id, {})[result_id] = stored
            return stored

    def restore_result(self, application_id: str, result: ResultResponse) -> StoredResult:
        """Store ``result`` as it is, with its own id and ``versionId`` (a result recorded
        from another server); later results of the application get higher ids."""
        with self.lock:
            stored = StoredResult(application_id, result, {result.versionId})
            self.results.setdefault(application_id, {})[result.id] = stored
            last = self._last_result_id.get(application_id, 0)
            self._last_result_id[application_id] = max(last, result.id)
            return stored

    def update_result(
        self, application_id: str, result_id: int, body: VersionedResult
    ) -> StoredResult:
        """Replace a result sent back with its current ``versionId``; answer it stored.

        ``body`` may leave out ``id`` (the path names the result).

        Raises:
            UnknownResultError: no such result.
            StaleVersionError: ``body.versionId`` is not the current one.
            ResultMismatchError: ``body`` has another id or slide than the stored result.
        """
        with self.lock:
            stored = self._stored(application_id, result_id)
            if body.versionId != stored.version_id:
                raise StaleVersionError(
                    f"versionId {body.versionId!r} of result {result_id} is stale; read the "
                    "result again and reapply the change"
                )
            if body.id is not None and body.id != result_id:
                raise ResultMismatchError(f"the body's id {body.id} is not the path's {result_id}")
            if body.slideId != stored.slide_id:
                raise ResultMismatchError(
                    f"result {result_id} belongs to another slide; slideId cannot change"
                )
            version = new_version_id()
            stored.result = _identified(body, result_id, version)
            stored.versions.add(version)
            return stored

    def stored_result(self, application_id: str, result_id: int) -> StoredResult | None:
        """The stored result, or ``None``."""
        with self.lock:
            return self.results.get(application_id, {}).get(result_id)

    def results_on_slide(self, application_id: str, slide_id: str) -> list[StoredResult]:
        """The application's results on the slide, oldest first."""
        with self.lock:
            stored = self.results.get(application_id, {})
            return [
                stored[result_id]
                for result_id in sorted(stored)
                if stored[result_id].slide_id == slide_id
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
            result = stored.result
            entries = [entry for entry in result.attachments or [] if entry.name != name]
            entries.append(Attachment(name=name, state=AttachmentState.STORED))
            version = new_version_id()
            stored.result = result.model_copy(update={"attachments": entries, "versionId": version})
            stored.versions.add(version)

    def _stored(self, application_id: str, result_id: int) -> StoredResult:
        stored = self.results.get(application_id, {}).get(result_id)
        if stored is None:
            raise UnknownResultError(f"application {application_id!r} has no result {result_id}")
        return stored


def _identified(result: Result | ResultFields, result_id: int, version: str) -> ResultResponse:
    """``result`` as stored: with its id and ``versionId`` (no copy of its content is made)."""
    fields = {name: getattr(result, name) for name in ResultFields.model_fields}
    extra = {
        name: value
        for name, value in (result.model_extra or {}).items()
        if name not in ResultResponse.model_fields
    }
    return ResultResponse.model_construct(
        result.model_fields_set | {"id", "versionId"},
        **fields,
        **extra,
        id=result_id,
        versionId=version,
    )


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
