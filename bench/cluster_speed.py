"""Figures for ``newsclean batch --cluster``: pages/s on local:1 vs local:2, and Dask's cost per task.

    python bench/cluster_speed.py                  # every section, 400 pages, 3 local:2 runs
    python bench/cluster_speed.py --sections c --tasks 2000

(a) cold: ``newsclean batch IN OUT --cluster local:N -q`` as a user runs it, wall
    time from the command to its end (interpreter, cluster start, each worker's
    imports, the pages, cluster stop), alternating local:1, local:2, local:1, ...;
    each local:2 run is compared with the mean of the local:1 runs either side,
    and the median ratio is the figure (this shared machine's speed drifts by a
    third from minute to minute).
(b) warm: the same, but the cluster is started (by newsclean.cluster, with the
    settings ``local:N`` uses) and each worker has converted one HTML page before
    the clock starts: the pages/s of the conversion itself. Also whether the
    outputs are byte-identical to ``batch -j 1``.
(c) the scheduler's overhead per task: --tasks tasks that do nothing, sent
    through the same submission loop as a batch on a one-worker local cluster:
    the wall time per task (submit, schedule, run, return, release), against
    the time a page takes.
(d) what two processes get from this machine at that moment (a pure-Python loop,
    two copies at once / one alone; bench/batch_speed.py's reference).
(e) memory over one large WARC (--warc-mb MB of HTML responses, one task):
    ``batch --cluster local:1``, the RSS of each process sampled every 0.5 s;
    the worker's RSS at each tenth of the run shows whether it stays flat.

The pages are generated into a temporary directory (benchmark HTML pages and
their rendered dumps from ../shared/benchmarks, half each, plus the text
fixtures; never written into the repository) and removed at the end.
Needs distributed (pip install '.[dask]').
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import score  # bench/ is on sys.path when this runs as a script
from batch_speed import FIXTURES, _rss_by_pid, _same_tree, machine_rates, make_folder, make_warc

from newsclean.batch import Job, Settings, Status, run_batch
from newsclean.output import Formatter

_HTML = (
    b"<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1><p>The council met on"
    b" Tuesday and voted to approve the riverside park plans after a long debate.</p></article></body></html>"
)


def source_pages(data: Path) -> list[tuple[str, bytes]]:
    """(suffix, bytes) of every benchmark page as HTML and as a rendered dump, and the text fixtures."""
    pages: list[tuple[str, bytes]] = []
    if (score.benchmark_dir(data) / "ground-truth.json").is_file():
        for page in score.load_pages(data):
            pages.append((".html", page.raw))
            pages.append((".txt", page.dump.encode("utf-8")))
    pages.extend((".txt", path.read_bytes()) for path in sorted(FIXTURES.glob("*.txt")))
    return pages


def _warm_up() -> None:
    """Run on each worker: the HTML front end's imports (about 2 s), paid before the clock starts."""
    import newsclean

    newsclean.extract(_HTML)


def _noop(job: Job, rel: str) -> Status:
    return Status(rel, 0, 0, None, 0, [])


def _ratio(rates: dict) -> str:
    ratios = [two / ((rates[1][i] + rates[1][i + 1]) / 2) for i, two in enumerate(rates[2])]
    return f"{statistics.median(ratios):.2f}x (median of {len(ratios)}: {', '.join(f'{r:.2f}' for r in ratios)})"


def cold(folder: Path, work: Path, count: int, repeat: int) -> None:
    rates: dict = {1: [], 2: []}
    for run in range(2 * repeat + 1):
        workers = 1 if run % 2 == 0 else 2
        out = work / f"cold-{workers}"
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "newsclean", "batch", str(folder), str(out), "--cluster", f"local:{workers}", "-q"],
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            print(f"(a) local:{workers} failed ({result.returncode}): {result.stderr.strip()[-500:]}")
            return
        rates[workers].append(count / elapsed)
        print(f"(a) cold local:{workers}: {count} pages in {elapsed:.1f} s = {count / elapsed:.1f} pages/s")
    print(f"(a) cold local:2 / local:1: {_ratio(rates)}")


