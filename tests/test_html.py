"""HTML front end: hand-written fixture pages and the named rules they exercise.

Every ``fixtures/html/NAME.html`` has a ``NAME.expected.json`` holding the
fields asserted here: title, date, language, authors, tags, paragraphs, the
removed kinds in page order, removed sections that must be present, and the
decision and rule of the blocks a rule decided.
"""

from __future__ import annotations

import json
import pathlib

import pytest

from newsclean.html import meta
from newsclean.html.frontend import extract_html
from newsclean.model import REMOVED_KINDS
from newsclean.pipeline import extract

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "html"
PAGES = sorted(p.stem for p in FIXTURES.glob("*.html"))


def _load(name):
    page = (FIXTURES / f"{name}.html").read_bytes()
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return page, expected


_CACHE: dict = {}


def _article(name):
    if name not in _CACHE:
        page, _ = _load(name)
        _CACHE[name] = extract(page, input_type="html", source=name)
    return _CACHE[name]


def test_fixture_pages_found():
    assert {"content_farm", "de_news", "en_leaks", "zh_news", "en_teasers", "es_embed"} <= set(PAGES)
    for name in PAGES:
        assert (FIXTURES / f"{name}.expected.json").exists(), name


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("field", ["title", "date", "language", "authors", "tags", "paragraphs"])
def test_fields(name, field):
    _, expected = _load(name)
    assert getattr(_article(name), field) == expected[field]


@pytest.mark.parametrize("name", PAGES)
def test_removed_kinds_in_page_order(name):
    _, expected = _load(name)
    kinds = []
    for r in _article(name).removed:
        assert r.kind in REMOVED_KINDS
        if r.kind not in kinds:
            kinds.append(r.kind)
    assert kinds == expected["removed_kinds"]


@pytest.mark.parametrize("name", PAGES)
def test_removed_sections(name):
    _, expected = _load(name)
    got = [r.to_dict() for r in _article(name).removed]
    for section in expected["removed_include"]:
        assert section in got, section


@pytest.mark.parametrize("name", PAGES)
def test_block_decisions(name):
    """Each block a rule decided carries that decision and the rule's name."""
    _, expected = _load(name)
    got = {b.text: [b.decision, b.reason] for b in _article(name).blocks}
    for text, decision in expected["reasons"].items():
        assert got.get(text) == decision, text


@pytest.mark.parametrize("name", PAGES)
def test_every_block_explained(name):
    a = _article(name)
    assert a.blocks
    for b in a.blocks:
        assert b.reason, b.text
        assert b.kept or b.decision in REMOVED_KINDS
    kept_text = " ".join(b.text for b in a.blocks if b.kept)
    for p in a.paragraphs:
        assert p in kept_text


def test_lines_are_visible_text():
    a = _article("en_leaks")
    every = [b.text for b in a.blocks] + [line for r in a.removed for line in r.lines] + a.paragraphs
    assert not any("invisible-script-text" in t or "invisible-style-text" in t for t in every)
    # the hidden schema.org description is neither kept nor reported
    assert not any("after eleven years, the operator says" in t for t in every)


# --- the content-farm page, spelled out --------------------------------------------------------


def test_content_farm_shape():
    a = _article("content_farm")
    assert a.date == "2025-04-12T03:02:51"
    assert a.url == "https://leafline.example/garden/keep-basil-alive.html"
    kinds = {r.kind: r for r in a.removed}
    assert kinds["navigation"].lines[0] == "Leafline"
    crumb = [b for b in a.blocks if b.text.startswith("Current:")][0]
    assert (crumb.decision, crumb.reason) == ("navigation", "breadcrumb")
    by_heading = {r.heading: r for r in a.removed if r.heading}
    assert by_heading["Related"].kind == "related" and len(by_heading["Related"].lines) == 3
    assert by_heading["Ranking"].kind == "ranking"
    assert by_heading["Recommendation"].kind == "recommendation"
    assert not any("mint varieties" in p for p in a.paragraphs)
    assert not any("veryGood" in p or p.startswith("In:") for p in a.paragraphs)


# --- leaks into trafilatura's body, one rule each ----------------------------------------------


@pytest.mark.parametrize(
    "name, text, rule",
    [
        ("en_leaks", "Night trains return to the northern line", "title-repeat"),
        ("en_leaks", "Read more: Rail fares frozen for a second year", "promo-line"),
        ("en_leaks", "INSIDE THE STATION THAT WAITED FORTY YEARS FOR A LIFT", "linked-paragraph"),
        ("de_news", "Lesen Sie auch: Parkgebühren in der Innenstadt steigen ab April", "promo-line"),
        ("de_news", "Von Anna Berger", "byline-repeat"),
        ("de_news", "12. März 2024, 14:30 Uhr", "date-line"),
        ("en_teasers", "Likes 57 · Shares 12", "counter-widget"),
    ],
)
def test_leak_rules(name, text, rule):
    a = _article(name)
    assert text not in a.paragraphs
    blk = [b for b in a.blocks if b.text == text]
    assert blk and blk[0].reason == rule


