"""One notebook run once per value of one parameter (``imdbviz run --sweep NAME=V1,V2,...``):
the runs side by side as a table (CSV and markdown) and a plot of the recorded curves."""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt

from . import files
from .plots import plot_sweep
from .runner import (check_out_dir, default_out_dir, parse_value, run_and_report, run_notebook,
                     run_tables)

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


def run_sweep(notebook, name: str, values, parameters: dict | None = None, out=None,
              kernel_name: str | None = None, echo=print, metric: str = "val_accuracy"):
    """Run ``notebook`` once per value of parameter ``name``; write ``sweep_<name>.csv``,
    ``sweep_<name>.md`` and ``sweep_<name>.png`` (per-epoch ``metric`` from the notebook's
    recorded ``history``, and test accuracy) into ``out``. Returns ``(runs, paths)``."""
    notebook = Path(notebook)
    out = check_out_dir(out) if out is not None else default_out_dir()
    runs = []
    for value in values:
        params = {**(parameters or {}), name: value}
        target = out / f"{notebook.stem}_{name}-{value}.ipynb"
        runs.append(run_and_report(
            echo, f"{notebook} with {name}={value!r}", target,
            lambda: run_notebook(notebook, target, params, kernel_name)))
    paths = {"csv": out / f"sweep_{name}.csv", "md": out / f"sweep_{name}.md",
             "png": out / f"sweep_{name}.png"}
    markdown, table = run_tables(name, values, runs)
    files.write_text(paths["md"], markdown)
    files.write_text(paths["csv"], table)
    figure = plot_sweep(values, [run.metrics.get("history", {}) for run in runs],
                        [run.metrics.get("test_accuracy") for run in runs], name=name,
                        metric=metric)
    with files.atomic_path(paths["png"], suffix=".png") as tmp:
        figure.savefig(tmp, dpi=100)
    plt.close(figure)
    return runs, paths
