"""The notebook series as a papermill job (``imdbviz run``), and parameter sweeps.

Each notebook may call ``record_metrics(...)`` in its last cells: the values are shown in the
notebook as JSON and read back from the executed notebook for the summary table.
"""
from __future__ import annotations

import csv
import glob
import json
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

#: Output metadata key that marks an output as metrics recorded by ``record_metrics``.
METRICS_KEY = "imdbviz_metrics"
DEFAULT_SWEEP_NOTEBOOK = "05_*.ipynb"


# ----------------------------------------------------------------------------- parameters
def parse_value(text: str):
    """A command-line parameter value as Python: ``True``/``False``/``None``, int, float,
    else the string itself (as ``papermill -p`` does)."""
    if not isinstance(text, str):
        return text
    if text in ("True", "False"):
        return text == "True"
    if text == "None":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse_parameters(pairs) -> dict:
    """``[(name, value_text), ...]`` -> ``{name: parsed value}``."""
    parameters = {}
    for name, value in pairs or ():
        if not name.isidentifier():
            raise ValueError(f"parameter name {name!r} is not a Python identifier "
                             "(use e.g. -p lstm_units 100)")
        parameters[name] = parse_value(value)
    return parameters


def parse_sweep(text: str) -> tuple[str, list]:
    """``"lstm_units=25,50,100"`` -> ``("lstm_units", [25, 50, 100])``."""
    name, sep, values = text.partition("=")
    name = name.strip()
    items = [v.strip() for v in values.split(",") if v.strip()]
    if not sep or not name.isidentifier() or not items:
        raise ValueError(f"--sweep {text!r} must look like NAME=V1,V2,... "
                         "(e.g. --sweep lstm_units=25,50,100)")
    return name, [parse_value(v) for v in items]