def test_linked_paragraph_in_mixed_case_is_story():
    # rule linked-paragraph: a wholly linked paragraph in ordinary case is no leak by itself
    a = _article("en_leaks")
    line = "Timetable: Capital 23:40, Harbridge 01:15, Lowmoor 03:05, Port Sellin 07:00"
    assert line in a.paragraphs


def test_embedded_post_recovered_in_place():
    """Rule ``recover-embedded-quote``: the embedded post trafilatura dropped is back, in place."""
    a = _article("es_embed")
    i = next(k for k, p in enumerate(a.paragraphs) if p.startswith("Gracias por estos"))
    assert a.paragraphs[i - 1].startswith("La directiva") and a.paragraphs[i + 2].startswith("Los jugadores")
    assert {b.reason for b in a.blocks if b.text.startswith(("Gracias", "— Club"))} == {"recover-embedded-quote"}


# --- metadata helpers ------------------------------------------------------------------------


def test_iso_date():
    assert meta.iso_date("2024-03-12T00:00:00") == "2024-03-12"
    assert meta.iso_date("2024-03-12T14:30:00") == "2024-03-12T14:30:00"
    assert meta.iso_date(None) is None


def test_split_authors():
    assert meta.split_authors("Ann Lee; Bo Chen; Ann Lee") == ["Ann Lee", "Bo Chen"]
    assert meta.split_authors(None) == []


def test_language_from_head():
    from trafilatura.utils import load_html

    page = "<html><head><meta property='og:locale' content='pt_BR'><title>x</title></head><body><p>a b</p><p>c</p></body></html>"
    assert meta.page_language(load_html(page)) == "pt"
    page = "<html lang='EN-gb'><head><title>x</title></head><body><p>a</p><p>b</p></body></html>"
    assert meta.page_language(load_html(page)) == "en"
    page = "<html><head><title>x</title></head><body><p>a</p><p>b</p></body></html>"
    assert meta.page_language(load_html(page)) is None


def test_empty_and_tiny_pages():
    assert extract_html("").paragraphs == []
    a = extract_html("<html><head><title>Only a title</title></head><body><p>Hi.</p></body></html>")
    assert a.title == "Only a title"
    assert isinstance(a.blocks, list)


def test_page_hidden_until_a_script_shows_it():
    """Rule ``hidden-page``: a page that hides nearly all its text is read as if shown."""
    para = "The council voted to keep the old library open for another ten years at least. "
    page = (
        "<html><head><title>Library stays open</title></head><body style='display:none'><div>"
        f"<p>{para * 3}</p><p>{para * 2}</p></div></body></html>"
    )
    a = extract_html(page)
    assert a.paragraphs and a.paragraphs[0].startswith("The council voted")


def test_hidden_block_neither_kept_nor_reported():
    para = "Workers finished repainting the harbour bridge a week ahead of the schedule. "
    page = (
        "<html><head><title>Bridge repainted</title></head><body><article>"
        f"<p>{para * 3}</p><div style='display: none'>Secret copy of the teaser text.</div>"
        f"<p>{para * 2}</p></article></body></html>"
    )
    a = extract_html(page)
    assert a.paragraphs
    assert not any("Secret copy" in t for t in a.paragraphs + [b.text for b in a.blocks])


_MENU_PAGE = """<html><head><title>Stadtfest</title></head><body><div>
<p><a href="/a">Stadt</a></p><p><a href="/b">Politik</a></p><p><a href="/c">Kultur</a></p>
<p><a href="/d">Sport</a></p><p><a href="/e">Wetter</a></p><p><a href="/f">Verkehr</a></p>
<p><a href="/g">Wirtschaft</a></p><p><a href="/h">Gesundheit</a></p><p><a href="/i">Bildung</a></p>
<p><a href="/j">Veranstaltungen</a></p><p><a href="/k">Leserbriefe</a></p><p><a href="/l">Archiv</a></p>
<p>Das Stadtfest beginnt am Samstag auf dem Marktplatz und dauert bis Sonntagabend.</p>
</div></body></html>"""


