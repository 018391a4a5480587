"""The quality floors: per system, corpus and figure, the least the suite accepts (bench/floors.json).

    python bench/floors.py                      # measure every floor's figure, show it against the floor
    python bench/floors.py --raise              # raise each floor to the measured figure less the margin
    python bench/floors.py --lower --reason "why"   # also lower floors (the reason is kept in the file)

The figures are measured on whole corpora (both halves) with bench/score.py's metric; body figures are
F1, metadata figures the share of pages right. tests/test_quality_floor.py checks every floor and fails,
never skips, when ../shared/benchmarks is present. Raising is one command; lowering needs --lower and a
reason, and the reason goes in the commit message as well.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import score  # noqa: E402

FLOORS_FILE = BENCH / "floors.json"
#: A floor sits this far below the figure measured when it was set: extraction is deterministic, so this
#: only absorbs library upgrades (trafilatura, lxml) that move a page or two.
MARGIN = 0.005

#: What each system needs beyond the test extras; its floors are skipped, with this reason, without it.
NEEDS = {"text-lynx": "lynx", "text-w3m": "w3m", "text-elinks": "elinks"}


def load() -> dict:
    return json.loads(FLOORS_FILE.read_text(encoding="utf-8"))


def save(data: dict) -> None:
    FLOORS_FILE.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def missing_tool(system: str) -> str | None:
    """Why ``system`` cannot run here (a text browser not installed), or None."""
    tool = NEEDS.get(system)
    if tool and shutil.which(tool) is None:
        return f"{tool} not installed (apt-get install {tool})"
    return None


def measure(
    floors: dict[str, dict[str, dict[str, float]]], data_dir: Path | None = None, jobs: int = 2
) -> dict[tuple[str, str], dict]:
    """Score every (system, corpus) that ``floors`` names, on the whole corpus: {(system, corpus): result}."""
    results: dict[tuple[str, str], dict] = {}
    corpora = {c for per_corpus in floors.values() for c in per_corpus}
    for corpus in score.CORPORA:
        if corpus not in corpora:
            continue
        pages = score.load_pages(data_dir, corpus=corpus)
        for system, per_corpus in floors.items():
            if corpus in per_corpus and not missing_tool(system):
                results[system, corpus] = score.summarise(system, score.run_pages(system, pages, jobs))
    return results


def compare(floors: dict, results: dict[tuple[str, str], dict]) -> list[tuple[str, str, str, float, float | None]]:
    """(system, corpus, figure, floor, measured) for every floor; measured is None when not run."""
    rows = []
    for system, per_corpus in floors.items():
        for corpus, figures in per_corpus.items():
            result = results.get((system, corpus))
            for figure, floor in figures.items():
                rows.append((system, corpus, figure, floor, result.get(figure) if result else None))
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--raise", dest="raise_", action="store_true", help="raise floors to measured − margin")
    ap.add_argument("--lower", action="store_true", help="with --raise's rule, also lower floors (needs --reason)")
    ap.add_argument("--reason", help="why floors are lowered (kept in floors.json)")
    ap.add_argument("--data", type=Path, default=None, metavar="DIR")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    if args.lower and not args.reason:
        ap.error("--lower needs --reason")
    data = load()
    results = measure(data["floors"], args.data, args.jobs)
    changed = []
    print(f"{'system':<14} {'corpus':<14} {'figure':<7} {'floor':>6} {'now':>6}")
    for system, corpus, figure, floor, now in compare(data["floors"], results):
        mark = "" if now is None or now >= floor else "  BELOW"
        print(f"{system:<14} {corpus:<14} {figure:<7} {floor:6.3f} {score._fmt(now)}{mark}")
        if now is None or not (args.raise_ or args.lower):
            continue
        target = int((now - MARGIN) * 1000) / 1000
        if target > floor or (args.lower and now < floor):  # only a floor the figure is below is lowered
            data["floors"][system][corpus][figure] = target
            changed.append(f"{system} {corpus} {figure}: {floor:.3f} -> {target:.3f}")
    if changed:
        if args.lower:
            data.setdefault("lowered", []).append(
                {"date": datetime.date.today().isoformat(), "reason": args.reason, "changes": changed}
            )
        save(data)
        print("\n".join(["", "changed:"] + changed))


if __name__ == "__main__":
    main()
