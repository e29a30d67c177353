"""Watching a model train: a Keras callback that collects the history and redraws the curves.

In a live JupyterLab the figure is redrawn in place after every epoch
(``IPython.display.display(..., display_id=True)`` then ``handle.update``). Without a live
frontend (papermill, nbval, a script) it draws once, at the end of training, so an executed
notebook holds one figure and no animation frames.

``POST_LOG`` is the blog post's own training log (``imdbviz.post.LOG``).
"""
from __future__ import annotations

import io
import os
import sys

import keras

from .post import LOG as POST_LOG  # noqa: F401  (the reference curves LivePlot can draw)
from .post import TEST_ACCURACY as POST_TEST_ACCURACY  # noqa: F401

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


def _png(figure):
    """The figure as an ``IPython.display.Image`` (works with any matplotlib backend)."""
    from IPython.display import Image

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    return Image(data=buffer.getvalue(), format="png")


class LivePlot(keras.callbacks.Callback):
    """Collects ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy`` after every epoch in
    ``history`` (a Keras-style dict of lists) and draws them with
    ``imdbviz.plots.plot_history``.

    ``live``: ``"auto"`` (redraw after each epoch only when ``frontend_is_live()``), ``True``
    (always redraw) or ``False`` (draw once, when training ends). ``reference``: a history drawn
    dashed for comparison, e.g. ``POST_LOG``. ``frames`` counts the drawings made, for tests.
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
        from matplotlib.figure import Figure

        from .plots.curves import plot_history

        figure = Figure(figsize=(10, 3.5), layout="constrained")
        plot_history(self.history, reference=self.reference, panels=figure.subplots(1, 2))
        epochs = len(self.history.get("loss", []))
        figure.suptitle(f"{self.title}{' - ' if self.title else ''}epoch {epochs}")
        self.figure = figure
        self.frames += 1
        if not self.display:
            return
        from IPython.display import display

        image = _png(figure)
        if self._handle is None:
            self._handle = display(image, display_id=True)
        else:
            self._handle.update(image)


class EvaluateEachEpoch(keras.callbacks.Callback):
    """Evaluates the model on ``(x, y)`` after every epoch and adds ``<prefix>loss`` and
    ``<prefix>accuracy`` to the epoch's logs (so they land in the Keras history).

    With the test set this is what the blog post did by passing it as ``validation_data``:
    useful to *show* why choosing anything by it is optimistic, never to choose by it.
    Put it before other callbacks (``LivePlot``, ``EarlyStopping``) that should see the values.
    """

    def __init__(self, x, y, prefix: str = "test_", batch_size: int = 1024):
        super().__init__()
        self.x, self.y, self.prefix, self.batch_size = x, y, prefix, batch_size

    def on_epoch_end(self, epoch, logs=None):
        loss, accuracy = self.model.evaluate(self.x, self.y, batch_size=self.batch_size,
                                             verbose=0)
        if logs is not None:
            logs[f"{self.prefix}loss"] = float(loss)
            logs[f"{self.prefix}accuracy"] = float(accuracy)
