"""Watching a model train: a Keras callback that collects the history and redraws the curves
(a drawing callback, so it lives with the widgets; the training callbacks are in ``train``).

In a live JupyterLab the figure is redrawn in place after every epoch
(``IPython.display.display(..., display_id=True)`` then ``handle.update``). Without a live
frontend (papermill, nbval, a script) it draws once, at the end of training, so an executed
notebook holds one figure and no animation frames. ``reference`` curves are e.g. the blog
post's own log, ``imdbviz.blog_post.LOG``.
"""
from __future__ import annotations

import os
import sys

import keras
from IPython.display import Image, display
from matplotlib.figure import Figure

from ..plots.curves import plot_history
from .static import figure_png

_NOT_LIVE_PARENTS = ("papermill", "pytest", "nbconvert")


def frontend_is_live() -> bool:
    """True when this code runs in a Jupyter kernel that a person is watching.

    False outside an IPython kernel, when ``IMDBVIZ_LIVE=0`` (``imdbviz run`` sets it), under
    pytest/nbval (``PYTEST_CURRENT_TEST``), and when the kernel was started by papermill,
    pytest or nbconvert (read from the parent process's command line, where available).
    """
    if os.environ.get("IMDBVIZ_LIVE", "").strip().lower() in ("0", "false", "no"):
        return False
    if os.environ.get("PYTEST_CURRENT_TEST"):
        return False
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return False
    try:
        with open(f"/proc/{os.getppid()}/cmdline", "rb") as f:
            parent = f.read().replace(b"\0", b" ").decode(errors="replace").lower()
    except OSError:
        return True
    return not any(name in parent for name in _NOT_LIVE_PARENTS)


class LivePlot(keras.callbacks.Callback):
    """Collects ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy`` after every epoch in
    ``history`` (a Keras-style dict of lists) and draws them with
    ``imdbviz.plots.plot_history``.

    ``live``: ``"auto"`` (redraw after each epoch only when ``frontend_is_live()``), ``True``
    (always redraw) or ``False`` (draw once, when training ends). ``reference``: a history drawn
    dashed for comparison, e.g. ``blog_post.LOG``. ``frames`` counts the drawings made, for tests.
    """

    def __init__(self, live="auto", reference: dict | None = None, title: str = "",
                 display: bool = True):
        super().__init__()
        if live not in ("auto", True, False):
            raise ValueError(f"live must be 'auto', True or False, got {live!r}")
        self.live = frontend_is_live() if live == "auto" else bool(live)
        self.reference = reference
        self.title = title
        self.display = display
        self.history: dict[str, list[float]] = {}
        self.frames = 0
        self.figure = None
        self._handle = None

    def on_train_begin(self, logs=None):
        self.history = {}
        self._handle = None

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))
        if self.live:
            self._draw()

    def on_train_end(self, logs=None):
        if not self.live and self.history:
            self._draw()

    def _draw(self):
        figure = Figure(figsize=(10, 3.5), layout="constrained")
        plot_history(self.history, reference=self.reference, panels=figure.subplots(1, 2))
        epochs = len(self.history.get("loss", []))
        figure.suptitle(f"{self.title}{' - ' if self.title else ''}epoch {epochs}")
        self.figure = figure
        self.frames += 1
        if not self.display:
            return
        image = Image(data=figure_png(figure), format="png")
        if self._handle is None:
            self._handle = display(image, display_id=True)
        else:
            self._handle.update(image)
