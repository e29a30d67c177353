"""Models and recipes side by side: each seed's result as a point, their mean and spread; the
comparison table as bar charts; accuracy by review length."""
from __future__ import annotations

import numpy as np

from .style import axes, color_for, drawn

__all__ = ["plot_spreads", "plot_comparison", "plot_accuracy_by_length"]


def plot_spreads(spreads, ax=None, xlabel: str = "test accuracy", reference: dict | None = None,
                 colors=None):
    """One row per ``experiments.Spread``: every seed's value as a dot, the mean as a bar, one
    standard deviation either side as a line. ``reference`` ``{label: value}`` draws dashed
    vertical lines (e.g. a published number). Returns the Axes; ``drawn_``, one entry per
    spread in row order: ``seeds`` (dots), ``means`` (ticks), ``stds`` (segments); and
    ``reference`` ``{label: line}``."""
    spreads = list(spreads)
    ax = axes(ax, figsize=(8, 0.55 * len(spreads) + 1.5))
    seeds, means, stds = [], [], []
    for row, s in enumerate(spreads):
        color = colors[row] if colors is not None else color_for(s.name, row)
        seeds += ax.plot(s.values, np.full(len(s.values), row), "o", color=color, alpha=0.55,
                         ms=5)
        stds.append(ax.hlines(row, s.mean - s.std, s.mean + s.std, color=color, lw=2))
        means += ax.plot([s.mean], [row], "|", color=color, ms=18, mew=2.5)
        ax.annotate(f"{s.mean:.4f} +/- {s.std:.4f}", (s.mean, row), xytext=(0, 9),
                    textcoords="offset points", ha="center", fontsize=8)
    lines = {label: ax.axvline(value, color="k", ls=style, lw=1, label=f"{label}: {value:.4f}")
             for (label, value), style in zip((reference or {}).items(), ("--", ":", "-."))}
    ax.set_yticks(range(len(spreads)), [s.name for s in spreads])
    ax.set_ylim(len(spreads) - 0.4, -0.7)
    ax.set_xlabel(f"{xlabel} (dots: seeds; bar: mean; line: +/- 1 standard deviation)")
    ax.grid(axis="x", alpha=0.3)
    if reference:
        ax.legend(fontsize=8, loc="lower right")
    return drawn(ax, seeds=seeds, means=means, stds=stds, reference=lines)


def plot_comparison(rows, published: dict | None = None, panels=None):
    """Three panels, one row per ``comparison.ComparisonRow``: test accuracy (each seed a dot,
    the mean a tick, on an axis that spans the values, so no bars; ``published``
    ``{name: accuracy}`` as dashed lines), training time (s) and parameters (log scale).
    ``panels``: three Axes, or None for a new figure. Returns the Figure; ``drawn_["axes"]``:
    ``accuracy`` (``drawn_``: ``seeds``, ``means``, a line per row; ``published``
    ``{name: line}``), ``seconds`` and ``params`` (``drawn_["bars"]``, a bar per row)."""
    import matplotlib.pyplot as plt

    if not rows:
        raise ValueError("rows is empty: pass the ComparisonRow list of the comparison table")
    if panels is None:
        figure, panels = plt.subplots(1, 3, figsize=(15, 0.45 * len(rows) + 1.8), sharey=True,
                                      gridspec_kw={"width_ratios": (2, 1, 1)})
    else:
        figure = panels[0].figure
    y = np.arange(len(rows))
    colors = ["0.35" if r.seeds > 1 else "0.7" for r in rows]
    accuracy, seconds, params = panels
    seeds, means = [], []
    for row, r in enumerate(rows):
        seeds += accuracy.plot(r.accuracies, np.full(r.seeds, row), "o", color=colors[row], ms=4)
        means += accuracy.plot([r.test_accuracy], [row], "|", color="k", ms=14, mew=2)
        accuracy.annotate(f"{r.test_accuracy:.4f}", (max(r.accuracies), row), xytext=(8, 0),
                          textcoords="offset points", ha="left", va="center", fontsize=8)
    drawn(seconds, bars=seconds.barh(y, [r.train_seconds for r in rows], color=colors))
    drawn(params, bars=params.barh(y, [r.params for r in rows], color=colors))
    for ax, title in zip(panels, ["test accuracy",
                                "training time (s)",
                                "parameters (log scale)"]):
        ax.set_title(title)
        ax.grid(axis="x", alpha=0.3)
    accuracy.set_yticks(y, [f"{r.model} ({r.top_words:,} words)" for r in rows])
    accuracy.set_ylim(len(rows) - 0.5, -0.7)
    values = [a for r in rows for a in r.accuracies] + list((published or {}).values())
    accuracy.set_xlim(max(0.0, np.floor(min(values) * 50) / 50 - 0.02), min(1.0, max(values) + 0.04))
    accuracy.set_xlabel("dots: seeds; |: mean (the axis does not start at 0)")
    lines = {name: accuracy.axvline(value, color="black", linestyle=style, linewidth=1,
                                    label=f"{name}: {value:.2%}")
             for (name, value), style in zip((published or {}).items(), ["--", ":", "-."])}
    drawn(accuracy, seeds=seeds, means=means, published=lines)
    if published:
        figure.legend(*accuracy.get_legend_handles_labels(), loc="lower left",
                      ncol=len(published), fontsize=9, title="published, full data:",
                      title_fontsize=9)
    params.set_xscale("log")
    figure.tight_layout(rect=(0, 0.1 if published else 0, 1, 1))
    return drawn(figure, axes={"accuracy": accuracy, "seconds": seconds, "params": params})


def plot_accuracy_by_length(result, ax=None):
    """One line per model: accuracy in each review-length bin of a ``LengthAccuracy`` (bins
    evenly spaced on the x axis, labelled with their lengths and counts); ``maxlen`` dashed
    inside its bin (longer reviews are truncated). Returns the Axes; ``drawn_``: ``lines``
    ``{model name: line}`` (y = accuracy per bin), ``maxlen`` (when drawn)."""
    ax = axes(ax, figsize=(8, 4))
    bins = np.arange(len(result.counts))
    lines = {}
    for k, (name, acc) in enumerate(zip(result.names, result.accuracy)):
        lines[name], = ax.plot(bins, acc, marker="o", label=name, color=color_for(name, k))
    edges = result.edges
    cut = None
    if result.maxlen is not None and edges[0] <= result.maxlen < edges[-1]:
        b = int(np.searchsorted(edges, result.maxlen, side="right") - 1)
        where = b - 0.5 + (result.maxlen - edges[b]) / (edges[b + 1] - edges[b])
        cut = ax.axvline(where, color="gray", linestyle="--", linewidth=1,
                         label=f"maxlen = {result.maxlen} (longer reviews are cut)")
    ax.set_xticks(bins, [f"{a}-{b}\n{n} reviews" for a, b, n in
                         zip(edges[:-1], edges[1:], result.counts)], fontsize=8)
    ax.set_xlim(-0.5, len(bins) - 0.5)
    ax.set_xlabel(f"review length in {result.unit} (bin)")
    ax.set_ylabel("test accuracy")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return drawn(ax, lines=lines, maxlen=cut)
