"""The notebook series as a papermill job (``imdbviz run``): parameters, running each notebook
into a new file or back over itself, and the summary table. (Sweeping one parameter:
``imdbviz.sweep``; tidying an executed notebook: ``imdbviz.notebook_files``.)

Each notebook may call ``notebook_metrics.record_metrics(...)`` in its last cells: the values
are shown in the notebook as JSON and read back from the executed notebook for the summary table.

Nothing is lost: a notebook is executed into a new file, never over itself. ``--inplace``
executes into a temporary file beside the notebook and renames it over the notebook only when
the whole run succeeded; a failed, interrupted or killed run leaves the notebook byte for byte
as it was, and the failed copy is kept under ``runs/`` for inspection.
"""
from __future__ import annotations

import ast
import contextlib
import glob
import os
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import files
from .data import resolve_source
from .notebook_files import tidy
from .notebook_metrics import read_metrics
from .tables import csv_text, format_rows


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


def notebook_defaults(notebook) -> dict:
    """The values of the notebook's ``parameters`` cell, ``{name: value}`` (literals only)."""
    import papermill

    defaults = {}
    for name, info in papermill.inspect_notebook(str(notebook)).items():
        try:
            defaults[name] = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            defaults[name] = info["default"]
    return defaults


def inplace_parameters(notebook, parameters: dict | None, bake: bool = False) -> dict:
    """The parameters to execute ``notebook`` with when its committed outputs are regenerated.

    Committed outputs come from the notebook's own defaults, so parameters equal to a default
    are dropped (nothing is injected) and any other value is refused with a ValueError, unless
    ``bake=True`` (``--bake-parameters``) says to write them into the notebook."""
    parameters = dict(parameters or {})
    if bake or not parameters:
        return parameters
    defaults = notebook_defaults(notebook)
    unknown = sorted(set(parameters) - set(defaults))
    differ = {k: v for k, v in parameters.items() if k in defaults and v != defaults[k]}
    if unknown or differ:
        what = "; ".join([f"{k} is not a parameter of this notebook" for k in unknown]
                         + [f"-p {k} {v!r} is not its default {defaults[k]!r}"
                            for k, v in differ.items()])
        raise ValueError(
            f"--inplace regenerates the committed outputs of {Path(notebook).name}, which come "
            f"from its default parameters ({what}). Run without --inplace (the executed copies go "
            "to runs/<time>/), or add --bake-parameters to write these values into the notebook.")
    return {}


def check_inplace_data(notebook, parameters: dict | None) -> None:
    """Refuse (ValueError) to regenerate ``notebook``'s committed outputs from other data than
    the full Large Movie Review Dataset they come from (e.g. the bundled sample, which
    ``dataset="auto"`` falls back to offline). Notebooks without a ``dataset`` parameter pass."""
    defaults = notebook_defaults(notebook)
    if "dataset" not in defaults:
        return
    dataset = (parameters or {}).get("dataset", defaults["dataset"])
    source = resolve_source(dataset, download=False)
    if source.kind != "aclimdb":
        raise ValueError(
            f"--inplace regenerates the committed outputs of {Path(notebook).name}, which come "
            f"from the full data (50,000 reviews), but dataset={dataset!r} resolves to "
            f"{source.describe()} here. Set IMDBVIZ_DATA to the aclImdb_v1.tar.gz archive (or "
            "run `imdbviz data --download`), or add --allow-other-data to commit these outputs.")


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


@dataclass
class NotebookRun:
    """One executed notebook: ``status`` is ``"ok"`` or ``"failed"``; ``error`` says which
    cell failed and why; ``output`` is where the executed notebook is (for a failed
    ``--inplace`` run, the copy kept for inspection)."""

    notebook: Path
    output: Path | None
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


