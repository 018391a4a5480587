"""FUZZ (issue 14): a seeded mutator over the fixtures, through the library, the command line's
read / gunzip / WARC path and ``explain``, bounded to about 60 s in all.

Every input must give a record, or one error line naming it; never a traceback, never an
"internal error", and each within a time bound (memory: the CLI runs' peak RSS is bounded too).
The inputs are made by :func:`mutants` from a seed: the same seed gives the same inputs, so a
failure is reproduced with ``NEWSCLEAN_FUZZ_SEED=<seed>``; ``NEWSCLEAN_FUZZ_SECONDS`` runs longer
(the library part; default 30). An input that fails is written to the test's temp folder: copy it
into ``tests/regressions/`` (with a name saying what broke), where
``test_every_regression_input_gives_a_record_or_one_error`` runs it from then on.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_hardening import newsclean_cli
from test_warc import record as warc_record

import newsclean

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "fixtures").glob("*/*.html")) + sorted((ROOT / "fixtures").glob("*/*.txt"))
REGRESSIONS = Path(__file__).resolve().parent / "regressions"

SEED = int(os.environ.get("NEWSCLEAN_FUZZ_SEED", "14"))
#: Seconds of the library part (the CLI and explain parts take a fixed number of inputs).
LIBRARY_SECONDS = float(os.environ.get("NEWSCLEAN_FUZZ_SECONDS", "30"))
#: Seconds one input may take through the library (a 1 MB input at most, most far smaller).
PER_INPUT = 10.0
#: Peak memory of one CLI run over a folder of mutants.
CLI_PEAK = 600 << 20

pytestmark = pytest.mark.fuzz

#: Pieces the mutator splices in: the shapes that broke the HTML path once, and their kin.
TOKENS = [
    b"<embed>",
    b"</embed>",
    b"<math>",
    b"</math>",
    b"</>",
    b"<svg>",
    b"<object>",
    b"<table>",
    b"<td>",
    b"<tr>",
    b"<p>",
    b"</p>",
    b"<div>",
    b"</div>",
    b"<span>",
    b"<b>",
    b"<a href='x'>",
    b"</a>",
    b"<br/>",
    b"<li>",
    b"<script>",
    b"</script>",
    b"<style>",
    b"<title>",
    b"</title>",
    b"<textarea>",
    b"<plaintext>",
    b"<xmp>",
    b"<noscript>",
    b"<template>",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<!DOCTYPE html [<!ENTITY x 'y'>]>",
    b"&x;",
    b"&#0;",
    b"&#x110000;",
    b"&amp",
    b"<?xml version='1.0' encoding='utf-16'?>",
    b"<meta charset='utf-16'>",
    b"<meta charset='x-nonsense'>",
    b"<html/>",
    b"<body/>",
    b'<a "',
    b"'",
    b'"',
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xe2\x80\xa8",
    b"\r",
    b"\t",
    b"\x0c",
    b"<time datetime='2024-02-30'>",
    b"<meta property='article:published_time' content='99999-01-01'>",
    b'<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": ',
    b"}</script>",
    b"Related",
    b"Comments",
    b"\xe2\x80\xa6",
    b"- ",
    b"* ",
    b"1. ",
    b"# ",
    b"[link](http://x)",
]


def _nested(rng: random.Random) -> bytes:
    tag = rng.choice([b"span", b"div", b"b", b"font", b"table", b"li", b"p", b"a"])
    return (b"<" + tag + b">") * rng.randint(50, 600) + b"word " * rng.randint(1, 200)


def _attributes(rng: random.Random) -> bytes:
    n = rng.randint(100, 3000)
    return b"<div " + b" ".join(b"a%d=v" % i for i in range(n)) + b">"


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits of ``data``."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(9)
        pos = rng.randint(0, len(data))
        if op == 0 and data:  # flip bytes
            for _ in range(rng.randint(1, 16)):
                i = rng.randrange(len(data))
                data[i] = rng.randrange(256)
        elif op in (1, 2):  # splice a token, or several
            data[pos:pos] = b"".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 8)))
        elif op == 3:  # cut the end off
            del data[pos:]
        elif op == 4 and data:  # repeat a slice
            j = rng.randint(pos, min(len(data), pos + 400))
            data[pos:pos] = bytes(data[pos:j]) * rng.randint(2, 50)
        elif op == 5:
            data[pos:pos] = _nested(rng)
        elif op == 6:
            data[pos:pos] = _attributes(rng)
        elif op == 7 and data:  # delete a slice
            del data[pos : pos + rng.randint(1, 200)]
        else:  # swap two slices
            a, b = sorted(rng.randint(0, len(data)) for _ in range(2))
            data[a:b] = bytes(reversed(data[a:b]))
    return bytes(data[: 1 << 20])


def mutants(seed: int) -> Iterator[tuple[str, bytes]]:
    """``(name, bytes)`` forever: mutated fixtures, now and then gzipped."""
    rng = random.Random(seed)
    originals = [(p.stem, p.read_bytes()) for p in SEEDS]
    for n in range(1 << 30):
        stem, data = rng.choice(originals)
        data = mutate(data, rng)
        if rng.random() < 0.1:
            data = gzip.compress(data)
            if rng.random() < 0.3:  # a cut gzip stream
                data = data[: rng.randint(0, len(data))]
        yield f"{n:05}-{stem}", data


def archive_of(pages: list[bytes], rng: random.Random) -> bytes:
    """A WARC of ``pages`` as responses (and a WET conversion now and then), gzipped per record
    with empty members here and there, or plain; sometimes cut short or with a broken header."""
    records = []
    for i, page in enumerate(pages):
        if rng.random() < 0.2:
            records.append(warc_record("conversion", i, page, "text/plain"))
        else:
            head = rng.choice(
                [
                    b"Content-Type: text/html\r\n",
                    b"Content-Type: text/html; charset=latin-1\r\n",
                    b"Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                    b"Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
                ]
            )
            body = gzip.compress(page) if b"Content-Encoding: gzip" in head else page
            records.append(
                warc_record(
                    "response", i, b"HTTP/1.1 200 OK\r\n" + head + b"\r\n" + body, "application/http; msgtype=response"
                )
            )
    if rng.random() < 0.5:
        members = [gzip.compress(r) for r in records]
        for _ in range(rng.randint(0, 3)):
            members.insert(rng.randint(0, len(members)), gzip.compress(b""))
        data = b"".join(members)
    else:
        data = b"".join(records)
    if rng.random() < 0.2:
        data = data[: rng.randint(len(data) // 2, len(data))]
    if rng.random() < 0.1:
        data = mutate(data, rng)
    return data


# --- the library -------------------------------------------------------------------------------------


def check_library(name: str, data: bytes, failures: list, save: Path) -> None:
    started = time.monotonic()
    try:
        article = newsclean.extract(data)
        record = article.to_dict()
        json.dumps(record, ensure_ascii=False).encode("utf-8")
        list(newsclean.explain(data))
    except Exception as e:  # anything: a bug
        (save / name).write_bytes(data)
        failures.append(f"{name}: {type(e).__name__}: {e}")
        return
    seconds = time.monotonic() - started
    if seconds > PER_INPUT:
        (save / name).write_bytes(data)
        failures.append(f"{name}: {seconds:.1f} s")


def test_fuzz_the_library(tmp_path):
    """As many mutants as LIBRARY_SECONDS allows, each through extract, the record and explain."""
    failures: list = []
    deadline = time.monotonic() + LIBRARY_SECONDS
    count = 0
    for name, data in mutants(SEED):
        if time.monotonic() > deadline:
            break
        check_library(name, data, failures, tmp_path)
        count += 1
    assert count > 50, f"only {count} inputs in {LIBRARY_SECONDS} s"
    assert not failures, f"seed {SEED}, {count} inputs, saved in {tmp_path}:\n" + "\n".join(failures)


# --- the command line: read, gunzip, WARC, extract and explain ---------------------------------------------


def check_cli_run(run, names: list[str]) -> None:
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.code in (0, 1), run.stderr[-3000:]
    for line in run.stderr.splitlines():
        assert line.startswith("newsclean: error: ") and any(line[18:].startswith(n) for n in names), line
        assert "internal error" not in line, line
    for line in run.stdout.splitlines():
        json.loads(line)
    if run.peak is not None:
        assert run.peak < CLI_PEAK, f"peak RSS {run.peak >> 20} MB"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fuzz_the_command_line(tmp_path, jobs):
    """Mutated pages (gzipped or not) and archives of them in one extract run; every input gives
    its records or one error line naming it."""
    rng = random.Random(SEED * 31 + int(jobs))
    source = mutants(SEED * 7 + int(jobs))
    names = []
    for _ in range(24):
        name, data = next(source)
        (tmp_path / f"{name}.html").write_bytes(data)
        names.append(f"{name}.html")
    for i in range(6):
        pages = [next(source)[1] for _ in range(rng.randint(1, 6))]
        (tmp_path / f"archive{i}.warc.gz").write_bytes(archive_of(pages, rng))
        names.append(f"archive{i}.warc.gz")
    run = newsclean_cli("extract", "-j", jobs, *names, cwd=tmp_path, timeout=90)
    check_cli_run(run, names)
    sources = {json.loads(line)["source"].split("#")[0] for line in run.stdout.splitlines()}
    failed = {line[18:].split(":")[0].split("#")[0] for line in run.stderr.splitlines()}
    assert all(n in sources or n in failed for n in names if not n.startswith("archive"))


def test_fuzz_stdin_and_explain(tmp_path):
    """An archive on stdin, and explain on a few mutants: a record or one error line each."""
    rng = random.Random(SEED * 13)
    source = mutants(SEED * 5)
    run = newsclean_cli("extract", cwd=tmp_path, stdin=archive_of([next(source)[1] for _ in range(4)], rng), timeout=60)
    check_cli_run(run, ["<stdin>"])
    for _ in range(3):
        name, data = next(source)
        (tmp_path / f"{name}.html").write_bytes(data)
        run = newsclean_cli("explain", f"{name}.html", cwd=tmp_path, timeout=60)
        assert "Traceback" not in run.stderr and run.code in (0, 1), run.stderr[-3000:]
        assert run.code == 0 or run.stderr.startswith(f"newsclean: error: {name}.html: "), run.stderr
        assert "internal error" not in run.stderr


# --- inputs that once broke it --------------------------------------------------------------------------


def regression_inputs() -> list[Path]:
    return sorted(p for p in REGRESSIONS.iterdir() if p.is_file() and p.name != "README.md")


@pytest.mark.parametrize("path", regression_inputs(), ids=lambda p: p.name)
def test_every_regression_input_gives_a_record_or_one_error(path, tmp_path):
    """Each file in tests/regressions/ once broke newsclean (its name says how): through the library
    (as HTML and as detected) and the command line, a record or one error line, in bounded time."""
    data = path.read_bytes()
    if not path.name.endswith((".warc", ".warc.gz")):
        for input_type in ("auto", "html"):
            started = time.monotonic()
            article = newsclean.extract(data, input_type=input_type)
            assert time.monotonic() - started < PER_INPUT
            assert not any("internal error" in w for w in article.warnings)
    run = newsclean_cli("extract", str(path), cwd=tmp_path, timeout=60)
    check_cli_run(run, [str(path)])
    if path.name.endswith((".warc", ".warc.gz")):  # and the same records from stdin
        piped = newsclean_cli("extract", cwd=tmp_path, stdin=data, timeout=60)
        check_cli_run(piped, ["<stdin>"])
        assert [json.loads(line)["url"] for line in piped.stdout.splitlines()] == [
            json.loads(line)["url"] for line in run.stdout.splitlines()
        ]
