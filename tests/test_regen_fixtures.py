"""bench/regen_fixtures.py finds stale expected files and rewrites them; main's fixtures are not stale."""

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import regen_fixtures  # noqa: E402


def test_fixtures_are_up_to_date(capsys):
    assert regen_fixtures.main(["--check"]) == 0, capsys.readouterr().out


def test_a_stale_expected_file_is_found_and_rewritten(tmp_path, capsys):
    shutil.copytree(regen_fixtures.FIXTURES, tmp_path / "fixtures")
    fixtures = tmp_path / "fixtures"
    text = fixtures / "text" / "german.expected.json"
    record = json.loads(text.read_text(encoding="utf-8"))
    record["title"] = "A stale title"
    text.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    html = fixtures / "html" / "de_news.expected.json"
    expected = json.loads(html.read_text(encoding="utf-8"))
    expected["tags"] = ["stale"]
    expected["reasons"]["No such block"] = ["kept", "no-rule"]
    html.write_text(json.dumps(expected, indent=1, ensure_ascii=False), encoding="utf-8")

    assert regen_fixtures.main(["--check", "--fixtures", str(fixtures)]) == 1
    out = capsys.readouterr().out
    assert '-  "title": "A stale title",' in out and '-  "stale"' in out
    assert "No such block" in out  # a hand-written claim that fails is shown, never dropped
    assert json.loads(text.read_text(encoding="utf-8"))["title"] == "A stale title"  # --check writes nothing

    assert regen_fixtures.main(["--fixtures", str(fixtures)]) == 0
    capsys.readouterr()
    assert json.loads(text.read_text(encoding="utf-8")) == json.loads(
        (regen_fixtures.FIXTURES / "text" / "german.expected.json").read_text(encoding="utf-8")
    )
    rewritten = json.loads(html.read_text(encoding="utf-8"))
    assert rewritten["tags"] != ["stale"]
    assert rewritten["reasons"]["No such block"] == ["kept", "no-rule"]  # kept for a person to decide
