"""Independent jobs (the runs of a sweep, training runs over seeds), run one way wherever they go:
in this process (the default, nothing to install), on a new local Dask cluster (``workers=N``
processes of one thread each) or on an existing Dask cluster (``scheduler="tcp://HOST:8786"``:
``dask scheduler`` and ``dask worker`` on a lab's machines, dask-jobqueue, dask-kubernetes).
``distributed`` is imported only for a cluster.

A ``Job`` is a name, a top-level function (a worker imports it) and its arguments. ``run_jobs``
hands each finished job's result to ``on_result`` in the calling process as soon as it comes,
so the caller writes it (atomically, with ``imdbviz.files``) and a later failure never loses it.
A job that raises, or whose worker process dies, is reported by name and retried once
(``retries``); one that fails again is reported missing, and the others go on. On a cluster
started here a worker's death is seen at once; an existing cluster first reruns the job itself,
as its scheduler's ``distributed.scheduler.allowed-failures`` says (3 by default).
"""
from __future__ import annotations

import contextlib
import inspect
import logging
import os
import random
import sys
import types
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Callable

#: The environment variables read when no option says where jobs go (a notebook's kernel).
SCHEDULER_VARIABLE = "IMDBVIZ_SCHEDULER"
WORKERS_VARIABLE = "IMDBVIZ_WORKERS"
#: What a cluster needs installed, here and on every worker.
INSTALL = 'pip install "imdbviz[cluster]"'


def say(text: str) -> None:
    """The default ``echo``: print at once (a long run's progress is not buffered)."""
    print(text, flush=True)


@dataclass(frozen=True)
class Job:
    """``function(*args, **kwargs)``, known by ``name`` (unique among the jobs run together).

    ``function`` must be a top-level Python function (a worker imports it by name); an argument
    several jobs share (a ``Dataset``) is sent to a cluster once when it is positional."""

    name: str
    function: Callable
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"a job needs a name (a non-empty string), got {self.name!r}")
        qualname = getattr(self.function, "__qualname__", "")
        if not inspect.isfunction(self.function) or "<" in qualname:
            raise ValueError(
                f"job {self.name!r}: its function must be a Python function defined at the top "
                f"level of a module (not a lambda, a nested function or a builtin), so that a "
                f"worker of a cluster can import it; got {self.function!r}")
        object.__setattr__(self, "args", tuple(self.args))
        object.__setattr__(self, "kwargs", dict(self.kwargs))

    def __call__(self):
        return self.function(*self.args, **self.kwargs)


@dataclass
class JobResults:
    """What ``run_jobs`` got. ``names``: every job, in order; ``results``: ``{name: returned}``
    of the finished ones, in that order; ``failed``: ``{name: why}`` of those that failed on
    every try; ``retried``: ``{name: why the first try failed}``; ``where``: where they ran;
    ``errors``: the exceptions of the failed ones (``raise_failure``)."""

    names: list[str]
    results: dict[str, Any]
    failed: dict[str, str]
    retried: dict[str, str]
    where: str
    errors: dict[str, BaseException] = field(default_factory=dict, repr=False)

    @property
    def missing(self) -> list[str]:
        """The jobs without a result, in order."""
        return [name for name in self.names if name not in self.results]

    @property
    def ok(self) -> bool:
        return not self.missing

    def report(self) -> str:
        """One line: how many finished where, which were retried (why), which are missing (why)."""
        parts = [f"{len(self.results)} of {len(self.names)} jobs finished ({self.where})"]
        if self.retried:
            parts.append("retried: " + "; ".join(f"{name} ({why})"
                                                 for name, why in self.retried.items()))
        if self.missing:
            parts.append("missing: " + "; ".join(f"{name} ({self.failed.get(name, 'not run')})"
                                                 for name in self.missing))
        return ". ".join(parts)

    def raise_failure(self) -> None:
        """Raise the first missing job's own exception, with a note naming the job (a
        RuntimeError when there is none); nothing when every job finished."""
        for name in self.missing:
            error = self.errors.get(name)
            if error is None:
                raise RuntimeError(f"job {name!r} has no result: {self.failed.get(name)}")
            error.add_note(f"(job {name!r}, which failed on every try: {self.report()})")
            raise error


