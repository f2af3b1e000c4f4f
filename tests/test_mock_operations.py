"""The mock's operation table matches ``openapi/sectra.yaml`` and routes raw paths right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sectra_client.mock_server._operations import OPERATIONS, MethodNotAllowed, RouteMatch, resolve

SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi" / "sectra.yaml"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _spec_operations() -> dict[str, tuple[str, str, str, str]]:
    spec: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    found = {}
    for path, item in spec["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            security = operation.get("security", spec["security"])
            auth = "session" if security == [] else next(iter(security[0])).removesuffix("Auth")
            found[operation["operationId"]] = (
                method.upper(),
                path,
                operation["x-sectra-since"],
                auth,
            )
    return found


def test_the_table_has_every_operation_of_the_spec_with_its_version_and_auth() -> None:
    table = {op.operation_id: (op.method, op.path, op.since, op.auth) for op in OPERATIONS}
    assert table == _spec_operations()


@pytest.mark.parametrize(
    ("method", "raw_path", "operation_id", "params"),
    [
        (
            "GET",
            "/requests/ACC%201%2F2/images/info",
            "getCaseImages",
            {"accessionNumber": "ACC 1/2"},
        ),
        ("GET", "/images/a_files_b_files/3/1_2.jpg", "getTile", {"slideId": "a_files_b"}),
        ("GET", "/applications/x/results/slide/attachments", "listSlideResults", {}),
        ("GET", "/slides/%C3%85/info", "getSlideInfo", {"slideId": "Å"}),
    ],
)
def test_raw_paths_resolve_to_their_operation_with_decoded_parameters(
    method: str, raw_path: str, operation_id: str, params: dict[str, str]
) -> None:
    match = resolve(method, raw_path, (1, 10))
    assert isinstance(match, RouteMatch)
    assert match.operation.operation_id == operation_id
    assert params.items() <= match.params.items()


def test_a_known_path_with_another_method_lists_the_allowed_ones() -> None:
    assert resolve("DELETE", "/applications/a/results/1", (1, 10)) == MethodNotAllowed(
        ("GET", "PUT")
    )


def test_operations_newer_than_the_server_do_not_resolve() -> None:
    assert resolve("PUT", "/slides/s/qualityControl", (1, 9)) is None
    assert resolve("GET", "/slides//info", (1, 10)) is None
