"""The OpenAPI description of the Sectra IA-API that this library was generated from.

``sectra.yaml`` beside this module is a byte copy of the repository's ``openapi/sectra.yaml``,
and ``sectra.json`` the same document as JSON, both written by ``codegen.sh``; they ship in the
wheel so that tools (the mock server, schema tests, ``sectra spec``) can read the contract
without the source tree.
"""

from importlib.resources import files
from typing import Literal

SPEC_FILE_NAME = "sectra.yaml"
SPEC_JSON_FILE_NAME = "sectra.json"

SpecFormat = Literal["yaml", "json"]


def spec_text(spec_format: SpecFormat = "yaml") -> str:
    """Return the bundled OpenAPI document as text (UTF-8), as YAML or as JSON.

    The JSON is one self-contained document (the spec has no external references), for tools
    that do not read YAML.

    Raises:
        FileNotFoundError: the package was built without running ``codegen.sh``.
    """
    name = SPEC_JSON_FILE_NAME if spec_format == "json" else SPEC_FILE_NAME
    return files(__name__).joinpath(name).read_text(encoding="utf-8")
