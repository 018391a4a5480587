"""Figures for many inputs at once: WARC readers, batch pages/s by -j, and peak memory.

    python bench/batch_speed.py                       # every section, default sizes
    python bench/batch_speed.py --sections a          # just the WARC reader comparison
    python bench/batch_speed.py --sections b --repeat 3
    python bench/batch_speed.py --sections cd --mem-pages 10000 --warc-mb 1000

(a) WARC readers: warcio vs FastWARC iterating a generated WARC of HTML
    responses (plain and per-record gzip), reading every payload; and their import time.
(b) batch speed: ``newsclean batch -j 1`` vs ``-j 2`` over a generated folder
    of pages (benchmark HTML pages and their rendered text dumps, half each,
    plus the text fixtures, each once unless --pages asks for more); pages/s
    of alternating runs, the ratio (median over --repeat -j 2 runs, each
    against the -j 1 runs either side of it), and whether both outputs are
    byte-identical; then the same ratio for a pure-Python loop, as the
    machine's own ceiling in the minutes after. With the folder's pages each
    once, worker start-up (about 0.6 s, in parallel) weighs a little in -j 2.
(c) peak memory of ``newsclean batch -j 2`` over a folder of --mem-pages pages.
(d) peak memory and pages/s over one large generated WARC (--warc-mb MB,
    uncompressed): ``newsclean batch`` (one worker streams the file) and
    ``newsclean extract -j 2 -o FILE`` (pages shared out, results in order).

Everything is generated under --work (default: a temporary directory in /tmp,
removed at the end); nothing is written to the repository. Pages come from
../shared/benchmarks (read, never copied into the repo) and fixtures/text.
Peak memory is sampled from /proc every 0.1 s (Linux): the largest single
process and the whole process tree (parent + workers) at its peak.
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import score  # bench/ is on sys.path when this runs as a script

ROOT = score.ROOT
FIXTURES = ROOT / "fixtures" / "text"


# --- generated inputs -------------------------------------------------------------------------


def source_pages() -> list[tuple[str, bytes]]:
    """(suffix, bytes) of every benchmark page as HTML and as a rendered dump, and the text fixtures."""
    pages: list[tuple[str, bytes]] = []
    if (score.benchmark_dir() / "ground-truth.json").is_file():
        for page in score.load_pages():
            pages.append((".html", page.raw))
            pages.append((".txt", page.dump.encode("utf-8")))
    pages.extend((".txt", path.read_bytes()) for path in sorted(FIXTURES.glob("*.txt")))
    return pages


def make_folder(folder: Path, count: int, pages: list[tuple[str, bytes]]) -> None:
    """``count`` pages in sub-folders of 100; HTML copies differ by a comment."""
    for i in range(count):
        suffix, data = pages[i % len(pages)]
        if suffix == ".html":
            data = data + f"\n<!-- copy {i} -->\n".encode()
        path = folder / f"d{i // 100:03d}" / f"p{i:05d}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def warc_record(warc_type: str, uri: str, block: bytes, content_type: str, number: int) -> bytes:
    """One WARC/1.0 record, written by hand (the format is a header block and a payload)."""
    head = (
        f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{uuid.UUID(int=number)}>\r\n"
        f"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def html_responses(pages: list[bytes]) -> Iterator[bytes]:
    """An endless stream of HTML response records (with a request record before every fourth)."""
    number = 0
    while True:
        for page in pages:
            uri = f"https://example.com/story/{number}"
            if number % 4 == 0:
                request = f"GET /story/{number} HTTP/1.1\r\nHost: example.com\r\n\r\n".encode()
                yield warc_record("request", uri, request, "application/http; msgtype=request", number)
                number += 1
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            http += b"Content-Length: %d\r\n\r\n" % len(page) + page
            yield warc_record("response", uri, http, "application/http; msgtype=response", number)
            number += 1


def make_warc(
    path: Path, pages: list[bytes], *, records: int | None = None, megabytes: int | None = None, gz: bool = False
) -> int:
    """Write a WARC of ``records`` records or ``megabytes`` MB; gzipped per record if ``gz``."""
    written = count = 0
    with open(path, "wb") as f:
        for record in html_responses(pages):
            if (records is not None and count >= records) or (megabytes is not None and written >= megabytes * 1e6):
                break
            data = gzip.compress(record, 6) if gz else record
            f.write(data)
            written += len(data)
            count += 1
    return count


# --- measuring ----------------------------------------------------------------------------------


def _rss_by_pid() -> dict:
    """{pid: (ppid, rss bytes)} of every process, from /proc."""
    page = os.sysconf("SC_PAGE_SIZE")
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        out[int(entry)] = (int(fields[1]), int(fields[21]) * page)
    return out


def _busy_seconds() -> float:
    """CPU seconds all cores of the machine have spent busy since boot (from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(cmd: list[str]) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """Run ``cmd``: wall seconds, peak RSS of one process (MB), peak RSS of its whole tree (MB).

    Also prints the CPU the run used and how busy other processes kept the
    machine meanwhile: this machine is shared, and a busy neighbour halves -j 2.
    """
    start, busy, cpu = time.perf_counter(), _busy_seconds(), _children_cpu()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_one = peak_tree = 0
    while proc.poll() is None:
        table = _rss_by_pid()
        tree, frontier = set(), {proc.pid}
        while frontier:
            tree |= frontier
            frontier = {pid for pid, (ppid, _) in table.items() if ppid in frontier} - tree
        sizes = [table[pid][1] for pid in tree if pid in table]
        if sizes:
            peak_one, peak_tree = max(peak_one, max(sizes)), max(peak_tree, sum(sizes))
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    ours = _children_cpu() - cpu
    others = max(0.0, _busy_seconds() - busy - ours)
    print(
        f"    ({' '.join(cmd[2:4])}: {ours:.1f} CPU s in {elapsed:.1f} s wall = {ours / elapsed:.2f} cores;"
        f" other processes kept {others / elapsed:.2f} cores busy meanwhile)"
    )
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    return elapsed, peak_one / 1e6, peak_tree / 1e6, subprocess.CompletedProcess(cmd, proc.returncode, "", stderr)


def newsclean(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsclean", *args]


def _checked(label: str, result: subprocess.CompletedProcess) -> bool:
    if result.returncode != 0:
        tail = result.stderr.strip().splitlines()[-1:] or ["(no stderr)"]
        print(f"{label}: FAILED (exit {result.returncode}): {tail[0]}")
        return False
    return True


def _pages_written(out_dir: Path) -> int:
    """Pages in a batch output folder: one per .json file, one per line of a .jsonl file."""
    total = 0
    for path in out_dir.rglob("*"):
        if path.suffix == ".json":
            total += 1
        elif path.suffix == ".jsonl" and not path.name.startswith(".") and path.name != "errors.jsonl":
            with open(path, "rb") as f:
                total += sum(1 for _ in f)
    return total


# --- the sections -------------------------------------------------------------------------------


def readers(work: Path, html: list[bytes], records: int) -> None:
    """(a) warcio vs FastWARC: iterate every record, read every HTML payload."""
    from fastwarc.warc import ArchiveIterator as FastIterator
    from fastwarc.warc import WarcRecordType

    try:
        from warcio.archiveiterator import ArchiveIterator as WarcioIterator
    except ImportError:
        print("(a) skipped: warcio is not installed (pip install warcio; newsclean itself does not need it)")
        return

    def with_warcio(path: Path) -> tuple[int, int]:
        count = size = 0
        with open(path, "rb") as f:
            for record in WarcioIterator(f):
                if record.rec_type == "response":
                    record.http_headers.get_header("Content-Type")
                    size += len(record.content_stream().read())
                    count += 1
        return count, size

    def with_fastwarc(path: Path) -> tuple[int, int]:
        count = size = 0
        with open(path, "rb") as f:
            for record in FastIterator(f, record_types=WarcRecordType.response, parse_http=True):
                _ = record.http_content_type  # read, as newsclean reads it: the same work
                size += len(record.reader.read())
                count += 1
        return count, size

    for gz in (False, True):
        path = work / f"readers.warc{'.gz' if gz else ''}"
        make_warc(path, html, records=records, gz=gz)
        mb = path.stat().st_size / 1e6
        for name, read in (("warcio", with_warcio), ("fastwarc", with_fastwarc)):
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                count, size = read(path)
                best = min(best, time.perf_counter() - start)
            print(
                f"(a) {name:8} {'gzip ' if gz else 'plain'} {mb:6.1f} MB file: {count / best:6.0f} responses/s,"
                f" {size / best / 1e6:6.0f} MB/s of payload (best of 3, {count} responses)"
            )
        path.unlink()
    for module in ("warcio.archiveiterator", "fastwarc.warc"):
        code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
        times = [
            float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
            for _ in range(5)
        ]
        print(f"(a) import {module}: {min(times) * 1000:.0f} ms (best of 5, fresh interpreter)")


def folder_speed(work: Path, pages: list[tuple[str, bytes]], count: int, repeat: int) -> None:
    """(b) pages/s of batch -j 1 and -j 2 over the same folder, and whether outputs match.

    This machine is shared and its speed drifts by a third from minute to
    minute, so single runs or a best-of compare a fast minute with a slow
    one. The runs alternate -j 1, -j 2, -j 1, ... (``repeat`` -j 2 runs, each
    between two -j 1 runs); each -j 2 run is compared with the mean of its two
    neighbours, and the median of those ratios is the figure.
    """
    folder = work / "folder"
    make_folder(folder, count, pages)
    if count > len(pages):
        print(
            f"(b) note: {count} pages repeat the {len(pages)} source pages; a process that meets a page"
            " again finds its lines in the per-process caches, and one -j 1 process meets each page"
            " twice as often as each -j 2 worker does, which flatters -j 1"
        )
    rates: dict = {1: [], 2: []}
    for run in range(2 * repeat + 1):
        jobs = 1 if run % 2 == 0 else 2
        out = work / f"out-j{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        elapsed, one, tree, result = run_measured(newsclean("batch", str(folder), str(out), "-j", str(jobs), "-q"))
        if not _checked(f"(b) batch -j {jobs}", result):
            return
        written = _pages_written(out)
        rates[jobs].append(written / elapsed)
        print(
            f"(b) batch -j {jobs}: {written} pages in {elapsed:.1f} s = {written / elapsed:.1f} pages/s"
            f" (peak RSS {one:.0f} MB per process, {tree:.0f} MB all processes)"
        )
    ratios = [two / ((rates[1][i] + rates[1][i + 1]) / 2) for i, two in enumerate(rates[2])]
    print(
        f"(b) -j 2 / -j 1: {statistics.median(ratios):.2f}x (median of {len(ratios)} -j 2 runs, each against"
        f" the -j 1 runs either side: {', '.join(f'{r:.2f}' for r in ratios)})"
    )
    same = _same_tree(work / "out-j1", work / "out-j2")
    print(f"(b) -j 1 and -j 2 outputs byte-identical: {'yes' if same else 'NO'}")
    for jobs in (1, 2):
        shutil.rmtree(work / f"out-j{jobs}")
    shutil.rmtree(folder)


_SPIN = "x = 0\nfor i in range(30_000_000):\n    x += i\n"


def machine_rates(repeat: int) -> dict:
    """A pure-Python loop, one copy alone and two at once, alternating (``2 * repeat + 1`` runs):
    {copies: [loops per second, ...]}, the most two processes get from this machine at the moment."""

    def run(copies: int) -> float:
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(copies)]
        for proc in procs:
            proc.wait()
        return copies / (time.perf_counter() - start)

    rates: dict = {1: [], 2: []}
    for i in range(2 * repeat + 1):
        copies = 1 if i % 2 == 0 else 2
        rates[copies].append(run(copies))
    return rates


def machine_ceiling(repeat: int) -> None:
    """(b) what two processes get from this machine in the minutes after the batch runs: a
    pure-Python loop, one copy alone and then two at once, alternating as above. Two busy
    vCPUs of a shared host rarely give twice the work of one; -j 2 can only approach this."""
    rates = machine_rates(repeat)
    ratios = [two / ((rates[1][i] + rates[1][i + 1]) / 2) for i, two in enumerate(rates[2])]
    print(
        f"(b) machine reference, a pure-Python loop, two copies at once / one alone: "
        f"{statistics.median(ratios):.2f}x (median of {len(ratios)}: {', '.join(f'{r:.2f}' for r in ratios)})"
    )


def _same_tree(a: Path, b: Path) -> bool:
    names = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and p.name != ".newsclean-batch.jsonl")
    other = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file() and p.name != ".newsclean-batch.jsonl")
    return names == other and all(filecmp.cmp(a / n, b / n, shallow=False) for n in names)


