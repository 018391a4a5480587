"""Rule ``more-story``: runs of prose outside the story region that are the story's too.

The story region is one run of blocks (the best-scoring one, with walls read across). On pages
nobody tuned on, much of what it misses is whole runs of the story elsewhere on the page: a part
cut off by a gallery or a share bar, a story that resumes after a box. Every such run below the
headline and on the story's side of every comments heading is a candidate; a small learned model, trained by
``bench/train_text.py`` on the look halves of the benchmark corpora and stored as data
(``newsclean/data/runs_model.json``), weighs what each candidate looks like and where it sits, and
the candidates it gives better than even odds join the story. The model is a set of small
regression trees, evaluated here in pure Python: the text path imports nothing heavy.

Each chosen run's blocks carry the reason ``more-story: p 0.83 (prose, overlap, distance)``: the
model's probability and the features that weighed most for it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from ..lexicon.tokens import ASCII_NON_WORD, word_tokens
from ..model import Block
from .features import Features

#: A run of prose outside the story region is a candidate when its blocks weigh at least this much
#: (about words of prose): a sentence or so, not a teaser's line.
RUN_MIN = 10.0

#: Words of at least this many characters carry a page's topic.
TOPIC_WORD_CHARS = 5

#: A candidate joins the story when the model gives it better than these odds.
KEEP_ABOVE = 0.5

#: The features of a candidate run, in the order of ``Run.features`` (and of the model's inputs).
RUN_FEATURES = (
    "prose",  # log(1 + what the run's prose blocks weigh)
    "lines",  # log(1 + blocks in the run)
    "prose-share",  # share of the run's blocks that read as prose
    "stopwords",  # mean stopword share of its prose blocks
    "sentences",  # share of its blocks that end a sentence
    "bullets",  # share of its blocks that are list items
    "words-per-line",  # log(1 + mean words of its prose blocks)
    "distance",  # log(1 + blocks between the run and the story)
    "wall",  # log(1 + what the blocks between weigh against the story)
    "decided",  # log(1 + blocks a local rule decided between the run and the story)
    "headings",  # section headings between the run and the story
    "below",  # 1 below the story, 0 above it
    "story",  # log(1 + what the story region's prose weighs)
    "share",  # the run's weight over the run's and the story's
    "position",  # where the run starts, as a share of the page
    "repeated",  # share of its blocks printed twice on the page
    "teasers",  # share of its prose blocks right after a short line that ends no sentence
    "headline",  # 1 when a headline anchored the story
    "overlap",  # share of the run's longer words that the story uses too (one topic)
    "stamps",  # share of its blocks that hold a comment header's timestamp
)


class Run(NamedTuple):
    """A candidate run of prose outside the story region, [start, end), and its RUN_FEATURES."""

    start: int
    end: int
    features: tuple[float, ...]


class Page(NamedTuple):
    """What the candidates are read from: the blocks, their features, the local rules' verdicts,
    the prose values (with gaps escalated) and raw, the hard barriers, the repeated lines, the
    story region [start, end) and the line below the headline (``floor``, 0 without one)."""

    blocks: list[Block]
    feats: list[Features]
    local: Sequence[Any]
    values: list[float]
    raw: list[float]
    barriers: list[bool]
    repeated: set
    start: int
    end: int
    floor: int


def candidates(page: Page, stamped: Callable[[str], bool]) -> list[Run]:
    """The runs of prose outside the story region, with every feature: each a maximal run whose
    weight stays positive, of RUN_MIN at least, that no line a local rule decided interrupts.
    ``stamped`` tells a comment header's timestamp (the rule ``comment-stream`` owns it)."""
    spans = _spans(page)
    if not spans:
        return []
    story = _story_weight(page)
    vocabulary = _long_words(page.blocks, range(page.start, page.end))
    return [
        Run(s, e, _features(page, s, e, below, gap, story) + _costly(page, s, e, vocabulary, stamped))
        for s, e, below, gap in spans
    ]


