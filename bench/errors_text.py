"""Where the text path loses F1: its errors sorted into the classes of issue #10, per corpus and half.

    python bench/errors_text.py                                   # every body corpus, our renderer
    python bench/errors_text.py --renderer lynx --corpus dragnet-train -j 2
    python bench/errors_text.py --half look --list short-as-menu --corpus readability   # look-half examples

Each block of the dump (a line, or a wrapped paragraph) is aligned to the gold body with the rule of
``score.oracle_lines`` (imported): it is story when most of its 4-token shingles are in the gold (a block
of fewer than four words: when that run of words is). A block whose decision disagrees is an error, put
in the first class that fits:

lead-twice      a story block dropped as a repeated line (a lead printed twice read as a teaser)
split           a story block dropped far (more than FAR blocks) from any kept block: the kept run is
                a fragment of the story, cut off by a wall of short lines
short-as-menu   a short story block (under SHORT words, or not a sentence) dropped near the kept story
missed-prose    any other dropped story block (prose at the story's edge)
metadata        a story block taken as title, date or byline (counted apart; the record keeps it)
colon-list      a non-story block kept as part of a list a colon introduced (rules introduced-list,
                list-intro)
run-on          a non-story block kept after the page's last story block: post-story prose
pre-story       a non-story block kept before the page's first story block
inside          any other non-story block kept (between story blocks)

For each class the table gives the blocks, their words, and the corpus F1 if exactly that class were
fixed (those blocks given the oracle's decision, every other decision unchanged): the gain a step that
closes the class can bring. ``oracle`` is the line-level ceiling on the same blocks, ``F1`` today's
figure (the same as bench/score.py's text rows). ``--list`` prints the errors of one class, look half only.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import score  # noqa: E402  (bench/ on sys.path)

#: A dropped story block further than this many blocks from every kept block is a separate run.
FAR = 3
#: Story blocks of fewer words than this (or that end no sentence) are short lines.
SHORT = 12

CLASSES = (
    "lead-twice",
    "split",
    "short-as-menu",
    "missed-prose",
    "metadata",
    "colon-list",
    "run-on",
    "pre-story",
    "inside",
)
_LIST_RULES = frozenset({"introduced-list", "list-intro"})
_SENTENCE_END = tuple('.!?。！？…"”’)')


def story_blocks(texts: list[str], gold: str) -> list[bool]:
    """The oracle's verdict on each block: ``score.oracle_lines`` keeps it. (Its verdict on a line
    depends on the line's text alone, so one call over all the blocks gives every verdict.)"""
    lines = [" ".join(t.split()) for t in texts]
    kept = set(score.oracle_lines("\n".join(lines), gold).split("\n"))
    return [bool(line) and line in kept for line in lines]


def classify_errors(blocks, gold: str) -> list[tuple[int, str]]:
    """(block index, class) of every block the extraction decided against the oracle."""
    story = story_blocks([b.text for b in blocks], gold)
    kept = [b.decision == "kept" for b in blocks]
    kept_at = [i for i, k in enumerate(kept) if k]
    story_at = [i for i, s in enumerate(story) if s]
    first_story = story_at[0] if story_at else len(blocks)
    last_story = story_at[-1] if story_at else -1
    out = []
    for i, b in enumerate(blocks):
        if story[i] == kept[i]:
            continue
        if story[i]:
            words = len(score.tokens(b.text))
            near = min((abs(i - k) for k in kept_at), default=len(blocks))
            if b.decision == "metadata":
                cls = "metadata"
            elif b.reason == "repeated-line":
                cls = "lead-twice"
            elif near > FAR:
                cls = "split"
            elif words < SHORT or not b.text.rstrip().endswith(_SENTENCE_END):
                cls = "short-as-menu"
            else:
                cls = "missed-prose"
        elif b.reason in _LIST_RULES:
            cls = "colon-list"
        elif i > last_story:
            cls = "run-on"
        elif i < first_story:
            cls = "pre-story"
        else:
            cls = "inside"
        out.append((i, cls))
    return out


