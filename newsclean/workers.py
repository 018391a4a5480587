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
    written whole, never cut by the interrupt); where signals cannot be held, nothing changes."""
    import signal

    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:  # pragma: no cover - Windows
        yield
        return
    held = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}
    previous = mask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, previous)  # a signal that came meanwhile is handled here


def interrupted_status(error: BaseException) -> int:
    """The exit status for a run stopped by ``error``: 128 + the signal's number, as shells report it."""
    return 128 + getattr(error, "signum", SIGINT)
