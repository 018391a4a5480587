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
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .batch import BatchError, OutDirError, Settings, run_batch, signals_interrupt
from .deadline import DEFAULT_PAGE_TIMEOUT
from .model import REMOVED_KINDS
from .output import FORMATS, RECORD_FIELDS, Formatter, parse_fields
from .pipeline import INPUT_TYPES
from .pipeline import extract_read as extract_article
from .read import DEFAULT_MAX_BYTES
from .runner import EXIT_SOME_FAILED, quiet_broken_pipe, report_error, write_records

if TYPE_CHECKING:  # for annotations only: these import rich or the extraction code
    from rich.console import Console

    from .explain import Decision
    from .model import Article

#: A click command callback, as the option decorators take and give it.
_Command = TypeVar("_Command", bound=Callable[..., Any])


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


def _output_options(command: _Command) -> _Command:
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


def _extraction_options(command: Callable[..., None]) -> Callable[..., None]:
    """What to favour and what to keep: the options every extracting command shares.

    ``--precision`` and ``--recall`` reach the command as one ``favor``
    argument (``None``, ``"precision"`` or ``"recall"``); given together they
    are a usage error, not "the last one wins".
    """
    import functools

    @functools.wraps(command)
    def with_favor(*args: Any, precision: bool, recall: bool, **kwargs: Any) -> None:
        if precision and recall:
            raise click.UsageError("--precision and --recall cannot be used together")
        return command(*args, favor="precision" if precision else "recall" if recall else None, **kwargs)

    options = [
        click.option(
            "--precision", is_flag=True, help="Cut more at the story's edges: less boilerplate, maybe a paragraph less."
        ),
        click.option(
            "--recall", is_flag=True, help="Cut less at the story's edges: no paragraph lost, maybe some boilerplate."
        ),
        click.option(
            "--keep",
            multiple=True,
            type=click.Choice(REMOVED_KINDS),
            metavar="KIND",
            help=f"Keep blocks of KIND in the text instead of removing them (repeatable): {', '.join(REMOVED_KINDS)}.",
        ),
    ]
    for option in reversed(options):
        with_favor = option(with_favor)
    return with_favor