def _page(job: tuple[str, score.Page]) -> dict:
    """One page's blocks, decisions, oracle decisions and error classes."""
    attribute, page = job
    import newsclean

    dump = getattr(page, attribute)
    try:
        article = newsclean.extract(dump, input_type="text")
    except Exception as exc:  # one page must not stop the table
        print(f"{page.corpus}/{page.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return {"id": page.id, "half": page.half, "error": True}
    blocks = article.blocks
    gold = page.gold or ""
    errors = classify_errors(blocks, gold)
    texts = [b.text for b in blocks]
    kept = [b.decision == "kept" for b in blocks]

    def f1_with(flip: set) -> dict[str, float]:
        return score.page_scores("\n\n".join(t for i, t in enumerate(texts) if kept[i] != (i in flip)), gold)

    row = {
        "id": page.id,
        "half": page.half,
        "error": False,
        "today": f1_with(set()),
        "oracle": score.page_scores(score.oracle_lines("\n".join(texts), gold), gold),
        "classes": {},
        "errors": [(i, c, b_reason(blocks[i]), texts[i]) for i, c in errors],
    }
    for cls in CLASSES:
        flip = {i for i, c in errors if c == cls}
        if flip:
            row["classes"][cls] = {
                "blocks": len(flip),
                "words": sum(len(score.tokens(texts[i])) for i in flip),
                "fixed": f1_with(flip),
            }
    return row


def b_reason(block) -> str:
    return f"{block.decision}/{block.reason}"


def corpus_table(rows: list[dict]) -> dict:
    """Corpus F1 today, at the oracle, and with each class fixed; blocks and words per class."""
    rows = [r for r in rows if not r["error"]]
    out = {
        "pages": len(rows),
        "oracle": score.corpus_scores([r["oracle"] for r in rows])["f1"],
        "today": score.corpus_scores([r["today"] for r in rows])["f1"],
        "classes": {},
    }
    for cls in CLASSES:
        fixed = [r["classes"][cls]["fixed"] if cls in r["classes"] else r["today"] for r in rows]
        out["classes"][cls] = {
            "blocks": sum(r["classes"].get(cls, {}).get("blocks", 0) for r in rows),
            "words": sum(r["classes"].get(cls, {}).get("words", 0) for r in rows),
            "pages": sum(cls in r["classes"] for r in rows),
            "gain": score.corpus_scores(fixed)["f1"] - out["today"],
        }
    return out


def _show(args) -> None:
    import newsclean

    if not args.corpus or len(args.corpus) != 1:
        sys.exit("--show needs one --corpus")
    pages = [p for p in score.load_pages(args.data, None, args.corpus[0]) if p.id.startswith(args.show)]
    if len(pages) != 1:
        sys.exit(f"--show {args.show}: {len(pages)} pages match")
    page = pages[0]
    if page.half != "look":
        sys.exit(f"--show {args.show}: the page is in the score half, which is only scored, never read")
    blocks = newsclean.extract(getattr(page, (args.renderer or ["dump"])[0]), input_type="text").blocks
    story = story_blocks([b.text for b in blocks], page.gold or "")
    errors = dict(classify_errors(blocks, page.gold or ""))
    for i, b in enumerate(blocks):
        mark = "+" if story[i] else "."
        print(
            f"{i:>4} {mark} {'K' if b.decision == 'kept' else '-'} {b_reason(b):<32} {errors.get(i, ''):<13} "
            f"{b.text[:110]}"
        )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--corpus",
        action="append",
        choices=score.CORPORA,
        help="corpus (repeatable; default: every corpus with body gold)",
    )
    ap.add_argument(
        "--renderer",
        action="append",
        choices=sorted(v for v in score.RENDERERS.values()),
        help="dump shape (repeatable; default: dump, our renderer)",
    )
    ap.add_argument("--half", choices=("look", "score", "both"), default="both")
    ap.add_argument("--data", type=Path, default=None, metavar="DIR", help="benchmarks directory")
    ap.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="processes (default 1)")
    ap.add_argument(
        "--list",
        choices=CLASSES,
        metavar="CLASS",
        help=f"print the look-half errors of CLASS (one of: {', '.join(CLASSES)})",
    )
    ap.add_argument("--limit", type=int, default=40, help="with --list: at most this many errors per corpus")
    ap.add_argument(
        "--show",
        metavar="ID",
        help="print every block of one look-half page of --corpus with the "
        "oracle's verdict (+ story, . not) and the decision",
    )
    args = ap.parse_args(argv)
    if args.show:
        _show(args)
        return
    corpora = args.corpus or [c for c in score.available_corpora(args.data) if c not in ("postlight", "htmldate")]
    renderers = args.renderer or ["dump"]
    halves = score.HALVES if args.half == "both" else (args.half,)
    if args.list and "look" not in halves:
        sys.exit("--list shows look-half pages only: use --half look or both")
    header = f"{'renderer':<10} {'corpus':<14} {'half':<5} {'pages':>5} {'oracle':>6} {'F1':>6}  " + "  ".join(
        f"{c:>13}" for c in CLASSES
    )
    lines = [header, " " * 50 + "  ".join(f"{'blk/+F1':>13}" for _ in CLASSES)]
    listing = []
    for corpus in corpora:
        pages = [p for p in score.load_pages(args.data, None, corpus) if p.half in halves and p.gold is not None]
        for renderer in renderers:
            jobs = [(renderer, p) for p in pages]
            if args.jobs > 1:
                with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
                    rows = pool.map(_page, jobs, chunksize=4)
            else:
                rows = [_page(j) for j in jobs]
            for half in halves:
                t = corpus_table([r for r in rows if r["half"] == half])
                cells = "  ".join(f"{c['blocks']:>6}/{c['gain']:+.3f}" for c in t["classes"].values())
                lines.append(
                    f"{renderer:<10} {corpus:<14} {half:<5} {t['pages']:>5} {t['oracle']:6.3f}"
                    f" {t['today']:6.3f}  {cells}"
                )
            if args.list:
                n = 0
                for r in rows:
                    if r["half"] != "look" or r["error"]:
                        continue
                    for i, cls, reason, text in r["errors"]:
                        if cls == args.list and n < args.limit:
                            listing.append(f"{corpus}/{r['id'][:16]} [{i}] {reason}: {text[:150]}")
                            n += 1
    print("\n".join(lines))
    if listing:
        print(f"\nlook-half errors of class {args.list}:")
        print("\n".join(listing))


if __name__ == "__main__":
    main()