def choose(page: Page, stamped: Callable[[str], bool]) -> list[tuple[Run, str]]:
    """The candidate runs that join the story, each with its reason. The costly features (the
    words a run shares with the story, its timestamps) are read only for a run that the other
    features leave a chance: whatever they are, the model's best case must pass KEEP_ABOVE."""
    spans = _spans(page)
    if not spans:
        return []
    judge = model()
    story = _story_weight(page)
    vocabulary: set[str] | None = None
    out = []
    for s, e, below, gap in spans:
        cheap = _features(page, s, e, below, gap, story)
        if judge.best_case(cheap) <= KEEP_ABOVE:
            continue
        if vocabulary is None:
            vocabulary = _long_words(page.blocks, range(page.start, page.end))
        x = cheap + _costly(page, s, e, vocabulary, stamped)
        p = judge.probability(x)
        if p > KEEP_ABOVE:
            credit = judge.credit(x)
            top = sorted(range(len(credit)), key=lambda f: -credit[f])[:REASON_FEATURES]
            names = ", ".join(RUN_FEATURES[f] for f in top if credit[f] > 0)
            out.append((Run(s, e, x), f"more-story: p {p:.2f} ({names})"))
    return out


class Gap(NamedTuple):
    """What stands between a run and the story: its blocks, what they weigh against the story, how
    many a local rule decided and how many are section headings."""

    blocks: int
    cost: float
    decided: int
    headings: int


def _spans(page: Page) -> list[tuple[int, int, bool, Gap]]:
    """The candidates' (start, end, below the story, gap), the gaps summed outwards from the story
    (each candidate's gap is its inner neighbour's and the blocks between: linear in the page)."""
    start, end = page.start, page.end
    if start == end:
        return []
    # Rule ``section-heading`` stands: no run is read across a hard barrier (a comments heading).
    barriers = page.barriers
    # Rule ``story-region`` stands: the story starts below the headline (``floor``).
    lo = next((i + 1 for i in range(start - 1, page.floor - 1, -1) if barriers[i]), page.floor)
    hi = next((i for i in range(end, len(barriers)) if barriers[i]), len(barriers))
    above = _positive_runs(page.values, page.local, lo, start)[::-1]
    below = _positive_runs(page.values, page.local, end, hi)
    out = []
    for spans, is_below in ((above, False), (below, True)):
        edge = end if is_below else start
        cost, decided, headings = 0.0, 0, 0
        for s, e in spans:
            for i in range(edge, s) if is_below else range(e, edge):
                v = page.raw[i]
                if v < 0:
                    cost -= v
                loc = page.local[i]
                if loc is not None:
                    decided += 1
                    headings += bool(loc.heading)
            edge = s if is_below else e
            out.append((s, e, is_below, Gap(s - end if is_below else start - e, cost, decided, headings)))
    return out


def _story_weight(page: Page) -> float:
    return sum(v for v in page.raw[page.start : page.end] if v > 0)


def _positive_runs(values: list[float], local: Sequence[Any], lo: int, hi: int) -> list[tuple[int, int]]:
    """The maximal runs in [lo, hi) whose running sum stays positive (one per reset of Kadane's
    sum), trimmed to their best end, of weight RUN_MIN at least; a decided line ends a run."""
    out = []
    cur, cur_s, best, best_e = 0.0, lo, 0.0, lo
    for i in range(lo, hi + 1):
        if i == hi or local[i] is not None or cur + values[i] <= 0:
            if best >= RUN_MIN:
                out.append((cur_s, best_e))
            cur, best = 0.0, 0.0
            if i < hi and local[i] is None and values[i] > 0:
                cur, cur_s, best, best_e = values[i], i, values[i], i + 1
            continue
        if cur == 0.0:
            cur_s = i
        cur += values[i]
        if cur > best:
            best, best_e = cur, i + 1
    return out


def _long_words(blocks: list[Block], idx: range) -> set[str]:
    """The distinct words of TOPIC_WORD_CHARS characters or more in the blocks ``idx``, case-folded."""
    out: set[str] = set()
    for i in idx:
        text = blocks[i].text
        if text.isascii():  # the words without a regular expression, as features.Features reads them
            words = text.encode().translate(ASCII_NON_WORD).decode().lower().split()
        else:
            words = word_tokens(text.lower())
        out.update(words)
    return {w for w in out if len(w) >= TOPIC_WORD_CHARS}


