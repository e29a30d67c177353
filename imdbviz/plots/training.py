"""How training works, drawn (notebook 02): the sigmoid that turns a score into a probability,
gradient-descent steps on the loss curve of a single weight, and variants trained with the same
seeds, seed by seed.

They draw numbers computed on the notebook's page (with ``keras.activations.sigmoid``, a Keras
loss and a Keras optimizer, ``imdbviz.stats.spread``); they compute nothing themselves.
"""
from __future__ import annotations

import numpy as np

from .style import NEGATIVE, POSITIVE, axes, color_for, drawn

__all__ = ["plot_sigmoid", "plot_descent", "plot_paired"]

#: Colours of the descent paths, in order: neither a sentiment's nor a condition's.
STEP_COLORS = ("black", "mediumvioletred", "darkcyan")


def plot_sigmoid(z, p, points=None, ax=None):
    """The sigmoid's curve ``p`` ``(n,)`` over the scores ``z`` ``(n,)``, the 0.5 line, and
    ``points`` ``(scores, probabilities)`` marked in the sentiment they predict, by Keras' rule
    (``keras.metrics.BinaryAccuracy``'s threshold: p > 0.5 is positive, blue; p <= 0.5, 0.5
    included, is negative, orange). Returns the Axes; ``drawn_``: ``curve``, ``half`` and
    ``points`` (``{"positive": ..., "negative": ...}``, those that have points)."""
    z, p = np.asarray(z, dtype=float).reshape(-1), np.asarray(p, dtype=float).reshape(-1)
    if z.shape != p.shape:
        raise ValueError(f"z has {z.size} scores but p has {p.size} probabilities")
    ax = axes(ax, figsize=(6.5, 3.4))
    curve, = ax.plot(z, p, color="0.2", lw=1.8, label="sigmoid(z) = 1 / (1 + exp(-z))")
    half = ax.axhline(0.5, color="0.6", lw=0.8, ls="--", label="0.5: the decision line")
    marked = {}
    if points is not None:
        pz, pp = (np.asarray(a, dtype=float).reshape(-1) for a in points)
        for name, side, colour, rule in (("positive", pp > 0.5, POSITIVE, "p > 0.5"),
                                         ("negative", pp <= 0.5, NEGATIVE, "p \u2264 0.5 (0.5 too)")):
            if side.any():
                marked[name], = ax.plot(pz[side], pp[side], "o", color=colour, ms=7,
                                        label=f"read as {name}: {rule}")
                for a, b in zip(pz[side], pp[side]):  # negatives' numbers left of their points
                    ax.annotate(f"{b:.3f}", (a, b), textcoords="offset points",
                                xytext=(6, -12) if name == "positive" else (-7, 4),
                                ha="left" if name == "positive" else "right", fontsize=8)
    ax.set_xlabel("z: the score the last layer computes")
    ax.set_ylabel("probability of positive")
    ax.set_ylim(-0.05, 1.05)
    ax.legend(loc="lower right", fontsize="small")
    return drawn(ax, curve=curve, half=half, points=marked or None)


def _dodge(centres, gap: float) -> np.ndarray:
    """Positions as close as possible to ``centres`` (points, display units) and at least ``gap``
    apart, in the same order: neighbours that would overlap are spread evenly around their
    mean (labels of crowded points, each then joined to its point by a line)."""
    centres = np.asarray(centres, dtype=float)
    order = np.argsort(centres, kind="stable")
    groups = [[i] for i in order]  # runs of labels that must stand side by side

    def placed(group):
        mid = centres[group].mean()
        return mid + gap * (np.arange(len(group)) - (len(group) - 1) / 2)

    merged = True
    while merged:
        merged = False
        for k in range(len(groups) - 1):
            if placed(groups[k + 1])[0] - placed(groups[k])[-1] < gap - 1e-9:
                groups[k:k + 2] = [groups[k] + groups[k + 1]]
                merged = True
                break
    out = np.empty_like(centres)
    for group in groups:
        out[group] = placed(group)
    return out


def plot_descent(weights, losses, paths: dict, ax=None):
    """The loss curve ``losses`` ``(n,)`` over the values of one weight ``weights`` ``(n,)``, and
    each path of gradient descent: ``paths`` ``{label: (w, loss)}``, the weight and its loss
    after 0, 1, 2, ... steps, drawn as points joined in order, every point numbered with its
    step (the first path's numbers above the points, the others' below; where points crowd,
    the numbers spread out side by side, each joined to its point by a thin line). The x axis
    spans the curve and every step. Returns the Axes; ``drawn_``: ``curve``, ``paths``
    ``{label: Line2D}``, ``steps`` ``{label: [Annotation per step]}``."""
    weights = np.asarray(weights, dtype=float).reshape(-1)
    losses = np.asarray(losses, dtype=float).reshape(-1)
    if weights.shape != losses.shape:
        raise ValueError(f"{weights.size} weights but {losses.size} losses")
    ax = axes(ax, figsize=(7.0, 4.0))
    curve, = ax.plot(weights, losses, color="0.6", lw=2, label="the loss for each value of w")
    paths = {label: tuple(np.asarray(a, dtype=float).reshape(-1) for a in (w, loss))
             for label, (w, loss) in paths.items()}
    every_w = np.concatenate([weights] + [w for w, _ in paths.values()])
    every_loss = np.concatenate([losses] + [loss for _, loss in paths.values()])
    low, high = float(every_loss.min()), float(every_loss.max())
    left, right = float(every_w.min()), float(every_w.max())
    ax.set_xlim(left - 0.04 * (right - left), right + 0.04 * (right - left))
    ax.set_ylim(low - 0.16 * (high - low), high + 0.08 * (high - low))
    lines, numbers = {}, {}
    for n, (label, (w, loss)) in enumerate(paths.items()):
        colour = STEP_COLORS[n % len(STEP_COLORS)]
        lines[label], = ax.plot(w, loss, "-o", color=colour, ms=5, lw=1, label=label)
        at = ax.transData.transform(np.c_[w, loss]) * 72.0 / ax.figure.dpi  # points
        x = _dodge(at[:, 0], gap=9.0)
        moved = np.abs(x - at[:, 0]) > 1.0
        above = n % 2 == 0
        numbers[label] = []
        for step, (a, b) in enumerate(zip(w, loss)):
            dy = (18 if moved[step] else 7) * (1 if above else -1)
            numbers[label].append(ax.annotate(
                str(step), (a, b), textcoords="offset points", xytext=(x[step] - at[step, 0], dy),
                ha="center", va="bottom" if above else "top", fontsize=8, color=colour,
                arrowprops=dict(arrowstyle="-", color=colour, lw=0.5, shrinkA=0, shrinkB=3)
                if moved[step] else None))
    ax.set_xlabel("w: the single weight")
    ax.set_ylabel("loss (binary cross-entropy)")
    ax.legend(loc="upper right", fontsize="small")
    return drawn(ax, curve=curve, paths=lines, steps=numbers)


