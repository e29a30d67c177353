"""One notebook run once per value of one parameter (``imdbviz run --sweep NAME=V1,V2,...``):
the runs side by side as a table (CSV and markdown) and a plot of the recorded curves.

Each run is an ``imdbviz.jobs`` job (one after another here, or side by side on a Dask cluster:
``--workers N`` / ``--scheduler URL``); the table and the plot are made from the runs that
finished, and name the ones that did not."""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt

from . import files
from .jobs import SCHEDULER_VARIABLE, WORKERS_VARIABLE, Executor, Job
from .plots import plot_sweep
from .runner import (NotebookRun, _environment, check_out_dir, default_out_dir, parse_value,
                     run_notebook, run_tables)

#: The notebook a sweep runs unless told otherwise: it records ``history`` and test accuracy.
DEFAULT_SWEEP_NOTEBOOK = "*_training_curves.ipynb"


def parse_sweep(text: str) -> tuple[str, list]:
    """``"lstm_units=25,50,100"`` -> ``("lstm_units", [25, 50, 100])``."""
    name, sep, values = text.partition("=")
    name = name.strip()
    items = [v.strip() for v in values.split(",") if v.strip()]
    if not sep or not name.isidentifier() or not items:
        raise ValueError(f"--sweep {text!r} must look like NAME=V1,V2,... "
                         "(e.g. --sweep lstm_units=25,50,100)")
    return name, [parse_value(v) for v in items]


def sweep_run(notebook, target, parameters: dict, kernel_name: str | None = None,
              on_cluster: bool = False) -> NotebookRun:
    """One run of a sweep, as a job: ``notebook`` executed into a temporary file beside
    ``target``, renamed over it when the run ends (``files.atomic_path``: two copies of the
    same run never mix; the last complete one wins). ``on_cluster``: the run is a worker's
    job, so its kernel trains its own seeds (``$IMDBVIZ_SCHEDULER`` / ``$IMDBVIZ_WORKERS``
    unset: a kernel waiting on the cluster it runs on could wait for ever)."""
    target = Path(target)
    unset = {SCHEDULER_VARIABLE: None, WORKERS_VARIABLE: None} if on_cluster else {}
    try:
        with _environment(**unset), files.atomic_path(target, suffix=".ipynb") as executed:
            run = run_notebook(notebook, executed, parameters, kernel_name)
            if not executed.stat().st_size:  # papermill failed before writing anything
                raise _NothingWritten
        run.output = target
    except _NothingWritten:
        run.output = None
    return run


class _NothingWritten(Exception):
    """A run that wrote no notebook: nothing to rename over its target."""


def run_sweep(notebook, name: str, values, parameters: dict | None = None, out=None,
              kernel_name: str | None = None, echo=print, metric: str = "val_accuracy",
              executor: Executor | None = None):
    """Run ``notebook`` once per value of parameter ``name``; write ``sweep_<name>.csv``,
    ``sweep_<name>.md`` and ``sweep_<name>.png`` (per-epoch ``metric`` from the notebook's
    recorded ``history``, and test accuracy) into ``out``. ``executor``: where the runs go
    (``imdbviz.jobs.Executor``; default: one after another in this process). A run whose job
    failed twice (its worker died, its notebook could not be written) is in the table with
    status ``missing`` and why, and named below it. Returns ``(runs, paths)``, the runs in
    the order of ``values``."""
    notebook = Path(notebook)
    executor = executor or Executor()
    out = check_out_dir(out) if out is not None else default_out_dir()
    labels = [f"{name}={value!r}" for value in values]
    twice = sorted({label for label in labels if labels.count(label) > 1})
    if twice:
        raise ValueError(f"--sweep lists {', '.join(twice)} more than once")
    if echo:
        echo(f"sweep of {name}: {len(values)} runs of {notebook}, {executor.describe()}",
             flush=True)
    jobs = []
    for label, value in zip(labels, values):
        target = out / f"{notebook.stem}_{name}-{value}.ipynb"
        if echo:
            echo(f"  {label} -> {target}", flush=True)
        jobs.append(Job(label, sweep_run, (notebook.resolve(), target.resolve(),
                                           {**(parameters or {}), name: value}, kernel_name,
                                           not executor.in_process)))

    def report(label, run):
        if echo:
            echo(f"  {label}: {run.status} in {run.seconds:.1f} s"
                 + (f": {run.error}" if run.error else ""), flush=True)

    done = executor.run(jobs, echo=(lambda text: echo(text, flush=True)) if echo else None,
                        on_result=report)
    runs = [done.results.get(job.name) or _missing(job, done.failed.get(job.name))
            for job in jobs]
    for job in jobs:
        _remove_leftovers(job.args[1])
    paths = {"csv": out / f"sweep_{name}.csv", "md": out / f"sweep_{name}.md",
             "png": out / f"sweep_{name}.png"}
    markdown, table = run_tables(name, values, runs)
    if done.missing:
        markdown += ("\n**missing** (no result, so not in the plot): "
                     + "; ".join(f"{label} ({done.failed.get(label)})" for label in done.missing)
                     + "\n")
    files.write_text(paths["md"], markdown)
    files.write_text(paths["csv"], table)
    figure = plot_sweep(values, [run.metrics.get("history", {}) for run in runs],
                        [run.metrics.get("test_accuracy") for run in runs], name=name,
                        metric=metric)
    with files.atomic_path(paths["png"], suffix=".png") as tmp:
        figure.savefig(tmp, dpi=100)
    plt.close(figure)
    return runs, paths


def _missing(job: Job, why: str | None) -> NotebookRun:
    """The row of a run without a result."""
    notebook, _target, parameters = job.args[:3]
    return NotebookRun(notebook, None, 0.0, "missing", f"no result: {why}",
                       parameters=parameters)


def _remove_leftovers(target: Path) -> None:
    """The temporary copies a killed run left beside ``target`` (``files.atomic_path``)."""
    for path in target.parent.iterdir() if target.parent.is_dir() else ():
        if path.name.startswith(f".{target.name}.") and path.name.endswith(".tmp.ipynb"):
            path.unlink(missing_ok=True)
