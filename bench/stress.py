"""Load figures (issue 14): a many-file batch, a large WARC, and peak memory per process and per tree.

    python bench/stress.py                          # 20,000 files, a 100 MB WARC, -j 1 and -j 2
    python bench/stress.py --files 2000 --size 50   # a quicker run
    python bench/stress.py --size 1000 --skip-batch # the 1 GB WARC alone

(1) ``newsclean batch IN OUT -j N`` over --files generated small pages (HTML and text dumps, in
    folders of 200), for each N in --jobs: wall time, pages/s, peak RSS of the largest single
    process and of the whole process tree (parent + workers), and the same on an immediate re-run
    (everything up to date: the cost of the walk and the manifest).
(2) One generated WARC of about --size MB on disk (gzip per record, an empty gzip member every
    500 records, as some crawlers write): ``newsclean batch`` (one worker streams the file) and
    ``newsclean extract -j N`` for each N (pages shared out, results in order), with the same
    figures.

Pages are generated from a seeded word list (no benchmark page is used, nothing is written to the
repository); everything lives under --work (default: a temporary folder, removed at the end).
Peak memory is sampled from /proc every 0.1 s (Linux), as bench/batch_speed.py does.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from batch_speed import _checked, _pages_written, newsclean, run_measured, warc_record  # bench/ is on sys.path

WORDS = [
    "the",
    "council",
    "said",
    "on",
    "tuesday",
    "that",
    "a",
    "new",
    "bridge",
    "over",
    "the",
    "river",
    "would",
    "open",
    "to",
    "walkers",
    "and",
    "cyclists",
    "in",
    "may",
    "after",
    "two",
    "years",
    "of",
    "work",
    "which",
    "cost",
    "more",
    "than",
    "expected",
    "because",
    "of",
    "the",
    "flood",
    "last",
    "winter",
    "residents",
    "asked",
    "for",
    "lights",
    "and",
    "benches",
    "along",
    "the",
    "path",
    "while",
    "shop",
    "owners",
    "hoped",
    "for",
    "more",
    "visitors",
    "from",
    "the",
    "old",
    "town",
    "the",
    "mayor",
    "promised",
    "a",
    "decision",
    "before",
    "the",
    "summer",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    return " ".join(words).capitalize() + "."


def html_page(rng: random.Random, n: int, paragraphs: int = 6, filler: int = 0) -> bytes:
    """A small news page: navigation, headline, story, related links, footer; ``filler`` bytes
    of script (as real pages carry; random, so gzip does not shrink it away) to make large pages
    that cost little to extract."""
    title = _sentence(rng)[:70]
    nav = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(8))
    story = "".join(f"<p>{' '.join(_sentence(rng) for _ in range(rng.randint(2, 5)))}</p>" for _ in range(paragraphs))
    related = "".join(f'<li><a href="/r{n}-{i}">{_sentence(rng)[:60]}</a></li>' for i in range(5))
    noise = rng.getrandbits(filler * 6).to_bytes(filler * 6 // 8 + 1, "big") if filler else b""
    script = f"<script>var x = '{base64.b64encode(noise).decode()[:filler]}';</script>" if filler else ""
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>{script}</head><body>"
        f"<nav><ul>{nav}</ul></nav><article><h1>{title}</h1>{story}</article>"
        f"<aside><h2>Related</h2><ul>{related}</ul></aside><footer>© 2026 The Paper</footer>"
        f"</body></html>"
    ).encode()


def text_page(rng: random.Random) -> bytes:
    lines = ["Home  News  Sport  Weather", _sentence(rng)[:70], ""]
    lines += [" ".join(_sentence(rng) for _ in range(3)) for _ in range(6)]
    lines += ["", "Related", _sentence(rng)[:60], _sentence(rng)[:60], "", "© 2026 The Paper"]
    return "\n".join(lines).encode()


def make_files(folder: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    for i in range(count):
        sub = folder / f"d{i // 200:03d}"
        if i % 200 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        if i % 4 == 3:
            (sub / f"p{i:05d}.txt").write_bytes(text_page(rng))
        else:
            (sub / f"p{i:05d}.html").write_bytes(html_page(rng, i))


def make_big_warc(path: Path, megabytes: float, seed: int = 2) -> int:
    """Gzip-per-record HTML responses until the file reaches ``megabytes`` MB; the record count."""
    rng = random.Random(seed)
    pages = [html_page(rng, i, paragraphs=12, filler=rng.choice([5_000, 40_000, 150_000])) for i in range(64)]
    written = count = 0
    with open(path, "wb") as f:
        while written < megabytes * 1e6:
            page = pages[count % len(pages)] + f"<!-- {count} -->".encode()
            http = (
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(page)
            ) + page
            data = gzip.compress(
                warc_record(
                    "response", f"https://example.com/story/{count}", http, "application/http; msgtype=response", count
                ),
                6,
            )
            if count % 500 == 499:
                data += gzip.compress(b"")
            f.write(data)
            written += len(data)
            count += 1
    return count


def report(label: str, pages: int, elapsed: float, one: float, tree: float) -> None:
    print(
        f"{label}: {pages} pages in {elapsed:.1f} s = {pages / elapsed:.1f} pages/s;"
        f" peak RSS {one:.0f} MB per process, {tree:.0f} MB per tree",
        flush=True,
    )


def files_section(work: Path, count: int, jobs: list[str]) -> None:
    folder = work / "pages"
    started = time.perf_counter()
    make_files(folder, count)
    print(f"(1) {count} generated files in {time.perf_counter() - started:.1f} s", flush=True)
    for n in jobs:
        out = work / f"out-j{n}"
        elapsed, one, tree, result = run_measured(newsclean("batch", str(folder), str(out), "-j", n, "-q"))
        if _checked(f"batch -j {n}", result):
            report(f"(1) batch -j {n} over {count} files", _pages_written(out), elapsed, one, tree)
        elapsed, one, tree, result = run_measured(newsclean("batch", str(folder), str(out), "-j", n, "-q"))
        if _checked(f"batch -j {n} re-run", result):
            print(
                f"(1) batch -j {n} re-run, all up to date: {elapsed:.1f} s; peak RSS {one:.0f} MB per process,"
                f" {tree:.0f} MB per tree",
                flush=True,
            )
        shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(folder)


def warc_section(work: Path, megabytes: float, jobs: list[str]) -> None:
    crawl = work / "crawl"
    crawl.mkdir()
    path = crawl / "big.warc.gz"
    started = time.perf_counter()
    records = make_big_warc(path, megabytes)
    size = path.stat().st_size / 1e6
    print(
        f"(2) a {size:.0f} MB WARC of {records} records (gzip per record) in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    out = work / "crawl-out"
    elapsed, one, tree, result = run_measured(newsclean("batch", str(crawl), str(out), "-q"))
    if _checked("batch over the WARC", result):
        report(f"(2) batch over the {size:.0f} MB WARC", _pages_written(out), elapsed, one, tree)
    shutil.rmtree(out, ignore_errors=True)
    for n in jobs:
        target = work / "crawl.jsonl"
        elapsed, one, tree, result = run_measured(
            newsclean("extract", "-j", n, str(path), "-o", str(target), "--force")
        )
        if _checked(f"extract -j {n}", result):
            with open(target, "rb") as f:
                written = sum(1 for _ in f)
            report(f"(2) extract -j {n} over the {size:.0f} MB WARC", written, elapsed, one, tree)
        target.unlink(missing_ok=True)
    shutil.rmtree(crawl)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=20_000, help="files in the batch folder (default 20000)")
    ap.add_argument("--size", type=float, default=100, help="WARC size on disk in MB (default 100; 1000 for 1 GB)")
    ap.add_argument("--jobs", default="1,2", help="worker counts to run, comma-separated (default 1,2)")
    ap.add_argument("--skip-batch", action="store_true", help="skip the many-file batch")
    ap.add_argument("--skip-warc", action="store_true", help="skip the large WARC")
    ap.add_argument("--work", type=Path, help="where to generate the inputs (default: a temp folder, removed)")
    args = ap.parse_args(argv)
    jobs = [j.strip() for j in args.jobs.split(",") if j.strip()]
    work = args.work or Path(tempfile.mkdtemp(prefix="newsclean-stress-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}; work in {work}", flush=True)
    try:
        if not args.skip_batch:
            files_section(work, args.files, jobs)
        if not args.skip_warc:
            warc_section(work, args.size, jobs)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
