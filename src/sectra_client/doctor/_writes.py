"""The writes of ``sectra doctor --write``: one result, created, updated and left in an
obviously named final state."""

from __future__ import annotations

from typing import Any

from sectra_client._constants import LIBRARY_VERSION
from sectra_client.doctor._checker import DOCTOR, Checker, status_text
from sectra_client.doctor._http import Call
from sectra_client.doctor._report import Deviation

__all__ = ["FINAL_DISPLAY_RESULT", "check_writes"]

FINAL_DISPLAY_RESULT = "sectra doctor check (safe to ignore: the API cannot delete results)"
"""What the result ``--write`` creates shows when doctor is done with it."""


def check_writes(checker: Checker, application_id: str, slide_id: str) -> None:
    """Create one result on the slide, update it, send it back with a stale ``versionId``,
    without ``id`` and with a trailing slash, read it back, and leave it showing
    :data:`FINAL_DISPLAY_RESULT` (the API cannot delete results)."""
    app: dict[str, str | int] = {"applicationId": application_id}
    sent = _doctor_result(slide_id, "sectra doctor: checking this server")
    created = checker.check(
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
    stored = checker.kept(created, sent)
    if stored is None:
        checker.report.notes.append("no result was created: the other writes not checked")
        return
    checker.fact("status of a created result", str(created.status))
    result_id, first_version = stored["id"], stored["versionId"]
    template = "/applications/{applicationId}/results/{resultId}"
    params: dict[str, str | int] = {**app, "resultId": result_id}

    update = {
        **_doctor_result(slide_id, "sectra doctor: updated"),
        "id": result_id,
        "versionId": first_version,
    }
    updated = checker.kept(
        checker.check(
            Call("update the result", "updateResult", "PUT", template, params, body=update),
            (200,),
        ),
        update,
    )
    if updated is None:
        checker.report.notes.append("the update failed: the other writes not checked")
        return
    version = updated["versionId"]
    checker.fact("a new versionId on every update", "yes" if version != first_version else "no")

    stale = {**update, "versionId": first_version}
    answer = checker.check(
        Call("update with a stale versionId", "updateResult", "PUT", template, params, body=stale),
        (409,),
    )
    checker.fact("status for a stale versionId", status_text(answer))

    without_id = {
        **_doctor_result(slide_id, "sectra doctor: updated without id"),
        "versionId": version,
    }
    answer = checker.check(
        Call("update without id", "updateResult", "PUT", template, params, body=without_id),
        (200,),
    )
    checker.fact("status of a PUT without id", status_text(answer))
    version = checker.current_version(answer, version)

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
    answer = checker.prober.send(slashed)
    checker.record(answer)
    checker.fact("status of a PUT with a trailing slash", status_text(answer))
    if answer.status != 200:
        checker.deviation(
            Deviation(
                "trailing-slash",
                "updateResult",
                "",
                f"PUT .../results/{{resultId}}/ answered {status_text(answer)}; without the "
                "slash 200 (the contract: the same operation)",
                DOCTOR,
            )
        )
    version = checker.current_version(answer, version)

    read = checker.check(Call("read the result back", "getResult", "GET", template, params), (200,))
    checker.kept(read, without_id)
    version = checker.current_version(read, version)

    final = {
        **_doctor_result(slide_id, FINAL_DISPLAY_RESULT),
        "id": result_id,
        "versionId": version,
    }
    checker.check(
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
