r"""Score extraction on every benchmark corpus (see ../shared/benchmarks/README.md), one row per corpus and half.

    python bench/score.py                                   # text and html on every corpus, both halves
    python bench/score.py --system html --system trafilatura -j 2
    python bench/score.py --system text --corpus dragnet-train --half look --worst 10   # the pages to look at
    python bench/score.py --system text --show 100 --corpus dragnet-train               # gold vs prediction

Each corpus is split once, by a fixed hash of the page id (:func:`half_of`), into a ``look`` half, which
may be read while working, and a ``score`` half, which is only scored: ``--worst`` and ``--show`` refuse
score-half pages. A change to extraction is kept only if it helps the score halves.

Systems: ``text`` renders each page to a whole-page text dump (bench/render.py) and extracts from the
dump; ``text-lynx``, ``text-w3m``, ``text-elinks``, ``text-markdown``, ``text-inscriptis`` and
``text-soup`` do the same from other renderers' output; ``html`` extracts from the page bytes;
``trafilatura`` is the baseline (``include_comments=False``, metadata on); ``dump`` predicts the whole dump;
``oracle`` (and ``oracle-lynx``, ...) keeps exactly the dump lines most of whose shingles are in the gold:
the best any line-level cleaner of that dump can do.

Body columns (F1, P, R, exact) are over the pages with body gold; title, date, author, lang and site are
the share of pages right among those with gold for the field (title: same ``\w+`` tokens after
case-folding; date: same first 10 characters; author: same set of name words; lang: same ISO 639-1 code;
site: same tokens). docs/s is pages per second of extraction time on one core (rendering excluded).
Dumps are cached on disk (``$NEWSCLEAN_BENCH_CACHE``, default ``~/.cache/newsclean-bench``), keyed by the
page bytes and the renderer's version.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _p in (ROOT, ROOT / "bench"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

from render import render  # noqa: E402

from newsclean.decode import decode  # noqa: E402  (needs ROOT on sys.path)

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks"
SHINGLE = 4
_TOKEN = re.compile(r"\w+")


# --- the metric ---------------------------------------------------------------


def tokens(text: str) -> list[str]:
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
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))


def page_scores(predicted: str, gold: str) -> dict[str, float]:
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


def corpus_scores(pages: Sequence[dict[str, float]]) -> dict[str, float]:
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

#: Every corpus in ../shared/benchmarks, in the order the table lists them.
CORPORA = ("scrapinghub", "dragnet-train", "readability", "cleaneval-dev", "postlight", "htmldate")
#: The two halves of each corpus: ``look`` may be read while working, ``score`` is only scored.
HALVES = ("look", "score")
#: Metadata fields scored, and the ground-truth key of each.
META_FIELDS = {"title": "title", "date": "date", "author": "author", "lang": "lang", "site": "site_name"}


def half_of(page_id: str) -> str:
    """The half a page belongs to, fixed once for all by a hash of its id: ``look`` or ``score``."""
    return "look" if hashlib.sha256(page_id.encode("utf-8")).digest()[0] % 2 == 0 else "score"


CACHE_DIR = Path(os.environ.get("NEWSCLEAN_BENCH_CACHE") or Path.home() / ".cache" / "newsclean-bench")


@cache
def _version_of(renderer: str) -> str:
    """A short key that changes when the renderer's output may change."""
    if renderer == "dump":
        parts = [(ROOT / "bench" / "render.py").read_bytes(), (ROOT / "newsclean" / "decode.py").read_bytes()]
        return hashlib.sha1(b"".join(parts)).hexdigest()[:12]
    if renderer in ("lynx", "w3m", "elinks"):
        path = shutil.which(renderer)
        if path is None:
            raise RuntimeError(f"{renderer} is not installed (apt-get install {renderer})")
        st = os.stat(path)
        return f"{st.st_size}-{int(st.st_mtime)}"
    module = {"markdown": "html2text", "soup": "bs4", "inscriptis": "inscriptis"}[renderer]
    try:
        from importlib.metadata import version

        return version({"bs4": "beautifulsoup4"}.get(module, module))
    except Exception:
        return "unknown"