def test_link_heavy_body_rule():
    """Rule ``link-heavy-body``: a body mostly of link text is menus, a body of prose is not."""
    from newsclean.html.align import Alignment
    from newsclean.html.frontend import _mostly_links
    from newsclean.html.parse import parse_page
    from newsclean.html.segment import segment

    tree, _ = parse_page(_MENU_PAGE)
    seg = segment(tree)
    everything = [b.text for b in seg.blocks]
    assert _mostly_links(Alignment(everything, seg.blocks), seg)
    assert not _mostly_links(Alignment(everything[-1:], seg.blocks), seg)
    assert not _mostly_links(Alignment([], seg.blocks), seg)


def test_link_heavy_body_runs_trafilatura_again_with_its_fallbacks(monkeypatch):
    """The fast body extraction is redone with trafilatura's fallbacks only when it is link-heavy
    or holds little of the page's prose."""
    from newsclean.html import frontend

    calls = []
    real = frontend.bare_extraction

    def spy(tree, **kwargs):
        calls.append(kwargs["fast"])
        return real(tree, **kwargs)

    monkeypatch.setattr(frontend, "bare_extraction", spy)
    monkeypatch.setattr(frontend, "_mostly_links", lambda al, seg: True)
    extract_html(_MENU_PAGE)
    assert calls == [True, False]
    calls.clear()
    monkeypatch.setattr(frontend, "_mostly_links", lambda al, seg: False)
    monkeypatch.setattr(frontend, "_lead_only", lambda al, seg: False)
    extract_html(_LONG_PAGE)
    assert calls == [True]
    calls.clear()
    extract_html(_MENU_PAGE)  # a short body that is the page's prose is not redone (rule short-body is gone)
    assert calls == [True]


_LONG_PAGE = _MENU_PAGE.replace(
    "<p>Das Stadtfest beginnt",
    "".join(
        f"<p>Absatz {k}: Der Stadtrat hat am Montag beschlossen, dass das Fest in diesem Jahr länger dauert"
        " und mehr Stände auf dem Marktplatz stehen.</p>"
        for k in range(4)
    )
    + "<p>Das Stadtfest beginnt",
)


_STORY = "".join(
    f"<p>Paragraph {k}: the river rose four metres overnight and the council opened two shelters in the"
    " school halls for the families who had to leave their homes.</p>"
    for k in range(5)
)


def test_story_only_in_json_ld_or_noscript_is_not_pruned_away():
    """Rule ``prune-invisible`` keeps JSON-LD scripts and ``<noscript>`` in the tree trafilatura
    reads: a page whose story is only there gets it, not an empty record."""
    ld = (
        '<html><head><title>Dam opens</title><script type="application/ld+json">{"@type": "NewsArticle",'
        ' "headline": "Dam opens", "articleBody": "The new dam opened on Monday after six years of work.'
        " Engineers said it will hold back the spring floods that used to reach the old town every few"
        ' years."}</script><script>var x = 1;</script></head><body><div id="app"></div></body></html>'
    )
    assert extract_html(ld).paragraphs == [
        "The new dam opened on Monday after six years of work. Engineers said it will hold back the spring"
        " floods that used to reach the old town every few years."
    ]
    ns = f"<html><head><title>River rises</title></head><body><div id='app'></div><noscript>{_STORY}</noscript></body></html>"
    paragraphs = extract_html(ns).paragraphs
    assert len(paragraphs) == 5 and paragraphs[0].startswith("Paragraph 0: the river rose")


def test_lead_only_body_rule():
    """Rule ``lead-only-body``: a body holding a small share of the page's prose is a lead or a
    teaser; one holding most of it, however short, is the story."""
    from newsclean.html.align import Alignment
    from newsclean.html.frontend import _lead_only
    from newsclean.html.parse import parse_page
    from newsclean.html.segment import segment

    page = f"<html><body><p><a href='/x'>Home</a></p><p>A short lead of the story, in one sentence of fourteen words or so.</p>{_STORY * 2}</body></html>"
    tree, _ = parse_page(page)
    seg = segment(tree)
    texts = [b.text for b in seg.blocks]
    assert _lead_only(Alignment(texts[1:2], seg.blocks), seg)
    assert _lead_only(Alignment(texts[:1], seg.blocks), seg)
    assert not _lead_only(Alignment(texts[1:5], seg.blocks), seg)
    assert not _lead_only(Alignment(texts, seg.blocks), seg)
    tree, _ = parse_page("<html><body><p><a href='/x'>Home</a></p><p>Short.</p></body></html>")
    seg = segment(tree)
    assert not _lead_only(Alignment([], seg.blocks), seg)  # no prose on the page: nothing to compare