def _features(page: Page, s: int, e: int, below: bool, gap: Gap, story: float) -> tuple[float, ...]:
    """The run's features but the last COSTLY ones."""
    blocks, feats, raw = page.blocks, page.feats, page.raw
    idx = range(s, e)
    k = e - s
    prose = [i for i in idx if raw[i] > 0]
    weight = sum(raw[i] for i in prose)
    teasers = sum(1 for i in prose if i and raw[i - 1] <= 0 and feats[i - 1].words <= 15 and not feats[i - 1].sentence)
    return (
        math.log1p(weight),
        math.log1p(k),
        len(prose) / k,
        sum(feats[i].stop for i in prose) / len(prose) if prose else 0.0,
        sum(feats[i].sentence for i in idx) / k,
        sum(blocks[i].bullet for i in idx) / k,
        math.log1p(sum(feats[i].words for i in prose) / len(prose)) if prose else 0.0,
        math.log1p(gap.blocks),
        math.log1p(gap.cost),
        math.log1p(gap.decided),
        float(gap.headings),
        1.0 if below else 0.0,
        math.log1p(story),
        weight / (weight + story) if weight + story > 0 else 0.0,
        s / len(blocks),
        sum(i in page.repeated for i in idx) / k,
        teasers / len(prose) if prose else 0.0,
        1.0 if page.floor > 0 else 0.0,
    )


#: The last features of RUN_FEATURES, read only where they can change the choice (``choose``).
COSTLY = 2


def _costly(page: Page, s: int, e: int, vocabulary: set[str], stamped: Callable[[str], bool]) -> tuple[float, float]:
    words = _long_words(page.blocks, range(s, e))
    return (
        len(words & vocabulary) / len(words) if words else 0.0,
        sum(stamped(page.blocks[i].text) for i in range(s, e)) / (e - s),
    )


# --- the learned model -------------------------------------------------------

MODEL_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "runs_model.json")


class Model:
    """Gradient-boosted regression trees over RUN_FEATURES, as ``bench/train_text.py`` stores them:
    the log-odds are ``init`` plus ``rate`` times the sum of the trees' leaf values. A tree is four
    lists by node: split feature (-1 at a leaf), threshold (left when the value is at most it),
    left and right child, and the node's value (every node's, so that a path can be explained)."""

    def __init__(self, data: dict[str, Any]):
        if list(data["features"]) != list(RUN_FEATURES):
            raise ValueError("the stored model was trained on other run features: rerun bench/train_text.py")
        self.init = float(data["init"])
        self.rate = float(data["rate"])
        self.trees = [tuple(t[k] for k in ("feature", "threshold", "left", "right", "value")) for t in data["trees"]]
        self._sum = self._compile(len(RUN_FEATURES))
        self._best = self._compile(len(RUN_FEATURES) - COSTLY)

    def _compile(self, known: int) -> Callable[[Sequence[float]], float]:
        """The trees' sum of leaf values as one Python expression, compiled once: a walk over the
        stored lists costs ten times as much. A split on a feature from ``known`` on, unknown, takes
        the larger of its two branches."""

        def node(tree: tuple, i: int) -> str:
            feature, threshold, left, right, value = tree
            f = feature[i]
            if f < 0:
                return repr(float(value[i]))
            if f >= known:
                return f"max({node(tree, left[i])}, {node(tree, right[i])})"
            return f"({node(tree, left[i])} if x[{int(f)}] <= {float(threshold[i])!r} else {node(tree, right[i])})"

        source = "def total(x):\n    return " + " + ".join(node(t, 0) for t in self.trees) + "\n"
        scope: dict[str, Any] = {}
        exec(compile(source, MODEL_FILE, "exec"), scope)  # source made above from numbers only
        return scope["total"]

    def probability(self, x: Sequence[float]) -> float:
        """The probability that a run with features ``x`` is story."""
        return 1.0 / (1.0 + math.exp(-(self.init + self.rate * self._sum(x))))

    def best_case(self, known: Sequence[float]) -> float:
        """The highest probability over every value of the last COSTLY features, the others being
        ``known`` (at a split on one of those, the better branch)."""
        return 1.0 / (1.0 + math.exp(-(self.init + self.rate * self._best(known))))

    def credit(self, x: Sequence[float]) -> list[float]:
        """Each feature's share of the log-odds for ``x``: each split's change of node value,
        credited to the split's feature (Saabas' attribution)."""
        credit = [0.0] * len(x)
        for feature, threshold, left, right, value in self.trees:
            node = 0
            while (f := feature[node]) >= 0:
                child = left[node] if x[f] <= threshold[node] else right[node]
                credit[f] += self.rate * (value[child] - value[node])
                node = child
        return credit


_MODEL: list[Model] = []


def model() -> Model:
    """The stored model, read on first use."""
    if not _MODEL:
        import json  # here, not at import: the text path's start-up

        with open(MODEL_FILE, encoding="utf-8") as fh:
            _MODEL.append(Model(json.load(fh)))
    return _MODEL[0]


#: Features named in a chosen run's reason.
REASON_FEATURES = 3
