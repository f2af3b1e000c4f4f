"""The public exceptions: every one lives in ``sectra_client.errors`` and its ``__all__``,
whatever other module also offers it, and derives from ``SectraError`` (but the one signal a
job must not swallow, and the warning about a tolerated contract deviation)."""

from __future__ import annotations

import importlib
import pickle

import pytest

import sectra_client.errors
from sectra_client.errors import (
    JobCancelled,
    MissingExtraError,
    SectraError,
    WebhookContractWarning,
)

PUBLIC_MODULES = [
    "sectra_client",
    "sectra_client.pyramid",
    "sectra_client.webhook",
    "sectra_client.mock_server",
    "sectra_client.schemas",
    "sectra_client.testing",
    "sectra_client.utils.errors",
    "sectra_client._extras",
]


def exceptions_exported_by(module_name: str) -> dict[str, type[BaseException]]:
    module = importlib.import_module(module_name)
    exported = {name: getattr(module, name) for name in getattr(module, "__all__", [])}
    return {
        name: value
        for name, value in exported.items()
        if isinstance(value, type) and issubclass(value, BaseException)
    }


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_exported_exception_is_the_one_in_sectra_client_errors(module_name: str) -> None:
    listed = exceptions_exported_by("sectra_client.errors")

    for name, exception in exceptions_exported_by(module_name).items():
        assert listed.get(name) is exception, f"{module_name}.{name}"


def test_every_error_but_the_job_cancellation_signal_and_the_warning_is_a_sectra_error() -> None:
    listed = exceptions_exported_by("sectra_client.errors")

    assert [name for name, error in listed.items() if not issubclass(error, SectraError)] == [
        "JobCancelled",
        "WebhookContractWarning",
    ]
    assert not issubclass(JobCancelled, Exception)
    assert issubclass(WebhookContractWarning, UserWarning)


def test_the_missing_extra_error_is_an_import_error_that_survives_pickling() -> None:
    error = MissingExtraError("fastapi", "webhook", "the webhook toolkit")

    copy = pickle.loads(pickle.dumps(error))

    assert isinstance(copy, MissingExtraError)
    assert isinstance(copy, ImportError)
    assert (str(copy), copy.name, copy.extra) == (str(error), "fastapi", "webhook")
    assert sectra_client.errors.__all__ == sorted(sectra_client.errors.__all__)
