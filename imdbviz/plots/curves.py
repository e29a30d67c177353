"""Training curves: loss and accuracy per epoch, train against validation, for one run, for the
seeds of an experiment (each seed faint, their mean bold, their range shaded), and for a sweep.

A *history* is Keras' ``History.history`` dict: ``{"loss": [...], "accuracy": [...],
"val_loss": [...], "val_accuracy": [...]}``, one value per epoch (``TrainResult.history``, a
run record's ``"history"``, ``LivePlot.history`` and ``imdbviz.blog_post.LOG`` all have it).
"""
from __future__ import annotations

import numpy as np

from .style import NEUTRAL, axes, color_for, condition_color, drawn

__all__ = ["plot_metric", "plot_history", "plot_seed_curves", "plot_sweep", "curve_label",
           "plot_training", "plot_curves_over_seeds", "plot_seed_pairs"]

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


#: Words for a history key, on an axis or in a legend.
_WORDS = {"loss": "training loss", "accuracy": "training accuracy",
          "val_loss": "validation loss", "val_accuracy": "validation accuracy",
          "test_loss": "test loss", "test_accuracy": "test accuracy"}
#: The vertical line at the epoch whose weights were kept: neutral, it is not a condition.
KEPT_COLOR = "black"


def curve_label(key: str) -> str:
    """Words for a history key: ``"val_loss"`` -> ``"validation loss"`` (else the key)."""
    return _WORDS.get(key, key)


def plot_training(history: dict, kept_epoch: int | None = None, metrics=("loss", "accuracy"),
                  panels=None, title: str = ""):
    """One run's Keras ``History.history``: a panel per metric, the training curve in the
    series' "train" colour and the validation curve in its "validation" colour
    (``style.CONDITION_COLORS``); ``kept_epoch`` (1-based, e.g. the epoch whose weights
    ``EarlyStopping(restore_best_weights=True)`` put back) as a dotted vertical line with the
    validation value there circled. ``panels``: one Axes per metric, or None for a new figure.
    Returns the Figure; ``drawn_["axes"]``: ``{metric: Axes}``, each with ``drawn_``:
    ``train`` and ``validation`` (lines), ``kept`` (the vertical line) and ``kept_point``."""
    import matplotlib.pyplot as plt

    metrics = tuple(metrics)
    for metric in metrics:
        if metric not in history:
            raise ValueError(f"metric={metric!r} is not in the history; it has {sorted(history)}")
    if panels is None:
        _figure, panels = plt.subplots(1, len(metrics), figsize=(5.5 * len(metrics), 3.6),
                                       constrained_layout=True)
    panels = np.atleast_1d(panels)
    if len(panels) != len(metrics):
        raise ValueError(f"panels has {len(panels)} Axes but {len(metrics)} metrics are drawn")
    epochs_run = len(history[metrics[0]])
    if kept_epoch is not None and not 1 <= kept_epoch <= epochs_run:
        raise ValueError(f"kept_epoch={kept_epoch} is not one of the {epochs_run} epochs trained")
    for ax, metric in zip(panels, metrics):
        lines = {}
        for key, side, marker in ((metric, "train", "o"), ("val_" + metric, "validation", "s")):
            if key in history:
                values = np.asarray(history[key], dtype=float)
                lines[side], = ax.plot(np.arange(1, len(values) + 1), values, "-", marker=marker,
                                       ms=4, color=condition_color(side), label=curve_label(key))
        kept = point = None
        if kept_epoch is not None:
            kept = ax.axvline(kept_epoch, color=KEPT_COLOR, ls=":", lw=1.2,
                              label=f"kept epoch ({kept_epoch})")
            if "validation" in lines:
                value = history["val_" + metric][kept_epoch - 1]
                point, = ax.plot([kept_epoch], [value], "o", ms=11, mfc="none", mew=1.5,
                                 color=KEPT_COLOR)
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.set_title(_TITLES.get(metric, metric))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(fontsize="small")
        drawn(ax, **lines, kept=kept, kept_point=point)
    if title:
        panels[0].figure.suptitle(title)
    return drawn(panels[0].figure, axes=dict(zip(metrics, panels)))


