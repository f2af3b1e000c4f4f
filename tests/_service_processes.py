"""The processes of a scaled-out app, started as a deployment starts them: ``celery -A MODULE
worker`` workers and the web process (``uvicorn MODULE:app``), for the Celery tests.

Each runs in its own process group (a worker's main process and its pool processes), writes to
its own log file, and is ready once its log shows its ready line. :meth:`ServiceProcess.kill`
sends SIGKILL to the whole group, as a lost machine or container would end it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["ServiceProcess", "celery_worker", "uvicorn_web"]

TESTS_DIRECTORY = Path(__file__).parent


class ServiceProcess:
    """A process started in ``directory`` (importable there), logging to ``log_path``.

    Args:
        name: what to call it (also its ``SECTRA_TEST_WORKER``).
        command: the arguments after ``python -m``.
        environment: variables added to this process's environment.
        log_path: where its output goes.
        ready_text: the log text that says it is ready.
    """

    def __init__(
        self,
        name: str,
        command: Sequence[str],
        environment: Mapping[str, str],
        log_path: Path,
        ready_text: str,
        directory: Path = TESTS_DIRECTORY,
    ) -> None:
        self.name = name
        self.log_path = log_path
        self._ready_text = ready_text
        env = {**os.environ, **environment, "SECTRA_TEST_WORKER": name}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(directory), env.get("PYTHONPATH")]))
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", *command],
                cwd=directory,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_ready(self, timeout: float = 60.0) -> None:
        """Return once the process is ready.

        Raises:
            RuntimeError: it exited or was not ready in ``timeout`` seconds (its log is shown).
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._ready_text in self.log():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not start:\n{self.log()[-3000:]}")

    def log(self) -> str:
        """Everything the process wrote so far."""
        return self.log_path.read_text(errors="replace")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the process and its children at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        """Stop it (SIGTERM: a worker's warm shutdown); killed if it takes over 10 s."""
        if not self.alive:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.kill()


def celery_worker(
    name: str, app: str, environment: Mapping[str, str], log_path: Path, *, concurrency: int = 1
) -> ServiceProcess:
    """``celery -A app worker`` named ``name@host``: prefork pool of ``concurrency``."""
    command = ["celery", "-A", app, "worker", "-n", f"{name}@%h", "--loglevel", "INFO"]
    command += ["--concurrency", str(concurrency), "--pool", "prefork"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    return ServiceProcess(name, command, environment, log_path, " ready.")


def uvicorn_web(
    app: str, port: int, environment: Mapping[str, str], log_path: Path
) -> ServiceProcess:
    """``uvicorn app`` on 127.0.0.1:``port``, the web process."""
    command = ["uvicorn", app, "--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    return ServiceProcess("web", command, environment, log_path, "Application startup complete")
