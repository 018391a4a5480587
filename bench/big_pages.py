"""Peak memory of ``newsclean extract`` on one hostile HTML page at the --max-bytes default (issue 14).

    python bench/big_pages.py                      # every shape, 64 MiB pages, -j 1
    python bench/big_pages.py --shapes text,deep   # some shapes
    python bench/big_pages.py --mib 16 -j 2        # smaller pages, or through a worker

Each page starts with the same short news story, then fills up to --mib MiB (the --max-bytes
default is 64 MiB; a page over it is refused before any parse) with one hostile shape:

    text      one paragraph of plain words
    wide      the same in characters past U+FFFF (four bytes each in UTF-8 and in a str)
    mixed     plain words after one character past U+FFFF (the str takes four bytes a character)
    elements  <span>w</span> after <span>w</span>
    attrs     <div> with 200 attributes each (under the 256 an element keeps)
    deep      <div> in <div>, never closed
    comment   one comment
    script    one script

For each: peak RSS of the process (``ru_maxrss`` of ``newsclean extract`` from ``os.wait4``:
exact, not sampled; with -j N the largest of the parent and its workers as sampled in
bench/batch_speed.py), wall time, whether the story came out, and the record's warnings.
The pages are written to a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STORY = (
    "<!DOCTYPE html><html lang='en'><head><title>Bridge opens in May</title></head><body>"
    "<article><h1>Bridge opens in May</h1>"
    + "".join(
        f"<p>The council said on Tuesday that the new bridge over the river would open to walkers and cyclists"
        f" in May, after two years of work that cost more than expected because of the flood {i}.</p>"
        for i in range(6)
    )
    + "</article>"
)
#: A sentence of the story: the record's text must hold it.
MARK = "would open to walkers and cyclists in May"

#: shape -> (piece repeated, closing markup)
SHAPES: dict[str, tuple[bytes, bytes]] = {
    "text": (b"<p>" + b"word " * 64, b"</p>"),
    "wide": (b"<p>" + "\U0001f600 ".encode() * 64, b"</p>"),
    "mixed": ("<p>\U0001f600".encode() + b"word " * 64, b"</p>"),
    "elements": (b"<span>w</span>" * 64, b""),
    "attrs": (b"<div " + b" ".join(b'a%d="v"' % i for i in range(200)) + b">x</div>", b""),
    "deep": (b"<div>" * 64, b""),
    "comment": (b"<!--" + b"c" * 60, b"-->"),
    "script": (b"<script>" + b"var x = 1; " * 64, b"</script>"),
}


def page(shape: str, size: int) -> bytes:
    """STORY, then ``shape`` up to ``size`` bytes: one opening, its filler repeated, one closing."""
    piece, close = SHAPES[shape]
    head = STORY.encode()
    if shape in ("text", "wide", "mixed", "comment", "script"):  # one element (or comment) holding the filler
        opening = piece[: piece.index(b">") + 1] if shape != "comment" else b"<!--"
        opening += "\U0001f600".encode() if shape == "mixed" else b""
        filler = piece[len(opening) :]
        count = (size - len(head) - len(opening) - len(close) - 32) // len(filler)
        return head + opening + filler * count + close + b"</body></html>"
    count = (size - len(head) - len(close) - 32) // len(piece)
    return head + piece * count + close + b"</body></html>"


def measure(path: Path, jobs: int) -> tuple[float, float, dict | None, str]:
    """``(peak MiB, seconds, record, stderr)`` of ``newsclean extract path``."""
    cmd = [sys.executable, "-m", "newsclean", "extract", "-j", str(jobs), str(path)]
    if jobs > 1:
        sys.path.insert(0, str(Path(__file__).parent))
        from batch_speed import run_measured  # sampled every 0.1 s over the process tree

        elapsed, one, _, result = run_measured(cmd)
        out = subprocess.run(cmd, capture_output=True, text=True).stdout  # the record (run_measured drops it)
        return one * 1e6 / 2**20, elapsed, _record(out), result.stderr
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, _, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return usage.ru_maxrss / 1024, elapsed, _record(out.read().decode()), err.read().decode()


def _record(stdout: str) -> dict | None:
    try:
        return json.loads(stdout.splitlines()[0])
    except (IndexError, ValueError):
        return None


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated (default all: {','.join(SHAPES)})")
    ap.add_argument("--mib", type=float, default=64, help="page size in MiB (default 64, the --max-bytes default)")
    ap.add_argument("-j", "--jobs", type=int, default=1, help="workers for newsclean extract (default 1)")
    args = ap.parse_args(argv)
    size = int(args.mib * 2**20) - 1024  # under --max-bytes
    print(f"python {sys.version.split()[0]}; pages of {size} bytes; extract -j {args.jobs}", flush=True)
    with tempfile.TemporaryDirectory(prefix="newsclean-big-") as work:
        for shape in args.shapes.split(","):
            path = Path(work) / f"{shape}.html"
            path.write_bytes(page(shape, size))
            peak, elapsed, record, stderr = measure(path, args.jobs)
            path.unlink()
            if record is None:
                tail = (stderr.strip().splitlines() or ["(no output)"])[-1]
                print(f"{shape:9} peak RSS {peak:6.0f} MiB  {elapsed:5.1f} s  NO RECORD: {tail}", flush=True)
                continue
            story = "story" if MARK in (record.get("text") or "") else "NO STORY"
            warnings = "; ".join(record.get("warnings") or []) or "no warning"
            print(f"{shape:9} peak RSS {peak:6.0f} MiB  {elapsed:5.1f} s  {story}  [{warnings}]", flush=True)


if __name__ == "__main__":
    main()
