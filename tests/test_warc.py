"""WARC and WET files: which records become pages, how they are named, and what fails alone.

The archives are written by hand here (a WARC record is a header block and a
payload), gzipped per record or not; nothing is downloaded.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import uuid
import zlib

import pytest
from fastwarc.stream_io import BrotliWriter, ZstdWriter

from newsclean.warc import is_warc, iter_pages

BODY = (
    b"<!doctype html><html><head><title>Riverside park approved</title></head><body>"
    b"<article><h1>Riverside park approved</h1>"
    b"<p>The city council voted on Tuesday to approve a riverside park that residents have sought.</p>"
    b"<p>Construction is expected to begin next spring and to last about eighteen months.</p>"
    b"</article></body></html>"
)
TEXT = (
    b"Riverside park approved\n"
    b"The city council voted on Tuesday to approve a riverside park that residents have sought for a decade.\n"
    b"Construction is expected to begin next spring and to last about eighteen months, officials said.\n"
)


def record(warc_type: str, number: int, block: bytes, content_type: str, uri: str = "") -> bytes:
    """One WARC/1.0 record whose WARC-Record-ID is ``<urn:uuid:…number>``."""
    uri = uri or f"https://example.com/story/{number}"
    head = (
        f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <{record_id(number)}>\r\n"
        f"WARC-Date: 2024-05-01T12:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def record_id(number: int) -> str:
    return f"urn:uuid:{uuid.UUID(int=number)}"


def response(
    number: int, body: bytes = BODY, *, status: str = "200 OK", content_type: str = "text/html", headers: str = ""
) -> bytes:
    http = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{headers}\r\n".encode() + body
    return record("response", number, http, "application/http; msgtype=response")


def conversion(number: int, text: bytes = TEXT) -> bytes:
    return record("conversion", number, text, "text/plain")


def archive(records: list[bytes], gz: bool = False) -> bytes:
    """The records as one file, each record its own gzip member when ``gz`` (as crawlers write them)."""
    return b"".join(gzip.compress(r) if gz else r for r in records)


def crawl(gz: bool = False) -> bytes:
    """A small crawl: metadata and requests around two HTML pages, a redirect and an image."""
    request = record(
        "request", 1, b"GET /story/1 HTTP/1.1\r\nHost: example.com\r\n\r\n", "application/http; msgtype=request"
    )
    return archive(
        [
            record("warcinfo", 0, b"software: hand\r\n", "application/warc-fields"),
            request,
            response(2),
            response(3, status="301 Moved Permanently"),
            response(4, b"\x89PNG\r\n", content_type="image/png"),
            response(5, BODY.replace(b"Riverside", b"Hillside"), content_type="text/html; charset=utf-8"),
        ],
        gz,
    )


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_html_responses_are_the_pages(tmp_path, gz):
    path = tmp_path / "crawl.warc"
    path.write_bytes(crawl(gz))
    assert is_warc(str(path))
    pages = list(iter_pages(str(path), 1 << 20))
    assert [p.record_id for p in pages] == [record_id(2), record_id(5)]
    assert [p.url for p in pages] == ["https://example.com/story/2", "https://example.com/story/5"]
    assert pages[0].source == f"{path}#{record_id(2)}"
    assert pages[0].data == BODY and pages[0].input_type == "html" and pages[0].error is None


def test_wet_conversion_records_are_text_pages(tmp_path):
    path = tmp_path / "crawl.warc.wet.gz"
    path.write_bytes(archive([record("warcinfo", 0, b"x: y\r\n", "application/warc-fields"), conversion(1)], gz=True))
    (page,) = iter_pages(str(path), 1 << 20)
    assert (page.input_type, page.data, page.record_id) == ("text", TEXT, record_id(1))


def test_is_warc_looks_at_content_not_names(tmp_path):
    named = tmp_path / "page.warc"
    named.write_bytes(BODY)
    unnamed = tmp_path / "data.bin"
    unnamed.write_bytes(crawl(gz=True))
    assert not is_warc(str(named))
    assert is_warc(str(unnamed))
    assert not is_warc(str(tmp_path / "missing.warc"))
    assert not is_warc(str(tmp_path))


def test_http_bodies_are_decoded(tmp_path):
    chunked = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (10, BODY[:10], len(BODY) - 10, BODY[10:])
    path = tmp_path / "encoded.warc"
    path.write_bytes(
        archive(
            [
                response(1, chunked, headers="Transfer-Encoding: chunked\r\n"),
                response(2, gzip.compress(BODY), headers="Content-Encoding: gzip\r\n"),
                response(3, b"zz\r\nnot chunked", headers="Transfer-Encoding: chunked\r\n"),  # kept as it is
            ]
        )
    )
    assert [p.data for p in iter_pages(str(path), 1 << 20)] == [BODY, BODY, b"zz\r\nnot chunked"]


def test_a_bad_record_fails_alone(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(
        archive(
            [
                response(1, BODY * 10),
                response(2, b"x", headers="Content-Encoding: compress\r\n"),
                response(3, gzip.compress(bytes(100_000)), headers="Content-Encoding: gzip\r\n"),
                response(4, bytes(range(256)) * 2, headers="Content-Encoding: br\r\n"),
                response(5, b"\x1f\x8b\x08\x00" + bytes(range(256)), headers="Content-Encoding: gzip\r\n"),
                response(6, coded(BrotliWriter, bytes(100_000)), headers="Content-Encoding: br\r\n"),
                response(7),
            ],
            gz=True,
        )
    )
    pages = list(iter_pages(str(path), len(BODY) * 5))
    assert [(p.record_id, p.error) for p in pages] == [
        (record_id(1), f"larger than {len(BODY) * 5} bytes (--max-bytes)"),
        (record_id(2), "unsupported Content-Encoding 'compress'"),
        (record_id(3), f"larger than {len(BODY) * 5} bytes when inflated (--max-bytes)"),
        (record_id(4), "not valid br data (Content-Encoding)"),
        (record_id(5), "not valid gzip data (Content-Encoding)"),
        (record_id(6), f"larger than {len(BODY) * 5} bytes when inflated (--max-bytes)"),
        (record_id(7), None),
    ]


def coded(writer_class, data: bytes, **options) -> bytes:
    """``data`` compressed by one of FastWARC's writers (so the test needs no brotli or zstd module)."""
    buffer = io.BytesIO()
    writer = writer_class(buffer, **options)
    writer.write(data)
    writer.close()
    return buffer.getvalue()


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_every_content_encoding_is_decoded(tmp_path, gz):
    """gzip, deflate (zlib-wrapped, and raw as some servers send it), br, zstd, two codings in a row,
    each under chunked transfer coding too; ``br`` and ``deflate`` were 'unsupported'."""
    chunked = b"%x\r\n%s\r\n0\r\n\r\n"
    bodies = [
        ("gzip", gzip.compress(BODY)),
        ("x-gzip", gzip.compress(BODY)),
        ("deflate", zlib.compress(BODY)),
        ("deflate", raw_deflate(BODY)),
        ("br", coded(BrotliWriter, BODY)),
        ("zstd", coded(ZstdWriter, BODY)),
        ("gzip, br", coded(BrotliWriter, gzip.compress(BODY))),
        ("identity", BODY),
    ]
    records = []
    for n, (coding, body) in enumerate(bodies):
        records.append(response(2 * n, body, headers=f"Content-Encoding: {coding}\r\n"))
        records.append(
            response(
                2 * n + 1,
                chunked % (len(body), body),
                headers=f"Transfer-Encoding: chunked\r\nContent-Encoding: {coding}\r\n",
            )
        )
    path = tmp_path / "codings.warc"
    path.write_bytes(archive(records, gz))
    pages = list(iter_pages(str(path), 1 << 20))
    assert [(p.error, p.data) for p in pages] == [(None, BODY)] * len(records)


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate", "zstd"])
def test_a_body_stored_decoded_under_its_coding_header_is_kept(tmp_path, coding):
    """Some tools store the body decoded but keep Content-Encoding: the page is read as it is."""
    path = tmp_path / "decoded.warc"
    path.write_bytes(archive([response(1, BODY, headers=f"Content-Encoding: {coding}\r\n")]))
    (page,) = iter_pages(str(path), 1 << 20)
    assert (page.error, page.data) == (None, BODY)


