"""Record fields from an HTML page's own metadata (issue #12): title, date, authors, tags, language,
description, image, date_modified and the record's id. Small pages written here."""

from __future__ import annotations

import json

import pytest

import newsclean
from newsclean.html import meta
from newsclean.model import Article, normalise_url

BODY = (
    "<p>The council voted on Tuesday to rebuild the sea wall that failed during the August storm surge, "
    "committing most of its reserve fund to a project that engineers say must be finished before winter.</p>"
    "<p>The vote came after three hours of public comment in which residents described water reaching the "
    "second step of the town hall and fishing boats left stranded in the car park.</p>"
    "<p>Engineers told the council that the new wall would be a metre higher than the old one and built on "
    "deeper foundations, so that it can withstand the kind of surge that overtopped it in August.</p>"
)


def page(head: str = "", top: str = "", lang: str = "en", body: str = BODY, tail: str = "") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        f"<article>{top}{body}</article>{tail}</body></html>"
    ).encode()


def ld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


# --- title -------------------------------------------------------------------------------------


def test_title_by_agreement_without_the_site_suffix():
    a = newsclean.extract(
        page(
            '<title>Town rebuilds its sea wall | Coast Post</title><meta property="og:site_name" content="Coast Post">',
            "<h1>Town rebuilds its sea wall</h1>",
        ),
        input_type="html",
    )
    assert a.title == "Town rebuilds its sea wall"
    assert a.site_name == "Coast Post"


def test_a_logo_h1_is_not_the_title():
    a = newsclean.extract(
        page(
            "<title>Town rebuilds its sea wall - Coast Post</title>"
            '<meta property="og:title" content="Town rebuilds its sea wall">'
            '<meta property="og:site_name" content="Coast Post">',
            "<h1>Coast Post</h1>",
        ),
        input_type="html",
    )
    assert a.title == "Town rebuilds its sea wall"


def test_site_name_from_the_title_when_the_metadata_has_none():
    facts = meta.PageFacts()
    facts.title_tag = "Town rebuilds its sea wall - The Coast Post"
    assert meta._title_rest(facts.title_tag, "Town rebuilds its sea wall") == "The Coast Post"


def test_jsonld_headline_agreeing_with_h1_beats_a_different_og_title():
    facts = meta.PageFacts()
    facts.story = {"@type": "NewsArticle", "headline": "Town rebuilds its sea wall"}
    facts.metas["og:title"] = ["Share this: the wall story"]
    facts.h1 = ["Town rebuilds its sea wall"]
    assert meta.choose_title(facts, "Share this: the wall story", []) == "Town rebuilds its sea wall"


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, iso",
    [
        ("2024-03-12T14:30:00+01:00", "2024-03-12T14:30:00+01:00"),
        ("2024-03-12T14:30:00.000Z", "2024-03-12T14:30:00Z"),
        ("2024-03-12T14:30:00-0500", "2024-03-12T14:30:00-05:00"),
        ("2024-03-12", "2024-03-12"),
        ("2024-03-12T00:00:00", "2024-03-12"),
        ("Tue, 12 Mar 2024 14:30:00 GMT", "2024-03-12T14:30:00+00:00"),
        ("12. März 2024", "2024-03-12"),
        ("2099-01-01", None),
        ("not a date", None),
    ],
)
def test_parse_date(value, iso):
    assert meta.parse_date(value) == iso


def test_date_and_time_with_offset_from_jsonld_published_over_modified():
    head = ld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Town rebuilds its sea wall",
            "datePublished": "2024-03-12T14:30:00+01:00",
            "dateModified": "2024-03-13T09:00:00+01:00",
        }
    )
    a = newsclean.extract(page(head, "<h1>Town rebuilds its sea wall</h1>"), input_type="html")
    assert a.date == "2024-03-12T14:30:00+01:00"
    assert a.date_modified == "2024-03-13T09:00:00+01:00"


def test_date_from_meta_then_time_element():
    a = newsclean.extract(
        page(
            '<meta property="article:published_time" content="2023-05-02T08:15:00Z">',
            '<time datetime="2021-01-01T10:00:00Z">old</time>',
        ),
        input_type="html",
    )
    assert a.date == "2023-05-02T08:15:00Z"
    facts = meta.PageFacts()
    facts.times = [("2021-01-01T10:00:00Z", False), ("2023-05-02T08:15:00+02:00", True)]
    assert meta.structured_dates(facts) == ("2023-05-02T08:15:00+02:00", None)


def test_visible_dateline_in_czech_when_no_metadata():
    a = newsclean.extract(
        page(top="<h1>Město opraví nábřežní zeď</h1><p class='date'>12. dubna 2025 14:20</p>", lang="cs"),
        input_type="html",
    )
    assert a.date[:16] == "2025-04-12T14:20"


def test_visible_dateline_reads_the_month_table():
    from newsclean.model import Block

    blocks = [
        Block("Město opraví nábřežní zeď", 1, decision="metadata", reason="title"),
        Block("Aktualizováno 12. dubna 2025 14:20", 2, decision="other", reason="not-in-story"),
        Block("Obyvatelé vyprávěli, že voda v srpnu dosáhla až ke schodům radnice.", 3),
    ]
    blocks[2].keep("trafilatura-body")
    assert meta.visible_date(blocks) == "2025-04-12T14:20"
    assert meta.choose_date("2025-01-01", None, blocks) == "2025-04-12T14:20"  # htmldate guessed the year


