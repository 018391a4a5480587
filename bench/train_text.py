"""Train the text path's model of rule ``more-story`` and store it as newsclean/data/runs_model.json.

    pip install -e '.[train]'          # scikit-learn and numpy: training only, never at run time
    python bench/train_text.py -j 2    # about a minute; needs lynx, w3m and elinks for their dumps

What it learns: which runs of prose outside the story region are the story's too
(newsclean/text/runs.py). The pages are the **look halves** only of every corpus with body gold
(the score halves stay unseen, so bench/score.py's score rows measure the model on pages it was not
trained on), each read as four dumps: ours, lynx's, w3m's and elinks'. On each dump the text path
runs as usual, except that every candidate run is recorded instead of being judged; then the dump is
extracted again once per candidate, with exactly that run joined, so that every rule labels it as it
would. A run's label is whether joining it raises that page's F1 (bench/score.py's metric); its
weight is by how much (plus 0.01), so that a run that decides a page counts more than a sentence.
The model is scikit-learn's gradient boosting (100 trees of depth 3, at least MIN_LEAF examples a
leaf, fixed seed, no subsampling, so that the order of the examples does not matter); it was chosen
over logistic regression on the same features, which gained about half as much on the score halves. The stored trees are checked to give, in newsclean's pure-Python evaluation, the log-odds
scikit-learn gives.

The same data and seed give the same file. Rerun it after a change to the text rules or to the
run features, then run bench/score.py on every corpus (the model is part of the text path).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import score  # noqa: E402  (bench/ on sys.path)

from newsclean.text import classify, runs  # noqa: E402

#: The corpora with body gold.
CORPORA = ("scrapinghub", "dragnet-train", "readability", "cleaneval-dev")
#: Dumps each page is read as: ours and three browsers' (their shapes differ: the model must not
#: learn one renderer's habits).
RENDERERS = ("dump", "lynx", "w3m", "elinks")
SEED = 0
#: The fewest examples a leaf holds (chosen by 5-fold cross-validation on the look halves, against 1).
MIN_LEAF = 50
#: A run's weight: how much it changes its page's F1, plus this, so that no example weighs nothing.
WEIGHT_FLOOR = 0.01

_RECORDED: list[list[runs.Run]] = []
#: The one candidate (start, end) that joins the story, or None to record the candidates instead.
_ONLY: list[tuple[int, int] | None] = [None]


def _choose(page: runs.Page, stamped) -> list[tuple[runs.Run, str]]:
    """In place of the model's choice: record the candidates, or let exactly one of them join."""
    found = runs.candidates(page, stamped)
    if _ONLY[0] is None:
        _RECORDED.append(found)
        return []
    return [(run, "more-story: training") for run in found if (run.start, run.end) == _ONLY[0]]


def _extract(dump: str, only: tuple[int, int] | None):
    import newsclean

    _ONLY[0] = only
    return newsclean.extract(dump, input_type="text")


def _page(job: tuple[str, score.Page]) -> list[tuple[tuple[float, ...], float]]:
    """The candidate runs of one page's dump: (features, change of the page's F1 if it joined).
    A run's effect is measured by extracting again with it joined: every rule runs as it would."""
    attribute, page = job
    _RECORDED.clear()
    try:
        dump = getattr(page, attribute)
        article = _extract(dump, None)
        found = _RECORDED[-1] if _RECORDED else []
        gold = page.gold or ""
        base = score.page_scores(article.text, gold)["f1"]
        return [
            (run.features, score.page_scores(_extract(dump, (run.start, run.end)).text, gold)["f1"] - base)
            for run in found
        ]
    except Exception as exc:  # one page must not stop the training
        print(f"{page.corpus}/{page.id} ({attribute}): {type(exc).__name__}: {exc}", file=sys.stderr)
        return []


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="the benchmarks folder (default: ../shared/benchmarks)")
    ap.add_argument("-j", "--jobs", type=int, default=0, help="processes (0 = one per core)")
    ap.add_argument("--out", type=Path, default=Path(runs.MODEL_FILE), help="where to store the model")
    args = ap.parse_args(argv)
    try:
        import numpy as np
        from sklearn.ensemble import GradientBoostingClassifier
    except ImportError:
        sys.exit("train_text: needs scikit-learn and numpy: pip install -e '.[train]'")
    missing = [r for r in RENDERERS if r != "dump" and shutil.which(r) is None]  # the browsers, by command
    if missing:
        sys.exit(
            f"train_text: needs {', '.join(missing)} on PATH for their dumps (apt-get install {' '.join(missing)})"
        )
    classify.choose_runs = _choose  # before the workers fork: they inherit it
    jobs = [(r, p) for corpus in CORPORA for p in score.load_pages(args.data, None, corpus, "look") for r in RENDERERS]
    with multiprocessing.get_context("fork").Pool(args.jobs or None) as pool:
        examples = [e for page in pool.map(_page, jobs, chunksize=8) for e in page]
    x = np.array([f for f, _ in examples], dtype=float)
    y = np.array([gain > 0 for _, gain in examples], dtype=int)
    weight = np.array([abs(gain) + WEIGHT_FLOOR for _, gain in examples])
    print(f"{len(jobs)} dumps, {len(examples)} candidate runs, {int(y.sum())} that raise their page's F1")
    gbt = GradientBoostingClassifier(
        n_estimators=100, max_depth=3, learning_rate=0.1, min_samples_leaf=MIN_LEAF, random_state=SEED
    )
    gbt.fit(x, y, sample_weight=weight)
    stored = _export(gbt, x[:1])
    check = runs.Model(stored)
    ours = np.array([check.probability(row) for row in x])
    theirs = gbt.predict_proba(x)[:, 1]
    flips = int(((ours > runs.KEEP_ABOVE) != (theirs > runs.KEEP_ABOVE)).sum())
    print(
        f"pure-Python evaluation: largest difference in probability {abs(ours - theirs).max():.2e}, {flips} decisions differ"
    )
    if flips:
        sys.exit("train_text: the stored trees do not decide as scikit-learn's do")
    importance = sorted(zip(runs.RUN_FEATURES, gbt.feature_importances_, strict=True), key=lambda t: -t[1])
    print("feature importance: " + ", ".join(f"{name} {value:.3f}" for name, value in importance))
    chosen = ours > runs.KEEP_ABOVE
    print(
        f"on the look halves: {int(chosen.sum())} runs join, {int((chosen & (y == 1)).sum())} of them raise their page's F1"
    )
    args.out.write_text(json.dumps(stored, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


def _export(gbt, sample) -> dict:
    """The trees as runs.Model reads them; ``init`` is what scikit-learn adds to the trees' sum."""
    rate = float(gbt.learning_rate)
    trees = []
    total = 0.0
    for est in gbt.estimators_[:, 0]:
        tree = est.tree_
        trees.append(
            {
                "feature": [
                    int(f) if left >= 0 else -1 for f, left in zip(tree.feature, tree.children_left, strict=True)
                ],
                "threshold": [float(t) for t in tree.threshold],
                "left": [int(c) for c in tree.children_left],
                "right": [int(c) for c in tree.children_right],
                "value": [float(v) for v in tree.value[:, 0, 0]],
            }
        )
        total += float(est.predict(sample)[0])
    init = float(gbt.decision_function(sample)[0]) - rate * total
    return {"features": list(runs.RUN_FEATURES), "init": init, "rate": rate, "trees": trees}


if __name__ == "__main__":
    main()
