"""newsclean batch --cluster: a real Dask LocalCluster (2 worker processes, no dashboard).

The same files as -j 1, on pages and a WARC; a worker SIGKILLed mid-run; the
driver SIGKILLed mid-run and run again; a page that kills its worker every
time; pages stuck past --page-timeout. The test-only extract functions below
are handed to the workers through ``Settings.extract``, as a library caller
would: nothing in newsclean itself kills a worker on any input.
"""

from __future__ import annotations

import filecmp
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_batch import PAGE, _paragraphs, outputs, tree  # noqa: F401 (tree is a fixture)
from test_warc import TEXT, archive, conversion, record_id, response

import newsclean
from newsclean.batch import MANIFEST, TMP_SUFFIX, Settings, run_batch
from newsclean.output import Formatter

try:
    import distributed
except ImportError:  # pragma: no cover - CI installs it with the test extras
    distributed = None

needs_distributed = pytest.mark.skipif(
    distributed is None, reason="distributed is not installed (pip install 'newsclean[dask]')"
)


# --- test-only extract functions, run on the workers (importable from this module) --------------


def slow_extract(data, **options):
    """The real extract, 20 ms slower: a run lasts long enough to be killed in the middle."""
    time.sleep(0.02)
    return newsclean.extract(data, **options)


def crashing_extract(data, **options):
    """Kills the process it runs in on a page holding CRASH-ME (a segfault, an OOM kill)."""
    if b"CRASH-ME" in data:
        os._exit(1)
    return newsclean.extract(data, **options)


def hanging_extract(data, **options):
    """Loops forever in Python on HANG-ME; sleeps in C (no bytecode runs) on STUCK-IN-C."""
    if b"HANG-ME" in data:
        while True:
            pass
    if b"STUCK-IN-C" in data:
        time.sleep(3600)
    return newsclean.extract(data, **options)


