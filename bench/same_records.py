"""No behaviour change: the records a git revision gives against the working tree's, input by input.

    python bench/same_records.py HEAD            # did my refactoring change any record? (exit 1 if so)
    python bench/same_records.py main --corpus scrapinghub --show 3
    python bench/same_records.py HEAD --no-bench # the fixtures only (no ../shared/benchmarks needed)

The inputs are every fixture (``fixtures/text/*.txt`` and ``fixtures/html/*.html``, as
bench/regen_fixtures.py reads them) and every benchmark page twice: its HTML bytes as
bench/score.py's ``html`` system gives them, and its whole-page dump (bench/render.py, cached on disk)
as the ``text`` system does. The inputs are made once, by the working tree's bench code, so both sides
see the same bytes. Each side then runs in its own Python process, the revision's ``newsclean``
exported with ``git archive`` (as bench/ab_text.py does): a record is the whole ``Article.to_dict()``
plus every block's decision and rule (what ``newsclean explain`` shows), so a renamed rule counts too.

This is the check #16 asks of a refactoring commit: every fixture and benchmark record byte-identical
before and after it. bench/regen_fixtures.py --check is the other half: the fixtures' expected files
against the working tree. Whole corpora take a few minutes a side; run it with ``nice``.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

#: What each side runs: the inputs in, one line per input out (its key and its record's digest and text).
_SIDE = r"""
import json, pickle, sys
sys.path.insert(0, sys.argv[1])
import newsclean
assert newsclean.__file__.startswith(sys.argv[1]), newsclean.__file__
with open(sys.argv[2], "rb") as f:
    inputs = pickle.load(f)
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for key, data, options in inputs:
        try:
            article = newsclean.extract(data, **options)
            record = article.to_dict()
            record["_decisions"] = [[b.decision, b.reason] for b in article.blocks]
            text = json.dumps(record, ensure_ascii=False, sort_keys=True)
        except Exception as e:  # a side that fails on an input differs there; the other inputs still count
            text = json.dumps({"_error": f"{type(e).__name__}: {e}"})
        out.write(json.dumps([key, text], ensure_ascii=False) + "\n")
"""


def fixture_inputs(fixtures: Path) -> list[tuple[str, bytes, dict]]:
    """Every fixture page, with the options bench/regen_fixtures.py extracts it with."""
    out = [
        (f"fixtures text {p.name}", p.read_bytes(), {"source": f"fixtures/text/{p.name}"})
        for p in sorted((fixtures / "text").glob("*.txt"))
    ]
    out += [
        (f"fixtures html {p.name}", p.read_bytes(), {"input_type": "html", "source": p.stem})
        for p in sorted((fixtures / "html").glob("*.html"))
    ]
    return out


def bench_inputs(corpora: list[str] | None, data_dir: Path | None) -> list[tuple[str, bytes | str, dict]]:
    """Every benchmark page's HTML and dump, extracted as bench/score.py's html and text systems do."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    import score

    out: list[tuple[str, bytes | str, dict]] = []
    for corpus in corpora or score.available_corpora(data_dir):
        for page in score.load_pages(data_dir, corpus=corpus):
            out.append((f"{corpus} html {page.id}", page.raw, {"input_type": "html", "url": page.url or None}))
            out.append((f"{corpus} text {page.id}", page.dump, {"input_type": "text"}))
    return out


def records(package_root: Path, inputs_file: Path, tmp: Path, name: str) -> dict[str, str]:
    """``{input key: record text}`` from the ``newsclean`` under ``package_root``, in a process of its own."""
    out = tmp / f"{name}.jsonl"
    subprocess.run([sys.executable, "-c", _SIDE, str(package_root), str(inputs_file), str(out)], check=True)
    with open(out, encoding="utf-8") as f:
        return dict(json.loads(line) for line in f)


def differing(
    old_root: Path, new_root: Path, inputs: list[tuple[str, bytes | str, dict]]
) -> list[tuple[str, str, str]]:
    """``(key, old record, new record)`` for each input whose records from the two packages differ."""
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        inputs_file = tmp / "inputs.pickle"
        with open(inputs_file, "wb") as f:
            pickle.dump(inputs, f)
        old = records(old_root, inputs_file, tmp, "old")
        new = records(new_root, inputs_file, tmp, "new")
    return [(key, old.get(key, ""), new.get(key, "")) for key, _, _ in inputs if old.get(key) != new.get(key)]


def export(rev: str, into: Path) -> Path:
    """The revision's ``newsclean`` package, exported under ``into`` (which is returned)."""
    archive = subprocess.run(["git", "archive", rev, "newsclean"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rev", help="git revision to compare with the working tree (e.g. HEAD, main)")
    ap.add_argument("--corpus", action="append", metavar="NAME", help="only this benchmark corpus (repeatable)")
    ap.add_argument("--no-bench", action="store_true", help="the fixtures only")
    ap.add_argument("--data", type=Path, default=None, metavar="DIR", help="benchmarks directory")
    ap.add_argument("--show", type=int, default=5, metavar="N", help="print the first N differing inputs")
    args = ap.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")  # both sides alike, should anything depend on set order

    inputs = fixture_inputs(ROOT / "fixtures")
    if not args.no_bench:
        inputs += bench_inputs(args.corpus, args.data)
    with tempfile.TemporaryDirectory() as name:
        differ = differing(export(args.rev, Path(name)), ROOT, inputs)
    for key, old, new in differ[: args.show]:
        print(f"differs: {key}\n  {args.rev}: {old[:300]}\n  working tree: {new[:300]}")
    kinds: dict[str, int] = {}
    for key, _, _ in inputs:
        group = " ".join(key.split()[:2])
        kinds[group] = kinds.get(group, 0) + 1
    print(f"records that differ: {len(differ)} of {len(inputs)} ({', '.join(f'{g} {n}' for g, n in kinds.items())})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
