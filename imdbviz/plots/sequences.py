"""Tensors drawn against the words of a review (``imdbviz.tensors``): conv and pooled feature
maps, one row of any tensor, max pooling, the LSTM's gates and states, the prediction after
each LSTM step. Positions that read only padding are greyed; words the model skipped (outside
its vocabulary) are written in grey between the words it read."""
from __future__ import annotations

import numpy as np

from .style import NEGATIVE, POSITIVE, axes, drawn, shade_padding, word_ticks

__all__ = ["plot_feature_map", "plot_token_values", "plot_pooling", "plot_gates",
           "plot_running_prediction", "plot_explorer_view", "GATE_STYLES"]


def plot_feature_map(fmap, ax=None, channels=None, cmap: str = "magma", colorbar: bool = True,
                     title: str | None = None, vmin=None, vmax=None):
    """Heatmap of a ``tensors.FeatureMap``: channels (filters / units) down, the review's
    positions across with their words. ``channels``: which rows (default all); ``vmin`` /
    ``vmax`` fix the colour scale (to compare two maps). Returns the Axes; ``drawn_``:
    ``heatmap`` (the image of ``values[channels]``), ``colorbar``, ``padding`` (spans)."""
    values = np.asarray(fmap.values)
    rows = np.arange(len(values)) if channels is None else np.asarray(channels)
    ax = axes(ax, figsize=(12, max(2.5, 0.12 * len(rows) + 1.5)))
    image = ax.imshow(values[rows], aspect="auto", cmap=cmap, interpolation="nearest",
                      vmin=vmin, vmax=vmax)
    padding = shade_padding(ax, fmap.padding)
    word_ticks(ax, fmap.labels, fmap.skipped)
    if len(rows) <= 16:
        ax.set_yticks(range(len(rows)), [str(r) for r in rows], fontsize=7)
    ax.set_ylabel(fmap.channel)
    ax.set_title(title if title is not None else f"{fmap.layer}: {len(rows)} {fmap.channel}s x "
                 f"{values.shape[1]} positions (grey: padding)")
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.025, pad=0.01) if colorbar else None
    return drawn(ax, heatmap=image, colorbar=bar, padding=padding)


