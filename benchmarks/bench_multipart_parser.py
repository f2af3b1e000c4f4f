"""Throughput of the multipart reader and of the slide-file sink, against references.

Run:  python benchmarks/bench_multipart_parser.py [--size-mib 1024]

1. Large parts: a generated body of about ``--size-mib`` MiB in 3 parts, fed from memory in
   64 KiB and 1 MiB chunks to ``MultipartReader``, to python-multipart's parser, and to a loop
   that only runs ``bytes.find`` for the delimiter over each chunk (the floor any
   find-based parser pays).
2. Many small parts: 1,000 and 5,000 parts of 200 bytes, to show the cost per part is flat.
3. Writing to disk: ``SlideFileSink`` against plain ``file.write`` of every chunk, both into a
   temporary folder, and the sink's peak traced allocation (tracemalloc) over a 64 MiB body.

Figures are MiB/s (2**20 bytes per second) and ratios within this run.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from python_multipart.multipart import MultipartParser

from sectra_client._download._multipart import MultipartReader, PartData
from sectra_client._download._sink import SlideFileSink

BOUNDARY = b"sectra-bench-5f0c2d9a4e"
MIB = 2**20


def build_body(part_sizes: list[int]) -> bytes:
    block = os.urandom(MIB)
    pieces: list[bytes] = []
    for number, size in enumerate(part_sizes, 1):
        pieces.append(
            b"--" + BOUNDARY + b"\r\n"
            b'Content-Disposition: attachment; filename="i0000,%04db.dcm"\r\n'
            b"Content-Type: application/dicom\r\n\r\n" % number
        )
        pieces.append((block * (size // MIB + 1))[:size])
        pieces.append(b"\r\n")
    pieces.append(b"--" + BOUNDARY + b"--\r\n")
    return b"".join(pieces)


def chunks(body: bytes, chunk_size: int) -> Iterator[bytes]:
    """Fresh bytes objects, as an HTTP client hands them out."""
    for start in range(0, len(body), chunk_size):
        yield body[start : start + chunk_size]


def run_find_only(body: bytes, chunk_size: int) -> int:
    delimiter = b"\r\n--" + BOUNDARY
    hits = 0
    for chunk in chunks(body, chunk_size):
        hits += chunk.find(delimiter) != -1
    return hits


def run_reader(body: bytes, chunk_size: int) -> int:
    reader = MultipartReader(BOUNDARY)
    total = 0
    for chunk in chunks(body, chunk_size):
        for event in reader.feed(chunk):
            if isinstance(event, PartData):
                total += len(event.data)
    reader.finish()
    return total


def run_python_multipart(body: bytes, chunk_size: int) -> int:
    total = 0

    def on_part_data(data: bytes, start: int, end: int) -> None:
        nonlocal total
        total += end - start

    parser = MultipartParser(BOUNDARY, callbacks={"on_part_data": on_part_data})
    for chunk in chunks(body, chunk_size):
        parser.write(chunk)
    parser.finalize()
    return total


def run_plain_file(body: bytes, chunk_size: int, folder: Path) -> int:
    with open(folder / "plain.bin", "wb") as file:
        for chunk in chunks(body, chunk_size):
            file.write(chunk)
    return len(body)


def run_sink(body: bytes, chunk_size: int, folder: Path) -> int:
    sink = SlideFileSink(
        folder,
        "bench",
        content_type=f"multipart/related; boundary={BOUNDARY.decode()}",
        content_length=len(body),
    )
    for chunk in chunks(body, chunk_size):
        sink.feed(chunk)
    return len(sink.finish())


def best_seconds_on_disk(run: Callable[[Path], object], repeats: int) -> float:
    """The best time of ``run`` writing into a fresh, empty folder (made and removed untimed)."""
    best = float("inf")
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as directory:
            started = time.perf_counter()
            run(Path(directory))
            best = min(best, time.perf_counter() - started)
    return best


def best_seconds(run: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def report(label: str, size: int, seconds: float, reference: float) -> None:
    print(
        f"  {label:<30} {size / MIB / seconds:9.0f} MiB/s   {reference / seconds:5.2f}x reference"
    )


def bench_large_parts(size_mib: int, repeats: int) -> None:
    body = build_body([size_mib * MIB // 3] * 3)
    print(f"Large parts: {len(body) / MIB:.0f} MiB body, 3 parts, best of {repeats}")
    for chunk_size in (64 * 1024, MIB):
        print(f" chunks of {chunk_size // 1024} KiB")
        reference = best_seconds(partial(run_find_only, body, chunk_size), repeats)
        report("bytes.find per chunk (ref)", len(body), reference, reference)
        ours = best_seconds(partial(run_reader, body, chunk_size), repeats)
        report("MultipartReader", len(body), ours, reference)
        theirs = best_seconds(partial(run_python_multipart, body, chunk_size), repeats)
        report("python-multipart", len(body), theirs, reference)


def bench_small_parts(repeats: int) -> None:
    print(f"Small parts: 200-byte parts in 64 KiB chunks, best of {repeats}")
    for count in (1_000, 5_000):
        body = build_body([200] * count)
        ours = best_seconds(partial(run_reader, body, 64 * 1024), repeats)
        theirs = best_seconds(partial(run_python_multipart, body, 64 * 1024), repeats)
        print(
            f"  {count:>5} parts: MultipartReader {ours / count * 1e6:6.2f} us/part, "
            f"python-multipart {theirs / count * 1e6:6.2f} us/part"
        )


def bench_sink(size_mib: int, repeats: int) -> None:
    body = build_body([size_mib * MIB // 3] * 3)
    print(f"Writing to disk: {len(body) / MIB:.0f} MiB body, 3 files, 64 KiB chunks")
    print(f" best of {repeats}, each run into a new empty folder")
    reference = best_seconds_on_disk(partial(run_plain_file, body, 64 * 1024), repeats)
    report("file.write per chunk (ref)", len(body), reference, reference)
    sink = best_seconds_on_disk(partial(run_sink, body, 64 * 1024), repeats)
    report("SlideFileSink", len(body), sink, reference)

    small = build_body([64 * MIB // 3] * 3)
    with tempfile.TemporaryDirectory() as directory:
        tracemalloc.start()
        run_sink(small, 64 * 1024, Path(directory))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"  SlideFileSink peak traced allocation over a 64 MiB body: {peak / 1024:.0f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size-mib", type=int, default=1024, help="size of the large body")
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    bench_large_parts(arguments.size_mib, arguments.repeats)
    bench_small_parts(arguments.repeats)
    bench_sink(arguments.size_mib, arguments.repeats)


if __name__ == "__main__":
    main()
