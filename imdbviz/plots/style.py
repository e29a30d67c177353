"""What every plot shares: the sentiment colours (blue = positive, orange = negative, readable
for colour-blind students), the padding grey, the one ``axes`` helper, the word ticks and
``drawn``, which names what a plot drew.

Every ``plot_*`` returns its Axes (or Figure) with ``drawn_``: a dict ``{name: artist}`` (or a
list / dict of artists) of what that call drew, in the spirit of scikit-learn's Displays
(``line_``, ``ax_``), so that a reader or a test finds e.g. the validation curve as
``ax.drawn_["val_loss"]`` instead of ``ax.lines[1]``. A Figure's ``drawn_["axes"]`` holds its
panels by name, each Axes with its own ``drawn_``."""
from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap

POSITIVE = "tab:blue"
NEGATIVE = "tab:orange"
#: Colours for anything that is not a sentiment (models, recipes, train and validation), so that
#: blue and orange always mean positive and negative.
NEUTRAL = ("tab:green", "tab:purple", "tab:brown", "tab:pink", "tab:olive", "tab:cyan",
           "tab:red", "tab:gray")
PADDING = "0.55"
SKIPPED = "0.6"
#: Diverging map for anything signed by sentiment: orange (towards negative) -> white -> blue
#: (towards positive).
SENTIMENT_CMAP = LinearSegmentedColormap.from_list(
    "imdbviz_sentiment", ["#c45a00", "#ff7f0e", "#ffffff", "#1f77b4", "#0b3c68"], N=257)  # 0: white


def axes(ax=None, figsize=(7.0, 4.0)):
    """``ax``, or the Axes of a new figure of ``figsize`` when ``ax`` is None."""
    if ax is None:
        import matplotlib.pyplot as plt

        _figure, ax = plt.subplots(figsize=figsize)
    return ax


def drawn(target, **artists):
    """Set ``target.drawn_`` (``target``: the Axes or Figure a plot returns) to ``artists``
    ``{name: artist, list or dict of artists}``, leaving out those that are None (not drawn);
    returns ``target``. A later plot on the same Axes replaces it."""
    target.drawn_ = {name: artist for name, artist in artists.items() if artist is not None}
    return target


def word_ticks(ax, labels, skipped: dict | None = None, max_labels: int = 120,
               fontsize: float = 7.0):
    """One tick per position labelled with its word(s) (every n-th label when there are many),
    and, with ``skipped`` ``{x: "words"}``, the words the model did not read as grey minor
    ticks at ``x`` (between the positions they stood between)."""
    step = max(1, int(np.ceil(len(labels) / max_labels)))
    ticks = np.arange(0, len(labels), step)
    ax.set_xticks(ticks)
    ax.set_xticklabels([labels[i] for i in ticks], rotation=90, fontsize=fontsize)
    if skipped and step == 1:
        where = sorted(skipped)
        ax.set_xticks(where, minor=True)
        ax.set_xticklabels([_short(skipped[x]) for x in where], minor=True, rotation=90,
                           fontsize=fontsize * 0.85, color=SKIPPED, style="italic")
        ax.tick_params(axis="x", which="minor", length=0)


def _short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def runs(mask) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` of the True runs of a 1-D boolean mask."""
    mask = np.asarray(mask, dtype=bool)
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def shade_padding(ax, padding, label: str = "padding") -> list:
    """Grey bands over the positions that read only padding; returns them (one per run)."""
    if padding is None:
        return []
    return [ax.axvspan(start - 0.5, stop - 0.5, color=PADDING, alpha=0.35, lw=0,
                       label=label if n == 0 else None)
            for n, (start, stop) in enumerate(runs(padding))]