def _cached_render(page: Page, renderer: str, make: Callable[[], str]) -> str:
    """``make()``, cached on disk by the page's bytes and the renderer's version."""
    key = hashlib.sha1(page.raw).hexdigest()[:24]
    path = CACHE_DIR / f"{renderer}-{_version_of(renderer)}" / f"{key}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    text = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time
    return text


@dataclass
class Page:
    """One benchmark page; its decoded HTML and its dumps are computed once, on first use."""

    id: str
    url: str
    gold: str | None  # the article body; None where the corpus has no body gold
    raw: bytes
    corpus: str = "scrapinghub"
    meta: dict[str, str | None] = field(default_factory=dict)  # gold title, date, author, lang, site

    @property
    def half(self) -> str:
        return half_of(self.id)

    @cached_property
    def html(self) -> str:
        return decode(self.raw, is_html=True)[0]

    @cached_property
    def dump(self) -> str:
        return _cached_render(self, "dump", lambda: render(self.raw))

    @cached_property
    def lynx(self) -> str:
        return _cached_render(
            self,
            "lynx",
            lambda: _external_dump(
                ["lynx", "-dump", "-nolist", "-width=80", "-assume_charset=utf-8", "-display_charset=utf-8", "-stdin"],
                self.html,
            ),
        )

    @cached_property
    def w3m(self) -> str:
        return _cached_render(
            self,
            "w3m",
            lambda: _external_dump(
                ["w3m", "-dump", "-cols", "80", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8"], self.html
            ),
        )

    @cached_property
    def elinks(self) -> str:
        """elinks -dump: a third text browser, which also prints each <link> element ("Link: canonical")."""
        return _cached_render(
            self,
            "elinks",
            lambda: _external_dump(
                [
                    "elinks",
                    "-dump",
                    "-dump-width",
                    "80",
                    "-no-references",
                    "-no-numbering",
                    "-dump-charset",
                    "utf-8",
                    "-force-html",
                ],
                self.html,
            ),
        )

    @cached_property
    def markdown(self) -> str:
        """The page as Markdown, as html2text writes it by default (wrapped at 78 columns)."""

        def make() -> str:
            try:
                import html2text
            except ImportError:
                raise RuntimeError("html2text is not installed (pip install html2text)") from None
            return html2text.HTML2Text().handle(self.html)

        return _cached_render(self, "markdown", make)

    @cached_property
    def soup(self) -> str:
        """The page's text nodes one per line, as ``BeautifulSoup.get_text("\\n", strip=True)`` gives
        them once scripts and styles are gone: sentences break at every link and emphasis."""

        def make() -> str:
            try:
                from bs4 import BeautifulSoup
            except ImportError:
                raise RuntimeError("beautifulsoup4 is not installed (pip install beautifulsoup4)") from None
            soup = BeautifulSoup(self.html, "lxml")
            for tag in soup(["script", "style", "noscript"]):
                tag.decompose()
            return soup.get_text("\n", strip=True)

        return _cached_render(self, "soup", make)

    @cached_property
    def inscriptis(self) -> str:
        """The page as inscriptis lays it out as text."""

        def make() -> str:
            try:
                import inscriptis
            except ImportError:
                raise RuntimeError("inscriptis is not installed (pip install inscriptis)") from None
            return inscriptis.get_text(self.html)

        return _cached_render(self, "inscriptis", make)


def _external_dump(command: list[str], html: str) -> str:
    """A whole-page dump made by an independent text browser (lynx, w3m or elinks), if installed.

    The text path must not depend on our own renderer's habits; these dumps
    are hard-wrapped and lay out lists and tables their own way.
    """
    if shutil.which(command[0]) is None:
        raise RuntimeError(f"{command[0]} is not installed (apt-get install {command[0]})")
    done = subprocess.run(command, input=html.encode("utf-8"), capture_output=True, timeout=60)
    return done.stdout.decode("utf-8", "replace")


def benchmarks_root(data_dir: Path | None = None) -> Path:
    """The benchmarks directory (the one holding ``scrapinghub/`` and the other corpora)."""
    data_dir = Path(data_dir) if data_dir else DEFAULT_DATA
    return data_dir.parent if (data_dir / "ground-truth.json").is_file() else data_dir


def benchmark_dir(data_dir: Path | None = None, corpus: str = "scrapinghub") -> Path:
    """The folder of ``corpus``, given the benchmarks directory (or a corpus folder beside it)."""
    return benchmarks_root(data_dir) / corpus


def available_corpora(data_dir: Path | None = None) -> list[str]:
    """The corpora of :data:`CORPORA` present under the benchmarks directory."""
    return [c for c in CORPORA if (benchmark_dir(data_dir, c) / "ground-truth.json").is_file()]


def load_pages(
    data_dir: Path | None = None,
    limit: int | None = None,
    corpus: str = "scrapinghub",
    half: str | None = None,
) -> list[Page]:
    """The pages of ``corpus`` in id order (only those of ``half`` if given), the first ``limit`` of them."""
    bench = benchmark_dir(data_dir, corpus)
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    ids = [i for i in sorted(truth) if half is None or half_of(i) == half][:limit]
    return [
        Page(
            id=i,
            url=truth[i].get("url") or "",
            gold=truth[i].get("articleBody"),
            raw=gzip.decompress((bench / "html" / f"{i}.html.gz").read_bytes()),
            corpus=corpus,
            meta={name: truth[i].get(key) for name, key in META_FIELDS.items()},
        )
        for i in ids
    ]


# --- metadata matching --------------------------------------------------------


def _words(text: str | None) -> list[str]:
    return tokens((text or "").casefold())


#: Words that join names in a byline ("A and B"): not part of any name.
_NAME_JOINERS = frozenset({"and", "und", "et", "y", "e", "og", "en", "i"})


def meta_matches(field_name: str, predicted: Any, gold: str | None) -> bool | None:
    """Whether a predicted metadata value matches the gold; None when there is no gold for it."""
    if gold is None or gold == "":
        return None
    if predicted is None or predicted == "" or predicted == []:
        return False
    if field_name == "date":
        return str(predicted)[:10] == gold[:10]
    if field_name == "author":
        names = " ".join(predicted) if isinstance(predicted, (list, tuple)) else str(predicted)
        return set(_words(names)) - _NAME_JOINERS == set(_words(gold)) - _NAME_JOINERS
    if field_name == "lang":
        return str(predicted).lower()[:2] == gold.lower()[:2]
    return _words(str(predicted)) == _words(gold)


# --- the systems --------------------------------------------------------------

#: What a system gives for a page: "text", and where it finds them "title", "date", "author", "lang", "site".
Prediction = dict[str, Any]


def _from_article(article) -> Prediction:
    return {
        "text": article.text,
        "title": article.title,
        "date": article.date,
        "author": article.authors,
        "lang": article.language,
        "site": article.site_name,
    }


def _newsclean_text_of(attribute: str) -> Callable[[Page], Prediction]:
    def run(page: Page) -> Prediction:
        import newsclean

        return _from_article(newsclean.extract(getattr(page, attribute), input_type="text"))

    return run


def _newsclean_html(page: Page) -> Prediction:
    import newsclean

    return _from_article(newsclean.extract(page.raw, input_type="html", url=page.url or None))


def _trafilatura(page: Page) -> Prediction:
    import trafilatura

    # Raw bytes, as newsclean gets them: both systems pay for decoding.
    out = trafilatura.extract(
        page.raw, url=page.url or None, output_format="json", with_metadata=True, include_comments=False
    )
    found = json.loads(out) if out else {}
    authors = [a.strip() for a in (found.get("author") or "").split(";") if a.strip()]
    return {
        "text": found.get("text") or "",
        "title": found.get("title"),
        "date": found.get("date"),
        "author": authors,
        "lang": found.get("language"),
        "site": found.get("sitename") or found.get("source-hostname"),
    }


def oracle_lines(dump: str, gold: str) -> str:
    """The dump's lines most of whose shingles are in ``gold`` (a line of fewer than four words: that
    run of words appears in ``gold``): the best a cleaner that keeps or drops whole lines can do."""
    gold_tokens = tokens(gold)
    gold_shingles = set(shingles(gold))
    short = {tuple(gold_tokens[i : i + n]) for n in range(1, SHINGLE) for i in range(len(gold_tokens) - n + 1)}
    kept = []
    for line in dump.splitlines():
        toks = tokens(line)
        if not toks:
            continue
        if len(toks) < SHINGLE:
            if tuple(toks) in short:
                kept.append(line)
            continue
        runs = [tuple(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1)]
        if sum(r in gold_shingles for r in runs) * 2 > len(runs):
            kept.append(line)
    return "\n".join(kept)


def _oracle_of(attribute: str) -> Callable[[Page], Prediction]:
    def run(page: Page) -> Prediction:
        return {"text": oracle_lines(getattr(page, attribute), page.gold or "")}

    return run


@dataclass(frozen=True)
class System:
    run: Callable[[Page], Prediction]
    needs: str  # the Page property prepared before the clock starts
    timed: bool = True  # False when there is no extraction call to time


#: The dump shapes the text path is scored on: system suffix -> Page property.
RENDERERS = {
    "": "dump",
    "-lynx": "lynx",
    "-w3m": "w3m",
    "-elinks": "elinks",
    "-markdown": "markdown",
    "-inscriptis": "inscriptis",
    "-soup": "soup",
}

SYSTEMS: dict[str, System] = {
    "html": System(_newsclean_html, "raw"),
    "trafilatura": System(_trafilatura, "raw"),
    "dump": System(lambda page: {"text": page.dump}, "dump", timed=False),
}
for _suffix, _attribute in RENDERERS.items():
    # lynx / w3m / elinks need the browser installed; markdown, soup and inscriptis need
    # html2text, beautifulsoup4 and inscriptis (the first two are in the test extras).
    SYSTEMS["text" + _suffix] = System(_newsclean_text_of(_attribute), _attribute)
    SYSTEMS["oracle" + _suffix] = System(_oracle_of(_attribute), _attribute, timed=False)


#: The systems that give metadata (a page they fail on counts as wrong on every field).
_META_SYSTEMS = frozenset(n for n in SYSTEMS if n == "html" or n == "trafilatura" or n.startswith("text"))


def predict(name: str, page: Page) -> Prediction | None:
    """System ``name``'s prediction for ``page``; None (reported on stderr) if it raises."""
    try:
        return SYSTEMS[name].run(page)
    except Exception as exc:  # a crash on one page must not stop the benchmark
        print(f"{name}: {page.corpus}/{page.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None


_WARMED: set = set()


def _run_page(job: tuple[str, Page]) -> dict[str, Any]:
    """Score one page with one system: its body scores, metadata matches and extraction time."""
    name, page = job
    system = SYSTEMS[name]
    with contextlib.suppress(Exception):  # predict reports it
        getattr(page, system.needs)  # read, decode or render outside the timing
    if name not in _WARMED:  # lazy imports are a start-up cost, not a per-document one
        _WARMED.add(name)
        with contextlib.suppress(Exception):
            system.run(page)
    start = time.perf_counter()
    predicted = predict(name, page)
    elapsed = time.perf_counter() - start
    row: dict[str, Any] = {
        "id": page.id,
        "corpus": page.corpus,
        "half": page.half,
        "elapsed": elapsed,
        "error": predicted is None,
    }
    predicted = predicted or {"text": ""}
    if page.gold is not None:
        row.update(page_scores(predicted.get("text") or "", page.gold))
    for field_name in META_FIELDS:
        # A system that does not look for a field (the oracle, the whole dump) is not judged on it.
        if field_name in predicted or (row["error"] and name in _META_SYSTEMS):
            row[field_name] = meta_matches(field_name, predicted.get(field_name), page.meta.get(field_name))
    return row


def run_pages(name: str, pages: Sequence[Page], jobs: int = 1) -> list[dict[str, Any]]:
    """:func:`_run_page` over ``pages``, in order, with ``jobs`` processes (0 = one per core)."""
    jobs = jobs or os.cpu_count() or 1
    work = [(name, page) for page in pages]
    if jobs == 1 or len(work) < 2:
        return [_run_page(w) for w in work]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return pool.map(_run_page, work, chunksize=4)


def summarise(name: str, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Corpus figures of :func:`run_pages` rows: body scores, metadata rates, docs/s and errors."""
    body = [r for r in rows if "f1" in r]
    result: dict[str, Any] = {"system": name, "pages": len(rows)}
    if body:
        result.update(corpus_scores(body))
    result["pages"] = len(rows)
    result["body_pages"] = len(body)
    for field_name in META_FIELDS:
        judged = [r[field_name] for r in rows if r.get(field_name) is not None]
        result[field_name] = sum(judged) / len(judged) if judged else None
        result[field_name + "_pages"] = len(judged)
    elapsed = sum(r["elapsed"] for r in rows)
    result["docs_per_s"] = len(rows) / elapsed if SYSTEMS[name].timed and elapsed > 0 else None
    result["errors"] = sum(r["error"] for r in rows)
    result["per_page"] = list(rows)
    return result


def score_system(
    name: str,
    data_dir: Path | None = None,
    limit: int | None = None,
    pages: list[Page] | None = None,
    jobs: int = 1,
) -> dict:
    """Score system ``name`` on ``pages`` (default: ScrapingHub): body F1/P/R/exact, metadata rates,
    ``docs_per_s``, ``errors`` and ``per_page``.

    A page whose extraction raises counts as an empty prediction and in ``errors``.
    """
    if pages is None:
        pages = load_pages(data_dir, limit)
    return summarise(name, run_pages(name, pages, jobs))


def score_table(
    systems: Iterable[str],
    corpora: Iterable[str],
    halves: Iterable[str] = HALVES,
    data_dir: Path | None = None,
    limit: int | None = None,
    jobs: int = 1,
) -> list[dict]:
    """One result per system, corpus and half (and pooled ``all`` halves when both are asked)."""
    halves = list(halves)
    results = []
    for corpus in corpora:
        pages = [p for p in load_pages(data_dir, None, corpus) if p.half in halves][:limit]
        for name in systems:
            if (name.startswith("oracle") or name == "dump") and pages and pages[0].gold is None:
                continue  # nothing to score without body gold
            rows = run_pages(name, pages, jobs)
            for half in halves:
                result = summarise(name, [r for r in rows if r["half"] == half])
                results.append({"corpus": corpus, "half": half, **result})
    return results


# --- the command line ---------------------------------------------------------


def _fmt(value: float | None, width: int = 6) -> str:
    return f"{value:{width}.3f}" if value is not None else f"{'-':>{width}}"


def _table(results: list[dict]) -> str:
    rows = [
        f"{'system':<16} {'corpus':<14} {'half':<5} {'pages':>5} {'F1':>6} {'P':>6} {'R':>6} {'exact':>6}"
        f" {'title':>6} {'date':>6} {'author':>6} {'lang':>6} {'site':>6} {'docs/s':>7}"
    ]
    for r in results:
        speed = f"{r['docs_per_s']:7.1f}" if r.get("docs_per_s") else f"{'-':>7}"
        rows.append(
            f"{r['system']:<16} {r.get('corpus', ''):<14} {r.get('half', ''):<5} {r['pages']:>5}"
            f" {_fmt(r.get('f1'))} {_fmt(r.get('precision'))} {_fmt(r.get('recall'))} {_fmt(r.get('exact'))}"
            f" {_fmt(r.get('title'))} {_fmt(r.get('date'))} {_fmt(r.get('author'))} {_fmt(r.get('lang'))}"
            f" {_fmt(r.get('site'))} {speed}"
        )
    return "\n".join(rows)


def _worst(result: dict, n: int) -> list[dict]:
    scored = [p for p in result["per_page"] if "f1" in p]
    return sorted(scored, key=lambda p: (p["f1"], p["id"]))[:n]


def _show(page_id: str, systems: list[str], corpus: str, data_dir: Path | None) -> None:
    matches = [p for p in load_pages(data_dir, corpus=corpus) if p.id.startswith(page_id)]
    exact = [p for p in matches if p.id == page_id]
    matches = exact or matches
    if len(matches) != 1:
        sys.exit(f"--show {page_id}: {len(matches)} pages of {corpus} match")
    page = matches[0]
    if page.half != "look":
        sys.exit(f"--show {page_id}: {corpus}/{page.id} is in the score half, which is only scored, never read")
    print(f"=== {corpus}/{page.id}  {page.url}\n--- gold\n{page.gold}\n--- gold metadata {page.meta}")
    for name in systems:
        predicted = predict(name, page)
        s = page_scores((predicted or {}).get("text") or "", page.gold or "")
        print(f"--- {name}  P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}")
        if predicted is None:
            print("(extraction raised)")
            continue
        print({k: v for k, v in predicted.items() if k != "text"})
        print((predicted.get("text") or "").rstrip("\n"))
        if name.startswith("text"):
            attribute = SYSTEMS[name].needs
            print(f"--- {attribute} (the input of {name})\n{getattr(page, attribute)}", end="")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--system",
        action="append",
        choices=sorted(SYSTEMS),
        help="system to score (repeatable; default: text and html)",
    )
    ap.add_argument(
        "--corpus", action="append", choices=CORPORA, help="corpus to score (repeatable; default: every corpus present)"
    )
    ap.add_argument(
        "--half",
        choices=("look", "score", "both"),
        default="both",
        help="which half of each corpus to score (default: both, each on its own row)",
    )
    ap.add_argument(
        "--data", type=Path, default=None, metavar="DIR", help=f"benchmarks directory (default: {DEFAULT_DATA})"
    )
    ap.add_argument("--limit", type=int, default=None, metavar="N", help="score only the first N pages of each corpus")
    ap.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="processes (default 1; 0 = one per core); docs/s is per core either way",
    )
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument(
        "--worst",
        type=int,
        default=0,
        metavar="N",
        help="list the N worst look-half pages of each system and corpus by page F1",
    )
    ap.add_argument(
        "--show",
        metavar="ID",
        help="print gold vs prediction for one look-half page of --corpus (an id prefix will do)",
    )
    args = ap.parse_args(argv)
    systems = args.system or ["text", "html"]
    corpora = args.corpus or available_corpora(args.data)
    if not corpora:
        sys.exit(f"no benchmark corpus found under {args.data or DEFAULT_DATA}")
    if args.show:
        if len(corpora) != 1:
            sys.exit("--show needs one --corpus")
        _show(args.show, systems, corpora[0], args.data)
        return
    halves = HALVES if args.half == "both" else (args.half,)
    if args.worst and "look" not in halves:
        sys.exit("--worst lists look-half pages only: use --half look or both")
    results = score_table(systems, corpora, halves, args.data, args.limit, args.jobs)
    if args.json:
        figures = [
            {k: v for k, v in r.items() if k != "per_page"}
            | ({"worst": _worst(r, args.worst)} if args.worst and r["half"] == "look" else {})
            for r in results
        ]
        print(json.dumps(figures, indent=2))
        return
    print(_table(results))
    for r in results:
        if r["errors"]:
            print(f"{r['system']} {r['corpus']} {r['half']}: {r['errors']} pages raised, scored as empty (see stderr)")
    if args.worst:
        for r in results:
            if r["half"] != "look" or "f1" not in r:
                continue
            print(f"\nworst {args.worst} look-half pages of {r['system']} on {r['corpus']}:")
            for p in _worst(r, args.worst):
                print(f"  {p['id']}  F1={p['f1']:.3f}  P={p['precision']:.3f}  R={p['recall']:.3f}")


if __name__ == "__main__":
    main()
