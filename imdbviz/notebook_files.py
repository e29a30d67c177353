"""An executed notebook made fit to commit (``tidy``): no papermill or timing metadata, no
saved widget state, progress bars as last drawn, and the kernelspec JupyterLab writes."""
from __future__ import annotations

from .widgets.static import WIDGET_VIEW

#: The kernelspec JupyterLab writes for the default Python kernel.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def as_displayed(text: str) -> str:
    """Stream text as a terminal shows it: a carriage return (a progress bar redrawing its
    line) keeps only what was written last on that line."""
    return "\n".join(line.rsplit("\r", 1)[-1] if "\r" in line.rstrip("\r") else
                     line.rstrip("\r") for line in text.split("\n"))


def _coalesce_streams(outputs: list) -> list:
    """Consecutive stream outputs of the same stream as one (as JupyterLab shows them)."""
    merged = []
    for output in outputs:
        if (output.get("output_type") == "stream" and merged
                and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == output.get("name")):
            merged[-1]["text"] += output["text"]
        else:
            merged.append(output)
    return merged


def tidy(notebook) -> None:
    """Make an executed nbformat notebook fit to commit, in place: no papermill or execution
    timing metadata, no saved widget state (a widget output keeps its static picture, which
    every viewer shows, and loses its live view, which needs the kernel that made it), progress
    bars as their last state, and the kernelspec JupyterLab writes, so that opening it in
    JupyterLab changes nothing."""
    notebook.metadata.pop("papermill", None)
    notebook.metadata.pop("widgets", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _coalesce_streams(cell.outputs)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and ({"image/png", "text/html"} & set(data)):
                del data[WIDGET_VIEW]
            if output.get("output_type") == "stream":
                output["text"] = as_displayed(output["text"])