@dataclass(frozen=True)
class Executor:
    """Where jobs run: in this process (neither given), on a new local Dask cluster of
    ``workers`` processes (one thread each), or on the cluster whose scheduler is at
    ``scheduler`` (``tcp://HOST:PORT``)."""

    workers: int | None = None
    scheduler: str | None = None

    def __post_init__(self):
        if self.workers is not None and self.scheduler:
            raise ValueError("give a number of workers (a local cluster) or a scheduler's "
                             "address (an existing cluster), not both")
        if self.workers is not None and (isinstance(self.workers, bool)
                                         or not isinstance(self.workers, int)
                                         or self.workers < 1):
            raise ValueError(f"workers must be a whole number of processes, 1 or more, got "
                             f"{self.workers!r}")
        if self.scheduler is not None and "://" not in str(self.scheduler):
            raise ValueError(f"scheduler {self.scheduler!r} must be an address like "
                             "tcp://HOST:8786 (what `dask scheduler` prints)")

    @property
    def in_process(self) -> bool:
        return self.workers is None and not self.scheduler

    def describe(self) -> str:
        if self.scheduler:
            return f"the Dask cluster at {self.scheduler}"
        if self.workers is not None:
            return (f"a local Dask cluster of {self.workers} worker process"
                    + ("es" if self.workers > 1 else ""))
        return "in this process"

    def run(self, jobs, retries: int = 1, echo=say, on_result=None) -> JobResults:
        """``run_jobs`` here."""
        return run_jobs(jobs, self.workers, self.scheduler, retries, echo, on_result)


def executor_from(args=None, environ=None) -> Executor:
    """Where to run: ``args.workers`` / ``args.scheduler`` (the ``--workers`` / ``--scheduler``
    options) when either is given, else ``$IMDBVIZ_SCHEDULER`` or ``$IMDBVIZ_WORKERS`` in
    ``environ`` (default ``os.environ``), else in this process."""
    workers, scheduler = getattr(args, "workers", None), getattr(args, "scheduler", None)
    if workers is not None or scheduler:
        return Executor(workers, scheduler)
    environ = os.environ if environ is None else environ
    scheduler = environ.get(SCHEDULER_VARIABLE, "").strip() or None
    text = environ.get(WORKERS_VARIABLE, "").strip()
    if text:
        try:
            workers = int(text)
        except ValueError:
            raise ValueError(f"{WORKERS_VARIABLE}={text!r} must be a whole number of worker "
                             "processes (e.g. 4)") from None
    if workers is not None and scheduler:
        raise ValueError(f"{SCHEDULER_VARIABLE} and {WORKERS_VARIABLE} are both set: unset one "
                         "(an existing cluster, or a local one of that many workers)")
    return Executor(workers, scheduler)