def _story_of(page, kept=lambda b: True):
    """A Story over ``page`` whose body is its blocks one per line (those ``kept`` says), and the
    leak rules' verdicts as {block text: rule}."""
    from newsclean.html.parse import parse_page
    from newsclean.html.segment import segment
    from newsclean.html.story import Story, find_leaks

    tree, _ = parse_page(page)
    seg = segment(tree)
    blocks = [b for b in seg.blocks if kept(b)]
    st = Story([b.text for b in blocks], [[b.index] for b in blocks], seg, None, [])
    drops = find_leaks(st)
    return {st.lines[j]: rule for j, (kind, rule) in drops.items()}


_PROSE = (
    "The council met on Tuesday evening and agreed after a long debate to keep the old"
    " library open for another five years. {}"
)


def test_other_article_keeps_articles_of_one_story():
    """``other-article`` no longer cuts body lines: a second ``<article>`` holding part of the story
    (a lead in its own element, a forum answer) stays in it."""
    body = "".join(f"<p>{_PROSE.format(k)}</p>" for k in range(8))
    page = (
        f"<html><body><article><h2>Second part</h2><p>{_PROSE.format('lead')}</p></article>"
        f"<article><h1>Library stays open</h1>{body}</article>"
        f"<article><h3><a href='/x'>Another story about the weather</a></h3><p>{_PROSE.format('teaser')}</p></article>"
        "</body></html>"
    )
    verdicts = _story_of(page)
    assert _PROSE.format("lead") not in verdicts and "Second part" not in verdicts


def _recovered(page, kept):
    """Blocks the recovery rules put back when the body is the blocks ``kept`` says: {text: rule}."""
    from newsclean.html.parse import parse_page
    from newsclean.html.segment import segment
    from newsclean.html.story import Story, find_leaks, recover

    tree, _ = parse_page(page)
    seg = segment(tree)
    blocks = [b for b in seg.blocks if kept(b)]
    st = Story([b.text for b in blocks], [[b.index] for b in blocks], seg, None, [])
    return {seg.blocks[i].text: rule for i, _, rule in recover(st, find_leaks(st))}


def test_story_slot_counts_the_paragraphs_own_class():
    """Rule ``recover-story-slot``: a classed paragraph in the story's container (post metadata) is
    another template slot than the story's plain paragraphs; a plain one is put back."""
    body = "".join(f"<p>{_PROSE.format(k)}</p>" for k in range(4))
    meta = "This entry was posted on a Monday and is filed under News and you can follow any responses."
    plain = "A plain paragraph the body extractor left out although it reads like all the others around it."
    page = (
        f"<html><body><div class='post'><div class='entry'>{body}<p>{plain}</p>"
        f"<p class='postmetadata'>{meta}</p></div></div></body></html>"
    )
    got = _recovered(page, lambda b: b.text.startswith("The council"))
    assert got.get(plain) == "recover-story-slot"
    assert meta not in got


def test_loose_text_in_the_story_container_recovered():
    """Rule ``recover-loose-text``: a paragraph written straight into the element holding the story's
    paragraphs, without a ``<p>`` of its own, is put back; a caption in an inline element is not."""
    loose = "We reached a small milestone this week and we are very happy that it works out so far."
    caption = "Photo credit A crowd waits outside the old library before the vote on Tuesday evening."
    body = "".join(f"<p>{_PROSE.format(k)}</p>" for k in range(3))
    page = (
        f"<html><body><div id='post'><h2>Milestone</h2>{loose.replace('small', '<a href=/x>small</a>')}"
        f"{body}<span class='image'><span>{caption}</span></span></div></body></html>"
    )
    got = _recovered(page, lambda b: b.text.startswith("The council"))
    assert got == {loose: "recover-loose-text"}


def test_headline_further_down_the_body_is_kept():
    """``title-repeat`` cuts the headline among the first body lines only: further down, a line
    equal to it is the page's own heading (below a menu), a recipe's or a poem's title."""
    from newsclean.html.parse import parse_page
    from newsclean.html.segment import segment
    from newsclean.html.story import Story, find_leaks

    title = "Pan-fried polenta with chickpea stew"
    page = (
        "<html><body><p>Home</p><p>Recipes</p><p>Archive</p>"
        f"<h2>{title}</h2><p>{_PROSE.format(1)}</p><p>{_PROSE.format(2)}</p><h3>{title}</h3>"
        f"<p>{_PROSE.format(3)}</p></body></html>"
    )
    tree, _ = parse_page(page)
    seg = segment(tree)
    st = Story([b.text for b in seg.blocks], [[b.index] for b in seg.blocks], seg, title, [])
    assert not find_leaks(st)
    top = Story([b.text for b in seg.blocks[3:]], [[b.index] for b in seg.blocks[3:]], seg, title, [])
    assert find_leaks(top) == {0: ("metadata", "title-repeat")}
