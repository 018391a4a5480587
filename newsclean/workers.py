"""Worker processes and signals, shared by ``extract`` (:mod:`newsclean.stream`) and ``batch``.

A pool's workers are started with ``spawn``: a worker begins from a fresh
interpreter, so it inherits no lock, thread or open file of the parent (the
OUT_DIR lock, the progress bar's thread) and behaves the same on every
platform. The price is each worker's own start-up: about 0.15 s, plus the
HTML front end's imports (about 2 s) when it meets its first HTML page, a
cost ``jobs=1`` pays once. Workers ignore Ctrl-C (the parent stops them) and
exit as soon as the parent dies, even by SIGKILL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress

# --- worker processes ---------------------------------------------------------------------------

#: What a worker process works with: ``Settings`` for extract, a ``Job`` for batch.
_WORKER_STATE: object = None


def worker_state() -> object:
    """The state this worker process was started with (see :func:`worker_pool`)."""
    return _WORKER_STATE


def _init_worker(state: object) -> None:
    import signal  # here, not at the top: only workers need it, and it costs start-up ~3 ms
    import threading  # likewise (~1.5 ms)

    global _WORKER_STATE
    _WORKER_STATE = state
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
    if hasattr(signal, "SIGHUP"):  # so does a closed terminal (SIGTERM stays: the pool ends us with it)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # started from a thread that held them (see worker_pool)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _held_signals(signal))
    threading.Thread(target=_exit_with_parent, daemon=True).start()


def _exit_with_parent() -> None:
    """Exit at once when the parent dies (even by SIGKILL), rather than linger as an orphan."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover - only workers run this
        return
    parent.join()
    os._exit(1)


@contextmanager
def worker_pool(jobs: int, state: object) -> Iterator:
    """A pool of ``jobs`` spawned workers holding ``state``, terminated on the way out."""
    import multiprocessing

    if os.name == "posix":
        # Started before the pool: when it starts, multiprocessing's resource tracker unblocks
        # SIGINT and SIGTERM in the thread that started it, which would undo signals_held below.
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
    with signals_held():  # the pool's threads hold the signals for good: they reach the main thread
        pool = multiprocessing.get_context("spawn").Pool(jobs, _init_worker, (state,))
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


# --- signals ------------------------------------------------------------------------------------

#: SIGINT's number (Ctrl-C), the same on every platform.
SIGINT = 2


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where Ctrl-C raises KeyboardInterrupt, so that every signal that
    ends a run ends it the same way (outputs kept, errors listed, a summary, exit 128 + N)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def signals_interrupt() -> Iterator[None]:
    """While in the block, SIGTERM and SIGHUP raise :class:`Interrupted` (Ctrl-C raises
    KeyboardInterrupt as always). Workers are spawned: they do not inherit the handlers."""
    import signal  # here, not at the top: it costs start-up ~3 ms

    def interrupt(signum, frame):
        raise Interrupted(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:  # pragma: no cover - Windows has no SIGHUP
            continue
        with suppress(ValueError):  # not the main thread: leave the signals alone
            previous[signum] = signal.signal(signum, interrupt)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the block is done (a record or a manifest line is
    written whole, never cut by the interrupt); where signals cannot be held, nothing changes.

    A thread started in the block holds them for good. Helper threads (a pool's, a progress
    bar's, the page-timeout watchdog) are started so: a signal that comes while the main thread
    holds it otherwise goes to one of them, and Python 3.10 may then never run its handler (CI saw
    ``extract -j 2`` finish with status 0 after a SIGTERM)."""
    import signal

    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:  # pragma: no cover - Windows
        yield
        return
    previous = mask(signal.SIG_BLOCK, _held_signals(signal))
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, previous)  # a signal that came meanwhile is handled here


def _held_signals(signal) -> set[int]:
    return {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}


def interrupted_status(error: BaseException) -> int:
    """The exit status for a run stopped by ``error``: 128 + the signal's number, as shells report it."""
    return 128 + getattr(error, "signum", SIGINT)