def add_cluster_options(parser) -> None:
    """``--workers N`` and ``--scheduler URL`` on an ``argparse`` parser (``executor_from``)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--workers", type=int, metavar="N",
                       help=f"run the jobs on a local Dask cluster of N worker processes "
                            f"(needs {INSTALL}; default: ${WORKERS_VARIABLE}, else one at a "
                            "time in this process)")
    group.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help=f"run the jobs on an existing Dask cluster (`dask scheduler`, then "
                            f"`dask worker tcp://HOST:8786` on each machine; default: "
                            f"${SCHEDULER_VARIABLE})")


# ----------------------------------------------------------------------------- running
def run_jobs(jobs, workers: int | None = None, scheduler: str | None = None, retries: int = 1,
             echo=say, on_result=None) -> JobResults:
    """Run ``jobs`` (``Job``s) where ``Executor(workers, scheduler)`` says; returns
    ``JobResults``. ``on_result(name, result)`` is called here as each job finishes (in job
    order in this process, as they come on a cluster); a job that fails is tried again up to
    ``retries`` times. ``echo(text)`` says where the jobs go, what failed and what is missing
    (None: quiet)."""
    jobs = list(jobs)
    names = [job.name for job in jobs]
    twice = sorted(name for name, n in Counter(names).items() if n > 1)
    if twice:
        raise ValueError(f"jobs run together need different names; given twice: {twice}")
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise ValueError(f"retries must be a whole number, 0 or more, got {retries!r}")
    executor = Executor(workers, scheduler)
    echo = echo or (lambda text: None)
    outcome = JobResults(names, {}, {}, {}, executor.describe())
    if jobs and executor.in_process:
        _run_here(jobs, retries, outcome, echo, on_result)
    elif jobs:
        _run_on_cluster(jobs, executor, retries, outcome, echo, on_result)
    outcome.results = {name: outcome.results[name] for name in names if name in outcome.results}
    if outcome.retried or outcome.failed:
        echo(outcome.report())
    return outcome


def _run_here(jobs, retries, outcome, echo, on_result) -> None:
    for job in jobs:
        for attempt in range(1, retries + 2):
            try:
                result = job()
            except Exception as error:  # KeyboardInterrupt stops everything, as it should
                if _failed(outcome, job.name, error, attempt, retries, echo):
                    continue
                break
            _finished(outcome, job.name, result, on_result)
            break


def _finished(outcome, name, result, on_result) -> None:
    outcome.results[name] = result
    if on_result is not None:
        on_result(name, result)


def _failed(outcome, name, error, attempt, retries, echo) -> bool:
    """Note a failed try of job ``name``; True when it is to be tried again."""
    why = _why(error)
    if attempt <= retries:
        outcome.retried.setdefault(name, why)
        echo(f"job {name!r} failed ({why}): trying it again ({attempt} of {retries})")
        return True
    outcome.failed[name], outcome.errors[name] = why, error
    echo(f"job {name!r} failed ({why}): no result for it; the others' are kept")
    return False


def _why(error: BaseException) -> str:
    """A failure in one line: ``TypeName: first line`` (a dead worker said as such)."""
    if type(error).__name__ == "KilledWorker":
        worker = getattr(getattr(error, "last_worker", None), "address", None)
        return "its worker process died" + (f" ({worker})" if worker else "")
    lines = str(error).strip().splitlines()
    return type(error).__name__ + (f": {lines[0][:200]}" if lines else "")


def _import_distributed():
    try:
        import distributed
    except ImportError as error:
        raise ImportError(
            f"running jobs on a Dask cluster (--workers, --scheduler, ${SCHEDULER_VARIABLE}, "
            f"${WORKERS_VARIABLE}) needs the `distributed` package: {INSTALL} (on every "
            "worker too)") from error
    return distributed


@contextlib.contextmanager
def _client(executor: Executor, distributed):
    """A ``distributed.Client`` of the cluster at ``executor.scheduler``, or of a new local
    cluster whose scheduler says at once when a worker dies while running a job (Dask's
    allowed-failures 0: ``run_jobs`` retries it, and says so)."""
    if executor.scheduler:
        try:
            client = distributed.Client(executor.scheduler, timeout="30s")
        except OSError as error:
            raise OSError(f"no Dask scheduler answered at {executor.scheduler} ({error}): start "
                          f"one with `dask scheduler` and `dask worker {executor.scheduler}` on "
                          f"each machine, or unset --scheduler / ${SCHEDULER_VARIABLE} to run "
                          "here") from None
        with client:
            yield client
        return
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with distributed.LocalCluster(n_workers=executor.workers, threads_per_worker=1,
                                      processes=True, dashboard_address=":0",
                                      silence_logs=logging.ERROR) as cluster, \
                distributed.Client(cluster) as client:
            yield client


class _Shared:
    """The positional arguments several jobs share (a ``Dataset``), sent to every worker once
    (``scatter``, again when a copy was lost) instead of once per job."""

    def __init__(self, client, jobs):
        counts = Counter(id(a) for job in jobs for a in job.args if not _plain(a))
        self.client, self.futures = client, {}
        self.shared = {id(a) for job in jobs for a in job.args if counts[id(a)] > 1}

    def args(self, job: Job) -> tuple:
        return tuple(self._future(a) if id(a) in self.shared else a for a in job.args)

    def _future(self, value):
        future = self.futures.get(id(value))
        if future is None or future.status != "finished":
            [future] = self.client.scatter([value], broadcast=True, hash=False)
            self.futures[id(value)] = future
        return future


def _plain(value) -> bool:
    return isinstance(value, (str, bytes, int, float, bool, type(None), PurePath))


def _run_on_cluster(jobs, executor, retries, outcome, echo, on_result) -> None:
    """A local cluster gets one job per worker at a time (a worker that dies takes only the job
    it was running with it); an existing cluster gets them all at once (an adaptive one grows
    with the jobs waiting, and places them itself)."""
    distributed = _import_distributed()
    with _client(executor, distributed) as client:
        workers = len(client.scheduler_info().get("workers", {}))
        echo(f"{len(jobs)} jobs on {executor.describe()}"
             + ("" if workers or not executor.scheduler else
                f" (no worker yet: the jobs wait for `dask worker {executor.scheduler}`)"))
        # (a cluster without workers yet, e.g. an adaptive one, gets each job with its data)
        shared = _Shared(client, jobs if workers else [])
        token, tries = uuid.uuid4().hex[:8], Counter()
        waiting, job_of = deque(jobs), {}
        limit = executor.workers or len(jobs)
        pending = distributed.as_completed()

        def submit_while_room() -> None:
            while waiting and len(job_of) < limit:
                job = waiting.popleft()
                tries[job.name] += 1
                future = client.submit(_call, job.function, job.kwargs, *shared.args(job),
                                       pure=False,
                                       key=f"{job.name} (try {tries[job.name]}, {token})")
                job_of[future.key] = job
                pending.add(future)

        submit_while_room()
        for future in pending:
            job = job_of.pop(future.key)
            if future.status == "finished":
                result = future.result()
                future.release()
                _finished(outcome, job.name, result, on_result)
            else:
                try:
                    error = future.exception()
                except Exception as lost:  # cancelled, or lost with the cluster
                    error = lost
                future.release()
                if _failed(outcome, job.name, error, tries[job.name], retries, echo):
                    waiting.appendleft(job)
            submit_while_room()


def _call(function, kwargs: dict, *args):
    """A job on a worker: ``function(*args, **kwargs)``, with Dask's own random draws kept off
    Python's global generator (``_own_random_for_dask``)."""
    _own_random_for_dask()
    return function(*args, **kwargs)


def _own_random_for_dask() -> None:
    """Give the worker's Dask (and Tornado) modules a random generator of their own.

    Their threads draw from Python's global generator while a job runs (``dask.sizeof``
    samples big collections, back-off jitter); Keras seeds its Dropout layers from that
    generator right after ``keras.utils.set_random_seed``, so a seeded run would depend on
    Dask's timing (measured: another loss from the second epoch on). With their own
    generator a job trains as it does in this process."""
    own = types.ModuleType("random", "Python's random module with a generator of its own")
    own.__dict__.update(vars(random))
    generator = random.Random()
    for name, value in vars(random).items():
        if getattr(value, "__self__", None) is random._inst:
            setattr(own, name, getattr(generator, name))
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in ("dask", "distributed", "tornado"):
            continue
        for attribute, value in list(vars(module).items()):
            if value is random:
                setattr(module, attribute, own)
            elif getattr(value, "__self__", None) is random._inst:
                setattr(module, attribute, getattr(generator, value.__name__))
