"""Matrices drawn as images: padded id matrices (the model's input) and rows of word vectors."""
from __future__ import annotations

import numpy as np

from .style import axes, drawn

__all__ = ["plot_padded", "plot_padded_words", "plot_padding_comparison", "plot_word_vectors"]


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


#: Cell kinds of ``plot_padded_words``: padding, a word, ``<oov>``, ``<start>``.
WORD_CELLS = {"padding": 0, "word": 1, "oov": 2, "start": 3}


def _short_word(word: str, limit: int) -> str:
    return word if len(word) <= limit else word[:limit - 1] + "\u2026"


def plot_padded_words(matrices, vocab, row_labels=None, panels=None, max_chars: int = 10):
    """Small padded id matrices ``(reviews, maxlen)`` with each cell's word written in it, so
    that padding and truncation read as text: words on white, padding (0) grey and written
    "0", ``<oov>`` (``vocab.oov_index``) in italics on olive, ``<start>`` on light grey.
    ``matrices``: ``{title: matrix}``, one panel each, stacked (all of the same shape);
    ``row_labels``: one label per review; ``panels``: Axes, one per matrix, or None for a new
    figure. Words longer than ``max_chars`` are shortened with "…". Returns the Figure;
    ``drawn_["axes"]``: ``{title: Axes}``, each with ``drawn_``: ``image`` (its array the cell
    kinds, ``WORD_CELLS``) and ``texts`` (one list per review of the Text written in each
    cell)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    from .style import condition_color

    matrices = {title: np.atleast_2d(np.asarray(m)) for title, m in matrices.items()}
    if not matrices:
        raise ValueError("matrices is empty: pass {title: padded id matrix}")
    shapes = {m.shape for m in matrices.values()}
    if len(shapes) != 1:
        raise ValueError(f"the matrices must have one shape, got {sorted(shapes)}")
    (rows, columns), = shapes
    if panels is None:
        _figure, panels = plt.subplots(len(matrices), 1, squeeze=False, constrained_layout=True,
                                       figsize=(max(6.0, 0.85 * columns + 1.5),
                                                len(matrices) * (0.42 * rows + 0.7)))
    panels = np.asarray(panels).ravel()
    cmap = ListedColormap(["0.8", "white", condition_color("oov=mark"), "0.92"])
    by_title = {}
    for ax, (title, matrix) in zip(panels, matrices.items()):
        kinds = np.full(matrix.shape, WORD_CELLS["word"])
        kinds[matrix == 0] = WORD_CELLS["padding"]
        kinds[matrix == vocab.oov_index] = WORD_CELLS["oov"]
        if vocab.start_index is not None:
            kinds[matrix == vocab.start_index] = WORD_CELLS["start"]
        words = np.array([["0" if i == 0 else vocab.words[i] if 0 <= i < len(vocab) else "?"
                           for i in row] for row in matrix.tolist()], dtype=object)
        image = ax.imshow(kinds, cmap=cmap, vmin=-0.5, vmax=3.5, aspect="auto",
                          interpolation="nearest")
        texts = [[ax.text(c, r, _short_word(words[r, c], max_chars), ha="center", va="center",
                          fontsize=8,
                          style="italic" if kinds[r, c] == WORD_CELLS["oov"] else "normal",
                          color="0.35" if kinds[r, c] == WORD_CELLS["padding"] else "black")
                  for c in range(columns)] for r in range(rows)]
        ax.set_xticks(np.arange(columns + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(rows + 1) - 0.5, minor=True)
        ax.grid(which="minor", color="0.6", linewidth=0.6)
        ax.tick_params(which="minor", length=0)
        ax.set_xticks(range(columns))
        ax.set_yticks(range(rows), row_labels if row_labels is not None else range(rows))
        ax.set_xlabel("position in the padded row", fontsize=9)
        ax.set_title(title, fontsize=10)
        by_title[title] = drawn(ax, image=image, texts=texts)
    return drawn(panels[0].figure, axes=by_title)


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
