"""Real Celery workers as subprocesses (``celery -A MODULE worker``), for the Celery tests.

Each worker runs in its own process group (its main process and its pool processes), logs to
a file, and is ready once it printed ``ready``. :meth:`CeleryWorker.kill` sends SIGKILL to the
whole group, as a lost machine or container would end it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

__all__ = ["CeleryWorker"]

TESTS_DIRECTORY = Path(__file__).parent


class CeleryWorker:
    """One ``celery worker`` process (prefork pool, ``concurrency`` processes) named ``name``.

    Args:
        name: the worker's node name (``name@host``) and its ``SECTRA_TEST_WORKER``.
        app: the ``-A`` argument.
        environment: variables added to this process's environment.
        log_path: where its output goes.
        concurrency: its pool size.
        queues: the queues it consumes (default: the app's default queue).
    """

    def __init__(
        self,
        name: str,
        app: str,
        environment: Mapping[str, str],
        log_path: Path,
        *,
        concurrency: int = 1,
        queues: str | None = None,
        directory: Path = TESTS_DIRECTORY,
    ) -> None:
        self.name = name
        self.log_path = log_path
        command = [sys.executable, "-m", "celery", "-A", app, "worker", "-n", f"{name}@%h"]
        command += ["--concurrency", str(concurrency), "--pool", "prefork", "--loglevel", "INFO"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        if queues:
            command += ["--queues", queues]
        env = {**os.environ, **environment, "SECTRA_TEST_WORKER": name}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(directory), env.get("PYTHONPATH")]))
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=directory,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_ready(self, timeout: float = 60.0) -> None:
        """Return once the worker consumes jobs.

        Raises:
            RuntimeError: it exited or was not ready in ``timeout`` seconds (its log is shown).
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"worker {self.name} did not start:\n{self.log()[-3000:]}")

    def log(self) -> str:
        """Everything the worker wrote so far."""
        return self.log_path.read_text(errors="replace")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the worker's main and pool processes at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        """Stop the worker (warm shutdown; killed if it takes more than 10 s)."""
        if not self.alive:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.kill()
