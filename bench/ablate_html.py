"""Per-rule on/off for the HTML path: each named rule switched off in turn, per-corpus body F1 delta.

    python bench/ablate_html.py                       # every rule, score halves of every body corpus
    python bench/ablate_html.py --rule other-article --rule promo-line -j 2
    python bench/ablate_html.py --half look --list    # the rule names

The pages and the metric are bench/score.py's (same halves, same F1 over 4-word shingles). The base row
is the code as it stands; each other row is the same run with one rule switched off (by patching the
module that applies it, for the length of that row only), with F1 and its delta from the base per corpus.
``empty`` counts the pages where newsclean gives no text but trafilatura (``include_comments=False``,
metadata on; cached per page under the bench cache) gives 200 characters or more.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import multiprocessing
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _p in (ROOT, ROOT / "bench"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

import score  # noqa: E402

BODY_CORPORA = ("scrapinghub", "dragnet-train", "readability", "cleaneval-dev")


@contextlib.contextmanager
def _patched(obj, name: str, value) -> Iterator[None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def _without_line_rule(fn_name: str) -> Callable[[], contextlib.AbstractContextManager]:
    def make():
        from newsclean.html import story

        return _patched(story, "LINE_RULES", tuple(r for r in story.LINE_RULES if r.__name__ != fn_name))

    return make


def _noop(module: str, fn_name: str, value=None) -> Callable[[], contextlib.AbstractContextManager]:
    """Replace ``module.fn_name`` by a function returning ``value`` (a fresh copy of it) or nothing."""

    def make():
        import importlib

        mod = importlib.import_module(module)
        return _patched(mod, fn_name, lambda *a, **k: value() if callable(value) else value)

    return make


def _no_gen(module: str, fn_name: str):
    def make():
        import importlib

        mod = importlib.import_module(module)
        return _patched(mod, fn_name, lambda *a, **k: iter(()))

    return make


def _attr(module: str, name: str, value):
    def make():
        import importlib

        return _patched(importlib.import_module(module), name, value)

    return make


#: Rule name → a factory of a context manager that switches the rule off.
ABLATIONS: dict[str, Callable[[], contextlib.AbstractContextManager]] = {
    "title-repeat": _without_line_rule("rule_title_repeat"),
    "leak-hinted-container": _without_line_rule("rule_hinted_container"),
    "promo-line": _without_line_rule("rule_promo_line"),
    "headline-link-list": _without_line_rule("rule_link_list"),
    "counter-widget": _without_line_rule("rule_counter_widget"),
    "byline-repeat": _without_line_rule("rule_byline_repeat"),
    "linked-paragraph": _without_line_rule("rule_linked_paragraph"),
    "date-line": _without_line_rule("rule_date_line"),
    "leak-heading-section": _noop("newsclean.html.story", "section_leaks"),
    "leak-heading-container": _noop("newsclean.html.story", "heading_containers", dict),
    "repeated-copy": _noop("newsclean.html.story", "repeated_runs"),
    "recover-story-slot": _no_gen("newsclean.html.story", "_story_slot_blocks"),
    "recover-embedded-quote": _no_gen("newsclean.html.story", "_embedded_quote_blocks"),
    "recover-loose-text": _no_gen("newsclean.html.story", "_loose_text_blocks"),
    "prune-invisible": _noop("newsclean.html.frontend", "_prune_for_body"),
}


def _register_optional() -> None:
    """Rules that exist only in some versions of the front end."""
    from newsclean.html import frontend, story

    if hasattr(frontend, "_mostly_links"):
        ABLATIONS["link-heavy-body"] = _noop("newsclean.html.frontend", "_mostly_links", False)
    if hasattr(frontend, "_body"):
        body = frontend._body

        def full(*a, **k):
            k["fast"] = False
            return body(*a, **k)

        if hasattr(frontend, "_lead_only"):
            ABLATIONS["lead-only-body"] = _noop("newsclean.html.frontend", "_lead_only", False)
        if hasattr(frontend, "SHORT_BODY"):
            ABLATIONS["short-body"] = _attr("newsclean.html.frontend", "SHORT_BODY", 0)
        ABLATIONS["fast-mode"] = lambda: _patched(frontend, "_body", full)
    for name, fn in getattr(story, "OPTIONAL_RULES", {}).items():
        ABLATIONS.setdefault(name, _attr("newsclean.html.story", fn, False))
    for name, attr in getattr(frontend, "SWITCHES", {}).items():
        ABLATIONS.setdefault(name, _attr("newsclean.html.frontend", attr, False))


# --- trafilatura's text per page (cached), for the empty-page count ---------------


def _traf_cache() -> Path:
    import trafilatura

    d = score.CACHE_DIR / f"trafilatura-{trafilatura.__version__}"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _traf_len(page) -> int:
    path = _traf_cache() / (hashlib.sha256(page.raw).hexdigest()[:24] + ".json")
    if path.is_file():
        return json.loads(path.read_text())["chars"]
    pred = score.predict("trafilatura", page) or {}
    n = len((pred.get("text") or "").strip())
    path.write_text(json.dumps({"chars": n}))
    return n


def _one(page) -> dict:
    import time

    t = time.perf_counter()
    pred = score.predict("html", page) or {"text": ""}
    elapsed = time.perf_counter() - t
    text = pred.get("text") or ""
    row = score.page_scores(text, page.gold or "")
    row["empty"] = not text.strip() and _traf_len(page) >= 200
    row["id"] = page.id
    row["elapsed"] = elapsed
    return row


def run(pages_by_corpus: dict[str, list], jobs: int) -> dict[str, dict]:
    out = {}
    for corpus, pages in pages_by_corpus.items():
        if jobs > 1:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                rows = pool.map(_one, pages, chunksize=4)
        else:
            rows = [_one(p) for p in pages]
        res = score.corpus_scores(rows)
        res["empty"] = sum(r["empty"] for r in rows)
        res["rows"] = {r["id"]: r["f1"] for r in rows}
        res["elapsed"] = sum(r["elapsed"] for r in rows)
        out[corpus] = res
    return out


def main(argv=None) -> None:
    _register_optional()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rule", action="append", help="rule to switch off (repeatable; default: every rule)")
    ap.add_argument("--corpus", action="append", choices=score.CORPORA)
    ap.add_argument("--half", choices=("look", "score"), default="score")
    ap.add_argument(
        "--data", type=Path, default=None, metavar="DIR", help=f"benchmarks directory (default: {score.DEFAULT_DATA})"
    )
    ap.add_argument("--limit", type=int, default=None, metavar="N", help="first N pages of each corpus")
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("--list", action="store_true", help="list the rule names and stop")
    ap.add_argument(
        "--pages", action="store_true", help="list the look-half pages each ablation changes by 0.05 F1 or more"
    )
    args = ap.parse_args(argv)
    if args.list:
        print("\n".join(sorted(ABLATIONS)))
        return
    rules = args.rule or sorted(ABLATIONS)
    unknown = [r for r in rules if r not in ABLATIONS]
    if unknown:
        sys.exit(f"unknown rule(s): {', '.join(unknown)} (see --list)")
    present = score.available_corpora(args.data)
    corpora = [c for c in (args.corpus or BODY_CORPORA) if c in present]
    if not corpora:
        sys.exit(f"no benchmark corpus with body gold found under {args.data or score.DEFAULT_DATA}")
    pages = {c: score.load_pages(args.data, corpus=c, half=args.half)[: args.limit] for c in corpora}
    base = run(pages, args.jobs)
    head = f"{'rule off':<26}" + "".join(f" {c[:13]:>13} {'Δ':>7}" for c in corpora) + f" {'mean Δ':>7} {'empty':>6}"
    print(head)
    print(
        f"{'(none: base)':<26}"
        + "".join(f" {base[c]['f1']:13.4f} {'':>7}" for c in corpora)
        + f" {'':>7} {sum(base[c]['empty'] for c in corpora):6d}",
        flush=True,
    )
    for rule in rules:
        with ABLATIONS[rule]():
            res = run(pages, args.jobs)
        deltas = [res[c]["f1"] - base[c]["f1"] for c in corpora]
        print(
            f"{rule:<26}"
            + "".join(f" {res[c]['f1']:13.4f} {d:+7.4f}" for c, d in zip(corpora, deltas, strict=True))
            + f" {sum(deltas) / len(deltas):+7.4f} {sum(res[c]['empty'] for c in corpora):6d}",
            flush=True,
        )
        if args.pages and args.half == "look":
            for c in corpora:
                for pid, f in res[c]["rows"].items():
                    if abs(f - base[c]["rows"][pid]) >= 0.05:
                        print(f"    {c}/{pid}: {base[c]['rows'][pid]:.3f} -> {f:.3f}")


if __name__ == "__main__":
    main()
