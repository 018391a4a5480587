"""Reliability of the HTML path (issue 14): pages that lost everything to an internal error, and
work that grew faster than the page.

Growth is checked by ratio, not by absolute time: each shape is run at 1×, 10× and 100× its base
size, and the time of each step must grow by far less than the square of the step (100×) would
give. The bounds are generous so the tests do not flake on a loaded machine; the quadratic code
these tests were written against exceeded them many times over.
"""

from __future__ import annotations

import copy
import time
from functools import partial

import pytest
from lxml import etree

import newsclean
from newsclean.html import parse

STORY = (
    "The council met on Tuesday evening and agreed, after a long debate about the river path, "
    "to reopen the old bridge to walkers and cyclists from the first of May."
)


def page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Bridge</title></head><body>{body}<p>{STORY}</p></body></html>"


def best_time(fn, repeat: int = 3) -> float:
    """The least wall time of ``repeat`` calls (the least is the least disturbed by other load)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def growth(run, sizes) -> list:
    """Times of ``run(size)`` for each size: the smaller ones repeated, the largest once."""
    return [best_time(partial(run, n), repeat=3 if n != sizes[-1] else 1) for n in sizes]


def assert_linear(times, step: int = 10, bound: float = 30.0) -> None:
    """Each 10× step of the input took less than ``bound``× the time (linear work gives ≤ 10×,
    quadratic 100×); a step that is fast in absolute terms (under 50 ms) passes whatever its ratio."""
    for small, large in zip(times, times[1:], strict=False):  # each time with the next: times[1:] is one shorter
        assert large < max(bound * small, 0.05), f"times {times}: grows faster than linearly (step {step}×)"


# --- 1. a lone element htmldate cannot clean -----------------------------------------------------


@pytest.mark.parametrize("html", ["<embed>html</embed>", "</><math>html</math>", "<object>html</object>"])
def test_a_lone_element_gives_its_text_not_an_internal_error(html):
    """htmldate copied the lone element lxml returns for a fragment and, taking it for the root,
    failed to drop it (an AssertionError in lxml's drop_tree): the page was lost."""
    article = newsclean.extract(html.encode(), input_type="html")
    assert article.paragraphs == ["html"]


def test_a_failure_in_the_metadata_keeps_the_story(monkeypatch):
    """Whatever else htmldate or trafilatura's metadata raise on, the story is still extracted,
    with a warning that says the metadata was not read."""
    import trafilatura.metadata

    def broken(*args, **kwargs):
        raise AssertionError

    monkeypatch.setattr(trafilatura.metadata, "extract_metadata", broken)
    article = newsclean.extract(page("").encode())
    assert STORY in article.text
    assert any(w.startswith("page metadata could not be read (AssertionError)") for w in article.warnings)


def test_a_lone_element_through_the_command_line(run_cli, parse_records, tmp_path):
    (tmp_path / "embed.html").write_bytes(b"<embed>html</embed>")
    result = run_cli(["extract", "--input-type", "html", str(tmp_path / "embed.html")])
    assert result.exit_code == 0, result.stderr
    (record,) = parse_records(result)
    assert record["paragraphs"] == ["html"]


# --- 2. nesting: unwrap_deep is linear in the subtree --------------------------------------------


def deep_tree(levels: int, words: int = 40):
    """A page whose body nests ``FLAT_DEPTH + levels`` spans, with text and a tail at every level."""
    root = parse._parser().makeelement("html")
    el = etree.SubElement(root, "body")
    for _ in range(parse.FLAT_DEPTH + levels):
        el = etree.SubElement(el, "span")
        el.text, el.tail = "word " * words, "tail " * words
    return root


def test_unwrap_deep_is_linear_in_the_depth_below_the_limit():
    """Each level's text was moved into its parent level by level: the deepest text was copied
    once per level, time and memory growing with depth squared (24 s and 5 GB for a 3 MB page)."""
    sizes = [20, 200, 2000]
    trees = {n: deep_tree(n) for n in sizes}

    def run(n: int) -> None:
        tree = copy.deepcopy(trees[n])
        assert parse.unwrap_deep(tree, parse.FLAT_DEPTH) == n + 2  # the spans below depth FLAT_DEPTH

    assert_linear(growth(run, sizes))


def test_unwrap_deep_keeps_the_text_in_order_with_line_breaks_for_blocks():
    root = parse._parser().makeelement("html")
    top = etree.SubElement(etree.SubElement(root, "body"), "div")
    top.text = "a"
    p = etree.SubElement(top, "p")
    p.text, p.tail = "b", "c"
    script = etree.SubElement(p, "script")
    script.text, script.tail = "var x;", "d"
    span = etree.SubElement(top, "span")
    span.text, span.tail = "e", "f"
    assert parse.unwrap_deep(root, 3) == 3
    assert len(top) == 0 and top.text == "a\nbd\ncef"


def test_deep_nesting_through_extract_is_linear():
    """Nested inline elements with words at every level, 100 to 10,000 deep."""

    def run(n: int) -> None:
        article = newsclean.extract(page("<span>word " * n + "</span>" * n).encode())
        assert STORY in article.text

    assert_linear(growth(run, [100, 1000, 10_000]))


# --- 3. many attributes on one element ----------------------------------------------------------


def many_attributes(n: int) -> bytes:
    attrs = " ".join(f'data-a{i}="v{i}"' for i in range(n))
    return page(f"<div {attrs}><p>Boxed.</p></div>").encode()


def test_many_attributes_cost_linear_time_and_keep_the_story():
    """25,000 attributes on one element took 5 s and 100,000 took 124 s (libxml2's duplicate check
    and htmldate's candidate scan both cost their number squared)."""

    def run(n: int) -> None:
        article = newsclean.extract(many_attributes(n))
        assert STORY in article.text

    assert_linear(growth(run, [500, 5000, 50_000]))
    article = newsclean.extract(many_attributes(5000))
    assert STORY in article.text
    assert (
        f"page has elements with too many attributes: 1 kept only their first {parse.MAX_ELEMENT_ATTRS}"
        in article.warnings
    )


@pytest.mark.parametrize("attrs", ['a{i}="v"', "a{i}", "a{i}='<>'", 'a{i}="v"X'])
def test_every_way_of_writing_attributes_is_bounded(attrs):
    """Quoted, unquoted, valueless, values holding < and >, no space between them: libxml2 reads
    each as one more attribute, so each is counted."""
    n = parse.MAX_ELEMENT_ATTRS + 50
    if attrs.endswith("X"):
        text = "".join(attrs[:-1].format(i=i) for i in range(n))
    else:
        text = " ".join(attrs.format(i=i) for i in range(n))
    tree, notes = parse.parse_page(page(f"<div {text}><p>Boxed.</p></div>"))
    (div,) = tree.iter("div")
    assert len(div.attrib) == parse.MAX_ELEMENT_ATTRS
    assert any("too many attributes" in n for n in notes)


def test_ordinary_tags_are_left_alone():
    html = page('<div class="a" id="b" data-x=1 hidden><a href="/x?a=1&b=2" title="a > b">x</a></div>')
    assert parse.limit_attributes(html) == (html, 0)


@pytest.mark.parametrize("unit", ["<a ", '<a b="', '<a x="<a" ', "<a b c d ", "<a/b/", "<a b='x'c='y'"])
def test_the_attribute_scan_is_linear_on_any_text(unit):
    assert_linear(growth(lambda n: parse.limit_attributes(unit * n), [2_000, 20_000, 200_000]))


# --- 4. memory: a page at the --max-bytes default (bench/big_pages.py has the figures) ----------
# The bounds are scaled down so each page is small; what is checked is that the story found
# before a bound is kept, with a warning.


def test_a_page_with_too_many_attributes_stops_its_parse_and_keeps_the_story(monkeypatch):
    """Each attribute cost some 1 kB between the parse and trafilatura's and htmldate's copies:
    64 MiB of 200-attribute <div>s took 9.8 GB. A long page is fed to the parser in pieces and
    the parse stops past MAX_PARSE_ATTRS attributes."""
    monkeypatch.setattr(parse, "FEED_PAGE", 1000)
    monkeypatch.setattr(parse, "_FEED", 4096)
    monkeypatch.setattr(parse, "MAX_PARSE_ATTRS", 2000)
    attrs = " ".join(f'a{i}="v"' for i in range(50))
    article = newsclean.extract(page(f"<p>{STORY}</p>" + f"<div {attrs}>x</div>" * 400).encode())
    assert STORY in article.text
    assert any(w.startswith("page too large: only its first") and "attributes" in w for w in article.warnings)


def test_a_long_page_loses_its_comments_and_excess_script_not_its_story(monkeypatch):
    """Of a page longer than BIG_PAGE, comments and scripts past MAX_RAW are left out before the
    parse: a story after them is still read, and nothing is said (nothing visible was cut)."""
    monkeypatch.setattr(parse, "BIG_PAGE", 10_000)
    monkeypatch.setattr(parse, "MAX_RAW", 1000)
    html = page("<!--" + "c" * 50_000 + "--><script>" + "var x = 1;" * 5000 + "</script>")
    markup, note = parse.bounded_markup(html)
    assert note is None and len(markup) < 1000 and "var x" not in markup
    article = newsclean.extract(html.encode())
    assert STORY in article.text
    assert not any(w.startswith("page too large") for w in article.warnings)


@pytest.mark.parametrize("wide", ["", "\U0001f600"])
def test_a_page_over_max_parse_keeps_its_story_with_a_warning(monkeypatch, wide):
    """The parser gets at most MAX_PARSE bytes of text (a character past U+FFFF anywhere makes
    every character four bytes), cut before a tag."""
    monkeypatch.setattr(parse, "BIG_PAGE", 10_000)
    monkeypatch.setattr(parse, "MAX_PARSE", 40_000)
    html = page(f"<p>{wide}{STORY}</p>" + "<i>x</i>" * 10_000)
    markup, note = parse.bounded_markup(html)
    limit = 40_000 // (4 if wide else 1)
    assert note == f"page too large: only its first {limit} characters of markup were read"
    assert len(markup) <= limit and markup.endswith("</i>")
    article = newsclean.extract(html.encode())
    assert STORY in article.text
    assert note in article.warnings


def test_a_deep_page_is_flattened_up_to_max_flat_tags(monkeypatch):
    """The flattening's stack of open elements took 136 bytes an element (750 MB for 64 MiB of
    <div>): it stops after MAX_FLAT_TAGS start tags, the story before them kept."""
    monkeypatch.setattr(parse, "MAX_FLAT_TAGS", 5000)
    article = newsclean.extract(page(f"<p>{STORY}</p>" + "<div>" * 20_000 + "deep").encode())
    assert STORY in article.text
    assert "page too large: only its first 5000 start tags were read" in article.warnings
    assert any(w.startswith("page nested too deep:") for w in article.warnings)