def folder_memory(work: Path, pages: list[tuple[str, bytes]], count: int) -> None:
    """(c) peak memory of batch -j 2 over a big folder."""
    folder, out = work / "big-folder", work / "big-out"
    make_folder(folder, count, pages)
    elapsed, one, tree, result = run_measured(newsclean("batch", str(folder), str(out), "-j", "2", "-q"))
    if _checked("(c) batch -j 2", result):
        written = _pages_written(out)
        print(
            f"(c) batch -j 2 over {count} pages: peak RSS {one:.0f} MB per process, {tree:.0f} MB all processes;"
            f" {written} pages in {elapsed:.1f} s = {written / elapsed:.1f} pages/s"
        )
    shutil.rmtree(folder)
    shutil.rmtree(out, ignore_errors=True)


def warc_memory(work: Path, html: list[bytes], megabytes: int) -> None:
    """(d) peak memory over one large WARC, through batch and through extract -j 2."""
    folder = work / "crawl"
    folder.mkdir()
    path = folder / "big.warc"
    records = make_warc(path, html, megabytes=megabytes)
    size = path.stat().st_size / 1e6
    out = work / "crawl-out"
    elapsed, one, tree, result = run_measured(newsclean("batch", str(folder), str(out), "-q"))
    if _checked("(d) batch", result):
        written = _pages_written(out)
        print(
            f"(d) batch over a {size:.0f} MB WARC ({records} records): peak RSS {one:.0f} MB per process,"
            f" {tree:.0f} MB all processes; {written} pages in {elapsed:.1f} s = {written / elapsed:.1f} pages/s"
        )
    shutil.rmtree(out, ignore_errors=True)
    target = work / "crawl.jsonl"
    elapsed, one, tree, result = run_measured(newsclean("extract", "-j", "2", str(path), "-o", str(target)))
    if _checked("(d) extract -j 2", result):
        with open(target, "rb") as f:
            written = sum(1 for _ in f)
        print(
            f"(d) extract -j 2 over the same WARC: peak RSS {one:.0f} MB per process, {tree:.0f} MB all"
            f" processes; {written} pages in {elapsed:.1f} s = {written / elapsed:.1f} pages/s"
        )
    target.unlink(missing_ok=True)
    shutil.rmtree(folder)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sections", default="abcd", help="which of a, b, c, d to run (default: abcd)")
    ap.add_argument(
        "--records", type=int, default=3000, help="records in the (a) WARC, a quarter of them requests (default 3000)"
    )
    ap.add_argument(
        "--pages",
        type=int,
        default=None,
        help="pages in the (b) folder (default: every source page once; more repeats them)",
    )
    ap.add_argument("--repeat", type=int, default=3, help="(b) -j 2 runs, each between two -j 1 runs (default 3)")
    ap.add_argument("--mem-pages", type=int, default=10000, help="pages in the (c) folder (default 10000)")
    ap.add_argument("--warc-mb", type=int, default=1000, help="size of the (d) WARC in MB (default 1000)")
    ap.add_argument("--work", type=Path, default=None, help="scratch directory (default: a new one in /tmp)")
    args = ap.parse_args(argv)

    pages = source_pages()
    html = [data for suffix, data in pages if suffix == ".html"]
    work = args.work or Path(tempfile.mkdtemp(prefix="newsclean-bench-", dir="/tmp"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{len(pages)} source pages ({len(html)} HTML); scratch in {work}; {os.cpu_count()} cores")
    try:
        if "a" in args.sections:
            readers(work, html, args.records)
        if "b" in args.sections:
            folder_speed(work, pages, args.pages or len(pages), args.repeat)
            machine_ceiling(args.repeat)
        if "c" in args.sections:
            folder_memory(work, pages, args.mem_pages)
        if "d" in args.sections:
            if html:
                warc_memory(work, html, args.warc_mb)
            else:
                print("(d) skipped: no benchmark HTML pages")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
