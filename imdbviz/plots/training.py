"""Training curves (notebook 05): loss and accuracy per epoch, train against validation.

A *history* is Keras' ``History.history`` dict: ``{"loss": [...], "accuracy": [...],
"val_loss": [...], "val_accuracy": [...]}``, one value per epoch (``TrainResult.history``,
``LivePlot.history`` and ``imdbviz.live.POST_LOG`` all have this shape).
"""
from __future__ import annotations

import numpy as np

__all__ = ["plot_metric", "plot_history", "plot_sweep"]

_TITLES = {"loss": "loss (binary cross-entropy)", "accuracy": "accuracy"}


def _axes(ax, ncols=1, figsize=(5, 3.5)):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    _fig, ax = plt.subplots(1, ncols, figsize=figsize, constrained_layout=True)
    return ax


def plot_metric(history: dict, metric: str = "loss", ax=None, label: str = "", style: str = "-",
                color=None, best_epoch: int | None = None):
    """Draw ``history[metric]`` (train, solid markers) and ``history["val_" + metric]``
    (validation, hollow markers) against the epoch number (1, 2, ...) on ``ax``.

    ``label`` prefixes the legend entries (e.g. ``"post "``); ``best_epoch`` (1-based) draws a
    vertical line there, e.g. the epoch that early stopping restored. Returns the Axes; its lines
    are, in order, train then validation (when present).
    """
    if metric not in history:
        raise ValueError(f"metric={metric!r} is not in the history; it has {sorted(history)}")
    ax = _axes(ax)
    for key, name, marker in ((metric, "train", "o"), ("val_" + metric, "validation", "s")):
        if key not in history:
            continue
        values = np.asarray(history[key], dtype=float)
        epochs = np.arange(1, len(values) + 1)
        line, = ax.plot(epochs, values, style, marker=marker, markersize=4, color=color,
                        label=f"{label}{name}",
                        markerfacecolor=None if name == "train" else "none")
        color = line.get_color()  # validation in the same colour as train
    if best_epoch is not None:
        ax.axvline(best_epoch, color="grey", linestyle=":", linewidth=1,
                   label=f"{label}best epoch ({best_epoch})")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.set_title(_TITLES.get(metric, metric))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize="small")
    return ax


def plot_history(history: dict, reference: dict | None = None, axes=None,
                 reference_label: str = "post ", best_epoch: int | None = None,
                 metrics=("loss", "accuracy")):
    """Loss and accuracy curves side by side, train and validation; ``reference`` (e.g.
    ``POST_LOG``) is drawn dashed in grey on the same Axes for comparison.

    ``axes``: a sequence of one Axes per metric (new figure when None). Returns the Figure.
    On each Axes, our lines come first (train, validation), then the reference's.
    """
    import matplotlib.pyplot as plt

    if axes is None:
        _fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.5),
                                  constrained_layout=True)
    axes = np.atleast_1d(axes)
    if len(axes) != len(metrics):
        raise ValueError(f"axes has {len(axes)} Axes but {len(metrics)} metrics are drawn")
    for ax, metric in zip(axes, metrics):
        plot_metric(history, metric, ax=ax, color="C0" if reference is not None else None,
                    best_epoch=best_epoch)
        if reference is not None and metric in reference:
            plot_metric(reference, metric, ax=ax, label=reference_label, style="--",
                        color="grey")
    return axes[0].figure


def plot_sweep(values, histories: list[dict], test_accuracies, name: str = "value",
               metric: str = "val_accuracy", axes=None):
    """One training per swept value: ``histories[i][metric]`` per epoch (left) and
    ``test_accuracies[i]`` as bars (right). Returns the Figure.

    ``values``: the swept parameter's values, e.g. ``[25, 50, 100]`` for ``lstm_units``.
    """
    import matplotlib.pyplot as plt

    values = list(values)
    if not (len(values) == len(histories) == len(test_accuracies)):
        raise ValueError("values, histories and test_accuracies must have the same length, got "
                         f"{len(values)}, {len(histories)}, {len(test_accuracies)}")
    if axes is None:
        _fig, axes = plt.subplots(1, 2, figsize=(10, 3.5), constrained_layout=True)
    curves, bars = axes
    for value, history in zip(values, histories):
        series = np.asarray(history.get(metric, []), dtype=float)
        curves.plot(np.arange(1, len(series) + 1), series, marker="o", markersize=4,
                    label=f"{name}={value}")
    curves.set_xlabel("epoch")
    curves.set_ylabel(metric)
    curves.set_title(f"{metric} per epoch")
    curves.xaxis.get_major_locator().set_params(integer=True)
    curves.legend(fontsize="small")
    accuracies = np.asarray([np.nan if a is None else a for a in test_accuracies], dtype=float)
    bars.bar([str(v) for v in values], accuracies, color="C0")
    for i, accuracy in enumerate(accuracies):
        if np.isfinite(accuracy):
            bars.annotate(f"{accuracy:.4f}", (i, accuracy), ha="center", va="bottom",
                          fontsize="small")
    if np.isfinite(accuracies).any():
        low = np.nanmin(accuracies)
        bars.set_ylim(max(0.0, low - 0.05), min(1.0, np.nanmax(accuracies) + 0.03))
    bars.set_xlabel(name)
    bars.set_ylabel("test accuracy")
    bars.set_title("test accuracy")
    return curves.figure