def _parse_fields(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    try:
        return parse_fields(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _formatter(output_format: str, fields: tuple[str, ...] | None, pretty: bool = False) -> Formatter:
    if output_format != "json" and (fields is not None or pretty):
        raise click.UsageError(f"--{'fields' if fields is not None else 'pretty'} applies to --format json only")
    return Formatter(output_format, fields, pretty)


def _jobs(jobs: int) -> int:
    return jobs or os.cpu_count() or 1


@cli.command()
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option("--url", metavar="URL", help="The page's URL, copied into the record (one input only).")
@click.option(
    "--inputs",
    "inputs_list",
    metavar="LIST",
    help="Also read the inputs listed in LIST (- for stdin): a path or URL a line; "
    "blank lines and lines starting with # are skipped.",
)
@click.option("--pretty", is_flag=True, help="Indent the JSON (default: one object per line, JSON Lines).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    metavar="FILE",
    help="Write to FILE instead of stdout; it appears, complete, when extract ends.",
)
@click.option("--force", is_flag=True, help="Let -o replace an existing FILE.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="For a URL: how long to wait for the server to connect and for each read.",
)
@_output_options
@_extraction_options
def extract(
    files: tuple[str, ...],
    url: str | None,
    inputs_list: str | None,
    pretty: bool,
    output: str | None,
    force: bool,
    timeout: float,
    input_type: str,
    max_bytes: int,
    output_format: str,
    fields: tuple[str, ...] | None,
    jobs: int,
    favor: str | None,
    keep: tuple[str, ...],
) -> None:
    """Extract the article of each FILE as one record (JSON unless --format says otherwise).

    With no FILE, or when FILE is -, read standard input. A FILE that is an
    http:// or https:// URL is fetched (redirects followed; the record's url
    is the final address; --max-bytes and --timeout apply). Gzipped input is
    inflated. A WARC or WET file (gzipped or not, told by its content) gives
    one record per HTML response or text record, with source FILE#RECORD-ID
    and the record's target URL. Records come out in input order whatever
    -j is; a FILE that cannot be read or extracted (an empty one too) is
    reported on stderr, the others are still processed, and the exit status
    is 1 (2 for a usage error; 141, quietly, when the reader of stdout went
    away, as with | head).

    -o FILE refuses to replace an existing FILE unless --force is given; the
    records are written to a temp file beside it and moved into place at the
    end, so FILE is never left half written.

    \b
    Examples:
      newsclean extract page.html --pretty
      newsclean extract https://example.com/story --format text
      newsclean extract --inputs urls.txt -o articles.jsonl
      newsclean extract dumps/*.txt > articles.jsonl
      newsclean extract -j 0 crawl/*.warc.gz -o articles.jsonl
      curl -s https://example.com/story | newsclean extract --url https://example.com/story
      newsclean extract page.html.gz | jq -r .text
      newsclean extract dumps/*.txt --fields source,title,date | jq -c .
      newsclean extract page.html --format markdown > story.md
      newsclean extract dumps/*.txt --precision --keep tags
    """
    if inputs_list is not None:
        if inputs_list == "-" and "-" in files:
            raise click.UsageError("standard input (-) can be read only once: it holds the --inputs list")
        files = files + _read_input_list(inputs_list)
        if not files:
            raise click.BadParameter(f"{inputs_list}: lists no input", param_hint="'--inputs'")
    files = files or ("-",)
    if url is not None and len(files) > 1:
        raise click.UsageError("--url applies to one input, but several were given")
    if files.count("-") > 1:
        raise click.UsageError("standard input (-) can be read only once")
    if output is not None and output != "-" and os.path.lexists(output) and not force:
        raise click.BadParameter(f"{output} exists; add --force to replace it", param_hint="'-o'")
    settings = Settings(
        input_type,
        max_bytes,
        url,
        _formatter(output_format, fields, pretty),
        extract_article,
        favor or "balanced",
        keep,
        timeout,
    )
    write_records(files, settings, _jobs(jobs), output)


class _FolderOrURL(click.Path):
    """A folder, checked as click.Path checks it, or an fsspec URL (s3://...), checked by the batch."""

    def convert(
        self, value: str | os.PathLike[str], param: click.Parameter | None, ctx: click.Context | None
    ) -> str | bytes | os.PathLike[str]:
        from .remote import is_remote

        return value if isinstance(value, str) and is_remote(value) else super().convert(value, param, ctx)


@cli.command()
@click.argument("in_dir", type=_FolderOrURL(exists=True, file_okay=False))
@click.argument("out_dir", type=_FolderOrURL(file_okay=False))
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="Take the files matching GLOB as inputs, instead of the usual names (repeatable).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip files and folders matching GLOB (repeatable; gitignore rules, e.g. 'drafts/').",
)
@click.option("--force", is_flag=True, help="Convert every input again, even those already up to date.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no closing summary line.")
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Follow symbolic links to files outside IN_DIR and to folders (default: such links are"
    " listed in errors.jsonl, links to folders skipped).",
)
@click.option(
    "--inputs",
    "inputs_list",
    metavar="LIST",
    help="Convert the inputs listed in LIST (- for stdin) instead of every file under IN_DIR: a path or URL"
    " a line, relative to IN_DIR or under it; blank lines and lines starting with # are skipped.",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    callback=lambda ctx, param, value: _cluster(value),
    help="Convert on a Dask cluster instead of -j processes: local:N starts N local workers for the run,"
    " tcp://HOST:PORT uses a running scheduler (pip install 'newsclean[dask]').",
)
@click.option(
    "--page-timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_PAGE_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Report a page that takes longer as an error and skip it (0: no limit).",
)
@_output_options
@_extraction_options
def batch(
    in_dir: str,
    out_dir: str,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    force: bool,
    quiet: bool,
    follow_symlinks: bool,
    inputs_list: str | None,
    cluster: str | None,
    page_timeout: float,
    input_type: str,
    max_bytes: int,
    output_format: str,
    fields: tuple[str, ...] | None,
    jobs: int,
    favor: str | None,
    keep: tuple[str, ...],
) -> None:
    """Convert every page under IN_DIR into OUT_DIR, mirroring the tree.

    Inputs are found recursively: *.html, *.htm, *.xhtml, *.shtml, *.txt and
    WARC/WET files (*.warc, *.wet), each also gzipped (.gz). GLOBs follow
    .gitignore rules, case-insensitively: without a / a GLOB matches a name
    at any depth; with one it is anchored at IN_DIR, * staying in one folder
    and ** crossing any number (**/*.html takes the top level too); a
    trailing / matches a folder and all under it (--exclude drafts/); !GLOB
    takes back what an earlier GLOB matched. A batch that finds no input is
    an error (exit 1). OUT_DIR/PATH.json
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
    status: 0, or 1 when errors.jsonl is not empty, 2 for a usage error, 128+N
    when stopped by signal N (130 for Ctrl-C; SIGTERM and SIGHUP stop it the
    same way).

    Symbolic links to files outside IN_DIR, and to folders, are followed only
    with --follow-symlinks; nothing is ever written through a link in OUT_DIR.

    --cluster converts on Dask workers instead (one input file per task,
    largest first; each worker writes its outputs itself), with the same
    outputs, manifest and errors; a worker that dies is replaced and its input
    rerun, and an input that kills its worker every time is listed in
    errors.jsonl. IN_DIR and OUT_DIR must be at the same paths on every worker.

    IN_DIR, OUT_DIR and the entries of --inputs may be fsspec URLs (s3://BUCKET/PREFIX...;
    pip install 'newsclean[dask]'); an output there is uploaded in one piece when written.

    \b
    Examples:
      newsclean batch pages/ out/ -j 0
      newsclean batch crawl/ out/ --include '*.warc.gz' --exclude 'old/*'
      newsclean batch pages/ out/ --fields source,title,date,text -q
      newsclean batch /shared/crawl /shared/out --cluster tcp://scheduler:8786
      newsclean batch s3://bucket/crawl s3://bucket/out --inputs warc.paths --cluster local:4
      find out -name '*.json' -exec jq -r .title {} +
      jq -c . out/errors.jsonl
    """
    _no_jobs_with_cluster(cluster)
    listed = None if inputs_list is None else _read_input_list(inputs_list)
    settings = Settings(
        input_type, max_bytes, None, _formatter(output_format, fields), extract_article, favor or "balanced", keep
    )
    progress = not quiet and sys.stderr.isatty()
    try:
        with signals_interrupt():  # SIGTERM and SIGHUP stop the batch as Ctrl-C does
            summary = run_batch(
                in_dir,
                out_dir,
                settings,
                include=include,
                exclude=exclude,
                jobs=_jobs(jobs),
                force=force,
                progress=progress,
                follow_symlinks=follow_symlinks,
                cluster=cluster,
                page_timeout=page_timeout or None,
                listed=listed,
            )
    except BatchError as e:
        raise click.UsageError(str(e)) from None
    except OutDirError as e:  # OUT_DIR cannot be created or written: one line, nothing done
        report_error(str(e))
        sys.exit(EXIT_SOME_FAILED)
    except Exception as e:
        if cluster is None:
            raise
        from .cluster import ClusterError  # imported only with --cluster

        if not isinstance(e, ClusterError):
            raise
        report_error(str(e))
        sys.exit(EXIT_SOME_FAILED)
    for reason in summary.stopped:  # the disk filled up, or went read-only, partway
        report_error(reason)
    if not quiet:
        click.echo(summary.line(), err=True)
    if summary.interrupted:
        sys.exit(128 + summary.interrupted)
    if summary.stopped:
        sys.exit(EXIT_SOME_FAILED)
    if not summary.inputs:
        report_error(f"{in_dir}: {_nothing_matched(include, exclude)}")
        sys.exit(EXIT_SOME_FAILED)
    if summary.failed:
        sys.exit(EXIT_SOME_FAILED)


def _read_input_list(path: str) -> tuple[str, ...]:
    """The inputs an ``--inputs`` LIST names: one a line, blank lines and ``#`` comments skipped."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as e:
        raise click.BadParameter(f"{path}: {(e.strerror or str(e)).lower()}", param_hint="'--inputs'") from None
    text = data.decode("utf-8", "surrogateescape")  # file names need not be UTF-8
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def _nothing_matched(include: tuple[str, ...], exclude: tuple[str, ...]) -> str:
    """Why a batch found no input, in one line."""
    if include:
        what = "no file matches " + " ".join(f"--include {p!r}" for p in include)
    else:
        what = (
            "no input file found (*.html, *.htm, *.xhtml, *.shtml, *.txt, *.warc, *.wet, or .gz of them;"
            " --include takes other names)"
        )
    if exclude:
        what += " once " + " ".join(f"--exclude {p!r}" for p in exclude) + " is applied"
    return what


def _no_jobs_with_cluster(cluster: str | None) -> None:
    """-j and --cluster together: a usage error (the cluster's workers are the processes; -j was
    silently ignored)."""
    source = click.get_current_context().get_parameter_source("jobs")
    if cluster is not None and getattr(source, "name", "") == "COMMANDLINE":
        raise click.UsageError("-j and --cluster cannot be used together: the cluster's workers do the work (local:N)")


def _cluster(address: str | None) -> str | None:
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
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@_input_type_option
@click.option("--url", metavar="URL", help="The page's URL (one input only).")
@_max_bytes_option
@click.option(
    "--record",
    "record_ids",
    multiple=True,
    metavar="ID",
    help="Of a WARC/WET file, explain only the record with this WARC-Record-ID (repeatable).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='JSON Lines: {"line", "text", "decision", "reason"} per input line (per block for HTML), '
    'plus "source" when several pages are explained.',
)
@_extraction_options
def explain(
    files: tuple[str, ...],
    input_type: str,
    url: str | None,
    max_bytes: int,
    record_ids: tuple[str, ...],
    as_json: bool,
    favor: str | None,
    keep: tuple[str, ...],
) -> None:
    """Show why each line of each FILE was kept or removed.

    Every line of a text dump (every block of an HTML page), in page order,
    with its decision — "kept", or the kind it was removed as — and the rule
    that decided it (docs/rules.md lists them). The decisions are the ones
    extract makes with the same options. Coloured on a terminal, plain
    labelled columns when piped, JSON Lines with --json.

    A WARC or WET file is explained record by record (each page extract
    would give), or only the records named with --record. With several
    pages, each starts with a line "==> SOURCE <==" (in JSON, each line
    carries "source"). A FILE or record that fails is one error line on
    stderr and exit status 1; the others are still explained.

    \b
    Examples:
      newsclean explain page.txt
      newsclean explain page.html --json | jq -r 'select(.decision != "kept") | .reason' | sort | uniq -c
      newsclean explain page.txt | grep -v ' kept '
      newsclean explain crawl.warc.gz --record urn:uuid:3f1c…
    """
    if url is not None and len(files) > 1:
        raise click.UsageError("--url applies to one input, but several were given")
    if files.count("-") > 1:
        raise click.UsageError("standard input (-) can be read only once")
    from .explain import decisions

    options = {"favor": favor or "balanced", "keep": keep}
    pages = _explain_pages(files, input_type, url, max_bytes, record_ids, options)
    failed = False
    out = sys.stdout
    console = None
    try:
        for n, (source, article, error) in enumerate(pages):
            if error is not None:
                out.flush()
                report_error(error)
                failed = True
                continue
            assert article is not None  # a page has its article or an error
            several = len(files) > 1 or source != files[0]
            rows = list(decisions(article))
            if as_json:
                import json

                for d in rows:
                    row = {"source": source, **d.to_dict()} if several else d.to_dict()
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
            elif out.isatty():
                if console is None:
                    from rich.console import Console

                    console = Console()
                if several:
                    from rich.text import Text

                    console.rule(Text(source, style="bold"))
                _explain_rich(rows, article, console)
            else:
                if several:
                    out.write(("\n" if n else "") + f"==> {source} <==\n")
                for d in rows:
                    out.write(f"{d.line:>5}  {d.decision:<14} {d.reason:<24} {d.text}\n")
        out.flush()
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        quiet_broken_pipe()
    if failed:
        sys.exit(EXIT_SOME_FAILED)


def _explain_pages(
    files: Sequence[str],
    input_type: str,
    url: str | None,
    max_bytes: int,
    record_ids: tuple[str, ...],
    options: dict[str, Any],
) -> Iterator[tuple[str, Article | None, str | None]]:
    """``(source, article, None)`` for each page of ``files`` (archives record by record), or
    ``(source, None, error line)`` for a FILE or record that fails."""
    from .batch import is_url
    from .read import InputError, display_name, read_input
    from .warc import is_warc, iter_pages

    wanted = {_record_key(r) for r in record_ids}

    def run(source: str, data: bytes, **more: Any) -> tuple[str, Article | None, str | None]:
        try:
            return source, extract_article(data, source=source, **options, **more), None
        except Exception as e:  # a bug on one page: one line, no traceback
            return source, None, f"{display_name(source)}: internal error: {type(e).__name__}: {e}"

    for file in files:
        if file == "-" or is_url(file) or not is_warc(file):
            if wanted:
                yield file, None, f"{display_name(file)}: not a WARC or WET file (--record)"
                continue
            charset = None
            try:
                if is_url(file):
                    from .fetch import fetch

                    fetched = fetch(file, max_bytes)
                    data, charset, url = fetched.data, fetched.charset, url or fetched.url
                else:
                    data = read_input(file, max_bytes)
            except InputError as e:
                yield file, None, str(e)
                continue
            yield run(file, data, url=url, input_type=input_type, charset=charset)
            continue
        seen: set[str] = set()
        try:
            for page in iter_pages(file, max_bytes):
                key = _record_key(page.record_id)
                if wanted and key not in wanted:
                    continue
                seen.add(key)
                if page.error is not None:
                    yield page.source, None, f"{page.source}: {page.error}"
                    continue
                assert page.data is not None  # a page has its bytes or an error
                yield run(
                    page.source,
                    page.data,
                    url=url or page.url,
                    charset=page.charset,
                    input_type=page.input_type if input_type == "auto" else input_type,
                )
        except InputError as e:
            yield file, None, str(e)
            continue
        if not seen and not wanted:
            yield file, None, f"{file}: no HTML response or text record in this archive"
        for key in sorted(wanted - seen):
            yield file, None, f"{file}: no page record {key}"


def _record_key(record_id: str) -> str:
    """A WARC-Record-ID as --record may give it (``<urn:uuid:…>``, ``urn:uuid:…`` or the bare UUID)."""
    key = record_id.strip().strip("<>").lower()
    return key[len("urn:uuid:") :] if key.startswith("urn:uuid:") else key


#: Colours of the decisions on a terminal.
_STYLE = {
    "kept": "bold green",
    "metadata": "cyan",
    "navigation": "blue",
    "related": "magenta",
    "ranking": "magenta",
    "recommendation": "magenta",
    "tags": "yellow",
    "widget": "yellow",
    "advertisement": "red",
    "footer": "blue",
    "comments": "red",
    "other": "dim",
}


def _explain_rich(rows: list[Decision], article: Article, console: Console) -> None:
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("line", justify="right", style="dim")
    table.add_column("decision")
    table.add_column("rule", style="dim")
    table.add_column("text", overflow="fold")
    for d in rows:
        style = _STYLE.get(d.decision, "")
        table.add_row(str(d.line), f"[{style}]{d.decision}[/]", d.reason, d.text if d.kept else f"[dim]{d.text}[/]")
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
    try:
        _stdout().write(text.encode("utf-8"))
        _stdout().flush()
    except BrokenPipeError:
        quiet_broken_pipe()


def _stdout() -> IO[bytes]:
    return sys.stdout.buffer


def main() -> None:
    """Run the click command line (the script's entry point, :func:`newsclean.entry.main`, runs
    ``extract FILE...`` without options itself)."""
    cli(prog_name="newsclean")
