"""The IA-API client, written once. ``_client_async.py`` (the asyncio client) is written by
hand; ``_client.py`` (the sync client) is generated from it by ``scripts/unasync.py`` when
``./codegen.sh`` runs, and ``./codegen.sh --check`` fails when it is out of date. Edit
``_client_async.py``, never ``_client.py``.

What an operation sends and how its answer is read is written once, in
:mod:`sectra_client._operations`; transport policy (auth, version headers, timeouts, retries,
error mapping, logging) lives in :mod:`sectra_client._base_client`. The methods here only
perform the I/O, so the two clients stay identical in behaviour. The names of the existing
PyPI client come from :mod:`sectra_client._compat`. The download and tile machinery is
imported by the methods that use it, so that importing the client stays cheap.
"""

from __future__ import annotations

import copy
import os
import re
import ssl
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Self, TypedDict, TypeVar, Unpack

import httpx

from sectra_client import _operations as ops
from sectra_client._auth import ClientCredentials
from sectra_client._base_client import RequestOptions, Timeout
from sectra_client._compat import AsyncCompatAliases
from sectra_client._concurrency_async import Lock, run_blocking
from sectra_client._constants import (
    DEFAULT_CASE_CONCURRENCY,
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_MAX_RETRIES,
    DEFAULT_THUMBNAIL_SIZE,
    DEFAULT_TIMEOUT,
    LATEST_API_VERSION,
    LIBRARY_VERSION,
    SOFTWARE_VERSION_HEADER,
)
from sectra_client._download._progress import CaseProgressCallback, ProgressCallback
from sectra_client._download._stall import DEFAULT_STALL_RULE, StallRule
from sectra_client._label import LabelImage
from sectra_client._launch import parse_launch_url
from sectra_client._operations import DEFAULT_CONFLICT_ATTEMPTS, Call, Plan, ResultUpdate
from sectra_client._sender_async import AsyncTransport
from sectra_client._versions import Requirement, ServerVersion, suspect_too_old, unsupported_error
from sectra_client.errors import DownloadError, SectraConnectionError, SectraRequestError

if TYPE_CHECKING:
    from PIL import Image

    from sectra_client._tiles import TileRendering
    from sectra_client._tiles_async import TileFetcher
    from sectra_client.schemas import (
        Application,
        ApplicationInfo,
        CaseImageInfo,
        ImageInfo,
        LaunchData,
        QualityControl,
        Result,
        ResultResponse,
        TokenResponse,
        VersionedResult,
    )

__all__ = ["AsyncClientOptions", "AsyncSectraClient"]

T = TypeVar("T")

_DECLARED_VERSION = re.compile(r"[0-9]+\.[0-9]+")


class AsyncClientOptions(TypedDict, total=False):
    """The keyword arguments of :class:`AsyncSectraClient`, for its alternative constructors."""

    timeout: Timeout
    max_retries: int
    api_version: str | None
    app_version: str | None
    http_client: httpx.AsyncClient | None
    verify: ssl.SSLContext | str | bool
    allow_insecure_http: bool
    stall_rule: StallRule | None
    pause_gc_while_parsing: bool


def _declared_api_version(api_version: str | None) -> str:
    if api_version is None:
        return LATEST_API_VERSION
    if not _DECLARED_VERSION.fullmatch(api_version):
        raise ValueError(f"api_version must look like '1.10', got {api_version!r}")
    return api_version


def _same_slide(slide_id: str, image_info: ImageInfo | None) -> ImageInfo | None:
    """``image_info``, once it is known to describe ``slide_id``."""
    if image_info is not None and image_info.id != slide_id:
        raise ValueError("image_info describes another slide than slide_id")
    return image_info


def _check_files_answer(response: httpx.Response) -> None:
    if response.status_code == 204:
        raise DownloadError("the server answered 204 No Content: it sent no slide files")
    coding = response.headers.get("content-encoding", "").strip().lower()
    if coding not in ("", "identity"):
        raise DownloadError(
            f"the server sent the slide files encoded ({coding!r}) though the client asked for "
            "them as stored (Accept-Encoding: identity); nothing was written"
        )


def _id_of(result: VersionedResult | ResultResponse) -> int:
    if result.id is None:
        raise ValueError("the result has no id: give it, or use update_results(app_id, id, result)")
    return result.id


def _raise_for_status(
    error: SectraRequestError, requirement: Requirement | None, too_old: ApplicationInfo | None
) -> NoReturn:
    """Raise ``error``, or :class:`UnsupportedByServerError` when the operation went to a server
    that reports a version older than it needs (``too_old``) and was answered 404 or 405."""
    if requirement is not None and too_old is not None:
        unsupported = unsupported_error(requirement, too_old, error)
        if unsupported is not None:
            raise unsupported from error
    raise error


