"""An executed notebook made fit to commit (``tidy``): no papermill or timing metadata, no
saved widget state, progress bars as last drawn, the kernelspec JupyterLab writes, and the
checking machinery collapsed (``collapse_machinery``)."""
from __future__ import annotations

import re

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


def is_machinery(source: str) -> bool:
    """A code cell that checks the prose (``claims.claim(``) or writes it
    (``Markdown(f"...")``): what a student does not need to read."""
    return "claims.claim(" in source or re.search(r"\bMarkdown\(", source) is not None


def collapse_machinery(notebook) -> None:
    """Collapse every machinery cell in place (``metadata.jupyter.source_hidden``, which
    JupyterLab honours, and the tag ``hide-input``, which Jupyter Book and nbconvert honour),
    and show every other code cell's source."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source = "".join(cell.source)
        tags = [t for t in cell.metadata.get("tags", []) if t != "hide-input"]
        jupyter = {k: v for k, v in cell.metadata.get("jupyter", {}).items()
                   if k != "source_hidden"}
        if is_machinery(source):
            tags.append("hide-input")
            jupyter["source_hidden"] = True
        cell.metadata["tags"] = tags
        if jupyter:
            cell.metadata["jupyter"] = jupyter
        else:
            cell.metadata.pop("jupyter", None)


def tidy(notebook) -> None:
    """Make an executed nbformat notebook fit to commit, in place: no papermill or execution
    timing metadata, no saved widget state (a widget output keeps its static picture, which
    every viewer shows, and loses its live view, which needs the kernel that made it), progress
    bars as their last state, and the kernelspec JupyterLab writes, so that opening it in
    JupyterLab changes nothing."""
    notebook.metadata.pop("papermill", None)
    notebook.metadata.pop("widgets", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    collapse_machinery(notebook)
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
