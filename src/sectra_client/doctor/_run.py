"""The calls ``sectra doctor`` makes, in order, and how each answer is checked."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Any

import httpx

from sectra_client._constants import DEFAULT_TIMEOUT, LIBRARY_VERSION
from sectra_client._spec import spec_text
from sectra_client._urls import validate_base_url
from sectra_client._versions import parse_api_version
from sectra_client.doctor._http import Call, Exchange, Prober
from sectra_client.doctor._report import CallRecord, Deviation, DoctorReport, Finding
from sectra_client.doctor._strict import strict_deviations
from sectra_client.doctor._tolerant import tolerant_deviations
from sectra_client.pyramid import DeepZoomPyramid
from sectra_client.schemas import ImageInfo

_DOCTOR = ("doctor",)
"""Which check found a deviation: the call's expected outcome."""

__all__ = ["FINAL_DISPLAY_RESULT", "run_doctor"]

THUMBNAIL_SIDE = 512
"""The longer side, in pixels, of the thumbnail whose tiles doctor fetches."""
FINAL_DISPLAY_RESULT = "sectra doctor check (safe to ignore: the API cannot delete results)"
"""What the result ``--write`` creates shows when doctor is done with it."""
_SERVER_HEADERS = ("X-Sectra-ApiVersion", "X-Sectra-SoftwareVersion")
_ROUND_TRIP_FIELDS = ("displayResult", "applicationVersion", "displayProperties", "data")


def run_doctor(
    url: str,
    token: str | None = None,
    *,
    slide_id: str | None = None,
    application_id: str | None = None,
    credentials: tuple[str, str] | None = None,
    write: bool = False,
    timeout: float | httpx.Timeout | None = None,
    allow_insecure_http: bool = False,
) -> DoctorReport:
    """Check a Sectra server against ``openapi/sectra.yaml``; answer what was found.

    Read-only unless ``write``: ``/info``, the slide's info (basic and extended, never with
    PHI), its label, one tile per pyramid level and the tiles of a thumbnail, the case's
    images (without PHI), the application's results on the slide and the application itself.
    Every JSON answer is checked twice: by openapi-core against the contract, and by this
    library's tolerant models. Statuses, version headers, trailing slashes and version gates
    are checked too.

    With ``write`` (needs ``slide_id`` and an ``application_id`` you own), one result is
    created on the slide, updated, sent back with a stale ``versionId``, sent without ``id``
    and with a trailing slash, read back, and left showing :data:`FINAL_DISPLAY_RESULT`.

    Args:
        url: the API base URL.
        token: a bearer token; or give ``credentials`` (with ``application_id``) to get one
            from ``POST /token``.
        slide_id: the slide to check the slide operations on (skipped without one).
        application_id: the app to check the application and result operations for.
        credentials: a Sectra user's name and password for ``POST /token``.
        write: also check the result writes (see above).
        timeout: seconds (or an ``httpx.Timeout``) each call may take.
        allow_insecure_http: accept plain ``http://`` to a host that is not this machine.

    Raises:
        ValueError: the URL is malformed, neither a token nor credentials were given,
            credentials came without ``application_id``, or ``write`` without a slide or an
            application.
        InsecureURLError: plain ``http://`` to another machine without ``allow_insecure_http``.
    """
    base_url = validate_base_url(url, allow_insecure_http=allow_insecure_http).rstrip("/")
    if token is None and credentials is None:
        raise ValueError("give a token, or credentials (user name and password) for /token")
    if credentials is not None and application_id is None:
        raise ValueError("credentials need an application id: /token issues a token per app")
    if write and (slide_id is None or application_id is None):
        raise ValueError("--write needs a slide id and the id of an application you own")
    timeouts = timeout if isinstance(timeout, httpx.Timeout) else DEFAULT_TIMEOUT
    if isinstance(timeout, int | float):
        timeouts = httpx.Timeout(timeout)
    doctor = _Doctor(base_url, token or "", timeouts)
    try:
        doctor.run(slide_id, application_id, credentials, write)
    finally:
        doctor.close()
    return doctor.report


@functools.cache
def _operations() -> dict[str, dict[str, Any]]:
    """Each operation of the contract by ``operationId``: its ``x-sectra-since`` and
    whether that version is unconfirmed."""
    spec = json.loads(spec_text("json"))
    found: dict[str, dict[str, Any]] = {}
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = operation
    return found


