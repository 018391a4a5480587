"""Reliability of reading and writing (issue 14): FIFOs, gzip members in archives, archives on
standard input, full and read-only disks, output-name collisions, -j memory, symbolic links and
signals. Each test was written against a run that hung, lost records or printed a traceback."""

from __future__ import annotations

import gzip
import io
import json
import os
import stat
import sys
import tracemalloc
from pathlib import Path

import pytest
from test_hardening import newsclean_cli
from test_warc import BODY, archive, record_id, response

from newsclean.read import InputError, _read_limited, read_input
from newsclean.warc import is_warc, iter_pages

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")

PAGE = (
    b"<html><head><title>Riverside park approved</title></head><body><article><h1>Riverside park approved</h1>"
    b"<p>The city council voted on Tuesday to approve a riverside park that residents have sought.</p>"
    b"</article></body></html>"
)


def error_lines(stderr: str) -> list:
    assert "Traceback" not in stderr
    return stderr.splitlines()


# --- 4. FIFOs and other files that are not regular ------------------------------------------------


@posix_only
def test_read_input_refuses_a_fifo_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "page.html")
    with pytest.raises(InputError, match="not a regular file \\(a FIFO\\)"):
        read_input(str(tmp_path / "page.html"))
    assert not is_warc(str(tmp_path / "page.html"))


@posix_only
def test_extract_reports_a_fifo_and_goes_on(tmp_path):
    """A FIFO named page.html blocked extract forever (nothing ever writes to it)."""
    os.mkfifo(tmp_path / "fifo.html")
    (tmp_path / "good.html").write_bytes(PAGE)
    run = newsclean_cli("extract", "fifo.html", "good.html", cwd=tmp_path, timeout=30)
    assert run.code == 1
    assert error_lines(run.stderr) == [
        "newsclean: error: fifo.html: not a regular file (a FIFO); pipe it to standard input instead"
    ]
    assert json.loads(run.stdout)["title"] == "Riverside park approved"


@posix_only
def test_batch_lists_a_fifo_as_a_failure_and_goes_on(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    os.mkfifo(pages / "fifo.html")
    os.mkfifo(pages / "fifo.warc.gz")
    (pages / "good.html").write_bytes(PAGE)
    run = newsclean_cli("batch", "pages", "out", "-q", cwd=tmp_path, timeout=30)
    assert run.code == 1, run.stderr
    assert (tmp_path / "out" / "good.html.json").is_file()
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert sorted(e["file"] for e in errors) == ["pages/fifo.html", "pages/fifo.warc.gz"]
    assert all(e["error"].startswith("not a regular file (a FIFO)") for e in errors)


def test_a_device_is_not_read_forever(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    with pytest.raises(InputError, match="not a regular file \\(a character device\\)"):
        read_input("/dev/zero")


# --- 5. an empty gzip member inside a .warc.gz -------------------------------------------------------


def pages_of(path: Path) -> list:
    return [p.record_id for p in iter_pages(str(path), 1 << 26)]


@pytest.mark.parametrize("where", ["between", "first", "last", "several"])
def test_an_empty_gzip_member_does_not_end_the_archive(tmp_path, where):
    """FastWARC's reader took an empty member for the end of the file: every record after it was
    silently dropped (warcio reads them all, as does newsclean now)."""
    empty = gzip.compress(b"")
    members = [gzip.compress(response(n)) for n in (1, 2, 3)]
    layout = {
        "between": [members[0], empty, members[1], members[2]],
        "first": [empty, *members],
        "last": [*members, empty],
        "several": [members[0], empty, empty, members[1], empty, members[2]],
    }[where]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(layout))
    assert is_warc(str(path))
    assert pages_of(path) == [record_id(1), record_id(2), record_id(3)]


def test_a_cut_gzip_archive_gives_its_records_then_one_error(run_cli, parse_records, tmp_path):
    data = archive([response(1), response(2)], gz=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-100])
    result = run_cli(["extract", str(path)])
    assert result.exit_code == 1
    assert [r["source"] for r in parse_records(result)] == [f"{path}#{record_id(1)}"]
    assert error_lines(result.stderr) == [f"newsclean: error: {path}: not a valid WARC file (gzip data cut short)"]


