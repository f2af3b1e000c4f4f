"""The "Running at scale" guide (``docs/guides/scale.md``) is consistent: the compose file
(which cannot run here, there is no Docker engine) names the services, commands and settings
the text and the runner expect."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

GUIDE = Path(__file__).parents[1] / "docs" / "guides" / "scale.md"


def section() -> str:
    """The whole guide: the page is the section it was in the README."""
    return GUIDE.read_text(encoding="utf-8")


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section(), flags=re.DOTALL)


def test_compose_file_runs_redis_the_web_process_and_workers_of_one_app() -> None:
    [compose_text] = code_blocks("yaml")
    compose: dict[str, Any] = yaml.safe_load(compose_text)
    services = compose["services"]

    assert sorted(services) == ["app", "redis", "worker"]
    assert services["app"]["command"][:2] == ["uvicorn", "myapp:app"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "myapp:celery_app", "worker"]
    for name in ("app", "worker"):
        environment = services[name]["environment"]
        assert environment["REDIS_URL"].startswith("redis://:${REDIS_PASSWORD}@redis:6379/")
        assert environment["SECTRA_JOB_KEY"] == "${SECTRA_JOB_KEY}"
        assert services[name]["depends_on"] == ["redis"]
    assert "--requirepass" in services["redis"]["command"]


def test_app_module_of_the_example_is_python_and_names_what_the_commands_use() -> None:
    [module] = [block for block in code_blocks("python") if "CeleryJobRunner" in block]
    compile(module, "myapp.py", "exec")

    assert 'CeleryJobRunner(celery_app, "myapp:webhook"' in module
    assert "app = webhook.create_app(" in module
    assert "celery_app = Celery(" in module
