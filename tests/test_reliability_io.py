"""Reliability of reading and writing (issue 14): FIFOs, gzip members in archives, archives on
standard input, full and read-only disks, output-name collisions, -j memory, symbolic links and
signals. Each test was written against a run that hung, lost records or printed a traceback."""
from __future__ import annotations

import gzip
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from newsclean.read import InputError, read_input
from newsclean.warc import is_warc, iter_pages
from test_hardening import newsclean_cli
from test_warc import BODY, archive, record_id, response

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")

PAGE = (b"<html><head><title>Riverside park approved</title></head><body><article><h1>Riverside park approved</h1>"
        b"<p>The city council voted on Tuesday to approve a riverside park that residents have sought.</p>"
        b"</article></body></html>")


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
        "newsclean: error: fifo.html: not a regular file (a FIFO); pipe it to standard input instead"]
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
    layout = {"between": [members[0], empty, members[1], members[2]],
              "first": [empty, *members],
              "last": [*members, empty],
              "several": [members[0], empty, empty, members[1], empty, members[2]]}[where]
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
