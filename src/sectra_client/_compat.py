"""The names and signatures of ``sectra-image-analysis-api``, the existing PyPI client, so that an
app written against it runs unchanged on :class:`~sectra_client.SectraClient` (and the same
names, awaited, on :class:`~sectra_client.AsyncSectraClient`).

Each alias only renames or reorders arguments and calls the client's own method; new code
should use the names in the README's table. The existing client's other import paths live in
:mod:`sectra_client.utils` and :mod:`sectra_client.schemas.results`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sectra_client._label import LabelImage
    from sectra_client._operations import ResultUpdate
    from sectra_client.schemas import ApplicationInfo, CaseImageInfo, ImageInfo, ResultResponse
    from sectra_client.schemas import Result as Result

__all__ = ["AsyncCompatAliases", "CompatAliases"]


class CompatAliases:
    """The existing client's names, for :class:`~sectra_client.SectraClient`."""

    get_version_info: Callable[[], ApplicationInfo]
    get_slide_info: Callable[..., ImageInfo]
    get_slide_label: Callable[[str], LabelImage | None]
    get_case_images: Callable[..., list[CaseImageInfo]]
    get_case_images_by_slide: Callable[..., list[CaseImageInfo]]
    create_result: Callable[[str, Result], ResultResponse]
    get_result: Callable[[str, int], ResultResponse]
    list_slide_results: Callable[[str, str], list[ResultResponse]]
    _update_result: Callable[[str, int, ResultUpdate], ResultResponse]

    @property
    def version_info(self) -> ApplicationInfo:
        """The server's IA-API and software versions (``GET /info``), fetched on first use and
        then remembered by this client; ``get_server_info()`` asks again."""
        return self.get_version_info()

    def get_image_metadata(
        self, slide_id: str, extended: bool = False, phi: bool = False
    ) -> ImageInfo:
        """``get_slide_info(slide_id, extended=extended, include_phi=phi)``."""
        return self.get_slide_info(slide_id, extended=extended, include_phi=phi)

    def get_label_image(self, slide_id: str) -> LabelImage | None:
        """``get_slide_label(slide_id)``."""
        return self.get_slide_label(slide_id)

    def get_image_infos_in_case(
        self,
        accession_number: str,
        phi: bool = False,
        accession_number_issuer_id: str | None = None,
    ) -> list[CaseImageInfo]:
        """``get_case_images``; the issuer is sent as ``accessionNumberIssuer``, the name
        Sectra's servers read."""
        return self.get_case_images(
            accession_number, include_phi=phi, accession_number_issuer=accession_number_issuer_id
        )

    def get_image_infos_in_case_by_slide_id(
        self, slide_id: str, phi: bool = False, accession_number_issuer_id: str | None = None
    ) -> list[CaseImageInfo]:
        """``get_case_images_by_slide``."""
        return self.get_case_images_by_slide(
            slide_id, include_phi=phi, accession_number_issuer=accession_number_issuer_id
        )

    def create_results(self, app_id: str, results: Result) -> ResultResponse:
        """``create_result(app_id, results)``."""
        return self.create_result(app_id, results)

    def get_result_by_result_id(self, app_id: str, result_id: int) -> ResultResponse:
        """``get_result(app_id, result_id)``."""
        return self.get_result(app_id, result_id)

    def get_all_results(self, wsi_id: str, app_id: str) -> list[ResultResponse]:
        """``list_slide_results(app_id, wsi_id)``: note the slide id comes first."""
        return self.list_slide_results(app_id, wsi_id)

    def update_results(self, app_id: str, result_id: int, result: ResultUpdate) -> ResultResponse:
        """``update_result`` with the result id given apart (``result``, an ``AdaptedResult``
        there, may have no id).

        Raises:
            ValueError: ``result`` has no ``versionId``.
        """
        return self._update_result(app_id, result_id, result)


class AsyncCompatAliases:
    """The existing client's names, awaited, for :class:`~sectra_client.AsyncSectraClient`
    (the existing client has no async client: these keep the two clients alike)."""

    get_slide_info: Callable[..., Awaitable[ImageInfo]]
    get_slide_label: Callable[[str], Awaitable[LabelImage | None]]
    get_case_images: Callable[..., Awaitable[list[CaseImageInfo]]]
    get_case_images_by_slide: Callable[..., Awaitable[list[CaseImageInfo]]]
    create_result: Callable[[str, Result], Awaitable[ResultResponse]]
    get_result: Callable[[str, int], Awaitable[ResultResponse]]
    list_slide_results: Callable[[str, str], Awaitable[list[ResultResponse]]]
    _update_result: Callable[[str, int, ResultUpdate], Awaitable[ResultResponse]]

    async def get_image_metadata(
        self, slide_id: str, extended: bool = False, phi: bool = False
    ) -> ImageInfo:
        """See :meth:`CompatAliases.get_image_metadata`."""
        return await self.get_slide_info(slide_id, extended=extended, include_phi=phi)

    async def get_label_image(self, slide_id: str) -> LabelImage | None:
        """See :meth:`CompatAliases.get_label_image`."""
        return await self.get_slide_label(slide_id)

    async def get_image_infos_in_case(
        self,
        accession_number: str,
        phi: bool = False,
        accession_number_issuer_id: str | None = None,
    ) -> list[CaseImageInfo]:
        """See :meth:`CompatAliases.get_image_infos_in_case`."""
        return await self.get_case_images(
            accession_number, include_phi=phi, accession_number_issuer=accession_number_issuer_id
        )

    async def get_image_infos_in_case_by_slide_id(
        self, slide_id: str, phi: bool = False, accession_number_issuer_id: str | None = None
    ) -> list[CaseImageInfo]:
        """See :meth:`CompatAliases.get_image_infos_in_case_by_slide_id`."""
        return await self.get_case_images_by_slide(
            slide_id, include_phi=phi, accession_number_issuer=accession_number_issuer_id
        )

    async def create_results(self, app_id: str, results: Result) -> ResultResponse:
        """See :meth:`CompatAliases.create_results`."""
        return await self.create_result(app_id, results)

    async def get_result_by_result_id(self, app_id: str, result_id: int) -> ResultResponse:
        """See :meth:`CompatAliases.get_result_by_result_id`."""
        return await self.get_result(app_id, result_id)

    async def get_all_results(self, wsi_id: str, app_id: str) -> list[ResultResponse]:
        """See :meth:`CompatAliases.get_all_results` (the slide id comes first)."""
        return await self.list_slide_results(app_id, wsi_id)

    async def update_results(
        self, app_id: str, result_id: int, result: ResultUpdate
    ) -> ResultResponse:
        """See :meth:`CompatAliases.update_results`."""
        return await self._update_result(app_id, result_id, result)
