"""``newsclean batch --cluster ADDRESS``: the inputs of a batch converted on a Dask cluster.

    >>> for status in convert_on_cluster(job, todo, "local:2"):   # or "tcp://scheduler:8786"
    ...     ...                                                   # as each input finishes

One input file is one task. Tasks are submitted largest input first (a big
WARC file must not start last and run alone at the end), a bounded number at a
time. Each task runs :func:`newsclean.convert.convert` on a worker: the worker
reads the input and writes its output itself, through the same atomic write as
the process pool (a temp file beside it, then ``os.replace``), and returns the
same small status. The driver (:func:`newsclean.batch.run_batch`) alone writes
the manifest, ``errors.jsonl`` and holds the lock. Dask runs a task at least
once: a task whose worker died is run again elsewhere, and since a conversion
writes the same bytes every time, the visible output is exactly-once.

A worker that dies is replaced (by its nanny) and its task rerun. An input
whose task kills every worker it runs on ends, after the scheduler's
``distributed.scheduler.allowed-failures`` retries (3 by default; Dask reads it
from its config files or ``DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES``), as
one error, ``worker died N times converting it``; the batch goes on. A page
stuck past ``--page-timeout`` is interrupted inside the worker
(:mod:`newsclean.deadline`); one stuck in C code where that cannot reach it
ends its worker at twice the limit, so that no worker is held forever.

``local:N`` starts a LocalCluster of N single-threaded worker processes (no
dashboard) for the run, and stops it at the end. Its scheduler hands each
worker one task at a time (``worker-saturation`` 1.0), so that when a worker
dies, only the task it was running is held responsible.

``distributed`` is imported only here, and this module only when ``--cluster``
is given: the plain paths never load it.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from . import __version__, remote
from .convert import Job, Status, convert, input_size, input_stat, join_path
from .deadline import Deadline, enable_hard_exit
from .safefs import BatchError
from .stream import Failure

#: What to install when ``distributed`` is missing.
INSTALL_HINT = "pip install 'newsclean[dask]'"
#: Tasks in flight per worker thread (the rest wait in the driver, largest first).
_TASKS_PER_THREAD = 4
_MIN_IN_FLIGHT = 64
#: How often the driver asks how many worker threads there are (workers may join and leave).
_RECOUNT_SECONDS = 5.0


class ClusterError(Exception):
    """The cluster cannot be used or was lost (one line, naming the address)."""


def parse_address(address: str) -> tuple[str, object]:
    """``("local", N)`` for ``local:N``, ``("remote", address)`` for a scheduler URL; ValueError otherwise."""
    if address.startswith("local:"):
        count = address[len("local:") :]
        if count.isdigit() and int(count) > 0:
            return "local", int(count)
        raise ValueError(f"{address}: local:N needs a number of workers N >= 1")
    if "://" in address and address.split("://", 1)[1]:
        return "remote", address
    raise ValueError(f"{address}: give local:N or a scheduler address such as tcp://host:8786")


def require_distributed() -> None:
    """Raise ClusterError (with what to install) unless ``distributed`` can be imported."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ClusterError(f"--cluster needs dask.distributed, which is not installed: {INSTALL_HINT}") from None


def convert_on_cluster(job: Job, todo: list[str], address: str) -> Iterator[Status]:
    """The status of each input of ``todo``, converted on the cluster at ``address``, as each finishes.

    Raises :class:`ClusterError` when the scheduler cannot be reached, a worker
    cannot run this version of newsclean or see IN_DIR and OUT_DIR, or the
    scheduler is lost during the run.
    """
    if not todo:
        return
    require_distributed()
    with _client(address) as client:
        _check_workers(client, job, address)
        yield from _run(client, job, todo)


@contextmanager
def _client(address: str):
    import logging

    import dask
    from distributed import Client, LocalCluster

    try:
        kind, value = parse_address(address)
    except ValueError as e:
        raise BatchError(str(e)) from None
    if kind == "remote":
        try:
            client = Client(value, set_as_default=False)  # waits distributed.comm.timeouts.connect
        except (OSError, TimeoutError) as e:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        with client:
            yield client
        return
    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
        # no dashboard; the scheduler's own small HTTP server (health, metrics) on a free local port
        cluster = LocalCluster(
            n_workers=value,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
            silence_logs=logging.CRITICAL,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        )
    with cluster, Client(cluster, set_as_default=False) as client:
        yield client


def _worker_info(in_dir: str, out_dir: str) -> dict:
    """Run on each worker at the start: what the driver checks before sending work."""
    return {
        "version": __version__,
        "cwd": os.getcwd(),
        "in_dir": _can_see(in_dir),
        "out_dir": remote.is_remote(out_dir) or os.path.isdir(out_dir),  # a store's prefix need not exist
    }


def _can_see(folder: str) -> bool:
    if not remote.is_remote(folder):
        return os.path.isdir(folder)
    try:
        return remote.is_dir(folder)
    except Exception:  # fsspec or the store's package missing on this worker, no credentials...
        return False


