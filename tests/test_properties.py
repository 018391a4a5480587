"""Properties of the text path that hold for any input (hypothesis).

For any text (Markdown among it): extraction never raises; every block is
made of whole input lines, in order, each non-blank line in exactly one block;
every kept paragraph is its block's lines joined (without the markup); kept plus removed account for every
block; explain agrees with extract; and the same input gives the same record.
"""

import json
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean.explain import decisions
from newsclean.text.blocks import _is_markdown, _unmark

WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "council",
    "said",
    "on",
    "Tuesday",
    "that",
    "it",
    "would",
    "rebuild",
    "wall",
    "after",
    "storm",
    "residents",
    "der",
    "die",
    "und",
    "wurde",
    "am",
    "Montag",
    "gesperrt",
    "le",
    "la",
    "et",
    "a",
    "annoncé",
    "el",
    "de",
    "que",
    "se",
    "市",
    "政府",
    "宣布",
    "新闻",
]

sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=30).map(lambda ws: " ".join(ws).capitalize() + ".")
headline = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(lambda ws: " ".join(w.title() for w in ws))
special = st.sampled_from(
    [
        "Related",
        "Most read",
        "Comments (3)",
        "- In:",
        "Tags: a, b",
        "View",
        "veryGood! (12)",
        "Share",
        "Home > News > Local",
        "© 2024 Example",
        "By Jane Doe",
        "March 5, 2024",
        "2 hours ago",
        "Lesen Sie auch: x",
        "相关新闻",
        "",
        "   ",
        "\t",
        "12. März 2025",
        "* * *",
        "Advertisement",
        "Photo: Jane Doe",
    ]
)
# Markdown: a linked headline, a sentence with a link and emphasis in it, an image.
markdown = st.one_of(
    headline.map(lambda h: f'[{h}](https://example.com/{len(h)} "{h}")'),
    st.tuples(sentence, headline).map(lambda p: f"{p[0][:-1]} [{p[1]}](/a/b_(c)) and **{p[1]}**."),
    headline.map(lambda h: f"![{h}](https://example.com/{len(h)}.jpg)"),
)
line = st.one_of(
    sentence,
    headline,
    special,
    headline.map(lambda h: "- " + h),
    sentence.map(lambda s: "* " + s),
    markdown,
    st.text(max_size=80),
)
dump = st.lists(line, max_size=60).map("\n".join)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _nonblank_lines(text):
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [i for i, s in enumerate(lines, 1) if s.strip()]


@SETTINGS
@given(dump)
def test_blocks_cover_every_nonblank_line_once_in_order(text):
    art = newsclean.extract(text, input_type="text")
    covered = []
    for b in art.blocks:
        covered.extend(range(b.line, b.line + len(b.lines)))
        assert all(raw.strip() for raw in b.lines)  # a block never spans a blank line
    assert covered == _nonblank_lines(text)


def _squash(s):
    return "".join(s.split()).replace("-", "")


@SETTINGS
@given(dump)
def test_kept_and_removed_account_for_every_block(text):
    art = newsclean.extract(text, input_type="text")
    assert art.paragraphs == [b.text for b in art.blocks if b.kept]
    dropped = [b for b in art.blocks if not b.kept]
    headings = sum(1 for b in dropped if b.is_heading)
    # each removed block is a line of a run; a removed heading is its run's heading, or, when nothing
    # removed follows it, its run's one line
    lines = Counter(line for r in art.removed for line in r.lines)
    others = Counter(b.text for b in dropped if not b.is_heading)
    lone = lines - others
    assert others <= lines and lone <= Counter(b.text for b in dropped if b.is_heading)
    assert sum(lines.values()) + headings - sum(lone.values()) == len(dropped)
    assert all(r.lines for r in art.removed)


@SETTINGS
@given(dump)
def test_every_kept_paragraph_is_its_lines_joined(text):
    """Whole lines, nothing added: only a list marker may go from the front (and, in a Markdown
    dump, the markup: link targets, images, emphasis marks)."""
    art = newsclean.extract(text, input_type="text")
    markdown = _is_markdown(text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))
    for b in art.blocks:
        if b.kept:
            joined = "".join(b.lines)
            assert _squash(_unmark(joined) if markdown else joined).endswith(_squash(b.text))


@SETTINGS
@given(dump)
def test_explain_agrees_with_extract(text):
    art = newsclean.extract(text, input_type="text")
    lines = list(decisions(art))
    assert [d.line for d in lines] == _nonblank_lines(text)
    kept_lines = {d.line for d in lines if d.kept}
    assert kept_lines == {b.line + k for b in art.blocks if b.kept for k in range(len(b.lines))}


@settings(max_examples=60, deadline=None)
@given(st.one_of(dump, st.binary(max_size=3000)))
def test_deterministic_and_never_raises(data):
    first = json.dumps(newsclean.extract(data).to_dict(), ensure_ascii=False, sort_keys=True)
    second = json.dumps(newsclean.extract(data).to_dict(), ensure_ascii=False, sort_keys=True)
    assert first == second


# word_tokens is a faster re.findall(r"\w+"): any text, with the punctuation it treats specially.
_TOKEN_TEXT = st.lists(
    st.one_of(
        st.text(max_size=6),
        st.sampled_from(list("’‘“”„«»–—…\u00a0_-'. axzéü1")),
        st.sampled_from(["don’t", "«Titel»", "München", "日本語", "a_b", "\udc80"]),
    ),
    max_size=20,
).map("".join)


@SETTINGS
@given(_TOKEN_TEXT)
def test_word_tokens_are_the_words_a_regular_expression_finds(text):
    import re

    from newsclean.lexicon.tokens import word_tokens

    assert word_tokens(text) == re.findall(r"\w+", text)
