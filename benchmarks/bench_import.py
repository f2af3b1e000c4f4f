"""Import time: ``import sectra_client`` next to the existing client's, and ``sectra --help``.

Run:  python benchmarks/bench_import.py [--rounds 5]
          [--existing-python /tmp/oldclient-venv/bin/python]

Side by side, in one run, each in a fresh interpreter and best of ``--rounds``:

- ``import sectra_client`` (ours), as ``python -X importtime`` reports its cumulative time,
  with the number of modules it loads and whether asyncio is among them;
- the same for ``import sectra_client.schemas`` and ``from sectra_client import
  AsyncSectraClient`` (which does load asyncio);
- the existing PyPI client ``sectra-image-analysis-api``, whose package is also named
  ``sectra_client``, when ``--existing-python`` names a Python that has it installed (keep it out
  of this project's environment: ``python -m venv /tmp/oldclient-venv &&
  /tmp/oldclient-venv/bin/pip install sectra-image-analysis-api==1.6.3``);
- ``sectra --help``, wall-clock seconds of the whole command.

Interpreter start-up is left out (only the package's own imports are counted); a ratio below 1
means the row imports faster than the existing client.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

_COUNT_MODULES = "import sys; print(len(sys.modules), 'asyncio' in sys.modules)"


def import_seconds(python: str, statement: str) -> float:
    """Seconds ``python -X importtime`` reports for the package ``sectra_client``: the
    cumulative times of its top-level imports (the package, and a module it imports on first
    access)."""
    finished = subprocess.run(
        [python, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
    )
    cumulative_us = 0
    for line in finished.stderr.splitlines():
        fields = line.split("|")
        if len(fields) == 3 and fields[2].startswith(" sectra_client"):
            cumulative_us += int(fields[1])
    return cumulative_us / 1e6


def loaded_modules(python: str, statement: str) -> tuple[int, bool]:
    """How many modules ``statement`` leaves loaded, and whether asyncio is one of them."""
    finished = subprocess.run(
        [python, "-c", f"{statement}; {_COUNT_MODULES}"],
        capture_output=True,
        text=True,
        check=True,
    )
    count, has_asyncio = finished.stdout.split()
    return int(count), has_asyncio == "True"


def best_import(python: str, statement: str, rounds: int) -> float:
    return min(import_seconds(python, statement) for _ in range(rounds))


def best_command(command: list[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--existing-python", help="a Python with sectra-image-analysis-api")
    args = parser.parse_args()

    rows: list[tuple[str, str, str]] = [
        ("sectra_client (ours)", sys.executable, "import sectra_client"),
        ("sectra_client.schemas (ours)", sys.executable, "import sectra_client.schemas"),
        ("AsyncSectraClient (ours)", sys.executable, "from sectra_client import AsyncSectraClient"),
    ]
    if args.existing_python:
        rows.append(("sectra-image-analysis-api", args.existing_python, "import sectra_client"))

    measured = []
    for label, python, statement in rows:
        count, has_asyncio = loaded_modules(python, statement)
        measured.append((label, best_import(python, statement, args.rounds), count, has_asyncio))
    existing = measured[-1][1] if args.existing_python else None

    print(f"best of {args.rounds}, each in a fresh interpreter")
    print(f"{'import':32} {'seconds':>8} {'modules':>8} {'asyncio':>8} {'vs existing':>12}")
    for label, seconds, count, has_asyncio in measured:
        ratio = f"{seconds / existing:11.2f}x" if existing else f"{'-':>12}"
        print(f"{label:32} {seconds:8.3f} {count:8d} {'yes' if has_asyncio else 'no':>8} {ratio}")
    sectra = str(Path(sys.executable).parent / "sectra")
    print(f"{'sectra --help (wall clock)':32} {best_command([sectra, '--help'], args.rounds):8.3f}")


if __name__ == "__main__":
    main()
