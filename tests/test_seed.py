"""The real seed dump (read from ../shared, never copied into the repo)."""

from pathlib import Path

import pytest

import newsclean

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_89291d4d50dca3d3.txt"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"{SEED} not found: the seed check needs ../shared")


@pytest.fixture(scope="module")
def article():
    return newsclean.extract(SEED.read_bytes(), source=str(SEED))


def test_metadata(article):
    assert article.title == (
        'In Beijing, Blinken and Xi stress need for continued U.S.-China dialogue to avoid "any miscommunications"'
    )
    assert article.site_name == "ProsperityStream Academy"
    assert article.date == "2025-04-12T03:02:51"
    assert article.language == "en"
    assert article.tags == [
        "Taiwan",
        "Antony Blinken",
        "War",
        "Xi Jinping",
        "Human Rights",
        "South China Sea",
        "Fentanyl",
        "Opioids",
        "China",
        "Asia",
    ]


def test_text_is_the_seventeen_story_paragraphs(article):
    assert len(article.paragraphs) == 17
    assert article.paragraphs[0].startswith("Beijing — U.S. Secretary of State")
    assert article.paragraphs[-1].endswith("he would visit China in May.")
    assert "Tiny piece of technology" not in article.text


def test_removed_blocks_are_labelled(article, validate_record):
    validate_record(article.to_dict())
    removed = [(r.kind, r.heading, len(r.lines)) for r in article.removed]
    assert ("navigation", None, 1) in removed  # the breadcrumb
    assert [r.lines for r in article.removed if r.kind == "widget"] == [["View"], ["veryGood! (46413)"]]
    assert ("related", None, 1) in removed  # the inline teaser
    assert ("tags", "In:", 10) in removed
    assert ("related", "Related", 10) in removed
    assert ("ranking", "Ranking", 8) in removed
    assert ("recommendation", "Recommendation", 8) in removed
    teaser = next(r for r in article.removed if r.kind == "related" and r.heading is None)
    assert teaser.lines[0].startswith("Tiny piece of technology")
