"""Score article extraction on the ScrapingHub benchmark (see ../shared/benchmarks/README.md).

    python bench/score.py                                   # systems text and html
    python bench/score.py --system dump --system trafilatura
    python bench/score.py --system text --worst 10          # the pages to look at
    python bench/score.py --system text --show 04a6711c     # gold vs prediction (id prefix)

Systems: ``text`` renders each page to a whole-page text dump (bench/render.py)
and extracts from the dump; ``html`` extracts from the page bytes;
``trafilatura`` is the baseline; ``dump`` predicts the whole dump.  docs/s
times the extraction call only: pages are read, decoded and rendered up front.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
for _p in (ROOT, ROOT / "bench"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

from newsclean.decode import decode  # noqa: E402  (needs ROOT on sys.path)
from render import render  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks"
SHINGLE = 4
_TOKEN = re.compile(r"\w+")


# --- the metric ---------------------------------------------------------------


def tokens(text: str) -> List[str]:
    """Every ``\\w+`` match (Unicode) in ``text``."""
    return _TOKEN.findall(text)


def shingles(text: str, n: int = SHINGLE) -> Counter:
    """The multiset of runs of ``n`` consecutive tokens of ``text``.

    A text of fewer than ``n`` tokens is one shingle of all its tokens; a text
    without tokens has no shingles.
    """
    toks = tokens(text)
    if not toks:
        return Counter()
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)))


def page_scores(predicted: str, gold: str) -> Dict[str, float]:
    """tp/fp/fn of one page (normalised by their sum), its precision, recall, F1 and exactness."""
    pred, true = shingles(predicted), shingles(gold)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    if fp == fn == 0:
        precision = recall = 1.0
    else:
        precision = 0.0 if tp == fp == 0 else tp / (tp + fp)
        recall = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": precision,
        "recall": recall,
        "f1": _harmonic(precision, recall),
        "exact": tokens(predicted) == tokens(gold),
    }


def corpus_scores(pages: Sequence[Dict[str, float]]) -> Dict[str, float]:
    """Corpus precision, recall, F1 and exact share from :func:`page_scores` results.

    Precision averages the pages with tp + fp > 0, recall those with tp + fn > 0.
    """
    precisions = [p["precision"] for p in pages if p["tp"] + p["fp"] > 0]
    recalls = [p["recall"] for p in pages if p["tp"] + p["fn"] > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    return {
        "pages": len(pages),
        "f1": _harmonic(precision, recall),
        "precision": precision,
        "recall": recall,
        "exact": sum(bool(p["exact"]) for p in pages) / len(pages) if pages else 0.0,
    }


def _harmonic(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0


# --- the data -----------------------------------------------------------------


@dataclass
class Page:
    """One benchmark page; its decoded HTML and its dump are computed once, on first use."""

    id: str
    url: str
    gold: str
    raw: bytes

    @cached_property
    def html(self) -> str:
        return decode(self.raw, is_html=True)[0]

    @cached_property
    def dump(self) -> str:
        return render(self.raw)

    @cached_property
    def lynx(self) -> str:
        return _external_dump(["lynx", "-dump", "-nolist", "-width=80", "-assume_charset=utf-8",
                               "-display_charset=utf-8", "-stdin"], self.html)

    @cached_property
    def w3m(self) -> str:
        return _external_dump(["w3m", "-dump", "-cols", "80", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8"],
                              self.html)

    @cached_property
    def elinks(self) -> str:
        """elinks -dump: a third text browser, which also prints each <link> element ("Link: canonical")."""
        return _external_dump(["elinks", "-dump", "-dump-width", "80", "-no-references", "-no-numbering",
                               "-dump-charset", "utf-8", "-force-html"], self.html)

    @cached_property
    def markdown(self) -> str:
        """The page as Markdown, as html2text writes it by default (wrapped at 78 columns)."""
        try:
            import html2text
        except ImportError:
            raise RuntimeError("html2text is not installed (pip install html2text)") from None
        return html2text.HTML2Text().handle(self.html)

    @cached_property
    def soup(self) -> str:
        """The page's text nodes one per line, as ``BeautifulSoup.get_text("\\n", strip=True)`` gives
        them once scripts and styles are gone: sentences break at every link and emphasis."""
        try:
            from bs4 import BeautifulSoup
        except ImportError:
            raise RuntimeError("beautifulsoup4 is not installed (pip install beautifulsoup4)") from None
        soup = BeautifulSoup(self.html, "lxml")
        for tag in soup(["script", "style", "noscript"]):
            tag.decompose()
        return soup.get_text("\n", strip=True)

    @cached_property
    def inscriptis(self) -> str:
        """The page as inscriptis lays it out as text."""
        try:
            import inscriptis
        except ImportError:
            raise RuntimeError("inscriptis is not installed (pip install inscriptis)") from None
        return inscriptis.get_text(self.html)


def _external_dump(command: List[str], html: str) -> str:
    """A whole-page dump made by an independent text browser (lynx, w3m or elinks), if installed.

    The text path must not depend on our own renderer's habits; these dumps
    are hard-wrapped and lay out lists and tables their own way.
    """
    if shutil.which(command[0]) is None:
        raise RuntimeError(f"{command[0]} is not installed (apt-get install {command[0]})")
    done = subprocess.run(command, input=html.encode("utf-8"), capture_output=True, timeout=60)
    return done.stdout.decode("utf-8", "replace")


def benchmark_dir(data_dir: Optional[Path] = None) -> Path:
    """The ``scrapinghub`` directory, given the benchmarks directory or that directory itself."""
    data_dir = Path(data_dir) if data_dir else DEFAULT_DATA
    return data_dir if (data_dir / "ground-truth.json").is_file() else data_dir / "scrapinghub"


def load_pages(data_dir: Optional[Path] = None, limit: Optional[int] = None) -> List[Page]:
    """The benchmark pages in id order, the first ``limit`` of them if given."""
    bench = benchmark_dir(data_dir)
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit]
    return [
        Page(
            id=i,
            url=truth[i].get("url") or "",
            gold=truth[i]["articleBody"],
            raw=gzip.decompress((bench / "html" / f"{i}.html.gz").read_bytes()),
        )
        for i in ids
    ]


# --- the systems --------------------------------------------------------------


def _newsclean_text(page: Page) -> str:
    import newsclean

    return newsclean.extract(page.dump, input_type="text").text


def _newsclean_text_of(attribute: str) -> Callable[[Page], str]:
    def run(page: Page) -> str:
        import newsclean

        return newsclean.extract(getattr(page, attribute), input_type="text").text

    return run


def _newsclean_html(page: Page) -> str:
    import newsclean

    return newsclean.extract(page.raw, input_type="html", url=page.url).text


def _trafilatura(page: Page) -> str:
    import trafilatura

    # Raw bytes, as newsclean gets them: both systems pay for decoding.
    text = trafilatura.extract(page.raw, url=page.url, with_metadata=True) or ""
    # with_metadata puts a YAML header before the text; the benchmark scores the body only.
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        text = text[end + 5:] if end >= 0 else text
    return text


@dataclass(frozen=True)
class System:
    run: Callable[[Page], str]
    needs: str  # the Page property prepared before the clock starts
    timed: bool = True  # False when there is no extraction call to time


SYSTEMS: Dict[str, System] = {
    "text": System(_newsclean_text, "dump"),
    "html": System(_newsclean_html, "raw"),
    "trafilatura": System(_trafilatura, "raw"),
    "dump": System(lambda page: page.dump, "dump", timed=False),
    # The text path on dumps from independent renderers (need lynx / w3m / elinks installed).
    "text-lynx": System(_newsclean_text_of("lynx"), "lynx"),
    "text-w3m": System(_newsclean_text_of("w3m"), "w3m"),
    "text-elinks": System(_newsclean_text_of("elinks"), "elinks"),
    # ... and on Markdown (html2text) and inscriptis' text (pip install html2text inscriptis).
    "text-markdown": System(_newsclean_text_of("markdown"), "markdown"),
    "text-inscriptis": System(_newsclean_text_of("inscriptis"), "inscriptis"),
    # ... and on a page's text nodes one per line (BeautifulSoup, in the test extras).
    "text-soup": System(_newsclean_text_of("soup"), "soup"),
}


def predict(name: str, page: Page) -> Optional[str]:
    """System ``name``'s prediction for ``page``; None (reported on stderr) if it raises."""
    try:
        return SYSTEMS[name].run(page)
    except Exception as exc:  # a crash on one page must not stop the benchmark
        print(f"{name}: {page.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None


def score_system(
    name: str,
    data_dir: Optional[Path] = None,
    limit: Optional[int] = None,
    pages: Optional[List[Page]] = None,
) -> dict:
    """Score system ``name``: the corpus figures, ``docs_per_s``, ``errors`` and ``per_page``.

    A page whose extraction raises counts as an empty prediction and in ``errors``.
    Pass ``pages`` (from :func:`load_pages`) to reuse pages already read and rendered.
    """
    system = SYSTEMS[name]
    if pages is None:
        pages = load_pages(data_dir, limit)
    for page in pages:
        getattr(page, system.needs)  # read, decode or render outside the timing
    if pages:
        try:  # warm up: lazy imports are a start-up cost, not a per-document one
            system.run(pages[0])
        except Exception:
            pass  # reported when the page is scored below
    per_page, elapsed, errors = [], 0.0, 0
    for page in pages:
        start = time.perf_counter()
        predicted = predict(name, page)
        elapsed += time.perf_counter() - start
        errors += predicted is None
        per_page.append({"id": page.id, **page_scores(predicted or "", page.gold)})
    result = {"system": name, **corpus_scores(per_page)}
    result["docs_per_s"] = len(pages) / elapsed if system.timed and elapsed > 0 else None
    result["errors"] = errors
    result["per_page"] = per_page
    return result


# --- the command line ---------------------------------------------------------


def _table(results: List[dict]) -> str:
    rows = [f"{'system':<15} {'pages':>5} {'F1':>6} {'P':>6} {'R':>6} {'exact':>6} {'docs/s':>8}"]
    for r in results:
        speed = f"{r['docs_per_s']:8.1f}" if r["docs_per_s"] else f"{'-':>8}"
        rows.append(
            f"{r['system']:<15} {r['pages']:>5} {r['f1']:6.3f} {r['precision']:6.3f}"
            f" {r['recall']:6.3f} {r['exact']:6.3f} {speed}"
        )
    return "\n".join(rows)


def _worst(result: dict, n: int) -> List[dict]:
    return sorted(result["per_page"], key=lambda p: (p["f1"], p["id"]))[:n]


def _show(page_id: str, systems: List[str], data_dir: Optional[Path]) -> None:
    matches = [p for p in load_pages(data_dir) if p.id.startswith(page_id)]
    if len(matches) != 1:
        sys.exit(f"--show {page_id}: {len(matches)} pages match")
    page = matches[0]
    print(f"=== {page.id}  {page.url}\n--- gold\n{page.gold}")
    for name in systems:
        predicted = predict(name, page)
        s = page_scores(predicted or "", page.gold)
        print(f"--- {name}  P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}")
        print("(extraction raised)" if predicted is None else predicted.rstrip("\n"))
        if name == "text":
            print(f"--- dump (the input of {name})\n{page.dump}", end="")


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--system", action="append", choices=sorted(SYSTEMS),
                    help="system to score (repeatable; default: text and html)")
    ap.add_argument("--data", type=Path, default=None, metavar="DIR",
                    help=f"benchmarks directory (default: {DEFAULT_DATA})")
    ap.add_argument("--limit", type=int, default=None, metavar="N",
                    help="score only the first N pages")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--worst", type=int, default=0, metavar="N",
                    help="list the N worst pages of each system by page F1")
    ap.add_argument("--show", metavar="ID",
                    help="print gold vs prediction for one page (an id prefix will do)")
    args = ap.parse_args(argv)
    systems = args.system or ["text", "html"]
    if not (benchmark_dir(args.data) / "ground-truth.json").is_file():
        sys.exit(f"benchmark not found under {args.data or DEFAULT_DATA}")
    if args.show:
        _show(args.show, systems, args.data)
        return

    pages = load_pages(args.data, args.limit)
    results = [score_system(name, pages=pages) for name in systems]
    if args.json:
        figures = [
            {k: v for k, v in r.items() if k != "per_page"}
            | ({"worst": _worst(r, args.worst)} if args.worst else {})
            for r in results
        ]
        print(json.dumps(figures, indent=2))
        return
    print(_table(results))
    for r in results:
        if r["errors"]:
            print(f"{r['system']}: {r['errors']} pages raised, scored as empty (see stderr)")
    if args.worst:
        for r in results:
            print(f"\nworst {args.worst} pages of {r['system']}:")
            for p in _worst(r, args.worst):
                print(f"  {p['id']}  F1={p['f1']:.3f}  P={p['precision']:.3f}  R={p['recall']:.3f}")


if __name__ == "__main__":
    main()