@contextlib.contextmanager
def _environment(**values):
    """Set environment variables for the block (None removes one), then restore them."""
    saved = {name: os.environ.get(name) for name in values}
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_notebook(notebook, output, parameters: dict | None = None,
                 kernel_name: str | None = None) -> NotebookRun:
    """Execute one notebook with papermill into ``output`` (a new file; papermill saves it
    after every cell); a failure is caught and reported (cell number, exception), never raised.
    The kernel runs in ``output``'s folder, so the files a notebook writes (notebook 03's
    projector files) land beside the executed copy, with ``IMDBVIZ_LIVE=0`` (draw plots once, no
    animation); parameters and ``IMDBVIZ_DATA`` that are relative paths are made absolute."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook, output = Path(notebook), Path(output)
    if output.resolve() == notebook.resolve():
        raise ValueError(f"refusing to execute {notebook} over itself: a failure would lose "
                         "its outputs (use run_inplace)")
    output.parent.mkdir(parents=True, exist_ok=True)
    parameters = {k: _absolute(v) for k, v in (parameters or {}).items()}
    data = os.environ.get("IMDBVIZ_DATA")
    start = time.perf_counter()
    status, error = "ok", ""
    with _environment(IMDBVIZ_LIVE="0", IMDBVIZ_DATA=_absolute(data) if data else None):
        try:
            papermill.execute_notebook(
                str(notebook), str(output), parameters=parameters, kernel_name=kernel_name,
                cwd=str(output.parent.resolve()), progress_bar=False, log_output=False,
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
    seconds = time.perf_counter() - start
    metrics = {}
    if output.exists():
        try:
            metrics = read_metrics(output)
        except Exception as failure:  # a half-written notebook: keep the status we have
            error = error or f"could not read metrics: {failure}"
    return NotebookRun(notebook, output, seconds, status, error, metrics, parameters)


class Interrupted(KeyboardInterrupt):
    """The run was stopped by SIGINT or SIGTERM."""


@contextlib.contextmanager
def _interrupts_raise():
    """Within the block, SIGTERM raises ``Interrupted`` like Ctrl-C (SIGINT) does, so that a
    stopped run can still say what it left behind (main thread only)."""
    def stop(signum, _frame):
        raise Interrupted(f"stopped by {signal.Signals(signum).name}")

    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _keep(temporary: Path, folder: Path, name: str) -> Path | None:
    """Move a failed run's executed copy to ``folder/name``; None when there is none."""
    if not temporary.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.move(str(temporary), str(folder / name)))


def run_inplace(notebook, parameters: dict | None = None, kernel_name: str | None = None,
                failed_dir=None, bake_parameters: bool = False) -> NotebookRun:
    """Regenerate a notebook's outputs: execute it into a hidden temporary file beside it and,
    only when every cell succeeded, tidy it (``tidy``) and rename it over the notebook.

    A failed run leaves the notebook byte for byte as it was and keeps the executed copy in
    ``failed_dir`` (default: a new ``runs/<time>-failed/``), named in ``run.error``. Ctrl-C or
    SIGTERM does the same, then re-raises; a killed run (SIGKILL) leaves the notebook as it
    was and the temporary ``.NAME.running-PID.ipynb`` beside it. Parameters other than the
    notebook's defaults are refused unless ``bake_parameters`` (see ``inplace_parameters``).
    """
    import nbformat

    notebook = Path(notebook)
    parameters = inplace_parameters(notebook, parameters, bake=bake_parameters)
    temporary = notebook.with_name(f".{notebook.stem}.running-{os.getpid()}.ipynb")
    failed_dir = Path(failed_dir) if failed_dir is not None else default_out_dir(suffix="-failed")
    try:
        with _interrupts_raise():
            run = run_notebook(notebook, temporary, parameters, kernel_name)
            if run.status == "ok":
                executed = nbformat.read(str(temporary), as_version=4)
                tidy(executed)
                with files.atomic_path(temporary) as tidied:
                    nbformat.write(executed, str(tidied))
                os.replace(temporary, notebook)
                run.output = notebook
                return run
    except BaseException as stop:
        kept = _keep(temporary, failed_dir, notebook.name)
        print(f"imdbviz run: {notebook} is unchanged"
              + (f"; the interrupted run is kept in {kept}" if kept else "")
              + f" ({type(stop).__name__}: {stop})", file=sys.stderr, flush=True)
        raise
    kept = _keep(temporary, failed_dir, notebook.name)
    run.output = kept
    run.error += f" -- {notebook} is unchanged" + (f"; the failed run is in {kept}" if kept else "")
    return run


def default_out_dir(root="runs", suffix: str = "") -> Path:
    """A new folder name under ``root`` that does not exist yet, e.g. ``runs/20250101-120000``
    (``-2``, ``-3``... appended when a run started in the same second)."""
    stem = Path(root) / (datetime.now().strftime("%Y%m%d-%H%M%S") + suffix)
    path, n = stem, 1
    while path.exists():
        n += 1
        path = stem.with_name(f"{stem.name}-{n}")
    return path


