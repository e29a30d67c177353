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


#: Line styles of the published results in ``plot_comparison``, in ``published`` order.
PUBLISHED_STYLES = ("--", ":", "-.", (0, (6, 2, 1, 2, 1, 2)), (0, (1, 1)), (0, (8, 3)))


def _lighter(color, amount: float = 0.45):
    """``color`` mixed with white (``amount`` 0: itself, 1: white)."""
    from matplotlib.colors import to_rgb

    return tuple(c + (1 - c) * amount for c in to_rgb(color))


def plot_comparison(rows, published: dict | None = None, panels=None, wrap: int = 34):
    """Three panels, one row per ``comparison.ComparisonRow``, each row in its condition's
    colour (``style.color_for(row.condition)``: SMALL ("ours") green, FULL dark green, each
    baseline its own). A baseline that reads only what the network reads (``row.baseline``
    and ``row.reads == "input"``) takes its baseline's colour with a hollow marker
    and a lighter, hatched bar. Test accuracy: a network's seeds as dots (jittered a little
    up and down so that equal values show) and their mean as a tick; a baseline, fitted once,
    as one diamond (a row with one seed: one marker); on an axis that spans the values, so no bars. ``published``
    ``{name: accuracy}``: thin grey lines of different styles behind the markers, each
    numbered at its top (the legend below says which). Training time (s) and parameters: bars
    on log scales (so that a second and a thousand seconds both show). Row labels wrap at
    ``wrap`` characters. ``panels``: three Axes, or None for a new figure. Returns the Figure;
    ``drawn_["axes"]``: ``accuracy`` (``drawn_``: ``seeds`` and ``means``, one artist per row,
    the same diamond for a baseline; ``published`` ``{name: line}``), ``seconds`` and
    ``params`` (``drawn_["bars"]``, a bar per row)."""
    import textwrap

    import matplotlib.pyplot as plt

    if not rows:
        raise ValueError("rows is empty: pass the ComparisonRow list of the comparison table")
    published = published or {}
    if len(published) > len(PUBLISHED_STYLES):
        raise ValueError(f"at most {len(PUBLISHED_STYLES)} published results, got {len(published)}")
    if panels is None:
        figure, panels = plt.subplots(1, 3, figsize=(15, 0.55 * len(rows) + 2.6), sharey=True,
                                      gridspec_kw={"width_ratios": (2, 1, 1)})
    else:
        figure = panels[0].figure
    y = np.arange(len(rows))
    colors = [color_for(getattr(r, "condition", r.model), row) for row, r in enumerate(rows)]
    baseline_input = [getattr(r, "baseline", False) and getattr(r, "reads", "review") == "input"
                      for r in rows]
    accuracy, seconds, params = panels
    seeds, means = [], []
    for row, r in enumerate(rows):
        hollow = {"markerfacecolor": "white"} if baseline_input[row] else {}
        if r.seeds == 1:  # fitted once: one marker, both its "seed" and its mean
            marker = accuracy.plot(r.accuracies, [row], "D" if getattr(r, "baseline", False)
                                   else "o", color=colors[row], ms=7, mew=1.8, zorder=3, **hollow)
            seeds += marker
            means += marker
        else:
            jitter = np.linspace(-0.16, 0.16, r.seeds)
            seeds += accuracy.plot(r.accuracies, row + jitter, "o", color=colors[row], ms=4,
                                   alpha=0.7, zorder=3)
            means += accuracy.plot([r.test_accuracy], [row], "|", color=colors[row], ms=16,
                                   mew=2.5, zorder=3)
        accuracy.annotate(f"{r.test_accuracy:.4f}", (max(r.accuracies), row), xytext=(8, 0),
                          textcoords="offset points", ha="left", va="center", fontsize=8,
                          zorder=4)
    times = [r.train_seconds for r in rows]
    for ax, values, name in ((seconds, times, "bars"), (params, [r.params for r in rows], "bars")):
        bars = ax.barh(y, values, color=[_lighter(c) if light else c
                                         for c, light in zip(colors, baseline_input)],
                       edgecolor=colors)
        for bar, light in zip(bars, baseline_input):
            if light:
                bar.set_hatch("///")
        drawn(ax, **{name: bars})
    for ax, title in zip(panels, ["test accuracy",
                                  "training time (s, log scale); networks: mean per seed,\n"
                                  "when trained (another machine); baselines: this run",
                                  "parameters (log scale)"]):
        ax.set_title(title, fontsize=10)
        ax.grid(axis="x", alpha=0.3, which="both")
    for ax, values in ((seconds, times), (params, [r.params for r in rows])):
        ax.set_xscale("log")
        positive = [v for v in values if v > 0]
        if positive:  # bars start at a decade below the smallest, so every bar shows
            ax.set_xlim(10 ** np.floor(np.log10(min(positive)) - 0.3),
                        10 ** np.ceil(np.log10(max(positive)) + 0.1))
    for bar, value in zip(seconds.drawn_["bars"], times):
        seconds.annotate(f"{value:.3g} s", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                         xytext=(3, 0), textcoords="offset points", va="center", fontsize=7)
    accuracy.set_yticks(y, [textwrap.fill(f"{r.model} ({r.top_words:,} words)", wrap)
                            for r in rows], fontsize=8)
    accuracy.set_ylim(len(rows) - 0.5, -1.1)
    values = [a for r in rows for a in r.accuracies] + list(published.values())
    accuracy.set_xlim(max(0.0, np.floor(min(values) * 50) / 50 - 0.02), min(1.0, max(values) + 0.04))
    accuracy.set_xlabel("dots: a network's seeds, |: their mean; diamond: a baseline (fitted "
                        "once; hollow: reads what the network reads)\n"
                        "the axis does not start at 0", fontsize=8)
    lines = {}
    for number, ((name, value), style) in enumerate(zip(published.items(), PUBLISHED_STYLES), 1):
        lines[name] = accuracy.axvline(value, color="0.35", linestyle=style, linewidth=0.9,
                                       alpha=0.7, zorder=1, label=f"[{number}] {name}: {value:.2%}")
        accuracy.annotate(f"[{number}]", (value, -1.1), xytext=(0, -2), textcoords="offset points",
                          ha="center", va="top", fontsize=7, color="0.25",
                          annotation_clip=False)
    drawn(accuracy, seeds=seeds, means=means, published=lines)
    legend_rows = int(np.ceil(len(published) / 2))
    if published:
        figure.legend(handles=list(lines.values()), loc="lower left", ncol=2, fontsize=9,
                      title="published, each with its own vocabulary and input (numbered at the "
                            "top of its line):", title_fontsize=9)
    height = figure.get_size_inches()[1]  # the legend below the panels: its rows in inches
    figure.tight_layout(rect=(0, min(0.45, (0.5 + 0.22 * legend_rows) / height)
                              if published else 0, 1, 1))
    return drawn(figure, axes={"accuracy": accuracy, "seconds": seconds, "params": params})