#: Markers of the rows of ``plot_paired``, in row order: each condition has its colour and its
#: marker, so that the rows differ for colour-blind readers too.
PAIRED_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def plot_paired(spreads, ax=None, xlabel: str = "test accuracy"):
    """Variants trained with the same seeds, seed by seed: one row per ``stats.Spread`` (top to
    bottom in order), every seed's value drawn in the condition's colour
    (``style.color_for``) and its own marker (``PAIRED_MARKERS``), the mean as a bar and one
    standard deviation either side as a line just above the dots; a thin grey line joins the values of the same seed
    from row to row (a paired comparison compares along these lines), and the last row's seeds
    are named below their dots. Every spread must know its seeds. Returns the Axes; ``drawn_``: ``seeds`` (a
    Line2D of dots per row), ``means``, ``stds`` (per row), ``pairs`` ``{seed: Line2D}`` (x: the
    seed's value in each row that has it; y: those rows) and ``seed_labels``
    ``{seed: Annotation}``."""
    spreads = list(spreads)
    if not spreads:
        raise ValueError("no spreads to draw")
    for s in spreads:
        if s.seeds is None:
            raise ValueError(f"{s.name!r} does not know its seeds: plot_paired joins runs by seed")
    ax = axes(ax, figsize=(8, 0.7 * len(spreads) + 1.7))
    by_seed = [s.by_seed() for s in spreads]
    every = sorted({seed for table in by_seed for seed in table})
    pairs = {}
    for seed in every:
        rows = [row for row, table in enumerate(by_seed) if seed in table]
        if len(rows) > 1:
            pairs[seed], = ax.plot([by_seed[row][seed] for row in rows], rows, "-", color="0.6",
                                   lw=0.8, zorder=1)
    seeds, means, stds = [], [], []
    for row, s in enumerate(spreads):
        colour = color_for(s.name, row)
        marker = PAIRED_MARKERS[row % len(PAIRED_MARKERS)]
        seeds += ax.plot(s.values, np.full(s.n, row), marker, ls="none", color=colour, ms=7,
                         mec="black", mew=0.6, zorder=3, label=s.name)
        stds.append(ax.hlines(row - 0.25, s.mean - s.std, s.mean + s.std, color=colour, lw=2))
        means += ax.plot([s.mean], [row - 0.25], "|", color=colour, ms=10, mew=2.5)
        ax.annotate(f"mean {s.mean:.4f} +/- {s.std:.4f}", (s.mean, row - 0.25),
                    xytext=(0, 5), textcoords="offset points", ha="center", va="bottom", fontsize=8)
    values = np.concatenate([s.values for s in spreads])
    span = float(np.ptp(values)) or 0.01
    ax.set_xlim(values.min() - 0.06 * span, values.max() + 0.06 * span)
    ax.set_ylim(len(spreads) - 0.45, -0.7)
    last = spreads[-1]
    at = ax.transData.transform(np.c_[last.values, np.full(last.n, len(spreads) - 1)])
    at = at * 72.0 / ax.figure.dpi
    x = _dodge(at[:, 0], gap=32.0)
    seed_labels = {}
    for k, (seed, value) in enumerate(zip(last.seeds, last.values)):
        moved = abs(x[k] - at[k, 0]) > 1.0
        seed_labels[seed] = ax.annotate(
            f"seed {seed}", (value, len(spreads) - 1), textcoords="offset points",
            xytext=(x[k] - at[k, 0], -14 if moved else -8), ha="center", va="top", fontsize=7,
            color="0.3", arrowprops=dict(arrowstyle="-", color="0.6", lw=0.5, shrinkA=0, shrinkB=4)
            if moved else None)
    ax.set_yticks(range(len(spreads)), [s.name for s in spreads])
    ax.set_xlabel(f"{xlabel} (markers: seeds, grey lines join a seed's runs; bar: mean; "
                  "line: +/- 1 standard deviation)")
    ax.grid(axis="x", alpha=0.3)
    return drawn(ax, seeds=seeds, means=means, stds=stds, pairs=pairs, seed_labels=seed_labels)
