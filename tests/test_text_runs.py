"""Rule ``more-story``: runs of prose outside the story region, weighed by the learned model
(newsclean/text/runs.py, trained by bench/train_text.py)."""

from __future__ import annotations

import math

import pytest

import newsclean
from newsclean.text import classify, runs

LEAD = [
    "The city council voted on Tuesday to expand the riverside tram line, a decision that follows two years "
    "of debate about the cost of the project and its effect on the neighbourhoods along the water.",
    "Supporters of the tram line said the expansion would connect the eastern districts with the centre and "
    "cut the time of the average commute by a third, according to the council's own estimates.",
    "Opponents of the plan argued that the council had underestimated the cost of the tram line and that the "
    "money would be better spent on buses, which can change their routes as the city grows.",
    "The council expects construction of the tram line to begin next spring, and the first trams to run on "
    "the new section two years later, if the contracts are signed on time.",
]
REST = [
    "Residents of the riverside districts who spoke at the meeting were divided about the tram line, and "
    "several of them asked the council to publish the full estimates of the cost before the contracts are signed.",
    "The mayor said that the council would publish the estimates next month and that the tram line would be "
    "reviewed again if the cost of the construction rose by more than a tenth.",
    "The council will hold a public meeting about the tram line in each of the riverside districts before the "
    "end of the year, the mayor said.",
    "Work on the riverside tram line will close two bridges for several months, and the council has promised "
    "to run extra buses across the river while the bridges are closed to traffic.",
    "Business owners along the river said they hoped the tram line would bring more customers, but several of "
    "them worried about the months of construction in front of their shops.",
]
#: A gallery between share bars: lines local rules decide, so bridge-wall does not read across them.
WALL = (
    ["Share on Facebook", "Share on Twitter", "Share by email"]
    + [f"Photo {i} of 12" for i in range(1, 13)]
    + ["Share on Facebook", "Share on Twitter"]
)
PAGE = (
    ["Home > News > City", "Council votes to expand the riverside tram line", "By Jane Doe", "May 4, 2025"]
    + LEAD
    + WALL
    + REST
    + ["Related", "- Tram fares rise in January", "- New bridge opens", "© 2025 City News. All rights reserved."]
)


def _decisions(art) -> dict[str, tuple[str, str]]:
    return {b.text: (b.decision, b.reason) for b in art.blocks}


def test_a_story_split_by_a_gallery_keeps_both_parts():
    art = newsclean.extract("\n".join(PAGE), input_type="text")
    assert art.paragraphs == LEAD + REST
    assert art.title == "Council votes to expand the riverside tram line"
    reasons = [_decisions(art)[p][1] for p in LEAD + REST]
    joined = [r for r in reasons if r.startswith("more-story: p ")]
    assert joined, reasons  # one part is the story region, the other joined by the rule
    assert all(_decisions(art)[w][0] != "kept" for w in WALL)


def test_without_the_rule_one_part_is_lost(monkeypatch):
    monkeypatch.setattr(classify, "choose_runs", lambda page, stamped: [])
    art = newsclean.extract("\n".join(PAGE), input_type="text")
    assert art.paragraphs in (LEAD, REST)


def test_the_reason_names_the_probability_and_the_evidence():
    art = newsclean.extract("\n".join(PAGE), input_type="text")
    reason = next(b.reason for b in art.blocks if b.reason.startswith("more-story"))
    head, names = reason.split(" (")
    assert 0.5 < float(head.split("p ")[1]) <= 1.0
    assert set(names.rstrip(")").split(", ")) <= set(runs.RUN_FEATURES)


def test_explain_shows_what_extract_decides():
    data = "\n".join(PAGE)
    art = newsclean.extract(data, input_type="text")
    rows = [(d.decision, d.reason) for d in newsclean.explain(data, input_type="text")]
    assert rows == [(b.decision, b.reason) for b in art.blocks]  # one line per block here
    assert any(reason.startswith("more-story") for _, reason in rows)


def test_no_run_is_read_across_a_comments_heading():
    """Comments stay a hard barrier: prose below the heading never joins the story, however alike."""
    art = newsclean.extract("\n".join(PAGE[:-4] + ["Comments"] + LEAD[:2] + ["Related"]), input_type="text")
    decisions = [(b.decision, b.reason) for b in art.blocks]
    below = decisions[decisions.index(("comments", "section-heading")) + 1 :]
    assert all(d != "kept" for d, _ in below)


def _x(seed: int) -> list[float]:
    """A run's features, varied deterministically over plausible ranges."""
    return [
        ((seed * 7919 + k * 104729) % 1000) / 1000 * (6.0 if k in (0, 1, 6, 7, 8, 9, 12) else 1.0)
        for k in range(len(runs.RUN_FEATURES))
    ]


@pytest.mark.parametrize("seed", range(40))
def test_the_compiled_trees_agree_with_the_stored_ones(seed):
    """The probability (compiled trees) equals the stored trees walked by hand: the log-odds are
    init + rate * (the roots' values) + every feature's credit (Saabas' attribution sums exactly)."""
    model = runs.model()
    x = _x(seed)
    roots = sum(tree[4][0] for tree in model.trees)
    logit = model.init + model.rate * roots + sum(model.credit(x))
    assert model.probability(x) == pytest.approx(1.0 / (1.0 + math.exp(-logit)), abs=1e-12)


@pytest.mark.parametrize("seed", range(40))
def test_the_best_case_bounds_every_costly_value(seed):
    """``choose`` skips a run whose best case fails: no value of the costly features may beat it."""
    model = runs.model()
    x = _x(seed)
    cheap = x[: len(x) - runs.COSTLY]
    bound = model.best_case(cheap)
    for a in (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0):
        for b in (0.0, 0.2, 0.5, 1.0):
            assert model.probability([*cheap, a, b]) <= bound + 1e-12


def test_a_model_of_other_features_is_refused():
    data = {"features": ["prose"], "init": 0.0, "rate": 0.1, "trees": []}
    with pytest.raises(ValueError, match="train_text"):
        runs.Model(data)


def test_candidates_are_runs_outside_the_story_with_every_feature(monkeypatch):
    seen: list = []

    def record(page, stamped):
        seen.extend(runs.candidates(page, stamped))
        return []

    monkeypatch.setattr(classify, "choose_runs", record)
    newsclean.extract("\n".join(PAGE), input_type="text")
    assert seen
    for run in seen:
        assert len(run.features) == len(runs.RUN_FEATURES)
        assert run.start < run.end
