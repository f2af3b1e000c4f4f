"""Repeated names: one file name sent by every part, one folder name for every slide of a case.

Run:  python benchmarks/bench_duplicate_names.py [--counts 5000 10000] [--output-dir /dev/shm]

For each count ``n`` it times, best of ``--rounds``:

1. ``UniqueNames.claim`` for ``n`` parts that all send ``scan.dcm``, against ``n`` parts with
   ``n`` distinct names;
2. ``slide_folders`` for a case of ``n`` slides whose ids all reduce to one folder name
   (``part-<n>/slide``), against ``n`` distinct ids;
3. ``SlideFileSink`` writing a multipart body of ``n`` parts of 16 bytes, all named
   ``scan.dcm`` or all named apart, into a fresh folder under ``--output-dir`` (the disk's own
   cost per file is in both figures; use a tmpfs to see the rest).

The figure that matters is the ratio "same name / distinct names" in one run: about 1 when
the cost of a repeated name does not grow with the number of repeats.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import timeit
from collections.abc import Callable
from functools import partial
from pathlib import Path

from sectra_client._download._case import slide_folders
from sectra_client._download._filenames import UniqueNames
from sectra_client._download._sink import SlideFileSink

BOUNDARY = "sectra-bench-names"


def claim_all(names: list[str]) -> None:
    unique = UniqueNames()
    for name in names:
        unique.claim(name)


def multipart_body(names: list[str]) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: attachment; filename="{name}"\r\n'
        f"Content-Type: application/dicom\r\nContent-Length: 16\r\n\r\n{'x' * 16}\r\n"
        for name in names
    ]
    return ("".join(parts) + f"--{BOUNDARY}--\r\n").encode()


def write_parts(body: bytes, parent: Path) -> None:
    folder = Path(tempfile.mkdtemp(dir=parent))
    try:
        content_type = f"multipart/related; boundary={BOUNDARY}"
        with SlideFileSink(folder, "slide", content_type=content_type) as sink:
            sink.feed(body)
            sink.finish()
    finally:
        shutil.rmtree(folder)


def compare(
    label: str, same: Callable[[], object], distinct: Callable[[], object], rounds: int
) -> None:
    same_seconds = min(timeit.repeat(same, number=1, repeat=rounds))
    distinct_seconds = min(timeit.repeat(distinct, number=1, repeat=rounds))
    print(
        f"  {label:<28} same name {same_seconds:8.3f} s   distinct {distinct_seconds:8.3f} s   "
        f"ratio {same_seconds / distinct_seconds:7.2f}"
    )


def measure(count: int, rounds: int, output_dir: Path) -> None:
    print(f"{count} names, best of {rounds}:")
    same_names = ["scan.dcm"] * count
    distinct_names = [f"scan-{number}.dcm" for number in range(count)]
    compare(
        "UniqueNames.claim",
        partial(claim_all, same_names),
        partial(claim_all, distinct_names),
        rounds,
    )
    same_ids = [f"part-{number}/slide" for number in range(count)]
    distinct_ids = [f"slide-{number}" for number in range(count)]
    compare(
        "slide_folders",
        partial(slide_folders, output_dir, same_ids),
        partial(slide_folders, output_dir, distinct_ids),
        rounds,
    )
    compare(
        "SlideFileSink, 16-byte parts",
        partial(write_parts, multipart_body(same_names), output_dir),
        partial(write_parts, multipart_body(distinct_names), output_dir),
        rounds,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[5_000, 10_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output-dir", type=Path, default=Path(tempfile.gettempdir()))
    options = parser.parse_args()
    for count in options.counts:
        measure(count, options.rounds, options.output_dir)


if __name__ == "__main__":
    main()
