"""Notebooks 03-04: conv feature maps, max pooling, the LSTM's states and gates, the running
prediction, all drawn against the words of the review. Inputs come from ``imdbviz.inspect``."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_feature_map", "plot_pooling", "plot_token_values", "plot_gates",
           "plot_running_prediction", "plot_explorer_view"]

PADDING_COLOR = "0.55"


def _axes(ax, width: float = 12.0, height: float = 4.0):
    if ax is None:
        _, ax = plt.subplots(figsize=(width, height))
    return ax


def _word_ticks(ax, labels, max_labels: int = 120, fontsize: float = 7.0):
    """One tick per position, labelled with its word(s); every n-th label when there are many."""
    step = max(1, int(np.ceil(len(labels) / max_labels)))
    ticks = np.arange(0, len(labels), step)
    ax.set_xticks(ticks)
    ax.set_xticklabels([labels[i] for i in ticks], rotation=90, fontsize=fontsize)


def _runs(mask) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` of the True runs of a 1-D boolean mask."""
    mask = np.asarray(mask, dtype=bool)
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def _shade_padding(ax, padding, label: str = "padding"):
    """Grey bands over the positions that read only padding."""
    if padding is None:
        return
    for n, (start, stop) in enumerate(_runs(padding)):
        ax.axvspan(start - 0.5, stop - 0.5, color=PADDING_COLOR, alpha=0.35, lw=0,
                   label=label if n == 0 else None)


def plot_feature_map(fmap, ax=None, channels=None, cmap: str = "magma", colorbar: bool = True,
                     title: str | None = None):
    """Heatmap of a ``FeatureMap`` (``inspect.review_map``): channels (filters / units) down,
    the review's positions across with their words; padding positions greyed out.
    ``channels``: which rows to show (default all). Returns the Axes."""
    values = np.asarray(fmap.values)
    rows = np.arange(len(values)) if channels is None else np.asarray(channels)
    ax = _axes(ax, height=max(2.5, 0.12 * len(rows) + 1.5))
    image = ax.imshow(values[rows], aspect="auto", cmap=cmap, interpolation="nearest")
    _shade_padding(ax, fmap.padding)
    _word_ticks(ax, fmap.labels)
    if len(rows) <= 16:
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([str(r) for r in rows], fontsize=7)
    ax.set_ylabel(fmap.channel)
    ax.set_title(title if title is not None else f"{fmap.layer}: {len(rows)} {fmap.channel}s x "
                 f"{values.shape[1]} positions (grey: padding)")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.025, pad=0.01)
    return ax


def plot_token_values(values, labels, padding=None, ax=None, title: str = "",
                      ylabel: str = "activation", color: str = "tab:blue"):
    """Bars of one tensor row ``(positions,)`` against the words; padding greyed out."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or len(values) != len(labels):
        raise ValueError(f"values must be (positions,) with one label each; got {values.shape} "
                         f"and {len(labels)} labels")
    ax = _axes(ax, height=3.2)
    ax.bar(np.arange(len(values)), values, color=color, width=0.85)
    _shade_padding(ax, padding)
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xlim(-0.5, len(values) - 0.5)
    _word_ticks(ax, labels)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return ax


def plot_pooling(conv_row, pooled_row, winners, labels, padding=None, ax=None, title: str = ""):
    """Max pooling of one filter: the conv output ``(conv_length,)`` as bars against the words,
    each pooled value ``(pooled,)`` as a red segment over the positions it pools, and the
    winning position ``winners`` ``(pooled,)`` (from ``inspect.pool_winners``) as a dot."""
    conv_row, pooled_row, winners = (np.asarray(a) for a in (conv_row, pooled_row, winners))
    if len(pooled_row) != len(winners):
        raise ValueError("pooled_row and winners must have one entry per pooled position")
    ax = plot_token_values(conv_row, labels, padding, ax=ax, title=title, color="0.7",
                           ylabel="conv output")
    size = len(conv_row) // max(len(pooled_row), 1)
    starts = np.arange(len(pooled_row)) * size
    ax.hlines(pooled_row, starts - 0.45, starts + size - 0.55, color="tab:red", lw=2,
              label="pooled value")
    ax.plot(winners, conv_row[winners], "o", color="tab:red", ms=3, label="winner")
    ax.legend(loc="upper left", fontsize=8)
    return ax


GATE_COLORS = {"i": "tab:green", "f": "tab:blue", "g": "tab:purple", "o": "tab:orange",
               "c": "black", "h": "tab:red"}
GATE_NAMES = {"i": "input gate i", "f": "forget gate f", "g": "candidate g",
              "o": "output gate o", "c": "cell state c", "h": "hidden state h"}


def plot_gates(trace, review: int, unit: int, labels, padding=None, ax=None,
               names: str = "ifgoch"):
    """One LSTM unit over the steps of one review: the gates ``i, f, o`` (0..1), the candidate
    ``g`` (-1..1), the states ``c`` and ``h``, as lines against the words. Returns the Axes."""
    ax = _axes(ax, height=3.5)
    steps = np.arange(trace.steps)
    for name in names:
        values = getattr(trace, name)[review, :, unit]
        ax.plot(steps, values, color=GATE_COLORS[name], lw=1.6 if name in "ch" else 1.0,
                ls="-" if name in "ch" else "--", label=GATE_NAMES[name])
    _shade_padding(ax, padding)
    ax.axhline(0, color="black", lw=0.5)
    ax.set_xlim(-0.5, trace.steps - 0.5)
    _word_ticks(ax, labels)
    ax.legend(loc="upper left", fontsize=7, ncol=3)
    ax.set_title(f"LSTM unit {unit}, step by step")
    return ax


def plot_running_prediction(probabilities, labels, padding=None, ax=None, title: str = "",
                            color: str = "tab:red", label: str | None = None):
    """The probability of a positive review after each LSTM step ``(steps,)``, against the
    words each step read; 0.5 (the decision line) dashed. Returns the Axes."""
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.ndim != 1 or len(probabilities) != len(labels):
        raise ValueError(f"probabilities must be (steps,) with one label each; got "
                         f"{probabilities.shape} and {len(labels)} labels")
    ax = _axes(ax, height=3.0)
    ax.plot(np.arange(len(probabilities)), probabilities, "-o", ms=2.5, color=color, label=label)
    _shade_padding(ax, padding)
    ax.axhline(0.5, color="black", lw=0.7, ls="--")
    ax.set_ylim(0, 1)
    ax.set_xlim(-0.5, len(probabilities) - 0.5)
    _word_ticks(ax, labels)
    ax.set_ylabel("P(positive)")
    ax.set_title(title)
    return ax


def plot_explorer_view(view, figure=None):
    """The tensor explorer's picture of an ``ExplorerView`` (``widgets.explorer.explorer_view``):
    the chosen tensor row against the words on top, the running prediction below.
    Returns the Figure."""
    if figure is None:
        figure = plt.figure(figsize=(12, 5.6))
    top, bottom = figure.subplots(2, 1, gridspec_kw={"height_ratios": [3, 2], "hspace": 0.9})
    plot_token_values(view.values, view.labels, view.padding, ax=top, title=view.title,
                      ylabel=f"{view.state.layer} {view.channel} {view.state.unit}")
    plot_running_prediction(view.running, view.step_labels, view.step_padding, ax=bottom,
                            title="P(positive) after each LSTM step")
    return figure
