"""Tensors drawn against the words of a review (``imdbviz.tensors``): conv and pooled feature
maps, one row of any tensor, max pooling, the LSTM's gates and states, the prediction after
each LSTM step. Positions that read only padding are greyed; words the model skipped (outside
its vocabulary) are written in grey between the words it read."""
from __future__ import annotations

import numpy as np

from matplotlib.colors import LinearSegmentedColormap

from .style import NEGATIVE, PADDING, POSITIVE, _short, axes, drawn, shade_padding, word_ticks

__all__ = ["plot_feature_map", "skipped_above", "plot_token_values",
           "plot_pooling", "plot_gates", "plot_running_prediction", "plot_explorer_view",
           "GATE_STYLES"]


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


#: The colour of the skipped words written above a plot by ``skipped_above``: darker than the
#: light grey of ``style.SKIPPED`` so that they stay legible at a readable size.
SKIPPED_ABOVE = "0.35"


def skipped_above(ax, skipped: dict, fontsize: float = 9.0):
    """Write the words the model skipped (``{x: "words"}``, a ``FeatureMap``'s or ``Pooling``'s
    ``skipped``) above the Axes at a readable size, on a top axis of their own, instead of as
    small grey ticks squeezed between the word labels below. Returns the Axes; ``drawn_``
    gains ``skipped``: the top axis (its tick labels are the skipped words, at their x)."""
    ax.set_xticks([], minor=True)  # the small ones word_ticks wrote between the words
    if not skipped:
        return ax
    where = sorted(skipped)
    top = ax.secondary_xaxis("top")
    top.set_xticks(where, [_short(skipped[x]) for x in where], rotation=90, fontsize=fontsize,
                   color=SKIPPED_ABOVE, style="italic")
    top.tick_params(axis="x", length=3, color=SKIPPED_ABOVE)
    top.set_xlabel("skipped words (outside the vocabulary), where they stood", fontsize=fontsize,
                   color=SKIPPED_ABOVE)
    ax.drawn_ = {**getattr(ax, "drawn_", {}), "skipped": top}
    return ax


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
#: Gates are not conditions: their colours are none of ``style.CONDITION_COLORS`` (and never the
#: sentiment blue and orange), so that a notebook's green still means "ours" only.
GATE_STYLES = {
    "i": ("input gate i", "darkviolet", "-."),
    "f": ("forget gate f", "crimson", "--"),
    "o": ("output gate o", "saddlebrown", (0, (5, 1.5, 1, 1.5, 1, 1.5))),
    "g": ("candidate g (not a gate)", "orchid", ":"),
    "c": ("cell state c", "black", "-"),
    "h": ("hidden state h", "dimgray", "-"),
}

#: Diverging map for signed values that are not sentiment (the LSTM's states h and c): magenta
#: (below 0) -> white -> dark gold (above 0); neither blue/orange (sentiment) nor a condition's
#: green or purple.
STATE_CMAP = LinearSegmentedColormap.from_list(
    "imdbviz_state", ["#6a0f4f", "#c2529e", "#ffffff", "#c9a227", "#5c4500"], N=257)
__all__ += ["STATE_CMAP", "join_close"]


