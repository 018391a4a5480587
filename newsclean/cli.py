"""The command line: a thin layer over :func:`newsclean.extract`.

Each command reads its inputs (:mod:`newsclean.read`), hands them to the
library and writes JSON to stdout; diagnostics go to stderr only. Nothing
heavy is imported here, so ``newsclean --version`` and the text path start
fast. A new command is one more ``@cli.command()`` function below.
"""
from __future__ import annotations

import json
import sys
from typing import Optional, Tuple

import click

from . import __version__
from .pipeline import INPUT_TYPES, extract as extract_article
from .read import DEFAULT_MAX_BYTES, InputError, display_name, read_input

#: Exit status when some input gave no record (click uses 2 for usage errors).
EXIT_SOME_FAILED = 1


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsclean", message="%(prog)s %(version)s")
def cli() -> None:
    """Turn a raw news page (HTML or a whole-page text dump) into clean JSON.

    \b
    Examples:
      newsclean extract page.html --pretty
      newsclean extract dumps/*.txt | jq -r .title
      newsclean schema
    """


@cli.command()
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option(
    "--input-type",
    type=click.Choice(INPUT_TYPES),
    default="auto",
    show_default=True,
    help="What the inputs are: detect it, a whole-page text dump, or HTML.",
)
@click.option("--url", metavar="URL", help="The page's URL, copied into the record (one input only).")
@click.option("--pretty", is_flag=True, help="Indent the JSON (default: one object per line, JSON Lines).")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    metavar="N",
    help="Refuse an input larger than N bytes, before or after gunzipping.",
)
def extract(files: Tuple[str, ...], input_type: str, url: Optional[str], pretty: bool, max_bytes: int) -> None:
    """Extract the article of each FILE as one JSON record.

    With no FILE, or when FILE is -, read standard input. Gzipped input is
    inflated. Records come out in input order; a FILE that cannot be read or
    extracted is reported on stderr, the others are still processed, and the
    exit status is 1.

    \b
    Examples:
      newsclean extract page.html --pretty
      newsclean extract dumps/*.txt > articles.jsonl
      curl -s https://example.com/story | newsclean extract --url https://example.com/story
      newsclean extract page.html.gz | jq -r .text
    """
    files = files or ("-",)
    if url is not None and len(files) > 1:
        raise click.UsageError("--url applies to one input, but several were given")
    if files.count("-") > 1:
        raise click.UsageError("standard input (-) can be read only once")
    failed = False
    for path in files:
        record = _record(path, max_bytes, url=url, input_type=input_type)
        if record is None:
            failed = True
        else:
            _write_json(record, pretty)
    if failed:
        sys.exit(EXIT_SOME_FAILED)


@cli.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) that every record follows.

    \b
    Example:
      newsclean schema > article.schema.json
    """
    from importlib.resources import files

    text = (files("newsclean") / "schema" / "article.schema.json").read_text(encoding="utf-8")
    _stdout().write(text.encode("utf-8"))


def _record(path: str, max_bytes: int, **options: Optional[str]) -> Optional[dict]:
    """The record of one input, or None once the reason there is none is on stderr."""
    try:
        return extract_article(read_input(path, max_bytes), source=path, **options).to_dict()
    except InputError as e:
        message = str(e)
    except Exception as e:  # a bug on one page must not lose the others
        message = f"{display_name(path)}: internal error: {type(e).__name__}: {e}"
    _error(message)
    return None


def _write_json(value: object, pretty: bool) -> None:
    """Write one JSON value and a newline as UTF-8, whatever the locale, and flush it.

    A lone surrogate (a file name that is not UTF-8) is written as its JSON
    escape, so the output stays valid UTF-8.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2 if pretty else None)
    out = _stdout()
    out.write(text.encode("utf-8", "backslashreplace") + b"\n")
    out.flush()


def _stdout():
    return click.get_binary_stream("stdout")


def _error(message: str) -> None:
    """Report one failure as a single line on stderr."""
    click.echo(f"newsclean: error: {' '.join(message.split())}", err=True)


def main() -> None:
    """Entry point of the ``newsclean`` script and of ``python -m newsclean``."""
    cli(prog_name="newsclean")
