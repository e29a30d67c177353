"""Models and recipes side by side: each seed's result as a point, their mean and spread; the
comparison table as bar charts; accuracy by review length."""
from __future__ import annotations

import numpy as np

from .style import axes, color_for, drawn

__all__ = ["plot_spreads", "plot_comparison", "plot_accuracy_by_length", "jitter_seeds",
           "plot_differences"]


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


def _number_published(ax, published: dict, numbers: dict, styles: dict) -> dict:
    """Draw each published result of ``published`` ``{name: accuracy}`` that lies within
    ``ax``'s x range as a thin grey line (``styles[name]``) behind the markers, numbered
    (``numbers[name]``) in a small white box above the axes; numbers closer than their width
    go one step higher. Returns ``{name: line}``; sets ``ax.published_levels_``."""
    low, high = ax.get_xlim()
    lines, last = {}, []   # last[level]: the x of the rightmost number on that level
    for name, value in sorted(published.items(), key=lambda item: item[1]):
        if not low <= value <= high:
            continue
        lines[name] = ax.axvline(value, color="0.35", linestyle=styles[name], linewidth=0.9,
                                 alpha=0.7, zorder=1)
        level = next((k for k, x in enumerate(last) if value - x >= 0.05 * (high - low)),
                     len(last))
        last[level:level + 1] = [value]
        ax.annotate(f"[{numbers[name]}]", (value, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(0, 3 + 12 * level), textcoords="offset points", ha="center",
                    va="bottom", fontsize=7, color="0.2", annotation_clip=False,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "0.6", "lw": 0.6})
    ax.published_levels_ = len(last)
    return lines


