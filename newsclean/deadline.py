"""A time limit on each page: ``batch --page-timeout``.

    >>> extract = Deadline(newsclean.extract, 120.0)   # a drop-in for Settings.extract
    >>> extract(data, url=...)                         # raises PageTimeout past 120 s

The page runs in the calling thread, as it would without a limit. One watchdog
thread per process watches every page in progress; when a page runs past its
limit it raises :class:`_Interrupt` inside that page's thread (CPython's
``PyThreadState_SetAsyncExc``), which unwinds the extraction and comes out of
the call as :class:`PageTimeout`; the caller reports it and goes on with the
next page. ``_Interrupt`` derives from BaseException so that no ``except
Exception`` inside a library swallows it.

Such an exception is only seen where the interpreter checks for one (calls, most
loops; Python 3.10 skips a loop made of nothing but an empty ``try``): a page stuck in
one long C call (a regular expression backtracking, a parser) does not notice
it. Where the process can be replaced, as a Dask worker is by its nanny,
:func:`enable_hard_exit` makes the watchdog end the whole process when a page
is still running at twice its limit, so that a worker is never
held forever; the engine then retries the input elsewhere and, if it keeps
killing its workers, reports it. Elsewhere (the process pool, which would lose
the task, and ``-j 1``) the watchdog only raises.

Only the standard library is imported, and ``threading``/``ctypes`` only when
the first page is timed.
"""

from __future__ import annotations

import _thread
import os
import time
from collections.abc import Callable
from typing import Any

from .workers import signals_held

#: The default of ``--page-timeout``, in seconds: far beyond any sane page (most take 5-50 ms).
DEFAULT_PAGE_TIMEOUT = 120.0


class PageTimeout(Exception):
    """A page ran past its time limit; ``str()`` is the one-line message for errors.jsonl."""

    def __init__(self, seconds: float):
        super().__init__(f"took longer than {seconds:g} s (--page-timeout); skipped")
        self.seconds = seconds


class _Interrupt(BaseException):
    """What the watchdog raises inside a page that ran past its limit (never seen by callers)."""


class Deadline:
    """``fn`` with a time limit of ``seconds`` on each call; picklable, so it crosses to workers."""

    def __init__(self, fn: Callable[..., Any], seconds: float):
        self.fn = fn
        self.seconds = seconds

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        watch = _watchdog()
        token = watch.start(self.seconds)
        fired = False
        try:
            try:
                result = self.fn(*args, **kwargs)
            finally:
                fired = watch.stop(token)
        except _Interrupt:
            # The interrupt may land as ``stop`` is called, before it runs: stop again, or the
            # token stays active and, with hard exit on, ends the process at twice the limit.
            watch.stop(token)
            fired = True
        if fired:
            raise PageTimeout(self.seconds)
        return result

    def __reduce__(self):
        return Deadline, (self.fn, self.seconds)


class _Token:
    __slots__ = ("thread", "seconds", "deadline", "fired", "done")

    def __init__(self, thread: int, seconds: float):
        self.thread = thread
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.fired = False  # the interrupt was sent
        self.done = False


class _Watchdog:
    """One daemon thread that interrupts the pages of this process that run past their deadline."""

    def __init__(self) -> None:
        import threading

        self._get_ident = threading.get_ident
        self._lock = threading.Condition()
        self._active: dict[int, _Token] = {}
        self.hard_exit = False  # whether the process may be ended (see enable_hard_exit)
        with signals_held():  # the watchdog leaves Ctrl-C to the main thread
            threading.Thread(target=self._run, name="newsclean-page-timeout", daemon=True).start()

    def start(self, seconds: float) -> _Token:
        token = _Token(self._get_ident(), seconds)
        with self._lock:
            self._active[id(token)] = token
            self._lock.notify()
        return token

    def stop(self, token: _Token) -> bool:
        """Mark the page finished; whether it was interrupted (a pending interrupt is withdrawn)."""
        with self._lock:
            token.done = True
            self._active.pop(id(token), None)
            if token.fired:
                _send(token.thread, None)  # withdraw it if it has not been raised yet
            return token.fired

    def _run(self) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                wait = 3600.0
                for token in list(self._active.values()):
                    if token.done:
                        continue
                    if not token.fired:
                        if now >= token.deadline:
                            token.fired = True
                            _send(token.thread, _Interrupt)
                            wait = min(wait, token.seconds)
                        else:
                            wait = min(wait, token.deadline - now)
                    elif self.hard_exit:
                        if now >= token.deadline + token.seconds:
                            # stuck in C code: end the process, its supervisor starts a fresh one
                            os._exit(70)
                        wait = min(wait, token.deadline + token.seconds - now)
                self._lock.wait(max(wait, 0.01))


def _send(thread: int, exc: type | None) -> None:
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(exc) if exc else None)


_WATCHDOG: _Watchdog | None = None
_WATCHDOG_LOCK = _thread.allocate_lock()  # _thread is built in: no import cost


def _watchdog() -> _Watchdog:
    global _WATCHDOG
    if _WATCHDOG is None:
        with _WATCHDOG_LOCK:
            if _WATCHDOG is None:
                _WATCHDOG = _Watchdog()
    return _WATCHDOG


def enable_hard_exit() -> None:
    """Let this process end itself when a page is still running at twice its limit (Dask workers)."""
    _watchdog().hard_exit = True
