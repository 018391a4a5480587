"""Short pages that declare no charset: the detector picks a charset pages are written in, and the
one whose letters read as a language (issue #13: koi8-r came out as shift_jis_2004, cp1252 as
mac_latin2). The sentences here are not those of bench/charsets.py, which the rule was measured on."""

from __future__ import annotations

import pytest

from newsclean import decode as decode_module
from newsclean.decode import WEB_CODECS, decode

CASES = [
    ("Погода в выходные будет тёплой, обещают синоптики.", "koi8_r"),
    ("Погода в выходные будет тёплой, обещают синоптики.", "cp1251"),
    ("Pogoda w weekend będzie ciepła, zapowiadają synoptycy.", "cp1250"),
    ("Počasí o víkendu bude teplé, slibují meteorologové.", "iso8859_2"),
    ("Hafta sonu hava ılık olacak, diyor meteorologlar.", "cp1254"),
    ("Savaitgalį orai bus šilti, žada sinoptikai.", "cp1257"),
    ("Le week-end sera doux, promettent les prévisionnistes à Noël.", "cp1252"),
    ("Am Wochenende wird es mild, sagen die Meteorologen für Köln voraus.", "cp1252"),
    ("A hétvégén enyhe idő lesz, ígérik a meteorológusok.", "cp1250"),
    ("Ο καιρός το Σαββατοκύριακο θα είναι ήπιος, λένε οι μετεωρολόγοι.", "cp1253"),
    ("週末の天気は穏やかになると気象予報士は話している。", "iso2022_jp"),
]


@pytest.mark.parametrize("text, charset", CASES, ids=[f"{c}-{t[:12]}" for t, c in CASES])
@pytest.mark.parametrize("form", ["html", "text"])
def test_short_undeclared_pages_are_read_right(text, charset, form):
    page = f"<html><head><title>{text[:20]}</title></head><body><p>{text}</p></body></html>" if form == "html" else text
    got, encoding = decode(page.encode(charset), is_html=form == "html")
    assert got == page, encoding
    assert encoding.endswith("(guessed)")
    assert encoding.split()[0] in WEB_CODECS


def test_the_guess_is_always_a_web_charset():
    """Bytes no text is written in still decode as one of the charsets browsers know."""
    for data in (bytes(range(128, 256)), b"\xa4\xa2\xa4\xa4 \xb0\xe1" * 3, b"caf\xe9 \x8e\x9a\x9e"):
        assert decode(data)[1].split()[0] in WEB_CODECS + ("cp1252",)


@pytest.mark.parametrize("is_html", [True, False])
def test_an_over_long_page_is_decoded_in_part_and_says_so(monkeypatch, is_html):
    """A 64 MiB page with one character past U+FFFF took 256 MB as text: only the first
    MAX_HTML_BYTES (MAX_TEXT_BYTES of a text dump) are decoded. The cut falls before a UTF-8
    character, never inside one (the page would then be "not UTF-8")."""
    monkeypatch.setattr(decode_module, "MAX_HTML_BYTES", 1001)
    monkeypatch.setattr(decode_module, "MAX_TEXT_BYTES", 1001)
    data = "<p>\U0001f600".encode() + "é".encode() * 1000
    text, encoding = decode(data, is_html=is_html)
    assert encoding == "utf-8 (page too large: only its first 1001 bytes decoded)"
    assert text == "<p>\U0001f600" + "é" * 497 and "\ufffd" not in text


def test_an_over_long_html_page_is_cut_before_a_tag(monkeypatch):
    monkeypatch.setattr(decode_module, "MAX_HTML_BYTES", 1000)
    text, encoding = decode(b"<p>" + b"word " * 150 + b"<p>" + b"more " * 150, is_html=True)
    assert text == "<p>" + "word " * 150
    assert encoding.endswith("(page too large: only its first 1000 bytes decoded)")


def test_a_page_under_the_bound_is_decoded_whole():
    data = b"<p>" + b"word " * 1000
    assert decode(data, is_html=True) == (data.decode(), "utf-8")
