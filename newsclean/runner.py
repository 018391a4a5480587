"""Running ``extract`` over inputs: the records to stdout or a file, failures as error lines.

Both ways into the command run this: the click command (:func:`newsclean.cli.extract`) after its
option checks, and the script's fast path (:mod:`newsclean.entry`), which runs ``extract FILE...``
with no option without importing click. Neither imports the other for it: ``cli`` and ``entry``
both depend on this module, and it on neither. click is imported here only to report an error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # for annotations only: batch imports the extraction code, wanted only when a page is
    from .batch import Settings

#: Exit status when some input gave no record (click uses 2 for usage errors).
EXIT_SOME_FAILED = 1
#: Exit status when the reader of stdout went away (``| head``): 128 + SIGPIPE, what a shell
#: reports for a program the signal ended, as it ends ``cat`` or ``grep`` there.
EXIT_BROKEN_PIPE = 141


def write_records(files: Sequence[str], settings: Settings, jobs: int, output: str | None) -> None:
    """The records of ``files`` to stdout (or to the file ``output``), failures as error lines."""
    from .batch import extract_stream, interrupted_status, signals_interrupt
    from .batch import signals_held as held

    failed = False
    progress = _ArchiveProgress.start_if_wanted(files, output)
    try:
        with signals_interrupt(), _open_output(output) as out:
            first = True
            for data, failure in extract_stream(files, settings, jobs):
                if progress is not None:
                    progress.page(failure is not None)
                if failure is not None:
                    if progress is None:
                        report_error(failure.line())
                    else:
                        progress.error(failure.line())
                    failed = True
                    continue
                assert data is not None  # an outcome is a record or a failure
                with held():  # an interrupt waits for the record to be out whole
                    out.write(data if first else settings.formatter.separator + data)
                    out.flush()
                first = False
    except KeyboardInterrupt as e:  # Ctrl-C, SIGTERM, SIGHUP: the records written stay (-o FILE: untouched)
        if progress is not None:
            progress.stop()
            progress = None
        report_error(
            f"interrupted{_signal_name(e)}; "
            + (
                "the records before it were written"
                if output is None or output == "-"
                else f"{output} not written (left as it was)"
            )
        )
        sys.exit(interrupted_status(e))
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        quiet_broken_pipe()
    except OSError as e:  # stdout cannot be written (> /dev/full, a full disk): one line, then stop
        report_error(f"<stdout>: cannot write: {(e.strerror or str(e)).lower()}")
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        sys.exit(EXIT_SOME_FAILED)
    finally:
        if progress is not None:
            progress.stop()
    if failed:
        sys.exit(EXIT_SOME_FAILED)


class _ArchiveProgress:
    """Pages done and pages/s on stderr while ``extract`` reads a WARC/WET file, on a terminal only.

    Shown when stderr is a terminal and the records do not go to it too
    (``-o FILE``, or stdout redirected), and some input is an archive: a page
    file is done before a bar would help.
    """

    def __init__(self) -> None:
        import time

        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._start = time.monotonic()
        self._clock = time.monotonic
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("newsclean extract"),
            TextColumn("{task.completed:.0f} pages"),
            TextColumn("{task.fields[rate]:.1f} pages/s"),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("", total=None, rate=0.0, failed=0)
        self._done = self._failed = 0
        from .workers import signals_held

        with signals_held():  # the bar's thread leaves Ctrl-C to the main thread
            self._progress.start()

    @classmethod
    def start_if_wanted(cls, files: Sequence[str], output: str | None) -> _ArchiveProgress | None:
        if not wants_progress(files, output, _isatty(sys.stderr), _isatty(sys.stdout)):
            return None
        return cls()

    def page(self, failed: bool) -> None:
        self._done += 1
        self._failed += failed
        elapsed = self._clock() - self._start
        self._progress.update(
            self._task, completed=self._done, failed=self._failed, rate=self._done / elapsed if elapsed > 0 else 0.0
        )

    def error(self, message: str) -> None:
        """The error line :func:`report_error` writes, printed above the bar (which is redrawn below it)."""
        self._progress.console.print(
            f"newsclean: error: {' '.join(message.split())}", markup=False, highlight=False, soft_wrap=True
        )

    def stop(self) -> None:
        self._progress.stop()


def wants_progress(files: Sequence[str], output: str | None, stderr_tty: bool, stdout_tty: bool) -> bool:
    """Whether ``extract`` shows its progress: stderr a terminal that the records do not go to,
    and an archive among ``files``."""
    if not stderr_tty or (stdout_tty and output in (None, "-")):
        return False
    from .warc import is_warc

    return any(path != "-" and is_warc(path) for path in files)


def _isatty(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextmanager
def _open_output(path: str | None) -> Iterator[IO[bytes]]:
    """Standard output, or FILE written atomically (an existing FILE was checked for already)."""
    if path is None or path == "-":
        yield sys.stdout.buffer
        return
    import stat

    from .batch import atomic_file, remove_stale_temps

    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = 0
    remove_stale_temps(path)  # left by an extract -o FILE that was killed
    try:
        if mode and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            # a device or FIFO (-o /dev/null --force): written to, never replaced by a regular file
            with open(path, "wb") as f:
                yield f
            return
        with atomic_file(path) as f:
            yield f
    except OSError as e:
        import click

        raise click.FileError(path, (e.strerror or str(e)).lower()) from None


def quiet_broken_pipe() -> None:
    """The reader of stdout went away (``| head``): stop at once, with no message and no traceback.

    stdout is pointed at /dev/null first, so that the interpreter's last flush
    of it cannot fail again on the way out.
    """
    with suppress(OSError, ValueError, AttributeError):  # no stdout to redirect: nothing to flush either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(EXIT_BROKEN_PIPE)


def _signal_name(error: BaseException) -> str:
    signum = getattr(error, "signum", None)
    if signum is None:
        return ""
    import signal

    try:
        return f" by {signal.Signals(signum).name}"
    except ValueError:  # pragma: no cover
        return f" by signal {signum}"


def report_error(message: str) -> None:
    """Report one failure as a single line on stderr."""
    import click

    click.echo(f"newsclean: error: {' '.join(message.split())}", err=True)