def plot_token_values(values, labels, padding=None, ax=None, title: str = "",
                      ylabel: str = "activation", color: str = "0.35", skipped=None):
    """Bars of one tensor row ``(positions,)`` against the words; padding greyed out. Returns
    the Axes; ``drawn_``: ``bars`` (a BarContainer, one bar per position), ``padding``."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or len(values) != len(labels):
        raise ValueError(f"values must be (positions,) with one label each; got {values.shape} "
                         f"and {len(labels)} labels")
    ax = axes(ax, figsize=(12, 3.2))
    bars = ax.bar(np.arange(len(values)), values, color=color, width=0.85)
    spans = shade_padding(ax, padding)
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xlim(-0.5, len(values) - 0.5)
    word_ticks(ax, labels, skipped)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return drawn(ax, bars=bars, padding=spans)


def plot_pooling(pooling, ax=None, title: str = ""):
    """Max pooling of one filter (``tensors.Pooling``): the conv output as grey bars against
    the words, each pooled value as a segment over the positions it pools, and the winning
    position of each pool as a dot. Returns the Axes; ``drawn_``: ``conv`` (bars), ``pooled``
    (a LineCollection, one segment per pool), ``winners`` (dots at the pooled values),
    ``padding``."""
    ax = plot_token_values(pooling.conv, pooling.labels, pooling.padding, ax=ax, title=title,
                           color="0.75", ylabel="conv output", skipped=pooling.skipped)
    conv = ax.drawn_
    pooled = ax.hlines(pooling.pooled, pooling.starts - 0.45, pooling.stops - 0.55, color="k",
                       lw=2, label="pooled value (kept)")
    winners, = ax.plot(pooling.winners, pooling.conv[pooling.winners], "o", color="k", ms=3,
                       label="winner of its pool")
    ax.legend(loc="upper left", fontsize=8)
    return drawn(ax, conv=conv["bars"], pooled=pooled, winners=winners,
                 padding=conv["padding"])


#: name -> (label, colour, line style) for the LSTM's gates and states.
GATE_STYLES = {
    "i": ("input gate i", "tab:green", "--"),
    "f": ("forget gate f", "tab:purple", "--"),
    "o": ("output gate o", "tab:brown", "--"),
    "g": ("candidate g (not a gate)", "tab:pink", ":"),
    "c": ("cell state c", "black", "-"),
    "h": ("hidden state h", "tab:gray", "-"),
}


def plot_gates(trace, review: int, unit: int, labels, padding=None, ax=None,
               names: str = "ifogch", skipped=None):
    """One LSTM unit over the steps of one review (``tensors.LSTMTrace``): the gates ``i, f,
    o`` (0..1), the candidate ``g`` (-1..1), the states ``c`` and ``h``, against the words.
    Returns the Axes; ``drawn_``: ``gates`` ``{name: line}`` (names as in ``GATE_STYLES``),
    ``padding``."""
    ax = axes(ax, figsize=(12, 3.5))
    steps = np.arange(trace.steps)
    gates = {}
    for name in names:
        label, color, style = GATE_STYLES[name]
        gates[name], = ax.plot(steps, getattr(trace, name)[review, :, unit], color=color,
                               ls=style, lw=1.6 if name in "ch" else 1.1, label=label)
    spans = shade_padding(ax, padding)
    ax.axhline(0, color="black", lw=0.5)
    ax.set_xlim(-0.5, trace.steps - 0.5)
    word_ticks(ax, labels, skipped)
    ax.legend(loc="upper left", fontsize=7, ncol=3)
    ax.set_title(f"LSTM unit {unit}, step by step")
    return drawn(ax, gates=gates, padding=spans)


def plot_running_prediction(probabilities, labels, padding=None, ax=None, title: str = "",
                            label: str | None = None, skipped=None):
    """The probability of a positive review after each LSTM step ``(steps,)`` against the
    words each step is about; points above 0.5 blue (positive), below orange (negative); 0.5,
    the decision line, dashed. Returns the Axes; ``drawn_``: ``probability`` (the line over
    all steps), ``positive`` and ``negative`` (the dots above / not above 0.5), ``decision``
    (the 0.5 line), ``padding``."""
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.ndim != 1 or len(probabilities) != len(labels):
        raise ValueError(f"probabilities must be (steps,) with one label each; got "
                         f"{probabilities.shape} and {len(labels)} labels")
    ax = axes(ax, figsize=(12, 3.0))
    steps = np.arange(len(probabilities))
    line, = ax.plot(steps, probabilities, "-", color="0.6", lw=1, label=label)
    above = probabilities > 0.5
    positive, = ax.plot(steps[above], probabilities[above], "o", ms=3, color=POSITIVE,
                        label="positive so far")
    negative, = ax.plot(steps[~above], probabilities[~above], "o", ms=3, color=NEGATIVE,
                        label="negative so far")
    spans = shade_padding(ax, padding)
    decision = ax.axhline(0.5, color="black", lw=0.7, ls="--")
    ax.set_ylim(0, 1)
    ax.set_xlim(-0.5, len(probabilities) - 0.5)
    word_ticks(ax, labels, skipped)
    ax.set_ylabel("P(positive)")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=7, ncol=3)
    return drawn(ax, probability=line, positive=positive, negative=negative, decision=decision,
                 padding=spans)


def plot_explorer_view(view, figure=None):
    """The tensor explorer's picture of an ``ExplorerView`` (``widgets.explorer``): the chosen
    tensor row against the words on top, the running prediction below. Returns the Figure;
    ``drawn_["axes"]``: ``values`` (``plot_token_values``) and ``running``
    (``plot_running_prediction``), each Axes with its own ``drawn_``."""
    if figure is None:
        import matplotlib.pyplot as plt

        figure = plt.figure(figsize=(12, 5.6))
    top, bottom = figure.subplots(2, 1, gridspec_kw={"height_ratios": [3, 2], "hspace": 0.9})
    plot_token_values(view.values, view.labels, view.padding, ax=top, title=view.title,
                      ylabel=f"{view.layer} {view.channel} {view.unit}", skipped=view.skipped)
    plot_running_prediction(view.running, view.step_labels, view.step_padding, ax=bottom,
                            title="P(positive) after each LSTM step", skipped=view.step_skipped)
    return drawn(figure, axes={"values": top, "running": bottom})
