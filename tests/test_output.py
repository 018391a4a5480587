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
    b"Home > World\n"
    b"City council approves riverside park after years of debate\n"
    b"The city council voted on Tuesday to approve a riverside park that residents have sought for a decade.\n"
    b"Construction is expected to begin next spring and to last about eighteen months, officials said.\n"
)


def test_parse_fields_keeps_the_order_given_once():
    assert parse_fields(" title,date ,title,text") == ("title", "date", "text")


@pytest.mark.parametrize("spec", ["title,headline", "title,,date", ""])
def test_parse_fields_rejects_unknown_names(spec):
    with pytest.raises(ValueError, match="unknown field .*; the fields are schema_version, id, source"):
        parse_fields(spec)


def test_json_with_fields_and_pretty():
    assert (
        Formatter(fields=("date", "title")).render(RECORD) == b'{"date": "2024-05-01", "title": "Park  approved\\n"}\n'
    )
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
        "source": str(page),
        "title": "City council approves riverside park after years of debate",
    }


@pytest.mark.parametrize(
    "args",
    [
        ["--fields", "title,body"],
        ["--format", "text", "--fields", "title"],
        ["--format", "markdown", "--pretty"],
        ["--format", "html"],
        ["-j", "-1"],
    ],
)
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


# Markdown keeps the story's structure (issue #13, item 5)

MD_DUMP = """Harbour wall to be rebuilt
The town council voted on Monday to rebuild the harbour wall before the winter storms arrive, officials said.
Work is expected to start next month and to last about six weeks, the harbour master said on Tuesday.
What the work includes
The contractor will replace the old stones and raise the wall by half a metre along the whole length, in three parts:
- The old stones will be taken down and replaced by a concrete core along the whole of the quay.
- Two new drainage channels will be dug under the road so that the water can run back to the sea.
- A raised walkway will be built for the pedestrians and cyclists who use the quay every day.
The council said the cost would be met from the regional flood defence fund and from the town's own reserves.
"""

MD_PAGE = """<html><head><title>Election results in the county</title></head><body><article>
<h1>Election results in the county</h1>
<p>The county published the final count of the vote on Sunday evening after a long night of counting in all districts.</p>
<h2>How the districts voted</h2>
<p>Turnout was higher than in the previous election in every district, officials said on Monday morning.</p>
<table><tr><th>District</th><th>Votes</th><th>Turnout</th></tr><tr><td>North</td><td>12,400</td><td>61%</td></tr>
<tr><td>South</td><td>9,870</td><td>58%</td></tr></table>
<p>The results will be certified next week, when the county board meets in its regular session at the town hall.</p>
<ul><li>The recount request was withdrawn on Monday.</li><li>Two districts reported minor delays in counting.</li></ul>
<p>The new council will take office in January, after the swearing-in ceremony at the county courthouse.</p>
<table><tr><td>East</td><td>7,020</td></tr><tr><td>West</td><td>6,310</td></tr></table>
</article></body></html>"""


def test_markdown_of_a_dump_has_subheadings_and_lists(run_cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(MD_DUMP, encoding="utf-8")
    out = run_cli(["extract", str(page), "--format", "markdown"]).stdout
    assert "\n\n## What the work includes\n\n" in out
    assert (
        "in three parts:\n\n- The old stones will be taken down and replaced by a concrete core along the whole"
        " of the quay.\n- Two new drainage channels"
    ) in out
    assert out.count("\n- ") == 3


def test_markdown_of_html_has_subheadings_lists_and_tables(run_cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(MD_PAGE, encoding="utf-8")
    out = run_cli(["extract", str(page), "--format", "markdown"]).stdout
    assert "\n\n## How the districts voted\n\n" in out
    assert (
        "\n\n| District | Votes | Turnout |\n|---|---|---|\n| North | 12,400 | 61% |\n| South | 9,870 | 58% |\n\n"
        in out
    )
    assert (
        "\n\n- The recount request was withdrawn on Monday.\n- Two districts reported minor delays in counting.\n\n"
        in out
    )
    assert "\n\n|   |   |\n|---|---|\n| East | 7,020 |\n| West | 6,310 |\n" in out  # a header rule, or no table
    text = run_cli(["extract", str(page), "--format", "text"]).stdout
    assert "\nHow the districts voted\n" in text and "##" not in text


def test_markdown_escapes_a_paragraph_that_would_read_as_syntax():
    from newsclean.model import Article, Block

    article = Article(
        paragraphs=["# 1 in the charts again", "> quoted", "Plain"],
        blocks=[Block("# 1 in the charts again", 1, decision="kept")],
    )
    from newsclean.output import markdown_paragraphs

    assert markdown_paragraphs(article) == ["\\# 1 in the charts again", "\\> quoted", "Plain"]
