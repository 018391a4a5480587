"""The library and the command line agree on what they take: gzip bytes, and no None."""

from __future__ import annotations

import gzip

import pytest

import newsclean

PAGE = (
    b"Harbour wall to be rebuilt\n"
    b"The town council voted on Monday to rebuild the harbour wall before the winter storms arrive.\n"
    b"Work is expected to start next month and to last about six weeks, the harbour master said.\n"
)


def test_gzip_bytes_are_inflated_as_the_cli_does(run_cli, parse_records):
    article = newsclean.extract(gzip.compress(PAGE))
    assert article.title == "Harbour wall to be rebuilt"
    assert article.warnings == []
    (record,) = parse_records(run_cli(["extract", "-"], input=gzip.compress(PAGE)))
    assert {**article.to_dict(), "source": "-"} == record


def test_gzip_bytes_respect_a_size_cap():
    """Like binary data, gzip that cannot be read gives an empty article saying why: no bytes make extract raise."""
    big = newsclean.extract(gzip.compress(bytes(100_000)), max_bytes=1000)
    assert big.warnings == [
        "gzip data larger than 1000 bytes when inflated (max_bytes): nothing read",
        "no article text found",
    ]
    for broken in (b"\x1f\x8b\x08\x00 broken", b"\x1f\x8b"):
        article = newsclean.extract(broken)
        assert article.paragraphs == [] and article.warnings[0] == "gzip data not valid gzip data: nothing read"


@pytest.mark.parametrize("data", [None, 42, ["a page"]])
def test_a_page_that_is_not_bytes_or_str_is_a_clear_type_error(data):
    with pytest.raises(TypeError, match=r"newsclean.extract\(\) takes the page as bytes or str, not "):
        newsclean.extract(data)


def test_bytearray_is_taken_as_bytes():
    assert newsclean.extract(bytearray(PAGE)).title == "Harbour wall to be rebuilt"


def test_no_removed_run_is_empty():
    """A removed heading whose lines were kept (``keep={"tags"}``) or that labels nothing was a run with no
    lines (``{"kind": "tags", "heading": "In:", "lines": []}``); it is now its own one line."""
    from pathlib import Path

    from newsclean.model import REMOVED_KINDS

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    pages = sorted(fixtures.glob("text/*.txt")) + sorted(fixtures.glob("html/*.html"))
    assert pages
    for page in pages:
        for keep in [(), *((kind,) for kind in REMOVED_KINDS)]:
            for run in newsclean.extract(page.read_bytes(), keep=keep).removed:
                assert run.lines, (page.name, keep, run)
    removed = newsclean.extract((fixtures / "text" / "seed_shape.txt").read_bytes(), keep={"tags"}).removed
    assert {"kind": "tags", "heading": None, "lines": ["In:"]} in [r.to_dict() for r in removed]


def test_a_lone_removed_heading_is_a_line_of_its_own():
    from newsclean.model import Block, group_removed

    blocks = [
        Block("Story", 1, decision="kept"),
        Block("Advertisement", 2, decision="advertisement", is_heading=True),
        Block("More story", 3, decision="kept"),
    ]
    assert [r.to_dict() for r in group_removed(blocks)] == [
        {"kind": "advertisement", "heading": None, "lines": ["Advertisement"]}
    ]