def test_a_member_that_inflates_to_a_lot_is_streamed(tmp_path):
    """One gzip member holding many records (not one per record, as crawlers write them)."""
    path = tmp_path / "one-member.warc.gz"
    path.write_bytes(gzip.compress(b"".join(response(n, BODY + b" " * 300_000) for n in range(1, 21))))
    assert pages_of(path) == [record_id(n) for n in range(1, 21)]


def test_a_member_that_inflates_past_one_read_is_followed_by_the_next(tmp_path):
    """A record that inflates to more than the inflater gives at a time (1 MB: any page of a few MB,
    and compressible ones from a small member): at the member's end zlib leaves the next member's
    bytes both in unused_data and in unconsumed_tail; taking both fed them twice, and every record
    after the first was lost to "invalid distance code"."""
    path = tmp_path / "big-records.warc.gz"
    path.write_bytes(b"".join(gzip.compress(response(n, BODY + b" " * 3_000_000)) for n in range(1, 5)))
    assert pages_of(path) == [record_id(n) for n in range(1, 5)]


# --- 9. an archive on standard input ------------------------------------------------------------------


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_archive_on_stdin_gives_every_record(tmp_path, gz, jobs):
    """``cat crawl.warc.gz | newsclean extract`` gave one HTML record made of the whole archive."""
    data = archive([response(1), response(2, PAGE), response(3)], gz=gz)
    run = newsclean_cli("extract", "-j", jobs, cwd=tmp_path, stdin=data)
    assert run.code == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["source"] for r in records] == [f"-#{record_id(n)}" for n in (1, 2, 3)]
    assert [r["url"] for r in records] == [f"https://example.com/story/{n}" for n in (1, 2, 3)]


def test_an_archive_on_stdin_in_process(run_cli, parse_records):
    result = run_cli(["extract"], input=archive([response(1), response(2)], gz=True))
    assert result.exit_code == 0, result.stderr
    assert [r["source"] for r in parse_records(result)] == [f"-#{record_id(n)}" for n in (1, 2)]


def test_a_page_on_stdin_is_still_one_page(tmp_path):
    run = newsclean_cli("extract", cwd=tmp_path, stdin=gzip.compress(PAGE))
    assert run.code == 0, run.stderr
    (record,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert record["source"] == "-" and record["title"] == "Riverside park approved"


# --- 6. unwritable outputs: one line, never a traceback, never a cut manifest line ---------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KiB tmpfs (a full disk after a few outputs); skipped where mounting is not allowed."""
    import subprocess

    mnt = tmp_path / "disk"
    mnt.mkdir()
    if (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True).returncode
        != 0
    ):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


@pytest.fixture
def many_pages(tmp_path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(40):
        (pages / f"p{n:02}.html").write_bytes(PAGE.replace(b"Tuesday", f"day {n}".encode()) + b" " * 3000)
    return pages


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_disk_that_fills_up_stops_the_batch_with_one_line(small_disk, many_pages, tmp_path, jobs):
    """Three chained ENOSPC tracebacks, no errors.jsonl and a manifest whose last line was cut."""
    out = small_disk / "out"
    run = newsclean_cli("batch", str(many_pages), str(out), "-j", jobs, cwd=tmp_path)
    assert run.code == 1
    lines = error_lines(run.stderr)
    assert lines[0].startswith(f"newsclean: error: cannot write {out}/") and lines[0].endswith(
        ": no space left on device"
    )
    assert lines[-1].startswith("newsclean: batch stopped: 40 inputs,")
    assert (out / "errors.jsonl").exists()
    manifest = (out / ".newsclean-batch.jsonl").read_bytes()
    assert manifest.endswith(b"\n")
    entries = [json.loads(line) for line in manifest.splitlines()]  # every line whole
    converted = {e["input"] for e in entries[1:] if e["output"]}
    assert converted and all((out / f"{rel}.json").is_file() for rel in converted)
    assert not [p for p in out.iterdir() if p.name.endswith(".newsclean-tmp")]


def test_a_read_only_out_dir_is_one_line(small_disk, many_pages, tmp_path):
    import subprocess

    (small_disk / "out").mkdir()
    assert subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True).returncode == 0
    run = newsclean_cli("batch", str(many_pages), str(small_disk / "out"), cwd=tmp_path)
    assert run.code == 1
    assert error_lines(run.stderr) == [
        f"newsclean: error: cannot write to {small_disk / 'out'}: read-only or permission denied"
    ]


