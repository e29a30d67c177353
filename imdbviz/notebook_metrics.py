"""Numbers a notebook hands to ``imdbviz run``: ``record_metrics(...)`` in a notebook's last
cells shows the values as JSON in an output marked as metrics; ``read_metrics`` reads them back
from the executed notebook (the runner's summary table, the sweep's table and plot). A notebook
imports this alone, not the runner."""
from __future__ import annotations

import json

#: Output metadata key that marks an output as metrics recorded by ``record_metrics``.
METRICS_KEY = "imdbviz_metrics"


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
