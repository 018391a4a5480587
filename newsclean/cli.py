"""The command line: a thin layer over :func:`newsclean.extract`.

Each command reads its inputs (:mod:`newsclean.read`, :mod:`newsclean.warc`),
hands them to the library (many at once through :mod:`newsclean.batch`) and
writes records (:mod:`newsclean.output`) to stdout or files; diagnostics go
to stderr only. Nothing heavy is imported here, so ``newsclean --version``
and the text path start fast; the commonest call, ``extract FILE...`` with no
option, does not even import click (:mod:`newsclean.entry`, the script's entry
point, runs it). A new command is one more ``@cli.command()`` function below.
"""
from __future__ import annotations

import os
import sys
from typing import Callable, Optional, Tuple

import click

from . import __version__
from .batch import BatchError, Settings, run_batch
from .deadline import DEFAULT_PAGE_TIMEOUT
from .entry import EXIT_SOME_FAILED, report_error, write_records
from .output import FORMATS, RECORD_FIELDS, Formatter, parse_fields
from .model import REMOVED_KINDS
from .pipeline import INPUT_TYPES, extract as extract_article
from .read import DEFAULT_MAX_BYTES

#: Exit status of a batch stopped by Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsclean", message="%(prog)s %(version)s")
def cli() -> None:
    """Turn a raw news page (HTML or a whole-page text dump) into clean JSON.

    \b
    Examples:
      newsclean extract page.html --pretty
      newsclean extract dumps/*.txt | jq -r .title
      newsclean batch pages/ out/ -j 0
      newsclean explain page.txt
      newsclean schema
    """


#: What the inputs are and how large they may be: every reading command has these.
_input_type_option = click.option(
    "--input-type",
    type=click.Choice(INPUT_TYPES),
    default="auto",
    show_default=True,
    help="What the inputs are: detect it, a whole-page text dump, or HTML.",
)
_max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    metavar="N",
    help="Refuse an input (or archive record) larger than N bytes, before or after gunzipping.",
)