def test_htmldate_day_wins_over_metadata_naming_another_day():
    assert meta.choose_date("2019-06-28", "2019-09-22T07:30:29Z", []) == "2019-06-28"
    assert meta.choose_date("2019-06-28", "2019-06-28T07:30:29Z", []) == "2019-06-28T07:30:29Z"
    assert meta.choose_date(None, "2019-06-28T07:30:29Z", []) == "2019-06-28T07:30:29Z"


# --- authors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, names",
    [
        (["By Jane Roe and Max Muster"], ["Jane Roe", "Max Muster"]),
        (["Jane Roe, Staff Writer"], ["Jane Roe"]),
        (["Laura June Topolsky July 10, 2015"], ["Laura June Topolsky"]),
        (["Nathan Willis March"], ["Nathan Willis"]),
        (["Oli Coleman View author archive Get author RSS feed"], ["Oli Coleman"]),
        (["Meg Wagner NEW YORK DAILY NEWS"], ["Meg Wagner"]),
        (["Brenda Goodman, MA"], ["Brenda Goodman"]),
        (["medium.com", "jeffrey-gettleman", "by"], []),
        (["Jane Roe; jane roe"], ["Jane Roe"]),
    ],
)
def test_clean_names(values, names):
    assert meta.clean_names(values) == names


def test_authors_from_jsonld_people_not_organisations():
    head = ld(
        {
            "@type": "NewsArticle",
            "headline": "x",
            "author": [{"@type": "Person", "name": "Jane Roe"}, {"@type": "Organization", "name": "Coast Post"}],
        }
    )
    a = newsclean.extract(page(head, "<h1>Town rebuilds its sea wall</h1>"), input_type="html")
    assert a.authors == ["Jane Roe"]


# --- tags, description, image ------------------------------------------------------------------


def test_tags_from_article_tag_jsonld_keywords_and_rel_tag_never_a_counter():
    head = '<meta property="article:tag" content="Flooding">' + ld(
        {"@type": "NewsArticle", "headline": "x", "keywords": "Flooding, Infrastructure"}
    )
    tail = '<div><a rel="tag" href="/t/climate">Climate</a> <a rel="tag" href="/t/x">❤ 318</a></div>'
    a = newsclean.extract(page(head, tail=tail), input_type="html")
    assert a.tags == ["Flooding", "Infrastructure", "Climate"]


def test_joined_tag_block_is_not_a_tag():
    assert meta._joined("basil herbs gardening", {"basil", "herbs", "gardening"})
    assert not meta._joined("local government", {"local", "climate"})


def test_description_and_absolute_image():
    head = (
        '<meta property="og:description" content="The town will rebuild its wall.">'
        '<meta property="og:image" content="/img/wall.jpg">'
    )
    a = newsclean.extract(page(head), input_type="html", url="https://news.example/a/wall")
    assert a.description == "The town will rebuild its wall."
    assert a.image == "https://news.example/img/wall.jpg"
    rec = a.to_dict()
    assert rec["description"] and rec["image"] and rec["date_modified"] is None


# --- language ----------------------------------------------------------------------------------


def test_language_from_the_text_not_a_template_lang_attribute():
    german = (
        "<p>Der Stadtrat hat am Dienstag beschlossen, die Ufermauer vor den Winterstürmen neu zu bauen, "
        "nachdem das Wasser im August bis zu den Stufen des Rathauses gestanden hatte.</p>"
        "<p>Die Ingenieure rechnen mit vier Monaten Bauzeit und Kosten von etwa vier Millionen, "
        "die zum Teil vom Land getragen werden sollen.</p>" * 2
    )
    assert newsclean.extract(page(lang="en", body=german), input_type="html").language == "de"


# --- id --------------------------------------------------------------------------------------------


def test_id_is_stable_across_url_spellings():
    a = Article(url="https://www.News.example/a/wall/?utm_source=x&b=2&a=1#top")
    b = Article(url="http://news.example/a/wall?a=1&b=2")
    assert a.id == b.id and a.id.startswith("url:") and len(a.id) == 20
    assert normalise_url("https://www.News.example:443/a/?fbclid=1") == "news.example/a"
    assert Article(url="https://news.example/a/other").id != a.id


def test_id_without_url_is_of_the_text_and_null_when_empty():
    a = Article(title="T", paragraphs=["one", "two"])
    assert a.id == Article(title="T", paragraphs=["one", "two"]).id and a.id.startswith("text:")
    assert Article(title="T", paragraphs=["one", "three"]).id != a.id
    assert Article().id is None


def test_text_record_with_id_loads_neither_openssl_nor_babel():
    """The id is computed when a record is written: no OpenSSL (hashlib), no babel, on the text path."""
    import subprocess
    import sys

    code = (
        "import sys, newsclean\n"
        "r = newsclean.extract('Title here\\n' + 'A long line of story prose that is here. ' * 9,"
        " url='https://x.example/a').to_dict()\n"
        "print(r['id'][:4], sorted({'_hashlib', 'babel', 'lxml'} & set(sys.modules)))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "url: []", run.stderr


def test_visible_byline_when_the_metadata_names_nobody():
    top = "<h1>Town rebuilds its sea wall</h1><div class='byline'><span>By</span><div><a href='/p/jr'>Jane Roe</a></div></div>"
    assert newsclean.extract(page(top=top), input_type="html").authors == ["Jane Roe"]
