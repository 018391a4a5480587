"""Speed figures for newsclean on the ScrapingHub benchmark pages.

    python bench/speed.py [--data DIR] [--file TEXT_FILE]

(a) text path throughput on one core over every rendered dump;
(b) HTML path docs/s next to trafilatura.extract(with_metadata=True), same pages, interleaved;
(c) wall time of ``python -m newsclean extract FILE`` (median of 10 runs);
(d) whether the text path imports heavy modules.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import score  # bench/ is on sys.path when this runs as a script

ROOT = score.ROOT
DEFAULT_FILE = ROOT / "fixtures" / "text" / "seed_shape.txt"
HEAVY = ("trafilatura", "lxml", "htmldate", "justext", "charset_normalizer", "rich")
MIN_SECONDS = 3.0
CLI_RUNS = 10


def text_throughput(dumps: list[bytes]) -> None:
    """(a) Extract every dump, round after round, until MIN_SECONDS of CPU time have passed.

    CPU time of this process (one core), so that other work on the machine
    does not count against it. "cold" forgets the per-line caches before each
    round (every page is new to the process, the headline figure); "warm"
    keeps them, as a long crawl of the same sites does (menus and footers
    repeat from page to page).
    """
    import newsclean
    from newsclean.text.frontend import clear_caches

    mb_per_round = sum(len(d) for d in dumps) / 1e6
    for label, cold in (("cold", True), ("warm", False)):
        rounds, elapsed = 0, 0.0
        while elapsed < MIN_SECONDS:
            if cold:
                clear_caches()
            start = time.process_time()
            for dump in dumps:
                newsclean.extract(dump, input_type="text")
            elapsed += time.process_time() - start
            rounds += 1
        print(
            f"(a) text path, {label}: {rounds * len(dumps) / elapsed:.1f} dumps/s,"
            f" {rounds * mb_per_round / elapsed:.2f} MB/s ({len(dumps)} dumps x {rounds} rounds,"
            f" {elapsed:.1f} s CPU, one core)"
        )


def html_throughput(pages: list[score.Page]) -> None:
    """(b) The HTML path and trafilatura.extract(with_metadata=True) on the same raw bytes,
    interleaved page by page (alternating which goes first) and timed in CPU time, so that
    load from other work falls on both alike."""
    import trafilatura

    import newsclean

    for page in pages[:3]:  # warm up: imports are start-up, not per-document cost
        newsclean.extract(page.raw, input_type="html", url=page.url)
        trafilatura.extract(page.raw, url=page.url, with_metadata=True)
    spent = {"newsclean html": 0.0, "trafilatura": 0.0}
    runs = {
        "newsclean html": lambda p: newsclean.extract(p.raw, input_type="html", url=p.url),
        "trafilatura": lambda p: trafilatura.extract(p.raw, url=p.url, with_metadata=True),
    }
    for i, page in enumerate(pages):
        order = list(runs) if i % 2 == 0 else list(reversed(runs))
        for name in order:
            start = time.process_time()
            runs[name](page)
            spent[name] += time.process_time() - start
    for name, seconds in spent.items():
        print(f"(b) {name:<14}: {len(pages) / seconds:.1f} docs/s over {len(pages)} pages (CPU time)")
    print(f"(b) newsclean html / trafilatura speed: {spent['trafilatura'] / spent['newsclean html']:.2f}x")


def cli_wall_time(path: Path) -> None:
    """(c) Median wall time of the CLI on one text file, interpreter start-up included.

    Runs the ``newsclean`` console script installed beside this interpreter
    (``python -m newsclean`` from the repo when there is none), after one
    warm-up run, with bytecode caching on even if PYTHONDONTWRITEBYTECODE is
    set here: a user's installed copy has its ``.pyc`` files, and compiling
    every module from source on each run would add about 40 ms that no user
    pays. Bare ``python -c pass`` is timed alongside for scale.
    """
    script = Path(sys.executable).with_name("newsclean")
    cmd = [str(script)] if script.is_file() else [sys.executable, "-m", "newsclean"]
    cmd += ["extract", str(path)]
    if script.is_file():
        where = subprocess.run(
            [sys.executable, "-c", "import newsclean; print(newsclean.__file__)"],
            cwd="/",
            capture_output=True,
            text=True,
        ).stdout.strip()
        if where and not Path(where).resolve().is_relative_to(ROOT):
            print(
                f"(c) note: this times the installed copy ({Path(where).parent}), not the working tree;"
                " run pip install . first to time your changes"
            )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for label, argv in (("newsclean extract", cmd), ("python -c pass", [sys.executable, "-c", "pass"])):
        times = []
        for run in range(CLI_RUNS + 1):
            start = time.perf_counter()
            proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, env=env)
            if run:  # the first run writes the bytecode caches
                times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                tail = proc.stderr.strip().splitlines()[-1:] or ["(no stderr)"]
                print(f"(c) {label}: FAILED (exit {proc.returncode}): {tail[0]}")
                return
        shown = f"{label} {path}" if argv is cmd else label
        print(
            f"(c) {shown}: median {statistics.median(times) * 1000:.0f} ms"
            f" wall over {CLI_RUNS} runs (min {min(times) * 1000:.0f} ms)" + (f" [{cmd[0]}]" if argv is cmd else "")
        )


_PROBE = f"""
import sys
import newsclean
newsclean.extract(b"Some title\\nSome body line.\\n", input_type="text")
for name in {HEAVY!r}:
    print(name, name in sys.modules)
"""


def heavy_imports() -> None:
    """(d) Which heavy modules a text-only extraction loads."""
    proc = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["(no stderr)"]
        print(f"(d) text-path import probe FAILED (exit {proc.returncode}): {tail[0]}")
        return
    loaded = []
    for line in proc.stdout.splitlines():
        name, present = line.split()
        print(f"(d) text path imports {name}: {'YES' if present == 'True' else 'no'}")
        if present == "True":
            loaded.append(name)
    print(f"(d) heavy modules loaded by the text path: {', '.join(loaded) or 'none'}")


def _run(label: str, figure: Callable[..., None], *args: object) -> None:
    """Print one figure; if the library fails, say so and go on to the next."""
    try:
        figure(*args)
    except Exception as exc:
        print(f"{label} FAILED: {type(exc).__name__}: {exc}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--data", type=Path, default=None, metavar="DIR", help=f"benchmarks directory (default: {score.DEFAULT_DATA})"
    )
    ap.add_argument(
        "--file",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"text file for (c) (default: {DEFAULT_FILE.relative_to(ROOT)} if present,"
        " else a rendered benchmark dump)",
    )
    args = ap.parse_args(argv)

    have_data = (score.benchmark_dir(args.data) / "ground-truth.json").is_file()
    pages = score.load_pages(args.data) if have_data else []
    if pages:
        dumps = [page.dump.encode("utf-8") for page in pages]
        _run("(a)", text_throughput, dumps)
        _run("(b)", html_throughput, pages)
    else:
        print(f"(a), (b) skipped: benchmark not found under {args.data or score.DEFAULT_DATA}")

    with tempfile.TemporaryDirectory() as tmp:
        path = args.file or (DEFAULT_FILE if DEFAULT_FILE.is_file() else None)
        if path is None and pages:
            path = Path(tmp) / f"{pages[0].id[:12]}.txt"
            path.write_bytes(dumps[0])
        if path is None:
            print("(c) skipped: no --file, no fixture and no benchmark dump")
        else:
            cli_wall_time(path)
    heavy_imports()


if __name__ == "__main__":
    main()