class _Doctor:
    def __init__(self, base_url: str, token: str, timeout: httpx.Timeout) -> None:
        self.base_url = base_url
        self.prober = Prober(base_url, token, timeout=timeout)
        self.report = DoctorReport()
        self.server_version: tuple[int, int] | None = None

    def close(self) -> None:
        self.prober.close()

    # --- the plan ---------------------------------------------------------------------------

    def run(
        self,
        slide_id: str | None,
        application_id: str | None,
        credentials: tuple[str, str] | None,
        write: bool,
    ) -> None:
        self.server_info()
        if credentials is not None and application_id is not None:
            self.token(application_id, credentials)
        if slide_id is None:
            self.report.notes.append("no slide given (--slide): slide operations not checked")
        else:
            self.slide(slide_id)
        if application_id is None:
            self.report.notes.append(
                "no application given (--application): application and result operations "
                "not checked"
            )
        else:
            self.application(application_id, slide_id)
        if write and slide_id is not None and application_id is not None:
            self.report.wrote = True
            self.writes(application_id, slide_id)

    def server_info(self) -> None:
        info = self.check(Call("server versions", "getServerInfo", "GET", "/info", {}), (200,))
        if info.status == 200:
            try:
                versions = json.loads(info.body)
                self.report.api_version = _text(versions.get("apiVersion"))
                self.report.software_version = _text(versions.get("softwareVersion"))
            except (ValueError, AttributeError):
                pass
            if self.report.api_version is not None:
                self.server_version = parse_api_version(self.report.api_version)
            self.fact(
                "server versions",
                f"IA-API {self.report.api_version}, Sectra {self.report.software_version}",
            )
        self.trailing_slash(Call("server versions", "getServerInfo", "GET", "/info", {}), info)

    def token(self, application_id: str, credentials: tuple[str, str]) -> None:
        call = Call(
            "token from /token",
            "requestToken",
            "POST",
            "/token",
            {},
            query={"applicationId": application_id},
            form={"grant_type": "client_credentials"},
            basic=credentials,
        )
        answer = self.check(call, (200,))
        if answer.status == 200:
            try:
                token = json.loads(answer.body)["access_token"]
            except (ValueError, KeyError, TypeError):
                return
            if isinstance(token, str):
                self.prober.close()
                self.prober = Prober(self.base_url, token, timeout=self.prober.timeout)

    def slide(self, slide_id: str) -> None:
        params: dict[str, str | int] = {"slideId": slide_id}
        template = "/slides/{slideId}/info"
        basic = self.check(Call("slide info", "getSlideInfo", "GET", template, params), (200,))
        self.trailing_slash(Call("slide info", "getSlideInfo", "GET", template, params), basic)
        self.check(
            Call(
                "slide info, extended",
                "getSlideInfo",
                "GET",
                template,
                params,
                query={"scope": "extended"},
            ),
            (200,),
        )
        self.check(
            Call("label", "getSlideLabel", "GET", "/slides/{slideId}/label", params), (200, 204)
        )
        self.tiles(slide_id, basic)
        self.check(
            Call(
                "case images, without PHI",
                "getCaseImagesBySlide",
                "GET",
                "/slides/{slideId}/request/images/info",
                params,
            ),
            (200,),
        )

    def tiles(self, slide_id: str, info_answer: Exchange) -> None:
        if info_answer.status != 200:
            self.report.notes.append("slide info unreadable: tiles not checked")
            return
        try:
            info = ImageInfo.model_validate_json(info_answer.body)
            pyramid = DeepZoomPyramid.from_image_info(info)
        except ValueError:
            self.report.notes.append("slide info unreadable: tiles not checked")
            return
        if not info.isStreamable:
            self.report.notes.append("the slide is not streamable: tiles not checked")
            return
        formats = info.availableTileFormats or [info.storedTileFormat]
        extension = formats[0].extension
        template = "/images/{slideId}_files/{level}/{tileName}"
        for level in pyramid.levels:
            params: dict[str, str | int] = {
                "slideId": slide_id,
                "level": level,
                "tileName": f"0_0.{extension}",
            }
            self.check(Call(f"tile of level {level}", "getTile", "GET", template, params), (200,))
        level = pyramid.level_for_size(THUMBNAIL_SIDE)
        for col, row in pyramid.tiles_for_level(level).tile_indices:
            params = {"slideId": slide_id, "level": level, "tileName": f"{col}_{row}.{extension}"}
            self.check(Call("thumbnail tile", "getTile", "GET", template, params), (200,))

    def application(self, application_id: str, slide_id: str | None) -> None:
        params: dict[str, str | int] = {"applicationId": application_id}
        self.check(
            Call("application", "getApplication", "GET", "/applications/{applicationId}", params),
            (200,),
        )
        if slide_id is not None:
            self.check(
                Call(
                    "the app's results on the slide",
                    "listSlideResults",
                    "GET",
                    "/applications/{applicationId}/results/slide/{slideId}",
                    {**params, "slideId": slide_id},
                ),
                (200,),
            )

    def writes(self, application_id: str, slide_id: str) -> None:
        app: dict[str, str | int] = {"applicationId": application_id}
        sent = _doctor_result(slide_id, "sectra doctor: checking this server")
        created = self.check(
            Call(
                "create a result",
                "createResult",
                "POST",
                "/applications/{applicationId}/results",
                app,
                body=sent,
            ),
            (201, 200),
        )
        stored = self.kept(created, sent)
        if stored is None:
            self.report.notes.append("no result was created: the other writes not checked")
            return
        self.fact("status of a created result", str(created.status))
        result_id, first_version = stored["id"], stored["versionId"]
        template = "/applications/{applicationId}/results/{resultId}"
        params: dict[str, str | int] = {**app, "resultId": result_id}

        update = {
            **_doctor_result(slide_id, "sectra doctor: updated"),
            "id": result_id,
            "versionId": first_version,
        }
        updated = self.kept(
            self.check(
                Call("update the result", "updateResult", "PUT", template, params, body=update),
                (200,),
            ),
            update,
        )
        if updated is None:
            self.report.notes.append("the update failed: the other writes not checked")
            return
        version = updated["versionId"]
        self.fact("a new versionId on every update", "yes" if version != first_version else "no")

        stale = {**update, "versionId": first_version}
        answer = self.check(
            Call(
                "update with a stale versionId", "updateResult", "PUT", template, params, body=stale
            ),
            (409,),
        )
        self.fact("status for a stale versionId", _status_text(answer))

        without_id = {
            **_doctor_result(slide_id, "sectra doctor: updated without id"),
            "versionId": version,
        }
        answer = self.check(
            Call("update without id", "updateResult", "PUT", template, params, body=without_id),
            (200,),
        )
        self.fact("status of a PUT without id", _status_text(answer))
        version = self.current_version(answer, version)

        with_slash = {**without_id, "versionId": version}
        slashed = Call(
            "update with a trailing slash",
            "updateResult",
            "PUT",
            template,
            params,
            body=with_slash,
            trailing_slash=True,
        )
        answer = self.prober.send(slashed)
        self.record(answer)
        self.fact("status of a PUT with a trailing slash", _status_text(answer))
        if answer.status != 200:
            self.deviation(
                Deviation(
                    "trailing-slash",
                    "updateResult",
                    "",
                    f"PUT .../results/{{resultId}}/ answered {_status_text(answer)}; without the "
                    "slash 200 (the contract: the same operation)",
                    _DOCTOR,
                )
            )
        version = self.current_version(answer, version)

        read = self.check(
            Call("read the result back", "getResult", "GET", template, params), (200,)
        )
        self.kept(read, without_id)
        version = self.current_version(read, version)

        final = {
            **_doctor_result(slide_id, FINAL_DISPLAY_RESULT),
            "id": result_id,
            "versionId": version,
        }
        self.check(
            Call(
                "leave the result in its final state",
                "updateResult",
                "PUT",
                template,
                params,
                body=final,
            ),
            (200,),
        )

    # --- checking one call ------------------------------------------------------------------

    def check(self, call: Call, expected: Iterable[int]) -> Exchange:
        """Send ``call``; record it and every way its answer differs from the contract."""
        answer = self.prober.send(call)
        self.record(answer)
        operation = call.operation
        if answer.status is None:
            self.deviation(
                Deviation("call-failed", operation, "", f"no answer ({answer.failure})", _DOCTOR)
            )
            return answer
        expected = tuple(expected)
        if answer.status not in expected:
            wanted = " or ".join(str(status) for status in expected)
            self.deviation(
                Deviation(
                    "status",
                    operation,
                    "",
                    f"{call.label}: status {answer.status}; the contract says {wanted}",
                    _DOCTOR,
                )
            )
        for name in _SERVER_HEADERS:
            if name not in answer.headers:
                self.deviation(
                    Deviation(
                        "header",
                        operation,
                        name,
                        "the server's version header is missing",
                        _DOCTOR,
                    )
                )
        self.version_gate(answer)
        for deviation in strict_deviations(answer, self.base_url):
            self.deviation(deviation)
        if 200 <= answer.status < 300 and answer.body:
            for deviation in tolerant_deviations(operation, answer.body):
                self.deviation(deviation)
        return answer

    def version_gate(self, answer: Exchange) -> None:
        operation = _operations()[answer.call.operation]
        since_text = str(operation.get("x-sectra-since", "1.5"))
        since = parse_api_version(since_text)
        if self.server_version is None or since is None or answer.status is None:
            return
        served = 200 <= answer.status < 300
        if since > self.server_version and served:
            detail = (
                f"served, though /info reports IA-API {self.report.api_version} and the "
                f"contract says since {since_text}"
            )
            self.deviation(Deviation("version-gate", answer.call.operation, "", detail, _DOCTOR))
        elif since <= self.server_version and answer.status == 405:
            detail = (
                f"not served (405), though /info reports IA-API "
                f"{self.report.api_version} and the contract says since {since_text}"
            )
            self.deviation(Deviation("version-gate", answer.call.operation, "", detail, _DOCTOR))
        if operation.get("x-sectra-since-unconfirmed") and served:
            self.fact(
                f"{answer.call.operation} (since {since_text}, unconfirmed)",
                f"served by IA-API {self.report.api_version}",
            )

    def trailing_slash(self, call: Call, plain: Exchange) -> None:
        slashed = Call(
            call.label + ", trailing slash",
            call.operation,
            call.method,
            call.template,
            call.params,
            call.query,
            trailing_slash=True,
        )
        answer = self.prober.send(slashed)
        self.record(answer)
        self.fact(f"status of {call.method} {call.template}/", _status_text(answer))
        if answer.status != plain.status:
            detail = (
                f"{call.method} {call.template}/ answered {_status_text(answer)}; without "
                f"the slash {_status_text(plain)} (the contract: the same operation)"
            )
            self.deviation(Deviation("trailing-slash", call.operation, "", detail, _DOCTOR))

    def kept(self, answer: Exchange, sent: dict[str, Any]) -> dict[str, Any] | None:
        """The stored result in ``answer``, after checking it kept what was ``sent``."""
        if answer.status is None or not 200 <= answer.status < 300:
            return None
        try:
            stored = json.loads(answer.body)
        except ValueError:
            return None
        if not isinstance(stored, dict) or not isinstance(stored.get("id"), int):
            return None
        if not isinstance(stored.get("versionId"), str):
            return None
        for name in _ROUND_TRIP_FIELDS:
            if name in sent and name not in stored:
                self.deviation(
                    Deviation(
                        "missing-field",
                        answer.call.operation,
                        name,
                        "sent, but missing from the answer (the server did not keep it)",
                        _DOCTOR,
                    )
                )
        return stored

    def current_version(self, answer: Exchange, fallback: str) -> str:
        try:
            version = json.loads(answer.body)["versionId"]
        except (ValueError, KeyError, TypeError):
            return fallback
        return version if isinstance(version, str) else fallback

    def record(self, answer: Exchange) -> None:
        call = answer.call
        self.report.calls.append(
            CallRecord(
                call.label,
                call.operation,
                call.method,
                call.template + ("/" if call.trailing_slash else ""),
                answer.status,
                round(answer.seconds, 4),
                len(answer.body),
                answer.failure,
            )
        )

    def deviation(self, deviation: Deviation) -> None:
        self.report.add_deviation(deviation)

    def fact(self, question: str, answer: str) -> None:
        if all(finding.question != question for finding in self.report.findings):
            self.report.findings.append(Finding(question, answer))


def _doctor_result(slide_id: str, display_result: str) -> dict[str, Any]:
    """A small, obviously named result: one triangle near the slide's top-left corner."""
    return {
        "slideId": slide_id,
        "displayResult": display_result,
        "applicationVersion": LIBRARY_VERSION,
        "displayProperties": {"Written by": "sectra doctor"},
        "data": {
            "context": {"writtenBy": "sectra doctor"},
            "result": {
                "type": "primitive",
                "content": [
                    {
                        "polygons": [
                            {
                                "points": [
                                    {"x": 0.01, "y": 0.01},
                                    {"x": 0.02, "y": 0.01},
                                    {"x": 0.01, "y": 0.02},
                                ]
                            }
                        ]
                    }
                ],
            },
        },
    }


def _status_text(answer: Exchange) -> str:
    return str(answer.status) if answer.status is not None else f"no answer ({answer.failure})"


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