def join_close(skipped: dict, gap: float = 0.5) -> dict:
    """``skipped`` ``{x: "words"}`` (a ``FeatureMap``'s or ``Steps``' skipped words) with each
    run of entries less than ``gap`` apart joined into one, ``"words / words"``, at the run's
    mean x: on the LSTM's steps, the words skipped inside a step and those skipped after it
    stand 0.2 apart, too close for two labels (``skipped_above``) not to overlap."""
    joined, run = {}, []
    for x in sorted(skipped):
        if run and x - run[-1] >= gap:
            joined[float(np.mean(run))] = " / ".join(skipped[r] for r in run)
            run = []
        run.append(x)
    if run:
        joined[float(np.mean(run))] = " / ".join(skipped[r] for r in run)
    return joined


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
    words each step is about; on the steps that read words, points above 0.5 blue (positive),
    below orange (negative); on the steps that read only padding (``padding``), grey points
    (``style.PADDING``): blue and orange always mean a verdict on words. 0.5, the decision
    line, dashed. Returns the Axes; ``drawn_``: ``probability`` (the line over all steps),
    ``positive`` and ``negative`` (the dots of the word steps above / not above 0.5),
    ``on_padding`` (the dots of the padding steps, when there are any), ``decision`` (the 0.5
    line), ``padding``."""
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.ndim != 1 or len(probabilities) != len(labels):
        raise ValueError(f"probabilities must be (steps,) with one label each; got "
                         f"{probabilities.shape} and {len(labels)} labels")
    ax = axes(ax, figsize=(12, 3.0))
    steps = np.arange(len(probabilities))
    line, = ax.plot(steps, probabilities, "-", color="0.6", lw=1, label=label)
    on_padding = (np.zeros(len(probabilities), dtype=bool) if padding is None
                  else np.asarray(padding, dtype=bool))
    above = (probabilities > 0.5) & ~on_padding
    below = (probabilities <= 0.5) & ~on_padding
    # a legend entry only for the points drawn (a leading "_" keeps a label out of the legend)
    positive, = ax.plot(steps[above], probabilities[above], "o", ms=3, color=POSITIVE,
                        label="positive so far" if above.any() else "_positive so far")
    negative, = ax.plot(steps[below], probabilities[below], "o", ms=3, color=NEGATIVE,
                        label="negative so far" if below.any() else "_negative so far")
    padded = None
    if on_padding.any():
        padded, = ax.plot(steps[on_padding], probabilities[on_padding], "o", ms=3,
                          color=PADDING, label="after a padding step")
    spans = shade_padding(ax, padding)
    decision = ax.axhline(0.5, color="black", lw=0.7, ls="--")
    ax.set_ylim(0, 1)
    ax.set_xlim(-0.5, len(probabilities) - 0.5)
    word_ticks(ax, labels, skipped)
    ax.set_ylabel("P(positive)")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=7, ncol=3)
    return drawn(ax, probability=line, positive=positive, negative=negative, on_padding=padded,
                 decision=decision, padding=spans)


def plot_explorer_view(view, figure=None):
    """The tensor explorer's picture of an ``ExplorerView`` (``widgets.explorer``): the chosen
    tensor row against the words on top, the running prediction below. Returns the Figure;
    ``drawn_["axes"]``: ``values`` (``plot_token_values``) and ``running``
    (``plot_running_prediction``), each Axes with its own ``drawn_``."""
    if figure is None:
        import matplotlib.pyplot as plt

        figure = plt.figure(figsize=(12, 5.6))
    top, bottom = figure.subplots(2, 1, gridspec_kw={"height_ratios": [3, 2], "hspace": 0.9})
    # the skipped words once, above the top panel (as small ticks between the word labels they
    # were drawn over them); the bottom panel reads the same words
    plot_token_values(view.values, view.labels, view.padding, ax=top, title=view.title,
                      ylabel=f"{view.layer} {view.channel} {view.unit}")
    skipped_above(top, join_close(view.skipped, gap=1.5), fontsize=8)
    plot_running_prediction(view.running, view.step_labels, view.step_padding, ax=bottom,
                            title="P(positive) after each LSTM step")
    return drawn(figure, axes={"values": top, "running": bottom})


__all__ += ["plot_review_maps", "plot_max_pooling", "plot_filter_scores", "PADDING_HATCH"]

#: How the positions that read only the padding word are marked where a grey overlay would
#: change the data's colours: a light hatched strip beside the data, never over it.
PADDING_HATCH = {"facecolor": "0.93", "edgecolor": "0.55", "hatch": "////", "lw": 0.0}


def _window(n: int, window) -> tuple[int, int]:
    start, stop = (0, n) if window is None else (int(window[0]), int(window[1]))
    if not 0 <= start < stop <= n:
        raise ValueError(f"window must be (start, stop) with 0 <= start < stop <= {n}, "
                         f"got {window}")
    return start, stop


def _in_window(skipped: dict, start: int, stop: int) -> dict:
    return {x: words for x, words in (skipped or {}).items() if start - 0.5 <= x <= stop - 0.5}


def plot_review_maps(fmaps: dict, window=None, figure=None, cmap: str = "magma",
                     fontsize: float = 10.0, column_width: float = 0.26,
                     panel_height: float = 5.0):
    """Several ``tensors.FeatureMap`` (``{title: fmap}``), one panel each, showing only the
    positions ``window = (start, stop)`` (default all) at a readable size: ``column_width``
    inches per position, words at ``fontsize``. ONE colour scale over what is shown, ONE colour
    bar, and the colours are the data's: positions that read only the padding word are marked
    by a hatched strip under the map (``PADDING_HATCH``) and a white line at the edge of each
    run, never by an overlay. x is the position in the review. Returns the Figure; ``drawn_``:
    ``axes`` ``{title: Axes}``, each with ``drawn_`` ``heatmap`` (``values[:, start:stop]``),
    ``padding`` (the strip's rectangles, one per run), ``edges`` (the lines); ``colorbar``."""
    from matplotlib.patches import Rectangle

    from .style import runs

    if not fmaps:
        raise ValueError("plot_review_maps needs at least one feature map")
    n = np.asarray(next(iter(fmaps.values())).values).shape[1]
    start, stop = _window(n, window)
    if figure is None:
        import matplotlib.pyplot as plt

        width = min(20.0, max(8.0, column_width * (stop - start) + 2.5))
        figure = plt.figure(figsize=(width, panel_height * len(fmaps)), layout="constrained")
    shown = {title: np.asarray(f.values)[:, start:stop] for title, f in fmaps.items()}
    vmin = float(min(v.min() for v in shown.values()))
    vmax = float(max(v.max() for v in shown.values()))
    panels = figure.subplots(len(fmaps), 1, squeeze=False)[:, 0]
    drawn_axes = {}
    for ax, (title, fmap) in zip(panels, fmaps.items()):
        values = shown[title]
        rows = len(values)
        image = ax.imshow(values, aspect="auto", cmap=cmap, interpolation="nearest", vmin=vmin,
                          vmax=vmax, extent=(start - 0.5, stop - 0.5, rows - 0.5, -0.5))
        strip_top, strip_height = rows - 0.5 + 0.02 * rows, 0.1 * rows
        padding, edges = [], []
        for a, b in runs(np.asarray(fmap.padding, dtype=bool)[start:stop]):
            a, b = a + start, b + start
            padding.append(ax.add_patch(Rectangle((a - 0.5, strip_top), b - a, strip_height,
                                                  label="reads only the padding word"
                                                  if not padding else None, **PADDING_HATCH)))
            edges += [ax.axvline(edge - 0.5, color="white", lw=1.5)
                      for edge in (a, b) if start < edge < stop]
        ax.set_ylim(strip_top + strip_height, -0.5)
        ax.set_xlim(start - 0.5, stop - 0.5)
        ticks = np.arange(start, stop)
        ax.set_xticks(ticks, [fmap.labels[i] for i in ticks], rotation=90, fontsize=fontsize)
        ax.set_yticks(np.arange(0, rows, max(1, rows // 6 // 5 * 5 or 1)))  # rows only, not the strip
        ax.set_ylabel(fmap.channel, fontsize=fontsize)
        ax.set_title(title, fontsize=fontsize + 1)
        if padding:  # named in the strip itself: a legend would cover data or skipped words
            first = padding[0]
            ax.text(first.get_x() + first.get_width() / 2, strip_top + strip_height / 2,
                    "padding", ha="center", va="center", fontsize=fontsize - 2,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        drawn(ax, heatmap=image, padding=padding, edges=edges)
        skipped_above(ax, _in_window(fmap.skipped, start, stop), fontsize=fontsize - 1)
        drawn_axes[title] = ax
    bar = figure.colorbar(panels[0].drawn_["heatmap"], ax=list(panels), fraction=0.03, pad=0.01,
                          label=f"{next(iter(fmaps.values())).layer} output")
    return drawn(figure, axes=drawn_axes, colorbar=bar)


def plot_max_pooling(pooling, window=None, ax=None, title: str = "", fontsize: float = 9.0):
    """Max pooling of one filter (``tensors.Pooling``) on the conv positions ``window = (start,
    stop)`` (default all; the pools that fit in it): the conv output as grey bars against the
    words, each pooled value as a black segment over the positions it pools, and a dot on the
    position that holds the largest value of its pool, only where one position holds it alone
    (no dot on a tie, e.g. a pool of zeros). Positions that read only the padding word get a
    light hatched strip under the axis line (``PADDING_HATCH``), none when the window has no
    padding. x is the conv position. Returns the Axes; ``drawn_``: ``conv`` (bars of
    ``conv[start:stop]``), ``pooled`` (a LineCollection, one segment per pool shown),
    ``winners`` (the dots; absent when every pool shown is a tie), ``padding`` (the strip's
    rectangles)."""
    from matplotlib.patches import Rectangle

    from .style import runs

    conv = np.asarray(pooling.conv, dtype=float)
    start, stop = _window(len(conv), window)
    ax = axes(ax, figsize=(max(8.0, 0.26 * (stop - start) + 2.0), 4.0))
    where = np.arange(start, stop)
    bars = ax.bar(where, conv[start:stop], color="0.62", width=0.85, label="conv output")
    pools = np.flatnonzero((np.asarray(pooling.starts) >= start) & (np.asarray(pooling.stops) <= stop))
    segments = ax.hlines(np.asarray(pooling.pooled)[pools], np.asarray(pooling.starts)[pools] - 0.45,
                         np.asarray(pooling.stops)[pools] - 0.55, color="k", lw=2,
                         label="pooled value (kept)")
    ties = _ties(conv, pooling.starts, pooling.stops)
    won = pools[~ties[pools]]
    winners = None
    if len(won):
        x_won = np.asarray(pooling.winners)[won]
        winners, = ax.plot(x_won, conv[x_won], "o", color="k", ms=4,
                           label="where the kept value stood")
    top = max(float(conv[start:stop].max()), 1e-6) * 1.08
    strip = 0.07 * top
    padding = []
    for a, b in runs(np.asarray(pooling.padding, dtype=bool)[start:stop]):
        padding.append(ax.add_patch(Rectangle((a + start - 0.5, -strip), b - a, strip,
                                              label="reads only the padding word"
                                              if not padding else None, **PADDING_HATCH)))
    ax.axhline(0, color="black", lw=0.6)
    ax.set_ylim(-strip if padding else 0, top)
    ax.set_xlim(start - 0.5, stop - 0.5)
    ax.set_xticks(where, [pooling.labels[i] for i in where], rotation=90, fontsize=fontsize)
    ax.set_ylabel("conv output")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=fontsize - 1)
    skipped_above(ax, _in_window(pooling.skipped, start, stop), fontsize=fontsize)
    return drawn(ax, **{**getattr(ax, "drawn_", {}), "conv": bars, "pooled": segments,
                        "winners": winners, "padding": padding})


def _ties(conv, starts, stops) -> np.ndarray:
    """``(pools,)`` True where the largest value of ``conv[start:stop]`` is held by more than
    one position (one filter's ``tensors.pool_ties``)."""
    conv = np.asarray(conv)
    return np.array([np.sum(conv[a:b] == conv[a:b].max()) > 1 for a, b in zip(starts, stops)],
                    dtype=bool)


def plot_filter_scores(scores, chance=None, ax=None, title: str = "",
                       label: str = "mean log rate ratio of its top windows"):
    """One bar per filter, sorted, for a score per filter ``(filters,)`` such as
    ``tensors.ngram_scores``: blue above 0 (towards positive), orange below (towards negative);
    ``chance`` ``(low, high)``: a grey band, the range a filter that ignores sentiment gets
    (e.g. the 2.5 and 97.5 percentiles of ``tensors.random_window_scores``). Returns the Axes;
    ``drawn_``: ``bars`` (in sorted order; the x tick labels name their filters), ``chance``
    (the band)."""
    scores = np.asarray(scores, dtype=float)
    order = np.argsort(scores, kind="stable")
    ax = axes(ax, figsize=(max(6.0, 0.24 * len(scores) + 1.5), 3.4))
    colors = [POSITIVE if scores[f] > 0 else NEGATIVE for f in order]
    bars = ax.bar(np.arange(len(order)), scores[order], color=colors, width=0.8)
    band = None
    if chance is not None:
        band = ax.axhspan(float(chance[0]), float(chance[1]), color="0.5", alpha=0.3, lw=0,
                          label="what random windows score (95%)")
        ax.legend(loc="upper left", fontsize=8)
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xticks(np.arange(len(order)), [str(f) for f in order], fontsize=8)
    ax.set_xlim(-0.6, len(order) - 0.4)
    ax.set_xlabel("filter (sorted by its score)")
    ax.set_ylabel(label, fontsize=9)
    ax.set_title(title)
    return drawn(ax, bars=bars, chance=band)


__all__ += ["plot_running_sentiment"]


RUNNING_STEP_LABEL = ("LSTM step: the positions it pools\n"
                      "(through the convolution it also sees their neighbours)")


def plot_running_sentiment(probabilities, labels, skipped=None, ax=None, title: str = "",
                           fontsize: float = 12.0):
    """``plot_running_prediction`` at a readable size for one review's steps (e.g. a
    ``widgets.review.ReviewView``'s ``running``, ``step_labels``, ``step_skipped``): word
    labels, axis labels and legend at ``fontsize``, and an x label that says what a step is
    (``RUNNING_STEP_LABEL``: after max pooling each LSTM step covers ``pool_size`` positions,
    so its label may hold two words, and the convolution before the pooling lets it also see
    ``kernel_size // 2`` positions either side of them). Returns the Axes; ``drawn_`` as
    ``plot_running_prediction``'s."""
    probabilities = np.asarray(probabilities, dtype=float)
    ax = axes(ax, figsize=(max(6.0, 0.9 * len(probabilities) + 2.5), 3.8))
    plot_running_prediction(probabilities, labels, ax=ax, title=title, skipped=skipped)
    ax.set_xticklabels([str(label) for label in labels], rotation=0 if len(labels) <= 8 else 90,
                       fontsize=fontsize)
    ax.tick_params(axis="y", labelsize=fontsize - 1)
    ax.set_xlabel(RUNNING_STEP_LABEL, fontsize=fontsize)
    ax.set_ylabel("P(positive)", fontsize=fontsize)
    ax.set_title(title, fontsize=fontsize + 1)
    for name in ("positive", "negative", "on_padding"):
        if ax.drawn_.get(name) is not None:
            ax.drawn_[name].set_markersize(fontsize / 2)
    ax.legend(loc="upper left", fontsize=fontsize - 1, ncol=2)
    return ax


__all__ += ["thin_skipped", "skipped_above_full"]


def thin_skipped(skipped: dict, gap: float = 1.0, limit: int = 24) -> dict:
    """``skipped`` ``{x: "words"}`` thinned for a crowded axis: entries less than ``gap`` apart
    are joined (``join_close``), and a joined label longer than ``limit`` characters becomes
    its count, ``"n words skipped"``, so that no two labels overlap and none is cut."""
    out = {}
    for x, words in join_close(skipped, gap=gap).items():
        n = len(words.replace(" / ", " ").split())
        out[x] = words if len(words) <= limit or " / " not in words else f"{n} words skipped"
    return out


def skipped_above_full(ax, skipped: dict, fontsize: float = 10.0, width: int = 22):
    """``skipped_above`` with every skipped word written in full (wrapped onto lines of at most
    ``width`` characters) rather than cut with an ellipsis. Returns the Axes; ``drawn_["skipped"]``
    is the top axis, its tick labels the (wrapped) words at their x."""
    import textwrap

    skipped_above(ax, skipped, fontsize=fontsize)
    if skipped:
        where = sorted(skipped)
        ax.drawn_["skipped"].set_xticks(
            where, [textwrap.fill(skipped[x], width) for x in where], rotation=90,
            fontsize=fontsize, color=SKIPPED_ABOVE, style="italic")
    return ax


__all__ += ["plot_signed_map"]


def plot_signed_map(fmap, window=None, figure=None, label: str = "value", cmap: str = "PiYG",
                    fontsize: float = 11.0, title: str = ""):
    """One ``tensors.FeatureMap`` of signed values that are not sentiment (the LSTM's ``h`` or
    ``c``), drawn by ``plot_review_maps`` on the positions ``window = (start, stop)`` at a
    readable size, on a scale symmetric about 0 (white at 0 with a diverging ``cmap``), the colour
    bar labelled ``label``, the x axis named, and the skipped words of the window in full above
    (``thin_skipped``, ``skipped_above_full``). ``figure``: a Figure or SubFigure to draw on.
    Returns it; ``drawn_`` as ``plot_review_maps``' (``axes[title]``'s heatmap is
    ``values[:, start:stop]``, its colour limits ``-m, m`` with ``m`` the largest ``|value|``
    shown; its ``drawn_["skipped"]`` the top axis when the window holds skipped words)."""
    import dataclasses

    values = np.asarray(fmap.values)
    start, stop = _window(values.shape[1], window)
    figure = plot_review_maps({title: dataclasses.replace(fmap, skipped={})}, window=(start, stop),
                              figure=figure, cmap=cmap, fontsize=fontsize)
    ax = figure.drawn_["axes"][title]
    largest = float(np.abs(values[:, start:stop]).max()) or 1.0
    ax.drawn_["heatmap"].set_clim(-largest, largest)
    figure.drawn_["colorbar"].set_label(label, fontsize=fontsize)
    ax.set_xlabel("LSTM step, labelled with the words it pools", fontsize=fontsize)
    # wide columns: only what stands closer than half a step is joined, and kept in full
    skipped_above_full(ax, thin_skipped(_in_window(fmap.skipped, start, stop), gap=0.5, limit=60),
                       fontsize=fontsize - 1)
    return figure
