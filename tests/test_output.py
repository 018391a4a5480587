"""Script-friendly output: --fields, --format, -o, and -j keeping the output the same."""
from __future__ import annotations

import json

import pytest

from newsclean.output import RECORD_FIELDS, Formatter, parse_fields

RECORD = {
    **{name: None for name in RECORD_FIELDS},
    "title": "Park  approved\n",
    "date": "2024-05-01",
    "paragraphs": ["First paragraph.", "Second paragraph."],
    "text": "First paragraph.\n\nSecond paragraph.",
}
DUMP = (
    "Home > World\n"
    "City council approves riverside park after years of debate\n"
    "The city council voted on Tuesday to approve a riverside park that residents have sought for a decade.\n"
    "Construction is expected to begin next spring and to last about eighteen months, officials said.\n"
).encode("utf-8")


def test_parse_fields_keeps_the_order_given_once():
    assert parse_fields(" title,date ,title,text") == ("title", "date", "text")


@pytest.mark.parametrize("spec", ["title,headline", "title,,date", ""])
def test_parse_fields_rejects_unknown_names(spec):
    with pytest.raises(ValueError, match="unknown field .*; the fields are schema_version, id, source"):
        parse_fields(spec)


def test_json_with_fields_and_pretty():
    assert Formatter(fields=("date", "title")).render(RECORD) == b'{"date": "2024-05-01", "title": "Park  approved\\n"}\n'
    assert Formatter(fields=("date",), pretty=True).render(RECORD) == b'{\n  "date": "2024-05-01"\n}\n'


def test_text_and_markdown_put_a_title_line_first():
    assert Formatter("text").render(RECORD) == b"Park approved\n\nFirst paragraph.\n\nSecond paragraph.\n"
    assert Formatter("markdown").render(RECORD) == b"# Park approved\n\nFirst paragraph.\n\nSecond paragraph.\n"
    untitled = dict(RECORD, title=None)
    assert Formatter("markdown").render(untitled) == b"First paragraph.\n\nSecond paragraph.\n"
    assert Formatter("text").render(dict(untitled, paragraphs=[])) == b""


def test_fields_and_pretty_are_json_only():
    with pytest.raises(ValueError):
        Formatter("text", fields=("title",))
    with pytest.raises(ValueError):
        Formatter("markdown", pretty=True)


# through the CLI


def test_cli_fields(run_cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(DUMP)
    result = run_cli(["extract", str(page), "--fields", "source,title"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "source": str(page), "title": "City council approves riverside park after years of debate",
    }


@pytest.mark.parametrize("args", [
    ["--fields", "title,body"],
    ["--format", "text", "--fields", "title"],
    ["--format", "markdown", "--pretty"],
    ["--format", "html"],
    ["-j", "-1"],
])
def test_cli_output_usage_errors(run_cli, args):
    result = run_cli(["extract", *args], input=DUMP)
    assert result.exit_code == 2
    assert result.stdout == "" and "Usage:" in result.stderr


def test_cli_markdown_separates_records(run_cli, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(DUMP)
    b.write_bytes(DUMP)
    result = run_cli(["extract", str(a), str(b), "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    first, second = result.stdout.split("\n---\n\n")
    assert first == second
    assert first.startswith("# City council approves riverside park after years of debate\n\nThe city council")


def test_cli_output_file_is_not_replaced_without_force(run_cli, tmp_path):
    page, out = tmp_path / "page.txt", tmp_path / "out.jsonl"
    page.write_bytes(DUMP)
    out.write_bytes(b"keep me\n")
    refused = run_cli(["extract", str(page), "-o", str(out)])
    assert refused.exit_code == 2 and "exists; add --force" in refused.stderr
    assert out.read_bytes() == b"keep me\n"
    forced = run_cli(["extract", str(page), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert forced.stdout == ""
    assert json.loads(out.read_bytes())["source"] == str(page)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "page.txt"]  # no temp file left


def test_cli_output_file_keeps_good_records_when_some_input_fails(run_cli, tmp_path):
    page, out = tmp_path / "page.txt", tmp_path / "new.jsonl"
    page.write_bytes(DUMP)
    result = run_cli(["extract", str(tmp_path / "missing.txt"), str(page), "-o", str(out)])
    assert result.exit_code == 1
    assert [json.loads(line)["source"] for line in out.read_text().splitlines()] == [str(page)]


def test_jobs_do_not_change_the_output(run_cli, tmp_path):
    from test_warc import crawl

    paths = []
    for i in range(5):
        path = tmp_path / f"p{i}.txt"
        path.write_bytes(DUMP.replace(b"Tuesday", f"day {i}".encode()))
        paths.append(str(path))
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(crawl(gz=True))
    paths[2:2] = [str(warc), str(tmp_path / "missing.txt"), "-"]  # workers have no stdin: it is read first
    one = run_cli(["extract", *paths], input=DUMP)
    two = run_cli(["extract", "-j", "2", *paths], input=DUMP)
    assert one.exit_code == two.exit_code == 1
    assert one.stdout_bytes == two.stdout_bytes
    assert one.stderr == two.stderr
    records = [json.loads(line) for line in one.stdout_bytes.splitlines()]
    assert len(records) == 8 and records[4]["source"] == "-" and records[4]["paragraphs"]
