"""List what the bundled Sectra IA-API contract describes.

Prints every operation the app calls on Sectra (method, path, operationId and the API version
that introduced it, from ``x-sectra-since``) and every webhook Sectra calls on the app.

Run: ``python examples/demo.py`` (needs PyYAML, part of the ``dev`` extra).
"""

from typing import Any

import yaml

from sectra_client._spec import spec_text

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operation_lines(path_items: dict[str, Any]) -> list[str]:
    """One aligned line per operation: method, path, operationId, since-version."""
    rows = [
        (
            method.upper(),
            path,
            operation.get("operationId", "-"),
            operation.get("x-sectra-since", "-"),
        )
        for path, item in path_items.items()
        for method in HTTP_METHODS
        if (operation := item.get(method)) is not None
    ]
    width = max((len(path) for _, path, _, _ in rows), default=0)
    return [
        f"  {method:<6} {path:<{width}}  {operation_id:<24} since {since}"
        for method, path, operation_id, since in rows
    ]


def main() -> None:
    spec = yaml.safe_load(spec_text())
    info = spec["info"]
    print(f"{info['title']} {info['version']} (OpenAPI {spec['openapi']})")
    print("\nOperations the app calls on Sectra:")
    print("\n".join(operation_lines(spec.get("paths", {}))))
    print("\nWebhooks Sectra calls on the app:")
    print("\n".join(operation_lines(spec.get("webhooks", {}))))


if __name__ == "__main__":
    main()