def test_a_read_only_out_dir_in_process(run_cli, many_pages, tmp_path, monkeypatch):
    """Where no read-only file system can be mounted: the same check, as the OS would answer it."""
    real_access = os.access
    monkeypatch.setattr(
        "newsclean.safefs.os.access",
        lambda path, mode: False if str(path) == str(tmp_path / "out") else real_access(path, mode),
    )
    result = run_cli(["batch", str(many_pages), str(tmp_path / "out")])
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        f"newsclean: error: cannot write to {tmp_path / 'out'}: read-only or permission denied"
    ]


def test_out_dir_under_a_file_is_one_line(run_cli, many_pages, tmp_path):
    (tmp_path / "afile").write_text("mine")
    result = run_cli(["batch", str(many_pages), str(tmp_path / "afile" / "out")])
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        f"newsclean: error: cannot create {tmp_path / 'afile' / 'out'}: not a directory"
    ]
    assert (tmp_path / "afile").read_text() == "mine"


def test_a_manifest_line_that_cannot_be_written_is_cut_off_again(tmp_path, monkeypatch):
    from newsclean import safefs

    path = tmp_path / "manifest.jsonl"
    path.write_bytes(b'{"header": 1}\n')
    real_write = os.write

    def half_then_full(fd, data):
        if len(data) > 10:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(28, "No space left on device")

    with safefs.Appender(str(path)) as manifest:
        manifest.append(b'{"input": "a"}\n')
        monkeypatch.setattr("newsclean.safefs.os.write", half_then_full)
        with pytest.raises(safefs.OutDirError, match="no space left on device"):
            manifest.append(b'{"input": "b", "output": "b.json"}\n')
    assert path.read_bytes() == b'{"header": 1}\n{"input": "a"}\n'


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", [[], ["--pretty"]], ids=["plain", "click"])
def test_extract_to_a_full_stdout_is_one_line(tmp_path, args):
    (tmp_path / "page.html").write_bytes(PAGE)
    with open("/dev/full", "wb") as full:
        import subprocess

        run = subprocess.run(
            [sys.executable, "-m", "newsclean", "extract", *args, "page.html"],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
            text=True,
        )
    assert run.returncode == 1
    assert error_lines(run.stderr) == ["newsclean: error: <stdout>: cannot write: no space left on device"]


def test_extract_o_a_device_writes_to_it_and_never_replaces_it(run_cli, tmp_path):
    """-o DEVICE --force wrote a temp file beside the device and moved it onto the device's name
    (as root, ``-o /dev/full --force`` replaced /dev/full with a regular file)."""
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here (needs root)")
    (tmp_path / "page.html").write_bytes(PAGE)
    result = run_cli(["extract", "-o", str(null), "--force", str(tmp_path / "page.html")])
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat(null).st_mode)


# --- 7. output-name collisions do not depend on -j ---------------------------------------------------


def test_an_output_name_taken_by_a_folder_fails_the_same_input_for_any_jobs(tmp_path):
    """x.html beside a folder x.html.json/: one input failed at -j 1, another at -j 2."""
    pages = tmp_path / "pages"
    (pages / "x.html.json").mkdir(parents=True)
    (pages / "x.html").write_bytes(PAGE)
    (pages / "x.html.json" / "y.html").write_bytes(PAGE)
    (pages / "x.html.json" / "z.html").write_bytes(PAGE + b" " * 5000)  # the largest: first at -j 2
    results = {}
    for jobs in ("1", "2"):
        run = newsclean_cli("batch", "pages", f"out{jobs}", "-j", jobs, "-q", cwd=tmp_path)
        assert run.code == 1, run.stderr
        out = tmp_path / f"out{jobs}"
        results[jobs] = (
            (out / "errors.jsonl").read_text(),
            sorted(str(p.relative_to(out)) for p in out.rglob("*.json") if p.is_file()),
        )
    assert results["1"] == results["2"]
    errors, outputs = results["1"]
    assert [json.loads(line)["file"] for line in errors.splitlines()] == ["pages/x.html"]
    assert outputs == ["x.html.json/y.html.json", "x.html.json/z.html.json"]


# --- 8. extract -j N holds a bounded number of page bytes ---------------------------------------------