def plot_accuracy_by_length(result, ax=None):
    """One line per model: accuracy in each review-length bin of a ``LengthAccuracy`` with
    its binomial standard error as an error bar (bins evenly spaced on the x axis, labelled
    with their lengths, both ends included, and counts; the models' points set a little apart
    so that their bars do not hide each other); ``maxlen`` dashed inside its bin (longer reviews
    are truncated). Returns the Axes; ``drawn_``: ``lines`` ``{model name: line}`` (y =
    accuracy per bin), ``errorbars`` ``{model name: errorbar container}``, ``maxlen`` (when
    drawn)."""
    ax = axes(ax, figsize=(8, 4))
    bins = np.arange(len(result.counts))
    lines, bars = {}, {}
    stderr = getattr(result, "stderr", None)
    models = len(result.names)
    for k, (name, acc) in enumerate(zip(result.names, result.accuracy)):
        shift = (k - (models - 1) / 2) * 0.06
        container = ax.errorbar(bins + shift, acc, yerr=None if stderr is None else stderr[k],
                                marker="o", label=name, color=color_for(name, k), capsize=3)
        lines[name], bars[name] = container[0], container
    edges = result.edges
    cut = None
    if result.maxlen is not None and edges[0] <= result.maxlen < edges[-1]:
        b = int(np.searchsorted(edges, result.maxlen, side="right") - 1)
        where = b - 0.5 + (result.maxlen - edges[b]) / (edges[b + 1] - edges[b])
        cut = ax.axvline(where, color="gray", linestyle="--", linewidth=1,
                         label=f"maxlen = {result.maxlen} (longer reviews are cut)")
    labels = getattr(result, "labels", None) or [f"{a}-{b}" for a, b in zip(edges[:-1], edges[1:])]
    ax.set_xticks(bins, [f"{label}\n{n:,} reviews" for label, n in zip(labels, result.counts)],
                  fontsize=8)
    ax.set_xlim(-0.5, len(bins) - 0.5)
    ax.set_xlabel(f"review length in {result.unit} (bin)")
    ax.set_ylabel("test accuracy\n(the axis does not start at 0)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return drawn(ax, lines=lines, errorbars=bars, maxlen=cut)