def test_a_truncated_chunked_body_keeps_what_arrived(tmp_path):
    body = b"%x\r\n%s\r\n%x\r\n%s" % (100, BODY[:100], len(BODY) - 100, BODY[100:200])  # cut short
    path = tmp_path / "cut.warc"
    path.write_bytes(archive([response(1, body, headers="Transfer-Encoding: chunked\r\n")]))
    (page,) = iter_pages(str(path), 1 << 20)
    assert page.error is None and BODY[:100] + BODY[100:200] == page.data


FRENCH_BODY = (
    "<html><head><title>Le marché de Noël rouvre</title></head><body><article><h1>Le marché de Noël rouvre</h1>"
    "<p>Le marché, fermé à Noël l’an passé, a déjà rouvert ses portes samedi matin sur la place.</p>"
    "<p>Les exposants étaient déjà là à l’aube, et la mairie espère dépasser les chiffres d’avant.</p>"
    "</article></body></html>"
)
RUSSIAN_BODY = (
    "<html><head><title>Мост откроют весной</title></head><body><article><h1>Мост откроют весной</h1>"
    "<p>Новый мост через реку откроют для движения весной, сообщили в администрации города.</p>"
    "<p>Строители уже закончили основные работы и сейчас укладывают асфальт на подъездах.</p>"
    "</article></body></html>"
)