def test_extract_jobs_hold_few_big_pages_at_once(tmp_path):
    """40 records of 60 MB reached 3.7 GB at -j 2 against 0.8 GB at -j 1: sixteen chunks of four
    pages were in flight per worker, whatever their size. 30 records of 16 MB here (binary, so
    each is quick to extract): -j 2 may hold a few more than -j 1, not dozens."""
    path = tmp_path / "fat.warc.gz"
    with gzip.open(path, "wb", compresslevel=1) as f:
        for n in range(1, 31):
            f.write(response(n, b"\x01\x02\x03\x04" * (4 << 20)))
    peaks = {}
    for jobs in ("1", "2"):
        run = newsclean_cli("extract", "-j", jobs, "fat.warc.gz", cwd=tmp_path)
        assert run.code == 0, run.stderr
        assert len(run.stdout.splitlines()) == 30
        if run.peak is None:
            pytest.skip("no peak RSS on this platform")
        peaks[jobs] = run.peak
    assert peaks["2"] < peaks["1"] + (120 << 20), peaks


def test_extract_stream_flight_is_bounded_by_bytes(monkeypatch):
    """The pages handed to the pool and not yet given back stay under the bound (one worker's
    chunk more at most), and results still come in input order."""
    from newsclean import stream

    flight, peak = [0], [0]

    class Result:
        def __init__(self, chunk):
            self.chunk = chunk

        def get(self):
            flight[0] -= sum(stream._unit_bytes(u) for u in self.chunk)
            return [(u.data[:1], None) for u in self.chunk]

    class Pool:
        def apply_async(self, fn, args):
            flight[0] += sum(stream._unit_bytes(u) for u in args[0])
            peak[0] = max(peak[0], flight[0])
            return Result(args[0])

    from contextlib import contextmanager

    @contextmanager
    def pool(jobs, state):
        yield Pool()

    big = 10 << 20
    pages = [stream.Page("a.warc", str(n), None, "html", bytes([n]) * big) for n in range(40)]
    monkeypatch.setattr(stream, "worker_pool", pool)
    monkeypatch.setattr(stream, "_units", lambda paths, settings: iter(pages))
    out = [data for data, _ in stream.extract_stream(["a.warc"], stream.Settings(), jobs=2)]
    assert out == [bytes([n]) for n in range(40)]
    assert peak[0] <= stream._FLIGHT_BYTES + 2 * big


# --- symbolic links -------------------------------------------------------------------------------


@pytest.fixture
def linked(tmp_path) -> Path:
    """pages/ with a link to a file outside it, a link inside it, a link to an outside folder and
    a link loop; outside/ holds a "secret" page."""
    pages, outside = tmp_path / "pages", tmp_path / "outside"
    (pages / "sub").mkdir(parents=True)
    outside.mkdir()
    (pages / "a.html").write_bytes(PAGE)
    (outside / "secret.html").write_bytes(b"<p>SECRET-outside-in-dir</p>")
    (pages / "passwd.html").symlink_to(outside / "secret.html")
    (pages / "inner.html").symlink_to("a.html")
    (pages / "sub" / "elsewhere").symlink_to(outside, target_is_directory=True)
    (pages / "sub" / "loop").symlink_to("..", target_is_directory=True)
    return pages


def tree_files(out: Path) -> list:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != ".newsclean-batch.jsonl")


def test_links_outside_in_dir_are_not_followed_by_default(run_cli, linked, tmp_path):
    """passwd.html -> /etc/passwd was converted; now it is listed, and nothing of it is read."""
    out = tmp_path / "out"
    result = run_cli(["batch", "-q", str(linked), str(out)])
    assert result.exit_code == 1
    assert tree_files(out) == ["a.html.json", "errors.jsonl", "inner.html.json"]
    (error,) = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert error == {
        "file": str(linked / "passwd.html"),
        "error": "symbolic link to a file outside IN_DIR: not followed (--follow-symlinks follows it)",
    }
    assert "SECRET" not in "".join(p.read_text() for p in out.rglob("*.json"))


def test_follow_symlinks_follows_files_and_folders_once(run_cli, linked, tmp_path):
    out = tmp_path / "out"
    result = run_cli(["batch", "-q", "--follow-symlinks", str(linked), str(out)])
    assert result.exit_code == 0, result.stderr
    assert tree_files(out) == [
        "a.html.json",
        "errors.jsonl",
        "inner.html.json",
        "passwd.html.json",
        "sub/elsewhere/secret.html.json",
    ]


