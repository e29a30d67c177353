"""Training curves: loss and accuracy per epoch, train against validation, for one run, for the
seeds of an experiment (each seed faint, their mean bold, their range shaded), and for a sweep.

A *history* is Keras' ``History.history`` dict: ``{"loss": [...], "accuracy": [...],
"val_loss": [...], "val_accuracy": [...]}``, one value per epoch (``TrainResult.history``, a
run record's ``"history"``, ``LivePlot.history`` and ``imdbviz.blog_post.LOG`` all have it).
"""
from __future__ import annotations

import numpy as np

from .style import NEUTRAL, axes, drawn

__all__ = ["plot_metric", "plot_history", "plot_seed_curves", "plot_sweep"]

_TITLES = {"loss": "loss (binary cross-entropy)", "accuracy": "accuracy"}


def plot_metric(history: dict, metric: str = "loss", ax=None, label: str = "", style: str = "-",
                color=None, best_epoch: int | None = None):
    """Draw ``history[metric]`` (train, solid markers) and ``history["val_" + metric]``
    (validation, hollow markers) against the epoch number (1, 2, ...) on ``ax``.

    ``label`` prefixes the legend entries (e.g. ``"post "``); ``best_epoch`` (1-based) draws a
    vertical line there, e.g. the epoch that early stopping restored. Returns the Axes;
    ``drawn_``: each line under its history key (``metric``, ``"val_" + metric`` when present),
    ``best_epoch`` (the vertical line, when drawn).
    """
    if metric not in history:
        raise ValueError(f"metric={metric!r} is not in the history; it has {sorted(history)}")
    ax = axes(ax, figsize=(5, 3.5))
    lines = {}
    for key, name, marker in ((metric, "train", "o"), ("val_" + metric, "validation", "s")):
        if key not in history:
            continue
        values = np.asarray(history[key], dtype=float)
        epochs = np.arange(1, len(values) + 1)
        lines[key], = ax.plot(epochs, values, style, marker=marker, markersize=4, color=color,
                              label=f"{label}{name}",
                              markerfacecolor=None if name == "train" else "none")
        color = lines[key].get_color()  # validation in the same colour as train
    best = None
    if best_epoch is not None:
        best = ax.axvline(best_epoch, color="grey", linestyle=":", linewidth=1,
                          label=f"{label}best epoch ({best_epoch})")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.set_title(_TITLES.get(metric, metric))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize="small")
    return drawn(ax, **lines, best_epoch=best)


def plot_history(history: dict, reference: dict | None = None, panels=None,
                 reference_label: str = "post ", best_epoch: int | None = None,
                 metrics=("loss", "accuracy")):
    """Loss and accuracy curves side by side, train and validation; ``reference`` (e.g.
    ``POST_LOG``) dashed in grey on the same Axes. ``panels``: one Axes per metric (a new
    figure when None). Returns the Figure; ``drawn_["axes"]``: ``{metric: Axes}``, each with
    the ``drawn_`` of ``plot_metric`` for ``history`` plus ``reference``, the reference's
    lines by history key."""
    import matplotlib.pyplot as plt

    if panels is None:
        _figure, panels = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.5),
                                       constrained_layout=True)
    panels = np.atleast_1d(panels)
    if len(panels) != len(metrics):
        raise ValueError(f"panels has {len(panels)} Axes but {len(metrics)} metrics are drawn")
    for ax, metric in zip(panels, metrics):
        ours = plot_metric(history, metric, ax=ax, color=NEUTRAL[0], best_epoch=best_epoch).drawn_
        theirs = None
        if reference is not None and metric in reference:
            theirs = plot_metric(reference, metric, ax=ax, label=reference_label, style="--",
                                 color="grey").drawn_
        drawn(ax, **ours, reference=theirs)
    return drawn(panels[0].figure, axes=dict(zip(metrics, panels)))


def plot_seed_curves(histories: list[dict], key: str, ax=None, color: str = NEUTRAL[0],
                     label: str = ""):
    """``history[key]`` of several seeds' runs: each seed a faint line, the mean over seeds
    bold, the range (min to max, over the seeds that reached that epoch) shaded. Runs of
    different lengths (early stopping) are aligned on their first epoch. Returns the Axes;
    ``drawn_``: ``seeds`` (a line per history that has ``key``, in order), ``mean``,
    ``range`` (the shaded band)."""
    ax = axes(ax, figsize=(5, 3.5))
    series = [np.asarray(h[key], dtype=float) for h in histories if key in h]
    if not series:
        raise ValueError(f"no history has {key!r}")
    longest = max(len(s) for s in series)
    grid = np.full((len(series), longest), np.nan)
    seeds = []
    for row, values in zip(grid, series):
        row[:len(values)] = values
        seeds += ax.plot(np.arange(1, len(values) + 1), values, color=color, alpha=0.25, lw=0.8)
    epochs = np.arange(1, longest + 1)
    band = ax.fill_between(epochs, np.nanmin(grid, 0), np.nanmax(grid, 0), color=color,
                           alpha=0.15, lw=0)
    mean, = ax.plot(epochs, np.nanmean(grid, 0), "-o", ms=3, color=color,
                    label=f"{label}mean of {len(series)} seeds (shaded: their range)")
    ax.set_xlabel("epoch")
    ax.set_ylabel(key)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize="small")
    return drawn(ax, seeds=seeds, mean=mean, range=band)


def plot_sweep(values, histories: list[dict], test_accuracies, name: str = "value",
               metric: str = "val_accuracy", panels=None):
    """One training per swept value: ``histories[i][metric]`` per epoch (left) and
    ``test_accuracies[i]`` as dots (right). ``panels``: two Axes, or None for a new figure.
    Returns the Figure; ``drawn_["axes"]``: ``curves`` (``drawn_["lines"]``: a line per
    value, in order) and ``test_accuracy`` (``drawn_["test_accuracy"]``: the dots)."""
    import matplotlib.pyplot as plt

    values = list(values)
    if not (len(values) == len(histories) == len(test_accuracies)):
        raise ValueError("values, histories and test_accuracies must have the same length, got "
                         f"{len(values)}, {len(histories)}, {len(test_accuracies)}")
    if panels is None:
        _figure, panels = plt.subplots(1, 2, figsize=(10, 3.5), constrained_layout=True)
    curves, dots = panels
    lines = []
    for i, (value, history) in enumerate(zip(values, histories)):
        series = np.asarray(history.get(metric, []), dtype=float)
        lines += curves.plot(np.arange(1, len(series) + 1), series, marker="o", markersize=4,
                             color=NEUTRAL[i % len(NEUTRAL)], label=f"{name}={value}")
    curves.set_xlabel("epoch")
    curves.set_ylabel(metric)
    curves.set_title(f"{metric} per epoch")
    curves.xaxis.get_major_locator().set_params(integer=True)
    curves.legend(fontsize="small")
    accuracies = np.asarray([np.nan if a is None else a for a in test_accuracies], dtype=float)
    accuracy_dots, = dots.plot([str(v) for v in values], accuracies, "o", color=NEUTRAL[0])
    for i, accuracy in enumerate(accuracies):
        if np.isfinite(accuracy):
            dots.annotate(f"{accuracy:.4f}", (i, accuracy), ha="center", va="bottom",
                          fontsize="small", xytext=(0, 4), textcoords="offset points")
    dots.set_xlabel(name)
    dots.set_ylabel("test accuracy")
    dots.set_title("test accuracy (one seed each)")
    drawn(curves, lines=lines)
    drawn(dots, test_accuracy=accuracy_dots)
    return drawn(curves.figure, axes={"curves": curves, "test_accuracy": dots})