@pytest.mark.parametrize(
    "charset, body",
    [
        ("windows-1252", FRENCH_BODY),
        ("ISO-8859-1", FRENCH_BODY.replace("’", "'")),
        ('"KOI8-R"', RUSSIAN_BODY),
        ("windows-1251", RUSSIAN_BODY),
    ],
)
def test_the_http_charset_decides(run_cli, parse_records, tmp_path, charset, body):
    """A page without <meta charset> decoded by its HTTP Content-Type charset, not guessed."""
    path = tmp_path / "crawl.warc.gz"
    data = body.encode(charset.strip('"').replace("ISO-8859-1", "latin-1"))
    path.write_bytes(archive([response(1, data, content_type=f"text/html; charset={charset}")], gz=True))
    assert next(iter_pages(str(path), 1 << 20)).charset.lower() == charset.lower()
    (rec,) = parse_records(run_cli(["extract", str(path)]))
    assert rec["title"] == body.split("<title>")[1].split("<")[0]
    assert body.split("<p>")[1].split("<")[0] in rec["text"]
    assert rec["warnings"] == []


def test_a_wrong_http_charset_is_not_called_undeclared(run_cli, parse_records, tmp_path):
    """Bytes that do not fit the header's charset are guessed, and the warning says a charset was declared."""
    path = tmp_path / "crawl.warc"
    data = RUSSIAN_BODY.encode("windows-1251").replace(b"<p>", b"<p>\x98\x98 ", 30)  # 0x98: undefined in cp1251
    path.write_bytes(archive([response(1, data, content_type="text/html; charset=shift_jis")]))
    (rec,) = parse_records(run_cli(["extract", str(path)]))
    (warning,) = rec["warnings"]
    assert "declared" in warning and "cp932" in warning and "no usable charset" not in warning


# through the CLI