def test_nothing_is_written_outside_out_dir_whatever_is_planted_there(run_cli, tmp_path):
    """A symbolic link to a folder planted in OUT_DIR made batch write outside OUT_DIR (a link at
    a temp file's name: see the next test)."""
    pages, victim, out = tmp_path / "pages", tmp_path / "victim", tmp_path / "out"
    (pages / "news").mkdir(parents=True)
    (pages / "news" / "b.html").write_bytes(PAGE)
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    assert run_cli(["batch", "-q", str(pages), str(out)]).exit_code == 0
    for p in (out / "news").iterdir():
        p.unlink()
    (out / "news").rmdir()
    (out / "news").symlink_to(victim, target_is_directory=True)
    result = run_cli(["batch", "-q", "--force", str(pages), str(out)])
    assert sorted(p.name for p in victim.iterdir()) == ["keep.txt"]
    assert result.exit_code == 1
    (error,) = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert error["error"] == (
        f"cannot write {out / 'news'}: {out / 'news'} is a symbolic link; nothing is written through it"
    )


def test_atomic_file_never_writes_through_a_link_at_its_temp_name(tmp_path):
    from newsclean.batch import TMP_SUFFIX, atomic_file

    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    (tmp_path / f".out.json.{os.getpid()}{TMP_SUFFIX}").symlink_to(victim)
    with atomic_file(str(tmp_path / "out.json")) as f:
        f.write(b"record")
    assert victim.read_text() == "mine"
    assert (tmp_path / "out.json").read_bytes() == b"record"


def test_a_signal_as_the_temp_file_is_created_leaves_no_temp_file(tmp_path, monkeypatch):
    """CI saw a Ctrl-C'd batch leave ``.p020.html.json.PID.newsclean-tmp``: Python raises the
    KeyboardInterrupt as the open returns, and the open stood outside the block that removes it."""
    from newsclean.batch import TMP_SUFFIX, atomic_file

    real_open = os.open

    def open_then_interrupted(path, *args, **kwargs):
        fd = real_open(path, *args, **kwargs)
        if str(path).endswith(TMP_SUFFIX):
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    monkeypatch.setattr(os, "open", open_then_interrupted)
    with pytest.raises(KeyboardInterrupt), atomic_file(str(tmp_path / "out.json")) as f:
        f.write(b"record")
    assert list(tmp_path.iterdir()) == []


def _blocked_in(thread) -> set[int]:
    """The signals a thread of this process holds (Linux: /proc/self/task/TID/status, SigBlk)."""
    status = Path(f"/proc/self/task/{thread.native_id}/status").read_text()
    mask = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigBlk:")), 16)
    return {n for n in range(1, 65) if mask >> (n - 1) & 1}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads thread signal masks from /proc")
def test_helper_threads_leave_the_signals_to_the_main_thread():
    """CI saw ``extract -j 2`` exit 0 after a SIGTERM on Python 3.10: the kernel may hand a signal to
    any thread that does not hold it, and Python may then never run the handler. The pool's
    threads and the page-timeout watchdog hold the signals; the main thread and the workers do not."""
    import signal
    import threading

    from newsclean import deadline
    from newsclean.workers import worker_pool

    wanted = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    before = set(threading.enumerate())
    with worker_pool(1, None) as pool:
        helpers = [t for t in threading.enumerate() if t not in before]
        assert helpers and all(wanted <= _blocked_in(t) for t in helpers)
        assert not wanted & _blocked_in(threading.main_thread())
        assert not wanted & pool.apply(signal.pthread_sigmask, (signal.SIG_BLOCK, ()))
    watchdog = deadline._Watchdog()
    (thread,) = [t for t in threading.enumerate() if t.name == "newsclean-page-timeout" and t not in before]
    assert wanted <= _blocked_in(thread)
    del watchdog


# --- signals -----------------------------------------------------------------------------------------