def _output_options(command: Callable) -> Callable:
    """The options ``extract`` and ``batch`` share: what the inputs are and what comes out."""
    options = [
        _input_type_option,
        _max_bytes_option,
        click.option(
            "--format",
            "output_format",
            type=click.Choice(FORMATS),
            default="json",
            show_default=True,
            help="json records, or the cleaned story as text or markdown (title line first).",
        ),
        click.option(
            "--fields",
            metavar="NAME,...",
            callback=_parse_fields,
            help=f"Keep only these record keys, in this order (json only): {', '.join(RECORD_FIELDS)}.",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=0),
            default=1,
            show_default=True,
            metavar="N",
            help="Worker processes (0: one per CPU core). Output is the same for any N.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _extraction_options(command: Callable) -> Callable:
    """What to favour and what to keep: the options every extracting command shares."""
    options = [
        click.option("--precision", "favor", flag_value="precision",
                     help="Cut more at the story's edges: less boilerplate, maybe a paragraph less."),
        click.option("--recall", "favor", flag_value="recall",
                     help="Cut less at the story's edges: no paragraph lost, maybe some boilerplate."),
        click.option("--keep", multiple=True, type=click.Choice(REMOVED_KINDS), metavar="KIND",
                     help=f"Keep blocks of KIND in the text instead of removing them (repeatable): "
                          f"{', '.join(REMOVED_KINDS)}."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _parse_fields(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[Tuple[str, ...]]:
    if value is None:
        return None
    try:
        return parse_fields(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _formatter(output_format: str, fields: Optional[Tuple[str, ...]], pretty: bool = False) -> Formatter:
    if output_format != "json" and (fields is not None or pretty):
        raise click.UsageError(f"--{'fields' if fields is not None else 'pretty'} applies to --format json only")
    return Formatter(output_format, fields, pretty)


def _jobs(jobs: int) -> int:
    return jobs or os.cpu_count() or 1


@cli.command()
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option("--url", metavar="URL", help="The page's URL, copied into the record (one input only).")
@click.option("--pretty", is_flag=True, help="Indent the JSON (default: one object per line, JSON Lines).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    metavar="FILE",
    help="Write to FILE instead of stdout; it appears, complete, when extract ends.",
)
@click.option("--force", is_flag=True, help="Let -o replace an existing FILE.")
@_output_options
@_extraction_options
def extract(
    files: Tuple[str, ...],
    url: Optional[str],
    pretty: bool,
    output: Optional[str],
    force: bool,
    input_type: str,
    max_bytes: int,
    output_format: str,
    fields: Optional[Tuple[str, ...]],
    jobs: int,
    favor: Optional[str],
    keep: Tuple[str, ...],
) -> None:
    """Extract the article of each FILE as one record (JSON unless --format says otherwise).

    With no FILE, or when FILE is -, read standard input. Gzipped input is
    inflated. A WARC or WET file (gzipped or not, told by its content) gives
    one record per HTML response or text record, with source FILE#RECORD-ID
    and the record's target URL. Records come out in input order whatever
    -j is; a FILE that cannot be read or extracted is reported on stderr, the
    others are still processed, and the exit status is 1.

    -o FILE refuses to replace an existing FILE unless --force is given; the
    records are written to a temp file beside it and moved into place at the
    end, so FILE is never left half written.

    \b
    Examples:
      newsclean extract page.html --pretty
      newsclean extract dumps/*.txt > articles.jsonl
      newsclean extract -j 0 crawl/*.warc.gz -o articles.jsonl
      curl -s https://example.com/story | newsclean extract --url https://example.com/story
      newsclean extract page.html.gz | jq -r .text
      newsclean extract dumps/*.txt --fields source,title,date | jq -c .
      newsclean extract page.html --format markdown > story.md
      newsclean extract dumps/*.txt --precision --keep tags
    """
    files = files or ("-",)
    if url is not None and len(files) > 1:
        raise click.UsageError("--url applies to one input, but several were given")
    if files.count("-") > 1:
        raise click.UsageError("standard input (-) can be read only once")
    if output is not None and output != "-" and os.path.lexists(output) and not force:
        raise click.BadParameter(f"{output} exists; add --force to replace it", param_hint="'-o'")
    settings = Settings(input_type, max_bytes, url, _formatter(output_format, fields, pretty), extract_article,
                        favor or "balanced", keep)
    write_records(files, settings, _jobs(jobs), output)


@cli.command()
@click.argument("in_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--include", multiple=True, metavar="GLOB",
              help="Take the files matching GLOB as inputs, instead of the usual names (repeatable).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files and folders matching GLOB (repeatable).")
@click.option("--force", is_flag=True, help="Convert every input again, even those already up to date.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no closing summary line.")
@click.option("--cluster", metavar="ADDRESS", callback=lambda ctx, param, value: _cluster(value),
              help="Convert on a Dask cluster instead of -j processes: local:N starts N local workers for the run,"
                   " tcp://HOST:PORT uses a running scheduler (pip install 'newsclean[dask]').")
@click.option("--page-timeout", type=click.FloatRange(min=0), default=DEFAULT_PAGE_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Report a page that takes longer as an error and skip it (0: no limit).")
@_output_options
@_extraction_options
def batch(
    in_dir: str,
    out_dir: str,
    include: Tuple[str, ...],
    exclude: Tuple[str, ...],
    force: bool,
    quiet: bool,
    cluster: Optional[str],
    page_timeout: float,
    input_type: str,
    max_bytes: int,
    output_format: str,
    fields: Optional[Tuple[str, ...]],
    jobs: int,
    favor: Optional[str],
    keep: Tuple[str, ...],
) -> None:
    """Convert every page under IN_DIR into OUT_DIR, mirroring the tree.

    Inputs are found recursively: *.html, *.htm, *.xhtml, *.shtml, *.txt and
    WARC/WET files (*.warc, *.wet), each also gzipped (.gz). A GLOB with a /
    matches the path under IN_DIR, otherwise the file name. OUT_DIR/PATH.json
    is written for each page file, OUT_DIR/PATH.jsonl (one record per line)
    for each WARC/WET file (.txt or .md with --format text or markdown).

    Every output is written to a temp file and moved into place, so a killed
    batch leaves no partial file; run it again and it resumes: inputs already
    converted with the same options and unchanged since (size and mtime, kept
    in OUT_DIR/.newsclean-batch.jsonl) are skipped. OUT_DIR must be new, empty
    or a previous batch's; nothing outside it is written, and nothing is
    deleted but temp files a killed run left in it. An OUT_DIR inside IN_DIR
    is not read as input.

    Failures are listed in OUT_DIR/errors.jsonl ({"file", "error"}, and
    "record" for one record of an archive) and never stop the batch. A progress
    bar shows on a terminal; a summary line goes to stderr at the end. Exit
    status: 0, or 1 when errors.jsonl is not empty, 2 for a usage error, 130
    when interrupted.

    --cluster converts on Dask workers instead (one input file per task,
    largest first; each worker writes its outputs itself), with the same
    outputs, manifest and errors; a worker that dies is replaced and its input
    rerun, and an input that kills its worker every time is listed in
    errors.jsonl. IN_DIR and OUT_DIR must be at the same paths on every worker.

    \b
    Examples:
      newsclean batch pages/ out/ -j 0
      newsclean batch crawl/ out/ --include '*.warc.gz' --exclude 'old/*'
      newsclean batch pages/ out/ --fields source,title,date,text -q
      newsclean batch /shared/crawl /shared/out --cluster tcp://scheduler:8786
      find out -name '*.json' -exec jq -r .title {} +
      jq -c . out/errors.jsonl
    """
    settings = Settings(input_type, max_bytes, None, _formatter(output_format, fields), extract_article,
                        favor or "balanced", keep)
    progress = not quiet and sys.stderr.isatty()
    try:
        summary = run_batch(in_dir, out_dir, settings, include=include, exclude=exclude,
                            jobs=_jobs(jobs), force=force, progress=progress, cluster=cluster,
                            page_timeout=page_timeout or None)
    except BatchError as e:
        raise click.UsageError(str(e)) from None
    except Exception as e:
        if cluster is None:
            raise
        from .cluster import ClusterError  # imported only with --cluster

        if not isinstance(e, ClusterError):
            raise
        report_error(str(e))
        sys.exit(EXIT_SOME_FAILED)
    if not quiet:
        click.echo(summary.line(), err=True)
    if summary.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if summary.failed:
        sys.exit(EXIT_SOME_FAILED)


def _cluster(address: Optional[str]) -> Optional[str]:
    """--cluster: a well-formed address, and distributed installed (checked without loading it otherwise)."""
    if address is None:
        return None
    from .cluster import ClusterError, parse_address, require_distributed

    try:
        parse_address(address)
        require_distributed()
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="'--cluster'") from None
    except ClusterError as e:
        raise click.UsageError(str(e)) from None
    return address


@cli.command()
@click.argument("file", metavar="FILE")
@_input_type_option
@click.option("--url", metavar="URL", help="The page's URL.")
@_max_bytes_option
@click.option("--json", "as_json", is_flag=True,
              help='JSON Lines: {"line", "text", "decision", "reason"} per input line (per block for HTML).')
@_extraction_options
def explain(file: str, input_type: str, url: Optional[str], max_bytes: int, as_json: bool,
            favor: Optional[str], keep: Tuple[str, ...]) -> None:
    """Show why each line of FILE was kept or removed.

    Every line of a text dump (every block of an HTML page), in page order,
    with its decision — "kept", or the kind it was removed as — and the rule
    that decided it (docs/rules.md lists them). The decisions are the ones
    extract makes with the same options. Coloured on a terminal, plain
    labelled columns when piped, JSON Lines with --json.

    \b
    Examples:
      newsclean explain page.txt
      newsclean explain page.html --json | jq -r 'select(.decision != "kept") | .reason' | sort | uniq -c
      newsclean explain page.txt | grep -v ' kept '
    """
    from .explain import decisions
    from .read import InputError, read_input

    try:
        article = extract_article(read_input(file, max_bytes), url=url, input_type=input_type, source=file,
                                  favor=favor or "balanced", keep=keep)
    except InputError as e:
        report_error(str(e))
        sys.exit(EXIT_SOME_FAILED)
    except Exception as e:  # a bug on one page: one line, no traceback
        report_error(f"{file}: internal error: {type(e).__name__}: {e}")
        sys.exit(EXIT_SOME_FAILED)
    rows = list(decisions(article))
    out = sys.stdout
    try:
        if as_json:
            import json

            for d in rows:
                out.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")
        elif out.isatty():
            _explain_rich(rows, article)
        else:
            for d in rows:
                out.write(f"{d.line:>5}  {d.decision:<14} {d.reason:<24} {d.text}\n")
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


#: Colours of the decisions on a terminal.
_STYLE = {"kept": "bold green", "metadata": "cyan", "navigation": "blue", "related": "magenta",
          "ranking": "magenta", "recommendation": "magenta", "tags": "yellow", "widget": "yellow",
          "advertisement": "red", "footer": "blue", "comments": "red", "other": "dim"}


def _explain_rich(rows, article) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("line", justify="right", style="dim")
    table.add_column("decision")
    table.add_column("rule", style="dim")
    table.add_column("text", overflow="fold")
    for d in rows:
        style = _STYLE.get(d.decision, "")
        table.add_row(str(d.line), f"[{style}]{d.decision}[/]", d.reason, d.text if d.kept else f"[dim]{d.text}[/]")
    console = Console()
    console.print(table)
    kept = sum(1 for d in rows if d.kept)
    console.print(f"[bold]{article.title or '(no title)'}[/] — {kept} of {len(rows)} lines kept", highlight=False)


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


def _stdout():
    return sys.stdout.buffer


def main() -> None:
    """Run the click command line (the script's entry point, :func:`newsclean.entry.main`, runs
    ``extract FILE...`` without options itself)."""
    cli(prog_name="newsclean")