# ----------------------------------------------------------------------------- notebooks
def find_notebooks(folder="notebooks", patterns=()) -> list[Path]:
    """The notebooks to run, sorted by name (so in teaching order ``01_``, ``02_``, ...).

    ``patterns``: file names, paths or globs (``05_*``, ``notebooks/0[1-3]*.ipynb``), looked up
    in ``folder`` unless they exist as given; empty means every ``*.ipynb`` in ``folder``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"notebook folder {folder} does not exist: run from the repository's "
                         "root (where notebooks/ is) or pass --notebooks DIR")
    found: list[Path] = []
    for pattern in patterns or ("*.ipynb",):
        pattern = str(pattern)
        if not pattern.endswith((".ipynb", "*")):
            pattern += "*.ipynb"  # "05" or "05_training_curves" -> that notebook
        matches = sorted(glob.glob(pattern)) or sorted(glob.glob(str(folder / pattern)))
        matches = [Path(m) for m in matches if m.endswith(".ipynb")
                   and ".ipynb_checkpoints" not in m]
        if not matches:
            raise ValueError(f"no notebook matches {pattern!r} (looked in the current folder "
                             f"and in {folder})")
        found += [m for m in matches if m not in found]
    return sorted(found, key=lambda p: p.name)


def record_metrics(**metrics) -> dict:
    """Show ``metrics`` in the notebook (as JSON) so that ``imdbviz run`` can read them back.

    Values must be JSON-serialisable (numbers, strings, lists, dicts); numpy numbers are
    converted. Returns the metrics as stored.
    """
    from IPython.display import display

    clean = json.loads(json.dumps(metrics, default=_to_python))
    text = "\n".join(f"{k}: {_short(v)}" for k, v in clean.items())
    display({"application/json": clean, "text/plain": text}, raw=True,
            metadata={METRICS_KEY: True})
    return clean


def _to_python(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON-serialisable")


def _short(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, dict)):
        return f"<{type(value).__name__} of {len(value)}>"
    return str(value)


def read_metrics(notebook) -> dict:
    """Every ``record_metrics`` output of an executed notebook (a path or nbformat node),
    merged in cell order."""
    import nbformat

    if not hasattr(notebook, "cells"):
        notebook = nbformat.read(str(notebook), as_version=4)
    metrics = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get(METRICS_KEY):
                data = output.get("data", {}).get("application/json")
                if isinstance(data, str):
                    data = json.loads(data)
                metrics.update(data or {})
    return metrics


@dataclass
class NotebookRun:
    """One executed notebook: ``status`` is ``"ok"`` or ``"failed"``; ``error`` says which
    cell failed and why."""

    notebook: Path
    output: Path
    seconds: float
    status: str
    error: str = ""
    metrics: dict = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)

    def scalar_metrics(self) -> dict:
        return {k: v for k, v in self.metrics.items()
                if isinstance(v, (int, float, str, bool)) or v is None}


def _absolute(value):
    """A relative path that exists from here, made absolute: the kernel runs in the notebook's
    folder, where ``-p dataset ../data/x.tar.gz`` would point elsewhere."""
    if isinstance(value, str) and ("/" in value or "\\" in value) and Path(value).exists():
        return str(Path(value).resolve())
    return value


def run_notebook(notebook, output, parameters: dict | None = None,
                 kernel_name: str | None = None) -> NotebookRun:
    """Execute one notebook with papermill into ``output``; a failure is caught and reported
    (cell number, exception), never raised. The kernel runs in the notebook's folder with
    ``IMDBVIZ_LIVE=0`` (draw plots once, no animation); parameters and ``IMDBVIZ_DATA`` that
    are relative paths are made absolute first."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook, output = Path(notebook), Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    parameters = {k: _absolute(v) for k, v in (parameters or {}).items()}
    saved = {name: os.environ.get(name) for name in ("IMDBVIZ_LIVE", "IMDBVIZ_DATA")}
    os.environ["IMDBVIZ_LIVE"] = "0"
    if saved["IMDBVIZ_DATA"]:
        os.environ["IMDBVIZ_DATA"] = _absolute(saved["IMDBVIZ_DATA"])
    start = time.perf_counter()
    status, error = "ok", ""
    try:
        papermill.execute_notebook(
            str(notebook), str(output), parameters=parameters, kernel_name=kernel_name,
            cwd=str(notebook.parent.resolve()), progress_bar=False, log_output=False,
        )
    except PapermillExecutionError as failure:
        status = "failed"
        first_line = next((line for line in (failure.source or "").splitlines()
                           if line.strip()), "")
        error = (f"cell {failure.cell_index + 1} of the executed notebook, "
                 f"In [{failure.exec_count}] `{first_line[:60]}`: "
                 f"{failure.ename}: {failure.evalue}")
    except Exception as failure:  # kernel died, unreadable notebook, ...
        status = "failed"
        error = f"{type(failure).__name__}: {failure}"
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    seconds = time.perf_counter() - start
    metrics = {}
    if output.exists():
        try:
            metrics = read_metrics(output)
        except Exception as failure:  # a half-written notebook: keep the status we have
            error = error or f"could not read metrics: {failure}"
    return NotebookRun(notebook, output, seconds, status, error, metrics, parameters)


def default_out_dir(root="runs") -> Path:
    """A new timestamped folder name under ``root``, e.g. ``runs/20250101-120000``."""
    return Path(root) / datetime.now().strftime("%Y%m%d-%H%M%S")


def _run_and_report(notebook, target, parameters, kernel_name, echo, what: str = ""):
    """``run_notebook``, saying what runs and how it ended through ``echo`` (None: quiet)."""
    if echo:
        echo(f"running {notebook}{what} -> {target}", flush=True)
    run = run_notebook(notebook, target, parameters, kernel_name)
    if echo:
        echo(f"  {run.status} in {run.seconds:.1f} s" + (f": {run.error}" if run.error else ""),
             flush=True)
    return run


def run_series(notebooks, parameters: dict | None = None, out=None, inplace: bool = False,
               kernel_name: str | None = None, echo=print) -> list[NotebookRun]:
    """Run ``notebooks`` in order, each with ``parameters``; executed copies go to ``out``
    (a new ``runs/<timestamp>/`` when None), or back over the originals when ``inplace``.
    A failed notebook does not stop the others. Writes ``summary.md`` and ``summary.csv``
    into ``out`` (unless ``inplace`` without ``out``). ``echo`` reports progress (None: quiet).
    """
    notebooks = [Path(n) for n in notebooks]
    out = Path(out) if out is not None else (None if inplace else default_out_dir())
    runs = []
    for notebook in notebooks:
        target = notebook if inplace else out / notebook.name
        runs.append(_run_and_report(notebook, target, parameters, kernel_name, echo))
    if out is not None:
        write_summary(runs, out)
    return runs