def _start(args, cwd: Path):
    import subprocess

    path = os.pathsep.join(p for p in (str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH")) if p)
    return subprocess.Popen(
        [sys.executable, "-m", "newsclean", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        bufsize=0,
        stderr=subprocess.PIPE,
        env=dict(os.environ, PYTHONPATH=path),
    )


@pytest.fixture(scope="module")
def slow_pages(tmp_path_factory) -> Path:
    """Enough pages that a run is still going seconds after its first output: 400 pages of 150
    paragraphs (about 20 ms each). With pages of one paragraph a whole batch took 0.9 s and CI once
    finished it before the signal was sent."""
    pages = tmp_path_factory.mktemp("slow") / "pages"
    pages.mkdir()
    paragraphs = b"".join(
        b"<p>The city council voted on Tuesday to approve a riverside park that residents have sought "
        + f"for {k} years, and the mayor said that work on it would start in the spring.</p>".encode()
        for k in range(150)
    )
    slow = PAGE.replace(b"</article>", paragraphs + b"</article>")
    for n in range(400):
        (pages / f"p{n:03}.html").write_bytes(slow.replace(b"Tuesday", f"day {n}".encode()))
    return pages


SIGNALS = [("SIGINT", 130), ("SIGTERM", 143), ("SIGHUP", 129)]


@pytest.mark.skipif(not hasattr(os, "kill") or sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("name,status", SIGNALS)
def test_a_signal_stops_batch_like_ctrl_c(slow_pages, tmp_path, name, status):
    """SIGTERM and SIGHUP ended a batch with no summary and no errors.jsonl, where Ctrl-C wrote both."""
    import signal
    import time

    out = tmp_path / "out"
    proc = _start(["batch", str(slow_pages), str(out)], tmp_path)
    manifest = out / ".newsclean-batch.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not manifest.exists() or manifest.read_bytes().count(b"\n") < 3):
        time.sleep(0.05)
    proc.send_signal(getattr(signal, name))
    _, stderr = proc.communicate(timeout=60)
    stderr = stderr.decode()
    assert proc.returncode == status, stderr
    assert error_lines(stderr)[-1].startswith("newsclean: batch interrupted: 400 inputs,")
    assert (out / "errors.jsonl").exists()
    assert manifest.read_bytes().endswith(b"\n")
    assert not [p for p in out.iterdir() if p.name.endswith(".newsclean-tmp")]


@pytest.mark.skipif(not hasattr(os, "kill") or sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("name,status", SIGNALS)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_signal_stops_extract_like_ctrl_c(slow_pages, tmp_path, name, status, jobs):
    """Ctrl-C on extract exited 1 ("Aborted!"), SIGTERM and SIGHUP killed it outright."""
    import signal

    files = sorted(str(p) for p in slow_pages.iterdir())
    proc = _start(["extract", "-j", jobs, *files], tmp_path)
    first = proc.stdout.readline()  # a record is out: the run is under way (unbuffered: communicate reads the fd)
    assert first.startswith(b"{")
    proc.send_signal(getattr(signal, name))
    rest, stderr = proc.communicate(timeout=60)
    stderr = stderr.decode()
    assert proc.returncode == status, stderr
    signame = "" if name == "SIGINT" else f" by {name}"
    assert error_lines(stderr) == [f"newsclean: error: interrupted{signame}; the records before it were written"]
    assert all(json.loads(line)["title"] for line in (first + rest).splitlines())  # no cut record


def test_extract_o_removes_the_temp_files_of_killed_runs(run_cli, tmp_path):
    """extract -o left its temp file after a SIGKILL, and no later run removed it."""
    import subprocess

    (tmp_path / "page.html").write_bytes(PAGE)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a pid no process has now
    stale = tmp_path / f".out.jsonl.{gone.pid}.newsclean-tmp"
    live = tmp_path / f".out.jsonl.{os.getppid()}.newsclean-tmp"  # a running process's: left alone
    other = tmp_path / f".other.jsonl.{gone.pid}.newsclean-tmp"  # another file's: left alone
    for p in (stale, live, other):
        p.write_bytes(b"half")
    result = run_cli(["extract", "-o", str(tmp_path / "out.jsonl"), str(tmp_path / "page.html")])
    assert result.exit_code == 0, result.stderr
    assert not stale.exists() and live.exists() and other.exists()
    assert json.loads((tmp_path / "out.jsonl").read_bytes())["title"] == "Riverside park approved"


def test_a_read_holds_the_page_once():
    """The chunks read were joined at the end, which held the page twice (128 MB at the 64 MiB
    --max-bytes default): they now go into one buffer returned without a copy."""
    size = 8 << 20
    stream = io.BytesIO(b"x" * size)
    tracemalloc.start()
    try:
        data = _read_limited(stream, size, "page")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data == b"x" * size
    assert peak < 1.6 * size, f"peak {peak / size:.2f}× the page"
