"""newsclean explain: the same decisions as extract, line by line; and the options users ask for."""

import json
from pathlib import Path

import pytest

import newsclean
from newsclean.explain import decisions, explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".txt", ".html"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_explain_json_agrees_with_extract(run_cli, path):
    result = run_cli(["explain", "--json", str(path)])
    assert result.exit_code == 0, result.stderr
    shown = [json.loads(line) for line in result.stdout.splitlines()]
    article = newsclean.extract(path.read_bytes())
    expected = [d.to_dict() for d in decisions(article)]
    assert shown == expected
    kept_blocks = [b for b in article.blocks if b.kept]
    if article.input_type == "text":  # every kept line is a line of a kept paragraph, in order
        kept_lines = [d["line"] for d in shown if d["decision"] == "kept"]
        assert kept_lines == [b.line + k for b in kept_blocks for k in range(len(b.lines))]
    assert {d["decision"] for d in shown} - {"kept"} <= set(newsclean.model.REMOVED_KINDS)


def test_explain_plain_when_piped(run_cli):
    result = run_cli(["explain", str(FIXTURES / "text" / "seed_shape.txt")])
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0].split()
    assert first[:3] == ["1", "navigation", "breadcrumb"]
    assert "\x1b[" not in result.stdout  # no colour codes off a terminal


def test_explain_bad_file_is_one_line(run_cli, tmp_path):
    result = run_cli(["explain", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "missing.txt" in result.stderr and "Traceback" not in result.stderr


def test_library_explain_lists_every_nonblank_line():
    data = (FIXTURES / "text" / "wrapped.txt").read_bytes()
    lines = [i for i, s in enumerate(data.decode().split("\n"), 1) if s.strip()]
    assert [d.line for d in explain(data)] == lines


def test_keep_puts_a_kind_back_into_the_text(run_cli, parse_records):
    path = str(FIXTURES / "text" / "seed_shape.txt")
    plain = parse_records(run_cli(["extract", path]))[0]
    kept = parse_records(run_cli(["extract", path, "--keep", "tags"]))[0]
    assert "Infrastructure" not in plain["paragraphs"]
    assert kept["paragraphs"][-4:] == ["Flooding", "Infrastructure", "Local Government", "Climate"]
    # only the label of the tag list stays removed, as a line of its own
    assert [r for r in kept["removed"] if r["kind"] == "tags"] == [{"kind": "tags", "heading": None, "lines": ["In:"]}]
    assert kept["tags"] == plain["tags"]


def test_keep_rejects_unknown_kinds(run_cli):
    result = run_cli(["extract", "--keep", "captions", str(FIXTURES / "text" / "seed_shape.txt")])
    assert result.exit_code == 2


def test_precision_and_recall_move_the_story_edges():
    # A short line between story and a teaser list: recall keeps reading, precision stops.
    body = [f"Paragraph {i} of the report said that the council would meet again on the matter soon." for i in range(4)]
    dump = "\n".join(
        [
            "Council meets again | Example Daily",
            "Council meets again",
            *body,
            "Photos of the week from around the region",
            "Residents say the decision came too late.",
            "Most read",
            "- One",
            "- Two",
        ]
    )
    precision = newsclean.extract(dump, input_type="text", favor="precision")
    recall = newsclean.extract(dump, input_type="text", favor="recall")
    assert len(precision.paragraphs) <= len(recall.paragraphs)
    assert "Residents say the decision came too late." in recall.paragraphs
    with pytest.raises(ValueError):
        newsclean.extract(dump, favor="everything")


def test_precision_flag_reaches_batch_settings(run_cli, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes((FIXTURES / "text" / "seed_shape.txt").read_bytes())
    out = tmp_path / "out"
    result = run_cli(["batch", str(src), str(out), "--precision", "--keep", "tags", "-q"])
    assert result.exit_code == 0, result.stderr
    record = json.loads((out / "a.txt.json").read_text(encoding="utf-8"))
    assert "Climate" in record["paragraphs"]
    header = json.loads((out / ".newsclean-batch.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert header["settings"]["favor"] == "precision" and header["settings"]["keep"] == ["tags"]
