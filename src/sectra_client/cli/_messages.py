"""Failures in the words of the command line: what went wrong, and the flag that fixes it.

The library's messages advise Python arguments (``overwrite=True``); here they name the option
instead (``--overwrite``), name the folder the user gave, and say what a JSON document is
missing rather than quoting pydantic.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sectra_client.errors import (
    AuthenticationError,
    CaseDownloadError,
    ConflictError,
    InsecureURLError,
    OutputFileExistsError,
    OutputFolderError,
    PermissionDeniedError,
)

__all__ = ["describe", "validated"]

ModelT = TypeVar("ModelT", bound=BaseModel)

_MAX_PROBLEMS = 5
_MISSING = "missing"
_NO_TAG = "union_tag_not_found"
_WRONG_TAG = "union_tag_invalid"


def describe(error: Exception) -> str:
    """One line saying what went wrong, worded for the command line."""
    if isinstance(error, InsecureURLError):
        return (
            f"refusing plain http:// to {error.host!r}: the token would cross the network "
            "unencrypted. Use https://, or pass --allow-insecure-http before the command "
            "(sectra --allow-insecure-http ...) if you accept that risk"
        )
    if isinstance(error, OutputFileExistsError):
        return (
            f"{error.filename} already exists in the output folder: pass --overwrite to replace it"
        )
    if isinstance(error, OutputFolderError):
        return f"the output folder {error.folder} {error.problem}"
    if isinstance(error, CaseDownloadError):
        return error.summary(describe)
    if isinstance(error, AuthenticationError | PermissionDeniedError):
        return f"the server refused the token: {error}"
    if isinstance(error, ConflictError):
        return f"{error} (it changed since it was read: read it again and retry)"
    if isinstance(error, FileNotFoundError | PermissionError | IsADirectoryError):
        return f"{error.strerror}: {error.filename}"
    if isinstance(error, ValidationError):
        return f"not a valid {error.title}: {_problems(error, None, None)}"
    text = " ".join(str(error).split())
    return text or type(error).__name__


def validated(model: type[ModelT], data: Any) -> ModelT:
    """``data`` as a ``model``.

    Raises:
        ValueError: it is not one; the message names each bad field and, for a missing or
            unknown ``"type"``, the types expected.
    """
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ValueError(f"not a valid {model.__name__}: {_problems(error, model, data)}") from None


def _problems(error: ValidationError, model: type[BaseModel] | None, data: Any) -> str:
    # Imported here: the schemas are not needed to start the command line (``sectra --help``).
    from sectra_client.schemas._open import readable_errors

    problems = [_problem(item, model, data) for item in readable_errors(error)]
    more = f"; and {len(problems) - _MAX_PROBLEMS} more" if len(problems) > _MAX_PROBLEMS else ""
    return "; ".join(problems[:_MAX_PROBLEMS]) + more


def _problem(item: Any, model: type[BaseModel] | None, data: Any) -> str:
    location = tuple(item["loc"])
    path = ".".join(str(part) for part in location) or "(top level)"
    if item["type"] == _MISSING and model is not None and location:
        # An open union reports a missing tag as its catch-all variant's missing field.
        expected = _expected_tags(model, data, location[:-1], str(location[-1]))
        if expected:
            return _missing_tag(path, expected)
    if item["type"] not in (_NO_TAG, _WRONG_TAG):
        return f"{path}: {item['msg']}"
    tag = str(item.get("ctx", {}).get("discriminator", "type")).strip("'")
    expected = item.get("ctx", {}).get("expected_tags")
    if expected is None and model is not None:
        expected = _expected_tags(model, data, location, tag)
    if item["type"] == _NO_TAG:
        return _missing_tag(f"{path}.{tag}", expected)
    choice = f": expected one of {expected}" if expected else ""
    return f"{path}.{tag} is not a known kind{choice}"


def _missing_tag(path: str, expected: str | None) -> str:
    choice = f": expected one of {expected}" if expected else ""
    return f"{path} is missing (it says which kind of object this is){choice}"


def _expected_tags(
    model: type[BaseModel], data: Any, location: tuple[Any, ...], tag: str
) -> str | None:
    """The tags the union at ``location`` knows, as pydantic lists them for a wrong one (it
    does not list them when the tag is missing): validate a copy whose tag is not even a
    string, which neither a known variant nor an open union's catch-all accepts."""
    from sectra_client.schemas._open import without_branch_labels

    probe = copy.deepcopy(data)
    target = probe
    try:
        for part in location:
            target = target[part]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(target, dict):
        return None
    target[tag] = 0
    try:
        model.model_validate(probe)
    except ValidationError as error:
        for item in error.errors(include_input=False, include_url=False):
            if item["type"] == _WRONG_TAG and without_branch_labels(item["loc"]) == location:
                return str(item.get("ctx", {}).get("expected_tags"))
    return None