def _draw_rows(ax, rows, which, colors, hollow_rows, decimals: int = 4):
    """The accuracy markers of ``rows[i]`` for ``i`` in ``which``: a network's seeds as
    jittered dots and their mean as a tick, a baseline as one diamond (hollow when it reads
    what the network reads), each with its value beside it. Returns ``(seeds, means)``."""
    seeds, means = [], []
    for row in which:
        r = rows[row]
        hollow = {"markerfacecolor": "white"} if hollow_rows[row] else {}
        if r.seeds == 1:  # fitted once: one marker, both its "seed" and its mean
            marker = ax.plot(r.accuracies, [row], "D" if getattr(r, "baseline", False)
                             else "o", color=colors[row], ms=7, mew=1.8, zorder=3, **hollow)
            seeds += marker
            means += marker
        else:
            jitter = np.linspace(-0.16, 0.16, r.seeds)
            seeds += ax.plot(r.accuracies, row + jitter, "o", color=colors[row], ms=4,
                             alpha=0.7, zorder=3)
            means += ax.plot([r.test_accuracy], [row], "|", color=colors[row], ms=16,
                             mew=2.5, zorder=3)
        ax.annotate(f"{r.test_accuracy:.{decimals}f}", (max(r.accuracies), row), xytext=(8, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=8, zorder=4)
    return seeds, means


def plot_comparison(rows, published: dict | None = None, panels=None, wrap: int = 40,
                    zoom="auto"):
    """Three panels, one row per ``comparison.ComparisonRow``, each row in its condition's
    colour (``style.color_for(row.condition)``: SMALL ("ours") green, FULL dark green, each
    baseline its own). A baseline that reads only what the network reads (``row.baseline``
    and ``row.reads == "input"``) takes its baseline's colour with a hollow marker
    and a lighter, hatched bar. Test accuracy: a network's seeds as dots (jittered a little
    up and down so that equal values show) and their mean as a tick; a baseline, fitted once,
    as one diamond (a row with one seed: one marker); on an axis that spans the values, so no bars. ``published``
    ``{name: accuracy}``: thin grey lines of different styles behind the markers, each
    numbered in a box above the axes (the legend below says which, each value with the
    precision its source gives, ``comparison.published_text``). Training time (s) and
    parameters: bars on log scales (so that a second and a thousand seconds both show).
    ``zoom``: a fourth panel, next to the accuracy, that zooms on the rows of one vocabulary
    size (``top_words``; "auto": the largest, when the rows have more than one; None: no zoom)
    and marks the gap between its best network and its best baseline that reads whole reviews.
    Row labels wrap at ``wrap`` characters. ``panels``: three Axes (four with a zoom), or None
    for a new figure. Returns the Figure; ``drawn_["axes"]``: ``accuracy`` (``drawn_``:
    ``seeds`` and ``means``, one artist per row, the same diamond for a baseline; ``published``
    ``{name: line}``), ``zoom`` (when drawn; ``drawn_``: ``rows`` (the indices shown),
    ``seeds``, ``means``, ``published``, ``gap`` ``(baseline's accuracy, network's mean)``),
    ``seconds`` and ``params`` (``drawn_["bars"]``, a bar per row)."""
    import textwrap

    import matplotlib.pyplot as plt

    from ..comparison import published_text

    if not rows:
        raise ValueError("rows is empty: pass the ComparisonRow list of the comparison table")
    published = published or {}
    if len(published) > len(PUBLISHED_STYLES):
        raise ValueError(f"at most {len(PUBLISHED_STYLES)} published results, got {len(published)}")
    sizes = sorted({r.top_words for r in rows})
    if zoom == "auto":
        zoom = sizes[-1] if len(sizes) > 1 else None
    zoomed = [row for row, r in enumerate(rows) if r.top_words == zoom] if zoom else []
    if zoom and not zoomed:
        raise ValueError(f"zoom={zoom}: no row has that top_words (rows have {sizes})")
    if panels is None:
        ratios = (2, 1.1, 1, 1) if zoomed else (2, 1, 1)
        figure, panels = plt.subplots(1, len(ratios), figsize=(15 + 3 * bool(zoomed),
                                                                0.55 * len(rows) + 2.9),
                                      sharey=True, gridspec_kw={"width_ratios": ratios})
    else:
        figure = panels[0].figure
    if zoomed:
        accuracy, zoom_ax, seconds, params = panels
    else:
        (accuracy, seconds, params), zoom_ax = panels, None
    y = np.arange(len(rows))
    colors = [color_for(getattr(r, "condition", r.model), row) for row, r in enumerate(rows)]
    baseline_input = [getattr(r, "baseline", False) and getattr(r, "reads", "review") == "input"
                      for r in rows]
    seeds, means = _draw_rows(accuracy, rows, range(len(rows)), colors, baseline_input)
    times = [r.train_seconds for r in rows]
    for ax, values, name in ((seconds, times, "bars"), (params, [r.params for r in rows], "bars")):
        bars = ax.barh(y, values, color=[_lighter(c) if light else c
                                         for c, light in zip(colors, baseline_input)],
                       edgecolor=colors)
        for bar, light in zip(bars, baseline_input):
            if light:
                bar.set_hatch("///")
        drawn(ax, **{name: bars})
    for ax, title in zip((seconds, params),
                         ["training time (s, log scale); networks: mean per seed,\n"
                          "when trained (another machine); baselines: this run",
                          "parameters (log scale)"]):
        ax.set_title(title, fontsize=10)
    for ax in panels:
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
    accuracy.set_ylim(len(rows) - 0.5, -0.7)
    values = [a for r in rows for a in r.accuracies] + list(published.values())
    accuracy.set_xlim(max(0.0, np.floor(min(values) * 50) / 50 - 0.02), min(1.0, max(values) + 0.04))
    accuracy.set_xlabel("dots: a network's seeds, |: their mean;\ndiamond: a baseline (fitted "
                        "once; hollow: reads what the network reads)\n"
                        "the axis does not start at 0", fontsize=8)
    numbers = {name: n for n, name in enumerate(published, 1)}
    styles = dict(zip(published, PUBLISHED_STYLES))
    lines = _number_published(accuracy, published, numbers, styles)
    accuracy.set_title("test accuracy", fontsize=10, pad=6 + 12 * accuracy.published_levels_)
    for name, line in lines.items():
        line.set_label(f"[{numbers[name]}] {name}: {published_text(name, published[name])}")
    lines = {name: lines[name] for name in published if name in lines}  # in published order
    drawn(accuracy, seeds=seeds, means=means, published=lines)
    axes_drawn = {"accuracy": accuracy}
    if zoomed:
        axes_drawn["zoom"] = _zoom(zoom_ax, accuracy, rows, zoomed, colors, baseline_input,
                                   published, numbers, styles)
    axes_drawn.update(seconds=seconds, params=params)
    legend_rows = int(np.ceil(len(published) / 2))
    if published:
        figure.legend(handles=list(lines.values()), loc="lower left", ncol=2, fontsize=9,
                      title="published, each with its own vocabulary and input (numbered above "
                            "its line):", title_fontsize=9)
    height = figure.get_size_inches()[1]  # the legend below the panels: its rows in inches
    figure.tight_layout(rect=(0, min(0.45, (0.5 + 0.22 * legend_rows) / height)
                              if published else 0, 1, 1))
    return drawn(figure, axes=axes_drawn)


def _zoom(ax, accuracy, rows, zoomed, colors, hollow_rows, published, numbers, styles):
    """``plot_comparison``'s zoom panel on the rows ``zoomed``; returns ``ax``."""
    from matplotlib.ticker import MaxNLocator

    seeds, means = _draw_rows(ax, rows, zoomed, colors, hollow_rows)
    shown = [a for row in zoomed for a in rows[row].accuracies]
    low, high = min(shown), max(shown)
    pad = max(0.001, 0.12 * (high - low))
    ax.set_xlim(low - pad, high + 2.2 * pad)   # room for the values written right of the marks
    first, last = min(zoomed), max(zoomed)
    # the zoomed region, outlined on the accuracy panel (a line, not a patch: no bars there)
    accuracy.plot([low - pad, high + 2.2 * pad, high + 2.2 * pad, low - pad, low - pad],
                  [first - 0.45, first - 0.45, last + 0.45, last + 0.45, first - 0.45],
                  color="0.45", lw=0.8, ls="--", zorder=2)
    lines = _number_published(ax, published, numbers, styles)
    ax.set_title(f"zoom on the {rows[first].top_words:,}-word rows\n(dashed box on the left)",
                 fontsize=10, pad=6 + 12 * ax.published_levels_)
    ax.tick_params(axis="x", labelsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.set_xlabel("test accuracy, zoomed; arrow: the network's\nmean minus the best "
                  "baseline\nthat reads whole reviews", fontsize=8)
    networks = [row for row in zoomed if not getattr(rows[row], "baseline", False)]
    whole = [row for row in zoomed if getattr(rows[row], "baseline", False)
             and getattr(rows[row], "reads", "review") == "review"]
    gap = None
    if networks and whole:
        net = max(networks, key=lambda row: rows[row].test_accuracy)
        base = max(whole, key=lambda row: rows[row].test_accuracy)
        a, b = rows[base].test_accuracy, rows[net].test_accuracy
        where = net - 0.42
        ax.annotate("", (b, where), xytext=(a, where),
                    arrowprops={"arrowstyle": "<->", "color": "0.15", "lw": 1.1,
                                "shrinkA": 0, "shrinkB": 0})
        ax.annotate(f"gap {b - a:+.4f}", ((a + b) / 2, where), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
        for x in (a, b):
            ax.plot([x, x], [where - 0.08, where + 0.08], color="0.15", lw=0.8)
        gap = (a, b)
    return drawn(ax, rows=list(zoomed), seeds=seeds, means=means, published=lines, gap=gap)


def plot_accuracy_by_length(result, ax=None, colors: dict | None = None):
    """One line per model: accuracy in each review-length bin of a ``LengthAccuracy`` with
    its binomial standard error as an error bar (bins evenly spaced on the x axis, labelled
    with their lengths, both ends included, and counts; the models' points set a little apart
    so that their bars do not hide each other); ``maxlen`` dashed inside its bin (longer reviews
    are truncated). Returns the Axes; ``drawn_``: ``lines`` ``{model name: line}`` (y =
    accuracy per bin), ``errorbars`` ``{model name: errorbar container}``, ``maxlen`` (when
    drawn). ``colors`` ``{model name: colour}`` overrides ``style.color_for(name)`` (e.g. for a
    network named after its preset and seed)."""
    ax = axes(ax, figsize=(8, 4))
    bins = np.arange(len(result.counts))
    lines, bars = {}, {}
    stderr = getattr(result, "stderr", None)
    models = len(result.names)
    for k, (name, acc) in enumerate(zip(result.names, result.accuracy)):
        shift = (k - (models - 1) / 2) * 0.06
        container = ax.errorbar(bins + shift, acc, yerr=None if stderr is None else stderr[k],
                                marker="o", label=name, capsize=3,
                                color=(colors or {}).get(name) or color_for(name, k))
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
    ax.set_xlabel(f"review length in {result.unit} (bin)"
                  + ("; error bars: +/- 1 standard error" if stderr is not None else ""))
    ax.set_ylabel("test accuracy\n(the axis does not start at 0)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return drawn(ax, lines=lines, errorbars=bars, maxlen=cut)


def stack_offsets(values, step: float = 0.12, decimals: int = 4) -> np.ndarray:
    """Vertical offsets that set equal values (to ``decimals``) side by side: the k-th of m
    equal values gets ``(k - (m - 1) / 2) * step``, a value met once 0."""
    rounded = np.round(np.asarray(values, dtype=float), decimals)
    offsets = np.zeros(len(rounded))
    for value in np.unique(rounded):
        where = np.flatnonzero(rounded == value)
        offsets[where] = (np.arange(len(where)) - (len(where) - 1) / 2) * step
    return offsets


def jitter_seeds(ax, step: float = 0.12):
    """Spread apart vertically the seed dots that ``plot_spreads`` drew on top of each other
    (equal values, e.g. two runs stuck at 0.5000), so that every seed shows; returns ``ax``."""
    for row, dots in enumerate(ax.drawn_["seeds"]):
        dots.set_ydata(row + stack_offsets(dots.get_xdata(), step))
    return ax


def plot_differences(differences, labels=None, ax=None, color: str = "0.2",
                     legend_loc: str = "best"):
    """Paired differences ``a - b`` (``stats.Difference``), one row each, in one neutral
    ``color`` (a difference is no condition): every seed's difference as a dot (equal ones side
    by side), the mean as a bar, one standard deviation of the per-seed differences either side
    as a thin line with caps, and the 95% interval of the mean as a thick pale band; a legend
    names the glyphs (at ``legend_loc``). ``labels``: the rows' names (default ``"a - b"``).
    Returns the Axes;
    ``drawn_``: ``seeds``, ``means``, ``stds``, ``intervals``, one per row."""
    differences = list(differences)
    labels = list(labels) if labels is not None else [f"{d.a.name} − {d.b.name}"
                                                      for d in differences]
    ax = axes(ax, figsize=(7, 0.7 * len(differences) + 1.5))
    seeds, means, stds, intervals = [], [], [], []
    for row, d in enumerate(differences):
        first = row == 0
        intervals.append(ax.hlines(row, *d.interval, color=color, lw=9, alpha=0.2,
                                   label="95% interval of the mean" if first else None))
        sd = float(np.std(d.per_seed, ddof=1)) if len(d.per_seed) > 1 else 0.0
        stds.append(ax.errorbar([d.delta], [row + 0.25], xerr=[sd], fmt="none", ecolor=color,
                                lw=1, capsize=4,
                                label="± 1 standard deviation of the seeds" if first else None))
        seeds += ax.plot(d.per_seed, row + stack_offsets(d.per_seed), "o", color=color,
                         alpha=0.6, ms=5, label="one seed" if first else None)
        means += ax.plot([d.delta], [row], "|", color=color, ms=18, mew=2.5,
                         label="mean" if first else None)
    ax.axvline(0, color="0.6", lw=0.8)
    ax.set_yticks(range(len(differences)), labels)
    ax.set_ylim(len(differences) - 0.4, -0.7)
    ax.set_xlabel("difference in test accuracy, paired over seeds")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc=legend_loc)
    return drawn(ax, seeds=seeds, means=means, stds=stds, intervals=intervals)
