"""Every text fixture gives exactly its expected record.

``fixtures/text/NAME.txt`` is a small page written for this project in one of
the shapes newsclean must handle (the seed's shape, hard-wrapped lynx/w3m
output, German with inline "Lesen Sie auch" and comments, Chinese, a page with
no story, Markdown as html2text and crawlers write it, Spanish text nodes one per line as
BeautifulSoup's get_text("\\n") writes them); ``NAME.expected.json`` is the record it must give, checked by hand.
"""

import json
from pathlib import Path

import pytest

import newsclean

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "text"
CASES = sorted(FIXTURES.glob("*.txt"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_gives_expected_record(path, validate_record):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    record = newsclean.extract(path.read_bytes(), source=f"fixtures/text/{path.name}").to_dict()
    validate_record(record)
    assert record == expected


def test_every_fixture_has_an_expectation():
    assert CASES, "no text fixtures found"
    for path in CASES:
        assert path.with_suffix(".expected.json").exists(), path.name


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_kept_and_removed_account_for_every_block(path):
    art = newsclean.extract(path.read_bytes())
    kept = [b.text for b in art.blocks if b.kept]
    # a section's heading is one block, though its section may come back after an interruption
    headings = sum(1 for b in art.blocks if not b.kept and b.is_heading)
    removed = sum(len(r.lines) for r in art.removed) + headings
    assert kept == art.paragraphs
    assert len(kept) + removed == len(art.blocks)