def _check_workers(client, job: Job, address: str) -> None:
    try:
        infos: dict[str, dict] = client.run(_worker_info, job.in_dir, job.out_dir)
    except Exception as e:  # e.g. newsclean not installed on a worker: it cannot unpickle _worker_info
        raise ClusterError(f"a worker of {address} cannot run newsclean: {type(e).__name__}: {e}") from None
    here = os.getcwd()
    relative = not all(remote.is_remote(p) or os.path.isabs(p) for p in (job.in_dir, job.out_dir))
    for worker, info in sorted(infos.items()):
        if info["version"] != __version__:
            raise ClusterError(
                f"worker {worker} runs newsclean {info['version']}, this is {__version__};"
                " install the same version everywhere"
            )
        if relative and info["cwd"] != here:
            raise ClusterError(
                f"worker {worker} runs in another folder ({info['cwd']}); give IN_DIR and OUT_DIR as absolute paths"
            )
        for name, path in (("in_dir", job.in_dir), ("out_dir", job.out_dir)):
            if not info[name]:
                raise ClusterError(
                    f"worker {worker} cannot see {path}; IN_DIR and OUT_DIR must be at the"
                    " same paths on every worker (a shared filesystem or a URL the workers can read)"
                )


def _run(client, job: Job, todo: list[str], task: Callable[[Job, str], Status] | None = None) -> Iterator[Status]:
    """Submit ``task(job, input)`` for each input (:func:`_task` unless the benchmark times a no-op)."""
    from distributed import as_completed

    task = task or _task
    largest_first = sorted(todo, key=lambda rel: input_size(join_path(job.in_dir, rel)), reverse=True)
    run = uuid.uuid4().hex[:12]  # keys unique to this run: a scheduler may serve other batches
    inputs: dict[str, str] = {}  # task key -> input
    # results come with their futures (gathered on the client's own thread, a result lost with
    # its worker awaited while Dask computes it again), errors as values
    running = as_completed(loop=client.loop, with_results=True, raise_errors=False)
    submitted = 0

    def in_flight() -> int:
        return max(_MIN_IN_FLIGHT, _TASKS_PER_THREAD * sum(client.nthreads().values()))

    def submit(count: int) -> None:
        """The next ``count`` inputs in one go, before every input submitted later."""
        nonlocal submitted
        batch = largest_first[submitted : submitted + count]
        if not batch:
            return
        keys = [f"newsclean-{run}-{submitted + i}" for i in range(len(batch))]
        futures = client.map(
            task, [job] * len(batch), batch, key=keys, pure=False, priority=len(largest_first) - submitted
        )
        inputs.update(zip(keys, batch, strict=True))
        running.update(futures)
        submitted += len(batch)

    limit, counted = in_flight(), time.monotonic()
    submit(limit)
    for future, result in running:
        rel = inputs.pop(future.key)
        status = result if isinstance(result, Status) else _failed(future, result, job, rel)
        future.release()
        if time.monotonic() - counted > _RECOUNT_SECONDS:
            limit, counted = in_flight(), time.monotonic()
        if len(inputs) <= limit // 2:
            submit(limit - len(inputs))
        yield status


def _failed(future, error: object, job: Job, rel: str) -> Status:
    """The status of an input whose task did not return one (``error``: the exception, or as_completed's
    ``(type, exception, traceback)`` of a task that raised)."""
    from distributed import KilledWorker

    if isinstance(error, tuple) and len(error) == 3 and isinstance(error[1], BaseException):
        error = error[1]
    if isinstance(error, KilledWorker):
        message = f"worker died {error.allowed_failures + 1} times converting it"
    elif future.cancelled():  # the scheduler, or the connection to it, was lost
        raise ClusterError(
            f"lost the Dask scheduler at {future.client.scheduler.address}; run the batch again to resume"
        )
    else:  # convert never raises: this is the engine failing to run the task or return its status
        message = f"internal error: {type(error).__name__}: {error}"
    path = join_path(job.in_dir, rel)
    size: int | None
    mtime_ns: int | None
    try:
        size, mtime_ns = input_stat(path)
    except OSError:
        size = mtime_ns = None
    return Status(rel, size, mtime_ns, None, 0, [Failure(path, None, " ".join(message.split())).to_dict()])


# --- on the worker ---------------------------------------------------------------------------------

_CLAIMS: dict[tuple[str, str], list] = {}  # (out_dir, input) -> [lock, threads using it]
_CLAIMS_LOCK = threading.Lock()


def _task(job: Job, rel: str) -> Status:
    """Convert one input on a worker (a Dask task)."""
    if isinstance(job.settings.extract, Deadline):
        enable_hard_exit()  # the nanny replaces a worker that ends itself: a stuck page never holds it
    with _claim(job.out_dir, rel):
        return convert(job, rel)


@contextmanager
def _claim(out_dir: str, rel: str):
    """One conversion of an input at a time in this process.

    The temp file of an output is named after the process, so two threads of a
    multi-threaded worker converting the same input (a task left running by a
    killed driver, and the rerun's) would write it together; they take turns.
    """
    key = (out_dir, rel)
    with _CLAIMS_LOCK:
        claim = _CLAIMS.setdefault(key, [threading.Lock(), 0])
        claim[1] += 1
    try:
        with claim[0]:
            yield
    finally:
        with _CLAIMS_LOCK:
            claim[1] -= 1
            if not claim[1]:
                del _CLAIMS[key]