# --- a cluster shared by the tests of this module -------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    """(scheduler address, client) of a LocalCluster of 2 single-threaded worker processes.

    A task is given up after 2 worker deaths (allowed-failures 1), to keep the crash tests short.
    """
    import logging

    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 1, "distributed.scheduler.worker-saturation": 1.0}):
        local = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
            silence_logs=logging.CRITICAL,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        )
    with local, distributed.Client(local, set_as_default=False) as client:
        yield local.scheduler_address, client


def _pages(folder: Path, count: int) -> None:
    for i in range(count):
        path = folder / f"d{i % 5}" / f"p{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_paragraphs(i))


def _errors(out: Path) -> list:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]


def _wait_for_workers(client, count: int = 2, timeout: float = 30) -> None:
    client.wait_for_workers(count, timeout=timeout)


@needs_distributed
def test_same_files_as_one_process_on_pages_and_a_warc(run_cli, tree, tmp_path, cluster):  # noqa: F811
    address, _client = cluster
    (tree / "big.warc").write_bytes(archive([response(n, PAGE) for n in range(1, 30)]))
    (tree / "bad.html.gz").write_bytes(b"\x1f\x8bnot gzip")
    one, many = tmp_path / "one", tmp_path / "many"
    assert run_cli(["batch", str(tree), str(one), "-j", "1"]).exit_code == 1
    result = run_cli(["batch", str(tree), str(many), "--cluster", address])
    assert result.exit_code == 1, result.stderr
    assert "6 inputs, 5 converted, 0 up to date, 1 failed" in result.stderr
    assert outputs(many) == outputs(one)
    assert len(outputs(one)["big.warc.jsonl"].splitlines()) == 29
    again = run_cli(["batch", str(tree), str(many), "--cluster", address])  # resumes like the pool
    assert "6 inputs, 0 converted, 5 up to date, 1 failed" in again.stderr


@needs_distributed
def test_a_worker_killed_mid_run_changes_nothing(tmp_path, cluster):
    address, client = cluster
    _wait_for_workers(client)
    pages = tmp_path / "pages"
    _pages(pages, 120)
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    run_batch(str(pages), str(whole), Settings(formatter=Formatter("json")))
    pids = sorted(client.run(os.getpid).values())
    seen = {}

    def kill_one_worker_mid_run() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            done = len(list(killed.rglob("*.json")))
            if done >= 20:
                seen["done"] = done
                os.kill(pids[0], signal.SIGKILL)
                return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_one_worker_mid_run)
    killer.start()
    summary = run_batch(
        str(pages), str(killed), Settings(formatter=Formatter("json"), extract=slow_extract), cluster=address
    )
    killer.join()
    assert 20 <= seen["done"] < 100, "the worker was not killed in the middle of the run"
    assert (summary.inputs, summary.converted, summary.failed) == (120, 120, 0)
    assert outputs(killed) == outputs(whole)
    assert not [p for p in killed.rglob("*") if p.name.endswith(TMP_SUFFIX)]
    _wait_for_workers(client)  # the nanny started a new worker in its place
    assert pids[0] not in client.run(os.getpid).values()


@needs_distributed
def test_a_page_that_kills_its_worker_every_time_is_one_error(tmp_path, cluster):
    address, client = cluster
    _wait_for_workers(client)
    pages = tmp_path / "pages"
    _pages(pages, 30)
    crash = pages / "d0" / "crash.txt"
    crash.write_bytes(_paragraphs(99) + b"CRASH-ME\n")
    out = tmp_path / "out"
    summary = run_batch(
        str(pages), str(out), Settings(formatter=Formatter("json"), extract=crashing_extract), cluster=address
    )
    assert (summary.inputs, summary.converted, summary.failed) == (31, 30, 1)
    assert _errors(out) == [{"file": str(crash), "error": "worker died 2 times converting it"}]
    reference = tmp_path / "reference"
    crash.unlink()
    run_batch(str(pages), str(reference), Settings(formatter=Formatter("json")))
    got, want = outputs(out), outputs(reference)
    assert got.pop("errors.jsonl") != want.pop("errors.jsonl")
    assert got == want and len(got) == 30


@needs_distributed
def test_pages_past_the_time_limit_are_errors_and_no_worker_is_held(tmp_path, cluster):
    address, client = cluster
    _wait_for_workers(client)
    pages = tmp_path / "pages"
    _pages(pages, 10)
    (pages / "hang.txt").write_bytes(_paragraphs(98) + b"HANG-ME\n")
    (pages / "stuck.txt").write_bytes(_paragraphs(97) + b"STUCK-IN-C\n")
    warc = pages / "crawl.wet"  # text records: a fresh worker's first HTML page spends ~2 s on imports
    warc.write_bytes(archive([conversion(1), conversion(2, TEXT + b"HANG-ME\n"), conversion(3)]))
    out = tmp_path / "out"
    start = time.monotonic()
    summary = run_batch(
        str(pages),
        str(out),
        Settings(formatter=Formatter("json"), extract=hanging_extract),
        cluster=address,
        page_timeout=1.0,
    )
    assert time.monotonic() - start < 30
    assert (summary.inputs, summary.converted, summary.failed) == (13, 11, 3)
    timeout = "took longer than 1 s (--page-timeout); skipped"

    assert _errors(out) == [
        {"file": str(warc), "record": record_id(2), "error": timeout},
        {"file": str(pages / "hang.txt"), "error": timeout},
        # asleep in C, out of reach of the interrupt: its worker ended itself at twice the limit, twice
        {"file": str(pages / "stuck.txt"), "error": "worker died 2 times converting it"},
    ]
    assert len((out / "crawl.wet.jsonl").read_bytes().splitlines()) == 2
    assert len(list(out.rglob("p*.json"))) == 10


@needs_distributed
def test_the_driver_killed_mid_run_resumes_to_the_same_files(run_cli, tmp_path, cluster):
    address, _client = cluster
    pages = tmp_path / "pages"
    _pages(pages, 300)
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    assert run_cli(["batch", str(pages), str(whole), "-q"]).exit_code == 0
    driver = subprocess.Popen(
        [sys.executable, "-m", "newsclean", "batch", str(pages), str(resumed), "--cluster", "local:2", "-q"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    manifest = resumed / MANIFEST
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and driver.poll() is None:
        if manifest.exists() and len(manifest.read_bytes().splitlines()) > 30:
            break
        time.sleep(0.005)
    assert driver.poll() is None, driver.communicate()[1].decode()
    workers = _children(driver.pid)
    assert workers, "the driver's local cluster has no worker processes"
    os.kill(driver.pid, signal.SIGKILL)
    driver.communicate(timeout=30)
    done_before = len(manifest.read_bytes().splitlines()) - 1
    assert 30 <= done_before < 300
    gone = time.monotonic() + 20  # the workers of a killed driver end with it
    while time.monotonic() < gone and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)

    rerun = run_cli(["batch", str(pages), str(resumed), "--cluster", address])
    assert rerun.exit_code == 0, rerun.stderr
    up_to_date = int(rerun.stderr.split(" converted, ")[1].split(" up to date")[0])
    assert up_to_date >= done_before
    assert outputs(resumed) == outputs(whole)
    assert not [p for p in resumed.rglob("*") if p.name.endswith(TMP_SUFFIX)]
    assert filecmp.cmp(resumed / "errors.jsonl", whole / "errors.jsonl", shallow=False)


def _children(pid: int) -> list:
    """Every descendant of ``pid`` (Linux /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [child for child, p in parents.items() if p == parent]
        found += kids
        frontier += kids
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# --- the command line around --cluster --------------------------------------------------------------


def test_cluster_without_distributed_is_a_usage_error(run_cli, tree, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    result = run_cli(["batch", str(tree), str(tmp_path / "out"), "--cluster", "local:2"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: --cluster needs dask.distributed, which is not installed: pip install 'newsclean[dask]'"
    )
    assert not (tmp_path / "out").exists()


@needs_distributed
@pytest.mark.parametrize("jobs", ["1", "2", "0"])
def test_jobs_with_cluster_is_a_usage_error(run_cli, tree, tmp_path, jobs):  # noqa: F811
    """-j was silently ignored with --cluster (the cluster's workers are the processes)."""
    result = run_cli(["batch", str(tree), str(tmp_path / "out"), "-j", jobs, "--cluster", "local:2"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: -j and --cluster cannot be used together: the cluster's workers do the work (local:N)"
    )
    assert not (tmp_path / "out").exists()


@needs_distributed
def test_the_progress_bar_counts_the_pages_converted_on_workers(tmp_path, cluster, monkeypatch):
    """The bar's page count stayed at 0 with --cluster: the workers counted into copies of the counter."""
    from newsclean import batch as batch_module

    address, _client = cluster
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.wet.gz").write_bytes(archive([conversion(n) for n in range(5)], gz=True))
    (src / "b.wet").write_bytes(archive([conversion(n) for n in range(5, 8)]))
    (src / "c.txt").write_bytes(_paragraphs(1))
    seen = []

    class Recording(batch_module.ProgressBar):
        def advance(self, failed):
            super().advance(failed)
            seen.append(self.line())

    monkeypatch.setattr(batch_module, "ProgressBar", Recording)
    summary = run_batch(
        str(src), str(tmp_path / "out"), Settings(formatter=Formatter()), progress=True, cluster=address
    )
    assert summary.pages == 9
    assert len(seen) == 3 and "3/3 files" in seen[-1] and " 9 pages " in seen[-1]


@pytest.mark.parametrize("address", ["local:0", "local:two", "somewhere", "tcp://"])
def test_a_malformed_address_is_a_usage_error(run_cli, tree, tmp_path, address):  # noqa: F811
    result = run_cli(["batch", str(tree), str(tmp_path / "out"), "--cluster", address])
    assert result.exit_code == 2
    assert "Invalid value for '--cluster'" in result.stderr and "Traceback" not in result.stderr


@needs_distributed
def test_an_unreachable_scheduler_is_one_line(run_cli, tree, tmp_path):  # noqa: F811
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = run_cli(["batch", str(tree), str(tmp_path / "out"), "--cluster", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("newsclean: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")


def test_plain_batch_never_imports_distributed(tree, tmp_path):  # noqa: F811
    code = (
        "import sys\n"
        "from newsclean.cli import cli\n"
        f"try: cli(['batch', {str(tree)!r}, {str(tmp_path / 'out')!r}, '-q', '-j', '2'], prog_name='newsclean')\n"
        "except SystemExit as e: print(e.code)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'distributed', 'dask'} or m == 'newsclean.cluster'))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.stdout.splitlines() == ["0", "[]"], run.stderr


@needs_distributed
def test_a_scheduler_lost_mid_run_is_one_error_and_a_rerun_resumes(tmp_path, cluster):
    import logging

    import dask

    from newsclean.cluster import ClusterError

    address, _client = cluster
    pages = tmp_path / "pages"
    _pages(pages, 60)
    out = tmp_path / "out"
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        doomed = distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
            silence_logs=logging.CRITICAL,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        )

        def stop_the_scheduler_mid_run() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not (
                (out / MANIFEST).exists() and len((out / MANIFEST).read_bytes().splitlines()) > 5
            ):
                time.sleep(0.01)
            doomed.close()

        stopper = threading.Thread(target=stop_the_scheduler_mid_run)
        stopper.start()
        start = time.monotonic()
        with pytest.raises(ClusterError, match=r"^lost the Dask scheduler at tcp://127\.0\.0\.1:\d+; run the batch"):
            run_batch(
                str(pages),
                str(out),
                Settings(formatter=Formatter("json"), extract=slow_extract),
                cluster=doomed.scheduler_address,
            )
        stopper.join()
    assert time.monotonic() - start < 30
    done_before = len((out / MANIFEST).read_bytes().splitlines()) - 1
    summary = run_batch(str(pages), str(out), Settings(formatter=Formatter("json")), cluster=address)
    assert summary.up_to_date == done_before >= 5
    assert summary.converted + summary.up_to_date == 60 and not summary.failed
