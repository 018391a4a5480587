"""Rewrite every fixture's expected JSON from the current code, and print the diff for review.

    python bench/regen_fixtures.py           # rewrite the stale expected files, print what changed
    python bench/regen_fixtures.py --check   # only print the diff; exit 1 if any expected file is stale

``fixtures/text/NAME.expected.json`` is the whole record ``newsclean.extract`` gives for ``NAME.txt``.
``fixtures/html/NAME.expected.json`` holds the fields tests/test_html.py compares (title, date, language,
authors, tags, paragraphs, removed_kinds), which are rewritten, and two hand-written lists that are not:
``removed_include`` (removed sections that must be there) and ``reasons`` (the decision and rule of chosen
blocks). Where the code no longer gives one of those, it is printed for a person to decide. Review the
diff before committing: an expected file is a claim about what is right, not a snapshot.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import newsclean  # noqa: E402

FIXTURES = ROOT / "fixtures"
#: The fields of an HTML fixture's expectation that are computed, in the order the files list them.
HTML_FIELDS = ("title", "date", "language", "authors", "tags", "paragraphs")


def text_expected(path: Path) -> tuple[str, list[str]]:
    """The expected file's new content for text fixture ``path``, and notes (none for text)."""
    record = newsclean.extract(path.read_bytes(), source=f"fixtures/text/{path.name}").to_dict()
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n", []


def html_expected(path: Path, old: dict) -> tuple[str, list[str]]:
    """The expected file's new content for HTML fixture ``path``, and the hand-written claims that fail."""
    article = newsclean.extract(path.read_bytes(), input_type="html", source=path.stem)
    new = {field: getattr(article, field) for field in HTML_FIELDS}
    kinds: list[str] = []
    for removed in article.removed:
        if removed.kind not in kinds:
            kinds.append(removed.kind)
    new["removed_kinds"] = kinds
    new["removed_include"] = old.get("removed_include", [])
    new["reasons"] = old.get("reasons", {})
    got_sections = [r.to_dict() for r in article.removed]
    got_blocks = {b.text: [b.decision, b.reason] for b in article.blocks}
    notes = [f"removed_include no longer holds: {s}" for s in new["removed_include"] if s not in got_sections]
    notes += [
        f"reasons[{text[:50]!r}]: expected {decision}, got {got_blocks.get(text)}"
        for text, decision in new["reasons"].items()
        if got_blocks.get(text) != decision
    ]
    extra = {k: v for k, v in old.items() if k not in new}
    new.update(extra)  # keys this script does not know are kept as they are
    return json.dumps(new, indent=1, ensure_ascii=False), notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if any expected file is stale")
    ap.add_argument("--fixtures", type=Path, default=FIXTURES, metavar="DIR", help="the fixtures folder")
    args = ap.parse_args(argv)
    stale = 0
    cases = [(p, "text") for p in sorted((args.fixtures / "text").glob("*.txt"))]
    cases += [(p, "html") for p in sorted((args.fixtures / "html").glob("*.html"))]
    for page, kind in cases:
        target = page.with_suffix(".expected.json")
        old_text = target.read_text(encoding="utf-8") if target.exists() else ""
        if kind == "text":
            new_text, notes = text_expected(page)
        else:
            new_text, notes = html_expected(page, json.loads(old_text) if old_text else {})
        name = str(target.relative_to(args.fixtures.parent))
        for note in notes:
            print(f"{name}: {note}")
        if new_text == old_text:
            continue
        stale += 1
        sys.stdout.writelines(
            difflib.unified_diff(old_text.splitlines(True), new_text.splitlines(True), f"a/{name}", f"b/{name}")
        )
        if not new_text.endswith("\n"):
            print()
        if not args.check:
            target.write_text(new_text, encoding="utf-8")
    print(f"{stale} expected file(s) {'stale' if args.check else 'rewritten'} of {len(cases)}", file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
