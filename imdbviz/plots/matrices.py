"""Matrices drawn as images: padded id matrices (the model's input) and rows of word vectors."""
from __future__ import annotations

import numpy as np

from .style import axes, drawn

__all__ = ["plot_padded", "plot_padding_comparison", "plot_word_vectors"]


def plot_padded(matrix, ax=None, title: str | None = None, vmax: int | None = None):
    """A padded ``(reviews, maxlen)`` id matrix as an image: word ids in colour (log scale:
    frequent words have low ids), padding (0) grey. Returns the Axes; ``drawn_``: ``image``
    (its array the matrix, padding masked), ``colorbar``."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    ax = axes(ax, figsize=(8, 2.5))
    matrix = np.asarray(matrix)
    cmap = plt.colormaps["viridis"].with_extremes(bad="0.85")
    norm = LogNorm(vmin=1, vmax=vmax or max(int(matrix.max()), 2))
    image = ax.imshow(np.ma.masked_equal(matrix, 0), aspect="auto", cmap=cmap, norm=norm,
                      interpolation="nearest")
    ax.set_xlabel("position (0 .. maxlen-1)")
    ax.set_ylabel("review")
    ax.set_yticks(range(matrix.shape[0]))
    if title:
        ax.set_title(title, fontsize=10)
    bar = ax.figure.colorbar(image, ax=ax, label="word id", fraction=0.03, pad=0.01)
    return drawn(ax, image=image, colorbar=bar)


def plot_padding_comparison(comparison, panels=None):
    """The four padding/truncating combinations of ``corpus.PaddingComparison``, 2 x 2, on one
    colour scale, padding grey. ``panels``: 2 x 2 Axes, or None for a new figure. Returns the
    Figure; ``drawn_["axes"]``: ``{(padding, truncating): Axes}`` as in
    ``comparison.matrices``, each drawn by ``plot_padded``."""
    import matplotlib.pyplot as plt

    if panels is None:
        _figure, panels = plt.subplots(2, 2, figsize=(12, 5), sharex=True, sharey=True,
                                       constrained_layout=True)
    panels = np.asarray(panels).reshape(2, 2)
    vmax = max(int(m.max()) for m in comparison.matrices.values())
    by_choice = {}
    for r, padding in enumerate(("pre", "post")):
        for c, truncating in enumerate(("pre", "post")):
            by_choice[padding, truncating] = plot_padded(
                comparison.matrix(padding, truncating), ax=panels[r, c], vmax=vmax,
                title=f'padding="{padding}", truncating="{truncating}"')
    figure = panels[0, 0].figure
    figure.suptitle(f"{len(comparison.sequences)} reviews padded/truncated to maxlen = "
                    f"{comparison.maxlen} (grey = padding 0)")
    return drawn(figure, axes=by_choice)


def plot_word_vectors(rows, ax=None, title: str | None = None, limit: float | None = None):
    """Word vectors as an image (``embedding.WordRows``): one row per word, one column per
    dimension, on a symmetric colour scale ``-limit .. limit`` (default: the largest absolute
    value; pass the same ``limit`` to compare two images). Returns the Axes; ``drawn_``:
    ``image`` (its array ``rows.values``), ``colorbar``."""
    ax = axes(ax, figsize=(8, 0.35 * len(rows.words) + 1.2))
    limit = limit or float(np.abs(rows.values).max()) or 1.0
    image = ax.imshow(rows.values, aspect="auto", cmap="BrBG", vmin=-limit, vmax=limit,
                      interpolation="nearest")
    ax.set_yticks(range(len(rows.words)), rows.words)
    ax.set_xlabel("embedding dimension")
    if title:
        ax.set_title(title, fontsize=10)
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.01, label="weight")
    return drawn(ax, image=image, colorbar=bar)