def plot_curves_over_seeds(curves: dict, ax=None, kept: dict | None = None,
                           colors: dict | None = None, ylabel: str = "", title: str = "",
                           jitter: float = 0.0, legend_outside: bool = False):
    """Several conditions' curves over seeds on one Axes: ``curves`` ``{label: (histories,
    key)}``, each drawn by ``plot_seed_curves`` (seeds faint, mean bold, range shaded) in the
    label's colour (``colors[label]``, else ``style.color_for(label)``: "train", "validation",
    "ours", "no dropout", "train (over-fitting runs)"... take the series' colours).

    ``kept`` ``{label: [1-based epoch per history]}`` marks each seed's own curve at that epoch
    with a dot of the label's colour, edged in black (e.g. the epoch early stopping would keep),
    and draws those seeds' lines less faint, so that a dot is seen on its own curve. ``jitter``
    (in epochs) moves dots sideways so that none hides another: the labels' dots apart from each
    other, and the dots of one label at the same epoch apart. ``legend_outside`` puts the legend
    under the Axes. Returns the Axes; ``drawn_``: ``{label: plot_seed_curves' drawn_}`` and
    ``kept`` ``{label: the dots}`` (their y data are the curves' values at the kept epochs, their
    x data those epochs, moved by at most ``jitter`` times the number of labels and seeds)."""
    ax = axes(ax, figsize=(6, 3.8))
    parts, dots = {}, {}
    marked = [label for label in curves if kept and label in kept]
    for row, (label, (histories, key)) in enumerate(curves.items()):
        color = (colors or {}).get(label) or color_for(label, row)
        parts[label] = plot_seed_curves(histories, key, ax=ax, color=color,
                                        label=f"{label}: ").drawn_
        if label in marked:
            epochs = list(kept[label])
            if len(epochs) != len(histories):
                raise ValueError(f"kept[{label!r}] has {len(epochs)} epochs for "
                                 f"{len(histories)} histories")
            for line in parts[label]["seeds"]:
                line.set_alpha(0.6)
            values = [float(h[key][e - 1]) for h, e in zip(histories, epochs)]
            x = np.asarray(epochs, dtype=float)
            if jitter:
                x = x + jitter * (marked.index(label) - (len(marked) - 1) / 2) * len(histories)
                for epoch in set(epochs):  # the same label's dots at one epoch, side by side
                    same = [i for i, e in enumerate(epochs) if e == epoch]
                    for k, i in enumerate(same):
                        x[i] += jitter * (k - (len(same) - 1) / 2)
            dots[label], = ax.plot(x, values, "o", ms=6, mfc=color, mec=KEPT_COLOR,
                                   mew=1.2, zorder=5,
                                   label=f"{label}: each seed's kept epoch (on its curve)")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel or curve_label(next(iter(curves.values()))[1]))
    if title:
        ax.set_title(title)
    if legend_outside:
        entries = len(ax.get_legend_handles_labels()[0])
        ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.16),
                  ncol=2 if entries > 3 else 1)
    else:
        ax.legend(fontsize="small")
    return drawn(ax, **parts, kept=dots or None)


def plot_seed_pairs(before, after, ax=None, xlabel: str = "test accuracy", title: str = "",
                    colors=(KEPT_COLOR, KEPT_COLOR)):
    """Two ``stats.Spread`` of runs with the same seeds, seed by seed: ``before`` as hollow
    circles on the upper row, ``after`` as filled circles on the lower row (both black, or
    ``colors`` (before's, after's), e.g. the two conditions' colours), a thin grey line joining
    each seed's two values (a paired comparison reads along these lines), each row's mean as a
    bar and one standard deviation either side as a line. Returns the Axes;
    ``drawn_``: ``before`` and ``after`` (the dots), ``pairs`` ``{seed: Line2D}`` (x: the
    seed's two values; y: rows 0 and 1), ``means`` and ``stds`` (per row)."""
    if before.seeds is None or after.seeds is None:
        raise ValueError("plot_seed_pairs joins runs by seed: both spreads must know their seeds")
    ax = axes(ax, figsize=(6, 2.4))
    first, second = before.by_seed(), after.by_seed()
    pairs = {seed: ax.plot([first[seed], second[seed]], [0, 1], "-", color="0.6", lw=0.8,
                           zorder=1)[0]
             for seed in before.seeds if seed in second}
    dots, means, stds = {}, [], []
    for row, (name, s, face, color) in enumerate((("before", before, "white", colors[0]),
                                                  ("after", after, colors[1], colors[1]))):
        dots[name], = ax.plot(s.values, np.full(s.n, row), "o", ls="none", ms=7, mfc=face,
                              mec=color, mew=1.4, zorder=3)
        y = row + (-0.3 if row == 0 else 0.3)
        stds.append(ax.hlines(y, s.mean - s.std, s.mean + s.std, color=color, lw=1.5))
        means += ax.plot([s.mean], [y], "|", color=color, ms=10, mew=2)
        ax.annotate(f"mean {s.mean:.4f} +/- {s.std:.4f}", (s.mean, y),
                    xytext=(0, 5 if row == 0 else -5), textcoords="offset points", ha="center",
                    va="bottom" if row == 0 else "top", fontsize=8)
    ax.set_yticks([0, 1], [before.name, after.name])
    ax.set_ylim(1.75, -0.75)
    ax.set_xlabel(f"{xlabel}\n(circles: seeds, a grey line joins one seed's two values; "
                  "bar: mean, line: +/- 1 SD)")
    ax.grid(axis="x", alpha=0.3)
    if title:
        ax.set_title(title)
    return drawn(ax, before=dots["before"], after=dots["after"], pairs=pairs, means=means,
                 stds=stds)
