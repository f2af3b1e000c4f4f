"""The OpenAPI description of the Sectra IA-API that this library was generated from.

``sectra.yaml`` beside this module is a byte copy of the repository's ``openapi/sectra.yaml``,
written by ``codegen.sh``; it ships in the wheel so that tools (the mock server, schema tests)
can read the contract without the source tree.
"""

from importlib.resources import files

SPEC_FILE_NAME = "sectra.yaml"


def spec_text() -> str:
    """Return the bundled OpenAPI document (YAML, UTF-8) as text.

    Raises:
        FileNotFoundError: the package was built without running ``codegen.sh``.
    """
    return files(__name__).joinpath(SPEC_FILE_NAME).read_text(encoding="utf-8")