def warm(folder: Path, work: Path, count: int, repeat: int) -> None:
    from newsclean.cluster import _client

    settings = Settings(formatter=Formatter("json"))
    reference = work / "j1"
    run_batch(str(folder), str(reference), settings)
    rates: dict = {1: [], 2: []}
    same = True
    for run in range(2 * repeat + 1):
        workers = 1 if run % 2 == 0 else 2
        out = work / f"warm-{workers}"
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        with _client(f"local:{workers}") as client:
            up = time.perf_counter() - started
            client.run(_warm_up)
            workers_before = sum(client.run(_cpu).values())
            start, driver_before = time.perf_counter(), _cpu()
            summary = run_batch(str(folder), str(out), settings, cluster=client.scheduler.address)
            elapsed, driver = time.perf_counter() - start, _cpu() - driver_before
            worker_cpu = sum(client.run(_cpu).values()) - workers_before
        assert summary.pages == count and not summary.failed, summary.line()
        same = same and _same_tree(reference, out)
        rates[workers].append(count / elapsed)
        print(
            f"(b) warm local:{workers}: {count} pages in {elapsed:.1f} s = {count / elapsed:.1f} pages/s"
            f" (cluster up in {up:.1f} s); CPU per page: {worker_cpu / count * 1000:.1f} ms workers,"
            f" {driver / count * 1000:.1f} ms driver + scheduler"
        )
    print(f"(b) warm local:2 / local:1: {_ratio(rates)}")
    print(f"(b) outputs byte-identical to -j 1: {'yes' if same else 'NO'}")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def overhead(folder: Path, work: Path, tasks: int) -> None:
    """Wall time per no-op task, and the CPU it costs: the driver process (which hosts the local
    scheduler and the nannies) and the worker process; CPU time suffers less from a busy machine."""
    from newsclean.cluster import _client, _run

    job = Job(str(folder), str(work / "none"), Settings())
    names = [f"t{i}" for i in range(tasks)]
    with _client("local:1") as client:
        list(_run(client, job, names[:50], task=_noop))  # the first tasks set up the worker
        (worker_before,) = client.run(_cpu).values()
        start, driver_before = time.perf_counter(), _cpu()
        done = sum(1 for _ in _run(client, job, names, task=_noop))
        elapsed, driver = time.perf_counter() - start, _cpu() - driver_before
        (worker_after,) = client.run(_cpu).values()
    assert done == tasks
    print(
        f"(c) scheduler overhead: {tasks} no-op tasks on local:1 in {elapsed:.2f} s ="
        f" {elapsed / tasks * 1000:.2f} ms wall per task (one input file is one task); CPU per task:"
        f" {driver / tasks * 1000:.2f} ms driver + scheduler, {(worker_after - worker_before) / tasks * 1000:.2f} ms"
        f" worker"
    )


def machine_ceiling(repeat: int) -> None:
    """(d) a pure-Python loop, one copy alone and two at once, alternating: the most two processes
    can get from this shared machine at the moment (bench/batch_speed.py measures the same)."""
    print(f"(d) machine reference, a pure-Python loop, two copies at once / one alone: {_ratio(machine_rates(repeat))}")


def warc_memory(work: Path, pages: list[tuple[str, bytes]], megabytes: int) -> None:
    folder = work / "crawl"
    folder.mkdir()
    records = make_warc(folder / "big.warc", [data for suffix, data in pages if suffix == ".html"], megabytes=megabytes)
    out = work / "crawl-out"
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsclean", "batch", str(folder), str(out), "--cluster", "local:1", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    samples = []  # (seconds, {pid: rss}) of the driver's process tree
    while proc.poll() is None:
        table = _rss_by_pid()
        tree, frontier = set(), {proc.pid}
        while frontier:
            tree |= frontier
            frontier = {pid for pid, (ppid, _) in table.items() if ppid in frontier} - tree
        samples.append((time.perf_counter() - start, {pid: table[pid][1] for pid in tree if pid in table}))
        time.sleep(0.5)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        print(f"(e) batch --cluster local:1 failed ({proc.returncode}): {stderr.strip()[-500:]}")
        return
    with open(out / "big.warc.jsonl", "rb") as f:
        written = sum(1 for _ in f)
    driver = proc.pid
    worker = [max((rss for pid, rss in sizes.items() if pid != driver), default=0) for _, sizes in samples]
    tenths = [worker[min(len(worker) - 1, round(i * (len(worker) - 1) / 10))] / 1e6 for i in range(1, 11)]
    print(
        f"(e) batch --cluster local:1 over a {megabytes} MB WARC ({records} records, {written} pages) in"
        f" {elapsed:.1f} s = {written / elapsed:.1f} pages/s; driver peak RSS"
        f" {max(sizes.get(driver, 0) for _, sizes in samples) / 1e6:.0f} MB"
    )
    print(
        f"(e) largest worker-side process RSS (MB) at each tenth of the run: {' '.join(f'{t:.0f}' for t in tenths)};"
        f" peak {max(worker) / 1e6:.0f} MB"
    )
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(folder)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sections", default="abcde")
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3, help="local:2 runs, each between two local:1 runs")
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--warc-mb", type=int, default=100, help="(e) size of the WARC")
    parser.add_argument("--data", type=Path, default=score.DEFAULT_DATA, help="the benchmarks directory")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="newsclean-cluster-bench-"))
    try:
        pages = source_pages(args.data)
        folder = work / "folder"
        make_folder(folder, args.pages, pages)
        print(f"{args.pages} pages ({len(pages)} distinct sources) in {folder}; {os.cpu_count()} CPUs")
        if "a" in args.sections:
            cold(folder, work, args.pages, args.repeat)
        if "b" in args.sections:
            warm(folder, work, args.pages, args.repeat)
        if "c" in args.sections:
            overhead(folder, work, args.tasks)
        if "d" in args.sections:
            machine_ceiling(args.repeat)
        if "e" in args.sections:
            warc_memory(work, pages, args.warc_mb)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