class AsyncSectraClient(AsyncCompatAliases):
    """A client of the Sectra IA-API, for one base URL and one token.

    The client comes twice: sync, and asyncio under the same name prefixed ``Async``, with the
    same arguments, operations and names (awaited, and ``async with``; its ``http_client`` is
    an ``httpx.AsyncClient``; use it from one event loop). Only the sync client has the
    ``version_info`` attribute; both have ``get_version_info()``.

    Args:
        url: the API base URL, an invocation's ``callbackInfo.url``
            (``https://<host>/SectraPathologyServer/external/imageanalysis/v1``). Plain
            ``http://`` is accepted for loopback hosts only (how the mock runs) unless
            ``allow_insecure_http``; the scheme is never rewritten.
        token: the bearer token, an invocation's ``callbackInfo.token``. It is sent as it is
            and never refreshed. ``None`` sends no ``Authorization`` header.
            (:meth:`from_credentials` passes its credentials here instead.)
        timeout: seconds for every request (or an ``httpx.Timeout`` with every field set);
            the default is 30 s, with 10 s to connect. Each phase's timeout bounds one wait
            (the silence between two chunks); besides, an attempt must receive its whole
            answer within the sum of the four (``connect + write + read + pool``: 4 s for
            ``timeout=1.0``, 100 s by default), however the server drips it. A download must
            receive its answer's first bytes within that sum, then follows ``stall_rule``.
        max_retries: retries after a failed first attempt. GET and PUT are retried on
            connection errors, timeouts and 408/429/502/503/504 (honouring ``Retry-After``);
            POST only when the request never reached the server.
        api_version: the IA-API version the app is written against, sent as
            ``X-Sectra-ApiVersion`` (default: the newest this library supports, ``1.10``).
        app_version: the app's own version, sent as ``X-Sectra-SoftwareVersion`` (default:
            this library's version).
        http_client: an httpx client to send with; it is not closed by :meth:`close`. Its
            own base URL and timeout are not used.
        verify: TLS verification, as for httpx (ignored with ``http_client``).
        allow_insecure_http: accept plain ``http://`` to a host that is not loopback (the
            token then crosses the network unencrypted).
        stall_rule: the least progress a download must make, a :class:`StallRule`
            (default: at least 64 KiB in every 60 s; a slow but moving download is never
            stopped); None: no rule beyond the read timeout. A stalled download raises
            ``DownloadError`` and leaves nothing partial.
        pause_gc_while_parsing: parse answers of 1 MiB or more (big results) with Python's
            cyclic garbage collector paused, about twice as fast. The pause is process-wide:
            while such an answer is parsed (tens of milliseconds), no thread of the process
            collects cycles, and afterwards the objects the collector tracks move to its
            oldest generation (the answer's, and other threads' recent ones, whose garbage
            cycles the next full collection then frees). Pass False to leave the collector
            alone.

    Raises:
        InsecureURLError: plain ``http://`` to a host that is not loopback.
        ValueError: a malformed URL, an empty token, an incomplete timeout, a negative
            ``max_retries`` or an ``api_version`` that is not ``major.minor``.

    Nothing is sent at construction. Use the client as a context manager, or call
    :meth:`close`. The sync client is safe to share between threads. :meth:`with_options`
    gives a copy with another timeout or retry count over the same connections (and this
    client's other settings).

    Every method that calls the server also takes ``timeout=`` (seconds or an
    ``httpx.Timeout``, for that call only) and ``extra_headers=`` (added to that call's
    request; ``Authorization`` is refused, the client sends it).

    Every method that calls the server may raise, besides what it lists:

    - :class:`~sectra_client.errors.SectraRequestError`, a subclass per status
      (``NotFoundError`` for 404, ``AuthenticationError`` for 401, ``ServerError`` for 5xx,
      ...), when the final answer is not 2xx;
    - :class:`~sectra_client.errors.SectraTimeoutError` when the last attempt timed out, and
      :class:`~sectra_client.errors.SectraConnectionError` when no usable answer arrived (also
      a body that does not match the schema);
    - :class:`~sectra_client.errors.UnsupportedByServerError` for an operation newer than the
      server's IA-API version: the request is sent anyway (with a warning in the log, since the
      versions this library knows for some operations are guesses), and a 404 or 405 answer
      raises this error instead of ``NotFoundError``.

    No message, log record or ``repr`` holds the token or patient data.

    Coordinates in results are fractions of the image **width** on both axes: ``x`` runs from
    0 to 1, ``y`` from 0 to height/width, origin at the top-left corner.
    """

    def __init__(
        self,
        url: str,
        token: str | ClientCredentials | None = None,
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        api_version: str | None = None,
        app_version: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        verify: ssl.SSLContext | str | bool = True,
        allow_insecure_http: bool = False,
        stall_rule: StallRule | None = DEFAULT_STALL_RULE,
        pause_gc_while_parsing: bool = True,
    ) -> None:
        self._stall_rule = stall_rule
        self._pause_gc_while_parsing = pause_gc_while_parsing
        self._transport = AsyncTransport(
            url,
            token=token,
            timeout=timeout,
            max_retries=max_retries,
            verify=verify,
            api_version=_declared_api_version(api_version),
            app_version=app_version or LIBRARY_VERSION,
            allow_insecure_http=allow_insecure_http,
            http_client=http_client,
        )
        self._server = ServerVersion()
        self._version_lock = Lock()

    @classmethod
    def from_credentials(
        cls,
        url: str,
        application_id: str,
        username: str,
        password: str,
        **options: Unpack[AsyncClientOptions],
    ) -> Self:
        """A client that obtains its own tokens with a Sectra user's credentials (IA-API 1.9+).

        For service tools that run without an invocation. The first request fetches a token
        with ``POST /token`` (HTTP Basic, ``grant_type=client_credentials``; the user needs
        the permission "Request Image Analysis Api Authentication Token"). The token is
        replaced shortly before it expires, and once more if the server refuses it with 401 or
        403; however many threads need a new token at once, one request fetches it. The
        credentials stay in memory only and never appear in reprs, logs or errors.

        Args:
            url: the API base URL.
            application_id: the application the tokens are for.
            username: the Sectra user's name.
            password: the user's password.
            **options: the keyword arguments of the client.

        Nothing is sent here. A token request that fails raises from the call that needed the
        token (``AuthenticationError`` for wrong credentials).
        """
        return cls(url, ClientCredentials(application_id, username, password), **options)

    @classmethod
    async def from_launch_url(
        cls,
        launch_url: str,
        application_id: str | None = None,
        **options: Unpack[AsyncClientOptions],
    ) -> tuple[Self, LaunchData]:
        """A client for an app the viewer launched (external launch, IA-API 1.9+).

        Args:
            launch_url: the launch URL, ``https://<host>/.../imageanalysis/v1/launchdata
                ?requestId=<id>&sessionToken=<token>``, or the app page address that carries
                it, percent-encoded, as its ``launchUrl`` query parameter.
            application_id: the app's registered id, sent as ``appId`` when given (servers
                answer without it too).
            **options: the keyword arguments of the client, for both the launch request and
                the returned client.

        Returns:
            ``(client, launch_data)``: a client for ``launch_data.callbackInfo`` (its URL and
            token) and the launch data itself, whose ``blocks`` list the selected slides.

        Raises:
            ValueError: the launch URL lacks ``/launchdata``, ``requestId`` or ``sessionToken``.

        The request id (often the accession number) and the session token never appear in
        logs or errors.
        """
        launch = parse_launch_url(launch_url)
        async with cls(launch.api_url, **options) as launcher:
            launch_data = await launcher.get_launch_data(
                launch.request_id, launch.session_token, application_id
            )
        callback = launch_data.callbackInfo
        return cls(callback.url, callback.token, **options), launch_data

    def with_options(
        self, *, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> Self:
        """A copy of this client with another timeout or retry count (None keeps this one's).

        The copy shares this client's connection pool, token (and its refreshing) and what it
        knows of the server; nothing is sent. Closing the copy does not close the shared pool
        (nor does leaving a ``with`` block on it): close this client when done, after which
        the copies cannot send either. For one call only, pass ``timeout=`` to the method.

        Raises:
            ValueError: an incomplete timeout or a negative ``max_retries``.
        """
        configured = copy.copy(self)
        configured._transport = self._transport.with_options(
            timeout=timeout, max_retries=max_retries
        )
        return configured

    # ----- lifetime and identity ------------------------------------------------------------

    async def close(self) -> None:
        """Close the HTTP connections, unless the httpx client was passed in or this is a copy
        :meth:`with_options` made (the pool then belongs to the original)."""
        await self._transport.aclose()

    async def aclose(self) -> None:  # unasync: async only
        """The same as :meth:`close`."""
        await self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(host={httpx.URL(self.base_url).host!r})"

    @property
    def base_url(self) -> str:
        """The API base URL, ending with ``/``."""
        return self._transport.base_url

    @property
    def response_headers(self) -> dict[str, str]:
        """The headers a webhook reply to Sectra must carry: ``X-Sectra-ApiVersion`` (the
        version the app targets) and ``X-Sectra-SoftwareVersion`` (the app's version), the
        same values this client sends."""
        return self._transport.version_headers

    @property
    def _app_version(self) -> str:
        return self._transport.version_headers[SOFTWARE_VERSION_HEADER]

    async def get_version_info(
        self,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ApplicationInfo:
        """The server's IA-API and software versions (``GET /info``), fetched on first use and
        then remembered by this client (and the copies :meth:`with_options` makes);
        :meth:`get_server_info` asks again. However many callers ask at once, one request is
        sent."""
        known = self._server.info
        if known is not None:
            return known
        async with self._version_lock:
            known = self._server.info
            if known is not None:
                return known
            return await self.get_server_info(timeout=timeout, extra_headers=extra_headers)

    async def get_server_info(
        self,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ApplicationInfo:
        """Ask the server for its IA-API and software versions (``GET /info``, 1.5+).

        The answer replaces the one :meth:`get_version_info` remembers.
        """
        info = await self._call(ops.get_server_info(), RequestOptions(timeout, extra_headers))
        self._server.info = info
        return info

    # ----- slides -------------------------------------------------------------------------

    async def get_slide_info(
        self,
        slide_id: str,
        *,
        extended: bool = False,
        include_phi: bool = False,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ImageInfo:
        """The metadata of a slide (``GET /slides/{slideId}/info``, IA-API 1.5+).

        Args:
            slide_id: the slide's id (an invocation's ``slideId``); sent percent-encoded.
            extended: add exam code and description, body part, station name and priority.
            include_phi: add the fields that identify the patient or the case (accession
                number, exam id and date, ...). This library keeps them out of reprs and
                logs; keep them out of yours.

        Returns:
            The slide's :class:`~sectra_client.schemas.ImageInfo`; ``.size`` is the
            full-resolution size in pixels, ``micronsPerPixel`` the resolution.

        Raises:
            NotFoundError: no such slide.
        """
        call = ops.get_slide_info(slide_id, extended=extended, include_phi=include_phi)
        return await self._call(call, RequestOptions(timeout, extra_headers))

    async def get_slide_label(
        self,
        slide_id: str,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> LabelImage | None:
        """The photograph of the slide's label (``GET /slides/{slideId}/label``, 1.5+).

        Labels may show patient data: treat the image as PHI.

        Returns:
            A :class:`LabelImage` (``.image`` holds the JPEG bytes, ``.convert_to_pil()``
            decodes them with Pillow), or None when the slide has no label (204).

        Raises:
            NotFoundError: no such slide.
        """
        return await self._call(
            ops.get_slide_label(slide_id), RequestOptions(timeout, extra_headers)
        )

    async def download_slide_files(
        self,
        slide_id: str,
        output_dir: str | os.PathLike[str],
        *,
        progress: ProgressCallback | None = None,
        overwrite: bool = True,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> list[Path]:
        """Stream the slide's original files into a folder (``GET /slides/{slideId}/files``).

        The answer is one file or a multipart body with one part per file (DICOM slides come
        as many ``.dcm`` files). Each file is written to a hidden temporary file in
        ``output_dir`` and renamed once complete, so the folder never holds a partial file
        under a real name; memory use does not grow with the file size. Server-sent names
        are reduced to safe base names inside ``output_dir``.

        A request that fails before the first byte of the body arrives (a refused or dropped
        connection, a timeout, 502/503/504, 429) is retried under the client's retry policy;
        once files are being written, a failure is not retried.

        Before the request is sent, ``output_dir`` is checked (a writable folder, or missing
        under a writable one) and temporary files that earlier downloads into it left when
        they were killed are removed (only files of our own name pattern, unlocked, unwritten
        for a minute; never anything else).

        Args:
            slide_id: the slide's id.
            output_dir: the folder to write into; created if missing.
            progress: called as bytes arrive, about once per MiB and when each file is done,
                with ``(bytes_done, total_or_None, current_file_name)``.
            overwrite: replace files of the same name (the default, as
                ``sectra-image-analysis-api`` does); False fails instead.

        The async client writes the files from a worker thread, so the event loop never waits
        on the disk, and calls ``progress`` on the event loop.

        Returns:
            The absolute paths of the files written, in the order received.

        Raises:
            DownloadError: the body was malformed, cut short or not slide files (also an empty
                204 answer), a file could not be written, or the connection broke
                mid-download. Nothing partial is left behind: files completed before the
                failure are kept and listed in its ``completed``, the file being written is
                removed.
            OutputFolderError: ``output_dir`` is not a folder, not writable or cannot be
                created (nothing was requested).
            NotFoundError: no such slide.
        """
        from sectra_client._download._feed_async import BatchWriter
        from sectra_client._download._output_folder import check_output_folder
        from sectra_client._download._sink import SlideFileSink
        from sectra_client._download._stall import StallWatch

        await run_blocking(check_output_folder, output_dir)
        spec = ops.slide_files_request(slide_id).with_options(
            RequestOptions(timeout, extra_headers)
        )
        async with self._transport.stream(spec) as response:
            _check_files_answer(response)
            writer = BatchWriter(progress)
            sink = SlideFileSink.from_headers(
                output_dir,
                slide_id,
                response.headers,
                progress=writer.progress,
                overwrite=overwrite,
            )
            with sink:
                async with writer.feeding(sink):
                    watch = StallWatch(self._stall_rule)
                    try:
                        async for chunk in response.aiter_raw():
                            watch.count(len(chunk))
                            await writer.add(chunk)
                    except (SectraConnectionError, httpx.HTTPError) as error:
                        await writer.flush()
                        raise sink.fail(f"the download broke off: {error}") from error
                    return await writer.finish()

    # ----- tiles --------------------------------------------------------------------------

    async def get_tile(
        self,
        slide_id: str,
        level: int,
        col: int,
        row: int,
        *,
        focal_plane: str | None = None,
        optical_path: str | None = None,
        extension: str | None = None,
        image_info: ImageInfo | None = None,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> bytes:
        """One encoded tile of the slide's Deep Zoom pyramid (``GET /images/{slideId}_files/
        {level}/{col}_{row}.{ext}``), as the server sends it (JPEG unless asked otherwise).

        Levels count from 0 (a 1x1 image) up to full resolution,
        ``ceil(log2(max(width, height)))``; each level below halves both sides, rounding up.
        ``(col, row)`` index tiles of ``tileSize`` pixels from the top-left; tiles on the right
        and bottom edges are clipped. :class:`~sectra_client.pyramid.DeepZoomPyramid` does the
        arithmetic.

        Args:
            slide_id: the slide's id.
            level: the pyramid level.
            col: the tile's column in that level.
            row: the tile's row in that level.
            focal_plane: a ``focalPlanes[].id`` of the slide (the ``z`` of the tile name);
                None for the server's default plane.
            optical_path: an ``opticalPaths[].id`` of the slide, sent as ``opticalPath``;
                None for the default.
            extension: the tile format, e.g. ``jpg``; by default the stored format when
                ``image_info`` lists it, else ``jpg``.
            image_info: the slide's metadata from :meth:`get_slide_info`, when at hand. With
                it, the tile and the options are checked before any request; without it, one
                request is made and the server judges.
            timeout: seconds (or an ``httpx.Timeout``) for this call only.
            extra_headers: headers added to this call's request.

        Raises:
            NotStreamableError: ``image_info`` says the slide has no tiles.
            OutsidePyramidError: (an ``IndexError``) the tile is not in the slide's pyramid
                (checked with ``image_info`` only).
            ValueError: a negative index, a malformed focal plane or extension, an option
                the slide does not list, or ``image_info`` of another slide.
            NotFoundError: the server has no such slide or tile.
        """
        from sectra_client._tiles import TileChoice, tile_call

        _same_slide(slide_id, image_info)
        choice = TileChoice(focal_plane, optical_path, extension)
        call = tile_call(slide_id, level, col, row, choice, image_info)
        return await self._call(call, RequestOptions(timeout, extra_headers))

    async def read_region(
        self,
        slide_id: str,
        level: int,
        x: int,
        y: int,
        width: int,
        height: int,
        *,
        focal_plane: str | None = None,
        optical_path: str | None = None,
        extension: str | None = None,
        image_info: ImageInfo | None = None,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Image.Image:
        """A region of one pyramid level as an RGB image, stitched from the tiles it covers.

        ``x``, ``y``, ``width`` and ``height`` are integer pixels **of that level** (origin
        top-left; level numbering as for :meth:`get_tile`, the highest level being full
        resolution). The region is clipped to the level, so the image may be smaller than
        asked. Tiles are fetched concurrently, at most ``max_concurrency`` at a time (worker
        threads in the sync client, tasks in the async one, which decodes in a worker thread).
        Needs Pillow (the ``images`` extra).

        Args:
            slide_id: the slide's id.
            level: the pyramid level.
            x: the region's left edge, in level pixels.
            y: the region's top edge, in level pixels.
            width: the region's width, in level pixels.
            height: the region's height, in level pixels.
            focal_plane: as for :meth:`get_tile`.
            optical_path: as for :meth:`get_tile`.
            extension: as for :meth:`get_tile`.
            image_info: as for :meth:`get_tile`; fetched first when not given.
            max_concurrency: tiles fetched at once (at least 1).
            timeout: as for :meth:`get_tile` (each tile's request).
            extra_headers: as for :meth:`get_tile` (each tile's request).

        Raises:
            NotStreamableError: the slide has no tiles (``isStreamable`` is false).
            OutsidePyramidError: the level does not exist or the region misses it.
            ValueError: an empty region, ``max_concurrency`` below 1, a tile option the slide
                does not list, ``image_info`` of another slide, or a tile that does not decode
                to its expected size.
            MissingExtraError: Pillow is not installed.
            NotFoundError: no such slide, or a tile is missing (the first failed tile's error
                is raised; no fetch keeps running after it).
        """
        from sectra_client._stitch import stitch_region
        from sectra_client._tiles import TileChoice, TileRendering, plan_region
        from sectra_client._tiles_async import fetch_tiles

        calls = RequestOptions(timeout, extra_headers)
        known = _same_slide(slide_id, image_info)
        info = known or await self._slide_info(slide_id, calls)
        rendering = TileRendering.checked(info, TileChoice(focal_plane, optical_path, extension))
        pyramid, region = plan_region(info, level, x, y, width, height)
        tiles = await fetch_tiles(
            self._tile_fetcher(rendering, calls),
            level,
            region.tile_indices,
            max_concurrency=max_concurrency,
        )
        return await run_blocking(stitch_region, pyramid, level, x, y, width, height, tiles)

    async def get_thumbnail(
        self,
        slide_id: str,
        max_size: int = DEFAULT_THUMBNAIL_SIZE,
        *,
        focal_plane: str | None = None,
        optical_path: str | None = None,
        extension: str | None = None,
        image_info: ImageInfo | None = None,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Image.Image:
        """The whole slide as an RGB image whose longer side is at most ``max_size`` pixels.

        The smallest pyramid level at least ``max_size`` pixels on its longer side is
        stitched and shrunk, keeping the slide's aspect ratio; a slide smaller than
        ``max_size`` comes whole, not enlarged. Map thumbnail pixels back to the slide with
        ``info.imageSize.width / thumbnail.width``. Needs Pillow (the ``images`` extra).

        Args:
            slide_id: the slide's id.
            max_size: the longer side's limit, in pixels (at least 1).
            focal_plane: as for :meth:`get_tile`.
            optical_path: as for :meth:`get_tile`.
            extension: as for :meth:`get_tile`.
            image_info: as for :meth:`get_tile`; fetched first when not given.
            max_concurrency: tiles fetched at once (at least 1).
            timeout: as for :meth:`get_tile` (each tile's request).
            extra_headers: as for :meth:`get_tile` (each tile's request).

        Raises:
            NotStreamableError: the slide has no tiles (``isStreamable`` is false).
            ValueError: ``max_size`` or ``max_concurrency`` below 1, a tile option the slide
                does not list, ``image_info`` of another slide, or an undecodable tile.
            MissingExtraError: Pillow is not installed.
            NotFoundError: no such slide, or a tile is missing.
        """
        from sectra_client._stitch import thumbnail_from_level
        from sectra_client._tiles import TileChoice, TileRendering, plan_thumbnail
        from sectra_client._tiles_async import fetch_tiles

        calls = RequestOptions(timeout, extra_headers)
        known = _same_slide(slide_id, image_info)
        info = known or await self._slide_info(slide_id, calls)
        rendering = TileRendering.checked(info, TileChoice(focal_plane, optical_path, extension))
        pyramid, region = plan_thumbnail(info, max_size)
        tiles = await fetch_tiles(
            self._tile_fetcher(rendering, calls),
            region.level,
            region.tile_indices,
            max_concurrency=max_concurrency,
        )
        return await run_blocking(thumbnail_from_level, pyramid, region.level, tiles, max_size)

    # ----- cases --------------------------------------------------------------------------

    async def get_case_images(
        self,
        accession_number: str,
        *,
        include_phi: bool = False,
        accession_number_issuer: str | None = None,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> list[CaseImageInfo]:
        """Every slide of a case, by accession number (``GET /requests/{accessionNumber}/
        images/info``, IA-API 1.9+).

        Args:
            accession_number: the case's accession number (PHI: percent-encoded in the path
                and redacted from logs and errors).
            include_phi: add ``seriesInstanceUid`` and ``lisSlideId``.
            accession_number_issuer: the issuer, when accession numbers are not unique
                across issuers (sent as ``accessionNumberIssuer``).

        Raises:
            UnsupportedByServerError: the server reports IA-API older than 1.9 and answered 404.
            NotFoundError: no such case.
        """
        call = ops.get_case_images(
            accession_number,
            include_phi=include_phi,
            accession_number_issuer=accession_number_issuer,
        )
        return await self._call(call, RequestOptions(timeout, extra_headers))

    async def get_case_images_by_slide(
        self,
        slide_id: str,
        *,
        include_phi: bool = False,
        accession_number_issuer: str | None = None,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> list[CaseImageInfo]:
        """Every slide of the case a slide belongs to, that slide included (``GET /slides/
        {slideId}/request/images/info``, IA-API 1.9+).

        Args:
            slide_id: any slide of the case.
            include_phi: add ``seriesInstanceUid`` and ``lisSlideId``.
            accession_number_issuer: see :meth:`get_case_images`.

        Raises:
            UnsupportedByServerError: the server reports IA-API older than 1.9 and answered 404.
            NotFoundError: no such slide.
        """
        call = ops.get_case_images_by_slide(
            slide_id, include_phi=include_phi, accession_number_issuer=accession_number_issuer
        )
        return await self._call(call, RequestOptions(timeout, extra_headers))

    async def download_case(
        self,
        accession_number: str,
        output_dir: str | os.PathLike[str],
        *,
        max_concurrency: int = DEFAULT_CASE_CONCURRENCY,
        accession_number_issuer: str | None = None,
        progress: CaseProgressCallback | None = None,
        overwrite: bool = True,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> dict[str, list[Path]]:
        """Download every slide of a case, each into its own subfolder of ``output_dir``.

        The slides are those :meth:`get_case_images` lists (IA-API 1.9+). Each one is
        downloaded as :meth:`download_slide_files` does (streamed, atomic files, safe names)
        into ``output_dir/<slide id>``, the id reduced to a safe folder name (no separators,
        no ``..``; ids that reduce to the same name get a counter, ``name (2)``). A symbolic
        link already standing under a slide's folder name is never followed (nor removed):
        that slide fails with an ``OutputFolderError``. At most ``max_concurrency`` slides
        download at once (worker threads in the sync client, tasks in the async one, where
        cancelling cancels the downloads in flight); an interruption (``KeyboardInterrupt``,
        ``SystemExit``) stops the running ones at their next chunk, leaving nothing partial.

        Every slide is tried even when others fail; the failures are raised together at the
        end, as one :class:`~sectra_client.errors.CaseDownloadError`.

        Args:
            accession_number: the case's accession number (PHI: redacted from logs and
                errors, and never used as a folder name).
            output_dir: the folder to write the slide folders into; created if missing.
            max_concurrency: slides downloaded at once (at least 1).
            accession_number_issuer: see :meth:`get_case_images`.
            progress: called as bytes arrive with ``(slide_id, bytes_done, total_or_None,
                current_file_name)``, from the worker threads.
            overwrite: as for :meth:`download_slide_files`.

        Returns:
            The files written for each slide, by slide id, in the order the case lists them
            (empty for a case without slides).

        Raises:
            CaseDownloadError: some slides failed. Its ``failed`` maps each failed slide to
                its error (e.g. a ``DownloadError`` or ``NotFoundError``), ``downloaded`` the
                others to their files; failed slides left no partial file behind.
            NotFoundError: no such case (nothing was downloaded).
            OutputFolderError: ``output_dir`` is not a folder, not writable or cannot be
                created (nothing was requested).
            UnsupportedByServerError: the server reports IA-API older than 1.9 and answered 404.
            ValueError: ``max_concurrency`` is less than 1.
        """
        from sectra_client._download._case import slide_folders
        from sectra_client._download._case_async import download_slides
        from sectra_client._download._output_folder import check_output_folder

        await run_blocking(check_output_folder, output_dir)
        slides = await self.get_case_images(
            accession_number,
            accession_number_issuer=accession_number_issuer,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        folders = slide_folders(output_dir, [slide.id for slide in slides])

        async def download(slide_id: str, folder: Path, report: ProgressCallback) -> list[Path]:
            return await self.download_slide_files(
                slide_id,
                folder,
                progress=report,
                overwrite=overwrite,
                timeout=timeout,
                extra_headers=extra_headers,
            )

        return await download_slides(
            download, folders, max_concurrency=max_concurrency, progress=progress
        )

    # ----- results ------------------------------------------------------------------------

    async def create_result(
        self,
        application_id: str,
        result: Result,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ResultResponse:
        """Store a new result on a slide (``POST /applications/{applicationId}/results``).

        The request is sent once: a POST is not retried after it may have reached the server
        (a 5xx or a timeout could otherwise store the result twice).

        Args:
            application_id: the app's id (an invocation's ``applicationId``).
            result: the result; ``result.slideId`` names the slide. Coordinates are fractions
                of the image width (see the class docstring).

        Returns:
            The stored result with the ``id`` and ``versionId`` Sectra assigned.

        Raises:
            ValueError: ``result.data.result`` is missing (what the viewer shows).
            UnprocessableEntityError, BadRequestError: the server refused the body.
        """
        call = ops.create_result(application_id, result)
        return await self._call(call, RequestOptions(timeout, extra_headers))

    async def get_result(
        self,
        application_id: str,
        result_id: int,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ResultResponse:
        """One stored result of the app, with its current ``versionId`` (``GET /applications/
        {applicationId}/results/{resultId}``).

        Raises:
            NotFoundError: no such result.
        """
        call = ops.get_result(application_id, result_id)
        return await self._call(call, RequestOptions(timeout, extra_headers))

    async def update_result(
        self,
        application_id: str,
        result: VersionedResult | ResultResponse,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ResultResponse:
        """Replace a stored result (``PUT /applications/{applicationId}/results/{resultId}``).

        Send the whole result as read, edited, with the ``versionId`` it was read with; the
        result id is ``result.id``. Apps cannot delete results: update them instead. To retry
        automatically when someone else updated it meanwhile, use :meth:`modify_result`.

        A result read back without ``applicationVersion`` (other apps store such results) is
        sent with this client's ``app_version``, one without ``displayResult`` with an empty
        one, one without ``data.result`` with an empty primitive content (nothing drawn).

        Returns:
            The stored result with its new ``versionId``.

        Raises:
            ValueError: ``result`` has no ``id``.
            ConflictError: ``result.versionId`` is stale (409): read again and reapply.
            NotFoundError: no such result.
        """
        return await self._update_result(
            application_id, _id_of(result), result, timeout=timeout, extra_headers=extra_headers
        )

    async def list_slide_results(
        self,
        application_id: str,
        slide_id: str,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> list[ResultResponse]:
        """Every result the app stored on a slide, oldest first (``GET /applications/
        {applicationId}/results/slide/{slideId}``); empty when there are none."""
        call = ops.list_slide_results(application_id, slide_id)
        return await self._call(call, RequestOptions(timeout, extra_headers))

    async def upsert_result(
        self,
        application_id: str,
        result: Result,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ResultResponse:
        """Replace the app's latest result on ``result.slideId``, or create one if it has none.

        For apps that keep one result per slide (a placeholder replaced by the final one).
        The latest stored result's ``id`` and ``versionId`` are used; on a conflict (someone
        updated it meanwhile) the list is read again, up to 3 attempts in all.

        Raises:
            ConflictError: the result kept changing.
        """
        plan = ops.upsert_result(application_id, result, application_version=self._app_version)
        return await self._run(plan, RequestOptions(timeout, extra_headers))

    async def modify_result(
        self,
        application_id: str,
        result_id: int,
        change: Callable[[ResultResponse], ResultUpdate | None],
        *,
        attempts: int = DEFAULT_CONFLICT_ATTEMPTS,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ResultResponse:
        """Read a result, apply ``change``, store it; on a conflict read it again and reapply.

        Args:
            application_id: the app's id.
            result_id: the result's id.
            change: edits the freshly read result in place (returning None) or returns the
                result to store. It may run several times, each time on a fresh copy.
            attempts: reads and writes before a conflict is given up (default 3).

        Returns:
            The stored result with its new ``versionId``.

        Raises:
            ConflictError: the result changed on every attempt.
            NotFoundError: no such result.
        """
        plan = ops.modify_result(
            application_id,
            result_id,
            change,
            application_version=self._app_version,
            attempts=attempts,
        )
        return await self._run(plan, RequestOptions(timeout, extra_headers))

    async def get_result_attachment(
        self,
        application_id: str,
        result_id: int,
        name: str,
        *,
        start: int | None = None,
        end: int | None = None,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> bytes:
        """The bytes of a result's attachment (``GET .../results/{resultId}/attachments``).

        Args:
            application_id: the app's id.
            result_id: the result's id.
            name: the attachment's name, as in ``result.attachments[].name``.
            start: the first byte to read (sends ``Range``); None reads the whole attachment.
            end: the last byte to read, inclusive; None reads to the end.

        Raises:
            ValueError: ``end`` without ``start``, a negative ``start`` or ``end < start``.
            NotFoundError: no such result or attachment.
            SectraRequestError: 416 when the range lies outside the attachment.
        """
        call = ops.get_result_attachment(application_id, result_id, name, start=start, end=end)
        return await self._call(call, RequestOptions(timeout, extra_headers))

    # ----- quality control, applications, authentication ----------------------------------

    async def set_quality_control(
        self,
        slide_id: str,
        quality_control: QualityControl,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> None:
        """Set a slide's quality-control status (``PUT /slides/{slideId}/qualityControl``,
        IA-API 1.10+).

        Args:
            slide_id: the slide's id.
            quality_control: the new status, with the ``versionId`` read from the slide's
                ``ImageInfo.qualityControl``.

        Raises:
            UnsupportedByServerError: the server reports IA-API older than 1.10 and answered 404.
            ConflictError: the ``versionId`` is stale.
        """
        call = ops.set_quality_control(slide_id, quality_control)
        await self._call(call, RequestOptions(timeout, extra_headers))

    async def get_application(
        self,
        application_id: str,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Application:
        """What Sectra knows of a registered application (``GET /applications/
        {applicationId}``): id, display name, manufacturer, context.

        Raises:
            NotFoundError: no such application.
        """
        call = ops.get_application(application_id)
        return await self._call(call, RequestOptions(timeout, extra_headers))

    async def request_token(
        self,
        application_id: str,
        username: str,
        password: str,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> TokenResponse:
        """Obtain a bearer token with a Sectra user's credentials (``POST /token``, 1.9+).

        :meth:`from_credentials` does this, and the refreshing, for you. The password and the
        token never appear in reprs, logs or errors.

        Raises:
            AuthenticationError: wrong credentials.
            UnsupportedByServerError: the server is known to report IA-API older than 1.9 and
                answered 404.
        """
        call = ops.request_token(application_id, username, password)
        return await self._call(call, RequestOptions(timeout, extra_headers))

    async def get_launch_data(
        self,
        request_id: str,
        session_token: str,
        application_id: str | None = None,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> LaunchData:
        """What an externally launched app was started with (``GET /launchdata``, 1.9+).

        :meth:`from_launch_url` does this for you.

        Args:
            request_id: the launch URL's ``requestId`` (PHI: kept out of logs and errors).
            session_token: the launch URL's ``sessionToken`` (a secret, likewise).
            application_id: the app's id, sent as ``appId`` when given.

        Raises:
            UnsupportedByServerError: the server is known to report IA-API older than 1.9 and
                answered 404.
        """
        call = ops.get_launch_data(request_id, session_token, application_id)
        return await self._call(call, RequestOptions(timeout, extra_headers))

    # ----- I/O ----------------------------------------------------------------------------

    async def _slide_info(self, slide_id: str, options: RequestOptions) -> ImageInfo:
        call = ops.get_slide_info(slide_id, extended=False, include_phi=False)
        return await self._call(call, options)

    async def _update_result(
        self,
        application_id: str,
        result_id: int,
        result: ResultUpdate,
        *,
        timeout: Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ResultResponse:
        call = ops.update_result(
            application_id, result_id, result, application_version=self._app_version
        )
        return await self._call(call, RequestOptions(timeout, extra_headers))

    def _tile_fetcher(self, rendering: TileRendering, options: RequestOptions) -> TileFetcher:
        """Fetches the tiles of ``rendering``, each as one call."""

        async def fetch(level: int, col: int, row: int) -> bytes:
            return await self._call(rendering.tile_call(level, col, row), options)

        return fetch

    async def _call(self, call: Call[T], options: RequestOptions) -> T:
        spec = call.spec.with_options(options)
        too_old = await self._too_old_server(call.requirement, options)
        try:
            response = await self._transport.request(spec)
        except SectraRequestError as error:
            _raise_for_status(error, call.requirement, too_old)
        return call.interpret(response, pause_gc=self._pause_gc_while_parsing)

    async def _too_old_server(
        self, requirement: Requirement | None, options: RequestOptions
    ) -> ApplicationInfo | None:
        """The server's versions when they are older than ``requirement`` (logged as a
        warning; the request is sent anyway), else None."""
        if requirement is None:
            return None
        server = self._server.info
        if requirement.lookup and server is None:
            server = await self.get_version_info(
                timeout=options.timeout, extra_headers=options.extra_headers
            )
        return server if suspect_too_old(requirement, server) else None

    async def _run(self, plan: Plan[T], options: RequestOptions) -> T:
        outcome: Any = None
        failure: SectraRequestError | None = None
        try:
            while True:
                call = plan.send(outcome) if failure is None else plan.throw(failure)
                outcome, failure = None, None
                try:
                    outcome = await self._call(call, options)
                except SectraRequestError as error:
                    failure = error
        except StopIteration as finished:
            done: T = finished.value
            return done
        finally:
            plan.close()