def check_out_dir(out) -> Path:
    """``out`` as a folder for a new run: refused (ValueError) when it already holds one, so
    two runs are never mixed."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.glob("*.ipynb"))
                         or (out / "summary.md").exists()):
        raise ValueError(f"--out {out} already holds the results of a run: pick a new folder, "
                         "or leave --out out to get a new runs/<time>/")
    return out


def run_and_report(echo, what: str, target, run_it):
    """Run ``run_it()``, saying what runs and how it ended through ``echo`` (None: quiet)."""
    if echo:
        echo(f"running {what} -> {target}", flush=True)
    run = run_it()
    if echo:
        echo(f"  {run.status} in {run.seconds:.1f} s" + (f": {run.error}" if run.error else ""),
             flush=True)
    return run


def run_series(notebooks, parameters: dict | None = None, out=None, inplace: bool = False,
               kernel_name: str | None = None, echo=print,
               bake_parameters: bool = False, allow_other_data: bool = False
               ) -> list[NotebookRun]:
    """Run ``notebooks`` in order, each with ``parameters``; executed copies go to ``out``
    (a new ``runs/<timestamp>/`` when None, refused when it holds a run already), or back over
    the originals with ``inplace`` (see ``run_inplace``; refused on other data than the full
    data unless ``allow_other_data``, see ``check_inplace_data``). A failed notebook does not stop the
    others. Writes ``summary.md`` and ``summary.csv`` into ``out`` (unless ``inplace`` without
    ``out``). ``echo`` reports progress (None: quiet)."""
    notebooks = [Path(n) for n in notebooks]
    if inplace:  # refuse non-default parameters before anything runs
        for notebook in notebooks:
            inplace_parameters(notebook, parameters, bake=bake_parameters)
            if not allow_other_data:
                check_inplace_data(notebook, parameters)
        out = check_out_dir(out) if out is not None else None
    else:
        out = check_out_dir(out) if out is not None else default_out_dir()
    runs = []
    for notebook in notebooks:
        if inplace:
            runs.append(run_and_report(
                echo, str(notebook), "itself, when it succeeds",
                lambda: run_inplace(notebook, parameters, kernel_name,
                                    bake_parameters=bake_parameters)))
        else:
            target = out / notebook.name
            runs.append(run_and_report(
                echo, str(notebook), target,
                lambda: run_notebook(notebook, target, parameters, kernel_name)))
    if out is not None:
        write_summary(runs, out)
    return runs


# ----------------------------------------------------------------------------- summaries
def _details(run: NotebookRun) -> str:
    return (run.status + (f" ({run.error})" if run.error else "")).replace("|", "/")


def run_tables(first: str, labels, runs: list[NotebookRun]) -> tuple[str, str]:
    """The runs as a markdown table and as CSV text: one row per run, the ``first`` column
    (``labels``), seconds, status (the markdown with its error; the CSV has an error column),
    then every scalar metric any run recorded (empty where a run has none)."""
    keys = sorted({k for run in runs for k in run.scalar_metrics()})
    markdown, table = [], []
    for label, run in zip(labels, runs):
        metrics = run.scalar_metrics()
        recorded = {k: metrics.get(k) for k in keys}
        markdown.append({first: label, "seconds": run.seconds, "status": _details(run),
                         **recorded})
        table.append({first: label, "seconds": f"{run.seconds:.2f}", "status": run.status,
                      "error": run.error, **recorded})
    return format_rows(markdown, markdown=True) + "\n", csv_text(table)


def summary_table(runs: list[NotebookRun]) -> str:
    """A markdown table: notebook, seconds, status, key metrics (or the error), and a total."""
    table, _ = run_tables("notebook", [run.notebook.name for run in runs], runs)
    total = sum(run.seconds for run in runs)
    failed = sum(run.status != "ok" for run in runs)
    return table + f"\n**total**: {total:.1f} s, {len(runs) - failed} ok, {failed} failed"


def write_summary(runs: list[NotebookRun], out) -> tuple[Path, Path]:
    """``summary.md`` (the table) and ``summary.csv`` (one row per notebook) in ``out``."""
    out = Path(out)
    _, table = run_tables("notebook", [run.notebook.name for run in runs], runs)
    return (files.write_text(out / "summary.md", summary_table(runs) + "\n"),
            files.write_text(out / "summary.csv", table))
