"""A/B the text path: a git revision against the working tree, on the same dumps, interleaved.

    python bench/ab_text.py HEAD            # did my uncommitted change make it faster?
    python bench/ab_text.py HEAD~5 --rounds 10
    python bench/ab_text.py HEAD --html     # the HTML path, on the benchmark's pages

The revision's ``newsclean`` is exported (``git archive``) into a temporary
directory as a package named ``newsclean_ab``; both copies then extract every
rendered benchmark dump (or page, with --html), page by page, taking turns to
go first, in CPU time, with the text path's per-line caches emptied before
each round. This machine's speed drifts between runs,
so only an interleaved comparison in one process can show a few per cent;
compared with itself (A/A) the working tree reads 0.96x-1.045x, so read
anything within that as no change, and confirm a gain with --rounds 10 against
an older revision (on 2026-11-30 two readings of 1.06-1.12x at 4 rounds did not
hold up).
It also reports how many records differ, so a change meant only for speed
can show that it changed nothing else.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import score  # bench/ is on sys.path when this runs as a script


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rev", help="git revision to compare with the working tree (e.g. HEAD)")
    ap.add_argument("--rounds", type=int, default=6, help="rounds over all dumps (default 6)")
    ap.add_argument("--data", type=Path, default=None, metavar="DIR", help="benchmarks directory")
    ap.add_argument("--html", action="store_true", help="time the HTML path on the pages instead")
    args = ap.parse_args()

    pages = score.load_pages(args.data)
    if not pages:
        sys.exit(f"no benchmark pages under {args.data or score.DEFAULT_DATA}")
    kind = "html" if args.html else "text"
    inputs = [(page.raw, page.url) if args.html else (page.dump.encode("utf-8"), None) for page in pages]
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "archive", args.rev, "newsclean"], cwd=score.ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        (Path(tmp) / "newsclean").rename(Path(tmp) / "newsclean_ab")
        sys.path.insert(0, tmp)
        sys.path.insert(0, str(score.ROOT))
        import newsclean_ab
        from newsclean_ab.text.frontend import clear_caches as clear_old

        import newsclean
        from newsclean.text.frontend import clear_caches as clear_new

        sides = {args.rev: newsclean_ab, "working tree": newsclean}
        spent = dict.fromkeys(sides, 0.0)
        names = list(sides)
        for r in range(args.rounds):
            clear_old()
            clear_new()
            for k, (data, url) in enumerate(inputs):  # page by page, taking turns to go first
                for name in names if (k + r) % 2 else names[::-1]:
                    start = time.process_time()
                    sides[name].extract(data, input_type=kind, url=url)
                    spent[name] += time.process_time() - start
        n = len(inputs) * args.rounds
        for name, seconds in spent.items():
            print(f"{name:>14}: {n / seconds:.1f} {kind} pages/s (CPU time, {args.rounds} rounds)")
        print(f"working tree / {args.rev} speed: {spent[args.rev] / spent['working tree']:.3f}x")
        differ = sum(
            json.dumps(newsclean.extract(d, input_type=kind, url=u).to_dict(), sort_keys=True)
            != json.dumps(newsclean_ab.extract(d, input_type=kind, url=u).to_dict(), sort_keys=True)
            for d, u in inputs
        )
        print(f"records that differ: {differ} of {len(inputs)}")


if __name__ == "__main__":
    main()
