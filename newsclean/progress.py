"""The progress bar of ``batch`` on stderr (rich, imported only when the bar is drawn)."""

from __future__ import annotations

import time

from .workers import signals_held


class ProgressBar:
    """A rich progress bar on stderr: files, pages (inside archives too) and pages/s, ETA and failures.

    The file count moves as inputs finish; the page count and rate are read
    from the shared counter each time the bar redraws (ten times a second),
    so a big archive shows its pages going by rather than ``0/1 files``.
    """

    def __init__(self, total: int, pages, start: float):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class PagesColumn(ProgressColumn):
            def render(self, task) -> Text:
                done = pages.value
                elapsed = time.monotonic() - start
                return Text(f"{done} pages {done / elapsed if elapsed > 0 else 0.0:.1f} pages/s")

        self._progress = Progress(
            TextColumn("newsclean batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            PagesColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failed]} failed"),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("", total=total, failed=0)
        self._failed = 0
        with signals_held():  # the bar's thread leaves Ctrl-C to the main thread
            self._progress.start()

    def advance(self, failed: bool) -> None:
        """One more input done (``failed``: with an error)."""
        self._failed += failed
        self._progress.update(self._task, advance=1, failed=self._failed)

    def line(self) -> str:
        """The bar as it would be drawn now, as plain text (for tests)."""
        import io

        from rich.console import Console

        buffer = io.StringIO()
        console = Console(width=200, file=buffer, color_system=None)
        console.print(self._progress.make_tasks_table(self._progress.tasks))
        return buffer.getvalue().strip()

    def stop(self) -> None:
        self._progress.stop()