# ----------------------------------------------------------------------------- summaries
def _format(value):
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def summary_table(runs: list[NotebookRun]) -> str:
    """A markdown table: notebook, seconds, status, key metrics (or the error)."""
    lines = ["| notebook | seconds | status | metrics |", "|---|---:|---|---|"]
    for run in runs:
        details = ", ".join(f"{k}={_format(v)}" for k, v in run.scalar_metrics().items())
        if run.error:
            details = f"{run.error}" + (f"; {details}" if details else "")
        details = details.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {run.notebook.name} | {run.seconds:.1f} | {run.status} | {details} |")
    total = sum(run.seconds for run in runs)
    failed = sum(run.status != "ok" for run in runs)
    lines.append(f"| **total** | {total:.1f} | {len(runs) - failed} ok, {failed} failed | |")
    return "\n".join(lines)


def write_summary(runs: list[NotebookRun], out) -> tuple[Path, Path]:
    """``summary.md`` (the table) and ``summary.csv`` (one row per notebook) in ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    markdown = out / "summary.md"
    markdown.write_text(summary_table(runs) + "\n")
    keys = sorted({k for run in runs for k in run.scalar_metrics()})
    table = out / "summary.csv"
    with open(table, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["notebook", "seconds", "status", "error", *keys])
        for run in runs:
            metrics = run.scalar_metrics()
            writer.writerow([run.notebook.name, f"{run.seconds:.2f}", run.status, run.error,
                             *[metrics.get(k, "") for k in keys]])
    return markdown, table


def run_sweep(notebook, name: str, values, parameters: dict | None = None, out=None,
              kernel_name: str | None = None, echo=print, metric: str = "val_accuracy"):
    """Run ``notebook`` once per value of parameter ``name``; write ``sweep_<name>.csv``,
    ``sweep_<name>.md`` and ``sweep_<name>.png`` (per-epoch ``metric`` from the notebook's
    recorded ``history``, and test accuracy) into ``out``. Returns ``(runs, paths)``."""
    notebook = Path(notebook)
    out = Path(out) if out is not None else default_out_dir()
    runs = []
    for value in values:
        params = {**(parameters or {}), name: value}
        target = out / f"{notebook.stem}_{name}-{value}.ipynb"
        runs.append(_run_and_report(notebook, target, params, kernel_name, echo,
                                    f" with {name}={value!r}"))
    out.mkdir(parents=True, exist_ok=True)
    keys = sorted({k for run in runs for k in run.scalar_metrics()})
    paths = {"csv": out / f"sweep_{name}.csv", "md": out / f"sweep_{name}.md",
             "png": out / f"sweep_{name}.png"}
    with open(paths["csv"], "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([name, "seconds", "status", "error", *keys])
        for value, run in zip(values, runs):
            metrics = run.scalar_metrics()
            writer.writerow([value, f"{run.seconds:.2f}", run.status, run.error,
                             *[metrics.get(k, "") for k in keys]])
    lines = [f"| {name} | seconds | status | " + " | ".join(keys) + " |",
             "|---" * (3 + len(keys)) + "|"]
    for value, run in zip(values, runs):
        metrics = run.scalar_metrics()
        cells = [_format(metrics[k]) if k in metrics else "" for k in keys]
        status = run.status + (f" ({run.error})" if run.error else "")
        lines.append(f"| {value} | {run.seconds:.1f} | {status.replace('|', '/')} | "
                     + " | ".join(cells) + " |")
    paths["md"].write_text("\n".join(lines) + "\n")

    import matplotlib.pyplot as plt

    from .plots.training import plot_sweep

    figure = plot_sweep(values, [run.metrics.get("history", {}) for run in runs],
                        [run.metrics.get("test_accuracy") for run in runs], name=name,
                        metric=metric)
    figure.savefig(paths["png"], dpi=100)
    plt.close(figure)
    return runs, paths