def test_extract_gives_one_record_per_page_named_by_record_id(run_cli, parse_records, validate_record, tmp_path):
    warc, wet = tmp_path / "crawl.warc.gz", tmp_path / "crawl.wet"
    warc.write_bytes(crawl(gz=True))
    wet.write_bytes(archive([conversion(7)]))
    result = run_cli(["extract", str(warc), str(wet)])
    assert result.exit_code == 0, result.stderr
    records = parse_records(result)
    for r in records:
        validate_record(r)
    assert [(r["source"], r["url"], r["input_type"]) for r in records] == [
        (f"{warc}#{record_id(2)}", "https://example.com/story/2", "html"),
        (f"{warc}#{record_id(5)}", "https://example.com/story/5", "html"),
        (f"{wet}#{record_id(7)}", "https://example.com/story/7", "text"),
    ]
    assert records[1]["title"] == "Hillside park approved"


def test_extract_reports_a_broken_archive_after_its_good_records(run_cli, parse_records, tmp_path):
    good = archive([response(1)], gz=True)
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(good + b"\x1f\x8b\x08\x00" + b"garbage" * 200)
    too_big = tmp_path / "big.warc"
    too_big.write_bytes(archive([response(2, BODY * 100), response(3)]))
    result = run_cli(["extract", "--max-bytes", str(len(BODY) * 10), str(path), str(too_big)])
    assert result.exit_code == 1
    assert [r["source"] for r in parse_records(result)] == [f"{path}#{record_id(1)}", f"{too_big}#{record_id(3)}"]
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"newsclean: error: {path}: not a valid WARC file (")
    assert lines[1] == f"newsclean: error: {too_big}#{record_id(2)}: larger than {len(BODY) * 10} bytes (--max-bytes)"


def test_text_path_imports_no_warc_library_nor_heavy_modules(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(TEXT)
    code = (
        "import sys\n"
        "from newsclean.cli import cli\n"
        f"try: cli(['extract', {str(page)!r}, '--format', 'text'], prog_name='newsclean')\n"
        "except SystemExit: pass\n"
        "heavy = {'fastwarc', 'warcio', 'rich', 'trafilatura', 'lxml', 'multiprocessing'}\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in heavy), file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.startswith("Riverside park approved\n")
    assert run.stderr.strip() == "[]"


def test_wet_records_keep_their_url_in_json(run_cli, tmp_path):
    wet = tmp_path / "crawl.wet.gz"
    wet.write_bytes(archive([conversion(1)], gz=True))
    result = run_cli(["extract", str(wet), "--fields", "url,title"])
    assert json.loads(result.stdout) == {"url": "https://example.com/story/1", "title": "Riverside park approved"}


# explain


def test_explain_goes_record_by_record(run_cli, tmp_path):
    """explain read the archive as one HTML page (the WARC header was its first row) and exited 0."""
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(crawl(gz=True))
    result = run_cli(["explain", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "WARC/1.0" not in result.stdout and "WARC-Type" not in result.stdout
    heads = [line for line in result.stdout.splitlines() if line.startswith("==> ")]
    assert heads == [f"==> {path}#{record_id(2)} <==", f"==> {path}#{record_id(5)} <=="]
    assert "Hillside park approved" in result.stdout.split(heads[1])[1]


def test_explain_one_record_in_json(run_cli, tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(crawl())
    for given in (record_id(5), f"<{record_id(5)}>", record_id(5).split(":")[-1].upper()):
        result = run_cli(["explain", str(path), "--record", given, "--json"])
        assert result.exit_code == 0, result.stderr
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert rows and {row["source"] for row in rows} == {f"{path}#{record_id(5)}"}
        assert any(row["decision"] == "kept" and "riverside park" in row["text"] for row in rows)


def test_explain_several_files_and_failures(run_cli, tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(crawl())
    page = tmp_path / "page.html"
    page.write_bytes(BODY)
    result = run_cli(["explain", str(page), str(tmp_path / "missing.html"), str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"newsclean: error: {tmp_path / 'missing.html'}: no such file"]
    heads = [line for line in result.stdout.splitlines() if line.startswith("==> ")]
    assert heads == [f"==> {page} <==", f"==> {path}#{record_id(2)} <==", f"==> {path}#{record_id(5)} <=="]
    result = run_cli(["explain", str(path), "--record", record_id(99)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [f"newsclean: error: {path}: no page record {record_id(99)[9:]}"]
