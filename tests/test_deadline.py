"""--page-timeout: a page that runs too long is an error and is skipped, in one process and on the pool."""

from __future__ import annotations

import contextlib
import json
import time

import pytest
from test_batch import _paragraphs

import newsclean
from newsclean.batch import Settings, run_batch
from newsclean.deadline import Deadline, PageTimeout
from newsclean.output import Formatter


def busy(seconds: float, swallow: bool = False) -> str:
    """Python bytecode for ``seconds`` (the interrupt can reach it); ``swallow`` catches every Exception."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            pass
        except Exception:  # a library's catch-all must not keep the page running
            if not swallow:
                raise
    return "done"


def hanging_extract(data, **options):
    """The real extract, but a page holding HANG-ME loops forever (in Python)."""
    if b"HANG-ME" in data:
        n = 0
        while True:
            with contextlib.suppress(Exception):  # a library's "except Exception" must not swallow the interrupt
                n = _step(n)
    return newsclean.extract(data, **options)


def _step(n):
    # A call in the loop, as real code makes: Python 3.10 checks for the interrupt at calls and
    # backward jumps, but not on a loop of nothing but an empty try block.
    return n + 1


def test_a_call_within_its_limit_returns_its_result():
    assert Deadline(busy, 5)(0.05) == "done"
    with pytest.raises(ZeroDivisionError):
        Deadline(lambda: 1 / 0, 5)()


@pytest.mark.parametrize("swallow", [False, True])
def test_a_call_past_its_limit_is_interrupted(swallow):
    start = time.monotonic()
    with pytest.raises(PageTimeout, match=r"^took longer than 0\.2 s \(--page-timeout\); skipped$"):
        Deadline(busy, 0.2)(30, swallow)
    assert time.monotonic() - start < 5
    assert Deadline(busy, 5)(0.05) == "done"  # nothing left pending for the next page


def test_many_short_calls_are_never_interrupted():
    timed = Deadline(busy, 0.05)
    for _ in range(200):
        assert timed(0.0) == "done"


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_reports_a_page_past_the_limit_and_goes_on(tmp_path, jobs):
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(4):
        (pages / f"p{i}.txt").write_bytes(_paragraphs(i))
    (pages / "hang.txt").write_bytes(_paragraphs(9) + b"HANG-ME\n")
    out = tmp_path / "out"
    summary = run_batch(
        str(pages),
        str(out),
        Settings(formatter=Formatter("json"), extract=hanging_extract),
        jobs=jobs,
        page_timeout=1.0,
    )
    assert (summary.inputs, summary.converted, summary.failed) == (5, 4, 1)
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert errors == [{"file": str(pages / "hang.txt"), "error": "took longer than 1 s (--page-timeout); skipped"}]
    assert sorted(p.name for p in out.glob("*.json")) == [f"p{i}.txt.json" for i in range(4)]


def test_the_cli_takes_page_timeout(run_cli, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p.txt").write_bytes(b"".join(_paragraphs(i) for i in range(30)))  # tens of ms
    assert run_cli(["batch", str(pages), str(tmp_path / "out"), "--page-timeout", "0.001", "-q"]).exit_code == 1
    assert "--page-timeout" in (tmp_path / "out" / "errors.jsonl").read_text()
    assert run_cli(["batch", str(pages), str(tmp_path / "out2"), "--page-timeout", "0", "-q"]).exit_code == 0
    assert run_cli(["batch", str(pages), str(tmp_path / "out3"), "--page-timeout", "-1"]).exit_code == 2


def test_an_interrupt_that_lands_as_the_page_ends_leaves_no_page_watched(monkeypatch):
    """The watchdog may fire just as the page returns, so that the interrupt is raised as ``stop``
    is called, before it runs: the page then stayed watched, and with hard exit on (Dask workers)
    the process was ended at twice the limit while it worked on later pages."""
    from newsclean import deadline

    watch = deadline._watchdog()
    real_stop = type(watch).stop
    calls = []

    def stop_interrupted_once(self, token):
        calls.append(token)
        if len(calls) == 1:
            token.fired = True
            raise deadline._Interrupt
        return real_stop(self, token)

    monkeypatch.setattr(type(watch), "stop", stop_interrupted_once)
    with pytest.raises(PageTimeout):
        Deadline(lambda: "done", 60.0)()
    assert id(calls[0]) not in watch._active
