"""What scripts read: exit statuses and stderr for the ways a run can go (issue #13, item 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import newsclean

PAGE = (
    b"Harbour wall to be rebuilt\n"
    b"The town council voted on Monday to rebuild the harbour wall before the winter storms arrive.\n"
    b"Work is expected to start next month and to last about six weeks, the harbour master said.\n"
)
PACKAGE_ROOT = str(Path(newsclean.__file__).resolve().parents[1])


def _env() -> dict:
    path = os.pathsep.join(p for p in (PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p)
    return dict(os.environ, PYTHONPATH=path)


@pytest.mark.parametrize("command", ["extract", "explain", "batch"])
def test_precision_and_recall_together_are_a_usage_error(run_cli, tmp_path, command):
    (tmp_path / "in").mkdir()
    page = tmp_path / "in" / "page.txt"
    page.write_bytes(PAGE)
    args = [command, str(tmp_path / "in"), str(tmp_path / "out")] if command == "batch" else [command, str(page)]
    result = run_cli([*args, "--precision", "--recall"])
    assert result.exit_code == 2
    assert "--precision and --recall cannot be used together" in result.stderr
    assert result.stdout == "" and not (tmp_path / "out").exists()


def test_precision_and_recall_alone_still_reach_the_extraction(run_cli, tmp_path, monkeypatch):
    from newsclean import cli

    seen = []
    real = cli.extract_article

    def spy(data, **options):
        seen.append(options.get("favor", "balanced"))
        return real(data, **options)

    monkeypatch.setattr(cli, "extract_article", spy)
    page = tmp_path / "page.txt"
    page.write_bytes(PAGE)
    for flag in ("--precision", "--recall", None):
        assert run_cli(["extract", str(page), *([flag] if flag else [])]).exit_code == 0
    assert seen == ["precision", "recall", "balanced"]


def test_a_closed_pipe_ends_quietly(tmp_path):
    """``newsclean extract ... | head -n 1``: no traceback, no message, and 141 (as SIGPIPE ends cat), not 1."""
    for n in range(300):
        (tmp_path / f"p{n:03}.txt").write_bytes(PAGE)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsclean", "extract", *sorted(os.listdir(tmp_path))],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdout.readline().startswith(b"{")
    proc.stdout.close()  # as head does once it has its line
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert stderr == ""


def test_a_closed_pipe_ends_explain_and_schema_quietly(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(PAGE * 2000)
    for args in (["explain", "--input-type", "text", str(page)], ["schema"]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsclean", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env()
        )
        proc.stdout.read(10)
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        assert proc.wait(timeout=60) in (0, 141), stderr  # schema may fit in the pipe before it closes
        assert "Traceback" not in stderr and stderr == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args", [["extract"], ["extract", "--pretty"], ["explain", "-"]])
def test_on_a_terminal_with_no_input_a_hint_is_printed(args):
    """``newsclean extract`` typed alone used to wait for input without a word."""
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsclean", *args],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
        )
        os.close(slave)
        os.write(master, b"\x04")  # Ctrl-D at the start of a line: end of input
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
    lines = err.decode().splitlines()
    assert lines[0].startswith("newsclean: reading a page from standard input (end it with Ctrl-D)")
    assert lines[1:] == ["newsclean: error: <stdin>: empty input (0 bytes)"]
    assert proc.returncode == 1 and out == b""


def test_piped_stdin_gets_no_hint(run_cli):
    result = run_cli(["extract", "--fields", "title"], input=PAGE)
    assert result.exit_code == 0 and result.stderr == ""


def test_extract_shows_progress_on_an_archive_only_on_a_terminal(tmp_path):
    """extract on a WARC showed nothing however long it ran; now pages and pages/s, on stderr, on a terminal."""
    from test_warc import archive, conversion, record_id

    from newsclean.runner import wants_progress

    path = tmp_path / "crawl.wet"
    path.write_bytes(archive([conversion(n) for n in range(3)]))
    page = tmp_path / "page.txt"
    page.write_bytes(PAGE)
    assert wants_progress([str(path)], "out.jsonl", True, True)
    assert wants_progress([str(page), str(path)], None, True, False)  # stdout redirected
    assert not wants_progress([str(path)], None, True, True)  # the records go to the terminal too
    assert not wants_progress([str(path)], "out.jsonl", False, False)  # stderr piped or in a file
    assert not wants_progress([str(page), "-"], "out.jsonl", True, True)  # no archive
    if not hasattr(os, "openpty"):
        return
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsclean", "extract", str(path), "-o", str(tmp_path / "o.jsonl")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=slave,
            env=_env(),
        )
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        assert proc.wait(timeout=60) == 0
    finally:
        os.close(master)
    assert b"newsclean extract" in shown and b"3 pages" in shown
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) == 3
    assert record_id(0) in (tmp_path / "o.jsonl").read_text()
