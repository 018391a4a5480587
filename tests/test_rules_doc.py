"""docs/rules.md names every rule that can decide a block.

Runs every fixture (text and HTML), the property-test vocabulary and a few
option variants, collects the ``reason`` of every block, and checks that each
rule name (the part before a ':' or '(' detail) is listed in docs/rules.md.
"""

import re
from pathlib import Path

import newsclean

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"`([a-z][a-z-]*(?: [a-z]+)*)`", DOC))


def _reasons():
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.suffix not in (".txt", ".html"):
            continue
        for favor in ("balanced", "precision", "recall"):
            art = newsclean.extract(path.read_bytes(), favor=favor, keep={"tags"})
            for b in art.blocks:
                yield path.name, b.reason


def test_every_rule_that_decides_a_block_is_documented():
    missing = {}
    for name, reason in _reasons():
        rule = re.split(r"[:(]", reason)[0].strip()
        if rule not in DOCUMENTED:
            missing.setdefault(rule, name)
    assert not missing, f"rules missing from docs/rules.md: {missing}"
