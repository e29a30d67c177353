"""Word vectors as points: a 2-D projection coloured by sentiment, nearest neighbours, and how
far apart positive and negative words lie (``imdbviz.embedding``)."""
from __future__ import annotations

import numpy as np

from .style import NEGATIVE, POSITIVE, SENTIMENT_CMAP, axes, drawn

__all__ = ["plot_projection", "plot_neighbours", "plot_separation"]


def plot_projection(projection, values=None, labels=(), ax=None,
                    value_label: str = "log-odds: orange negative, blue positive",
                    title: str | None = None, limit: float | None = None):
    """Word vectors on their first two principal components (``embedding.Projection2D``),
    coloured by ``values`` (one per word, e.g. log-odds) on the sentiment scale
    ``-limit .. limit``, with the ``labels`` words written. Returns the Axes; ``drawn_``:
    ``points`` (offsets ``projection.coords``, array ``values``), ``colorbar`` (with
    ``values``), ``labels`` ``{word: Annotation}`` (the words found)."""
    ax = axes(ax, figsize=(7, 6))
    x, y = projection.coords[:, 0], projection.coords[:, 1]
    bar = None
    if values is None:
        points = ax.scatter(x, y, s=10, color="0.4", alpha=0.6)
    else:
        values = np.asarray(values, dtype=float)
        limit = limit or float(np.percentile(np.abs(values), 98)) or 1.0
        points = ax.scatter(x, y, c=values, s=12, cmap=SENTIMENT_CMAP, vmin=-limit, vmax=limit,
                            alpha=0.85, edgecolors="none")
        bar = ax.figure.colorbar(points, ax=ax, label=value_label, fraction=0.046, pad=0.02)
    position = {w: i for i, w in enumerate(projection.words.tolist())}
    written = {}
    for word in labels:
        if word in position:
            i = position[word]
            written[word] = ax.annotate(word, (x[i], y[i]), fontsize=9, xytext=(3, 3),
                                        textcoords="offset points")
            ax.plot([x[i]], [y[i]], "o", mfc="none", mec="k", ms=6)
    ratio = projection.explained_variance_ratio
    ax.set_xlabel(f"principal component 1 ({ratio[0]:.0%} of variance)")
    ax.set_ylabel(f"principal component 2 ({ratio[1]:.0%} of variance)")
    ax.set_title(title or f"{len(projection.words):,} word vectors, PCA to 2-D")
    return drawn(ax, points=points, colorbar=bar, labels=written)


def plot_neighbours(neighbours, ax=None, color: str = "0.3"):
    """Cosine similarity of a word's nearest neighbours (``embedding.Neighbours``) as dots on
    an axis spanning just their values (so close values stay readable). Returns the Axes;
    ``drawn_``: ``similarities`` (the dots, x = similarity, y = rank from 0), ``stems``."""
    ax = axes(ax, figsize=(4, 3))
    k = len(neighbours.words)
    sims = np.asarray(neighbours.similarities, dtype=float)
    stems = ax.hlines(np.arange(k), sims.min() - 0.02 if k else 0, sims, color="0.8", lw=2)
    dots, = ax.plot(sims, np.arange(k), "o", color=color)
    ax.set_yticks(np.arange(k), neighbours.words)
    ax.invert_yaxis()
    if k:
        span = max(float(sims.max() - sims.min()), 0.02)
        ax.set_xlim(sims.min() - 0.15 * span, min(1.0, sims.max() + 0.15 * span))
    ax.set_xlabel("cosine similarity (axis not from 0)")
    ax.set_title(f'nearest to "{neighbours.word}"')
    return drawn(ax, similarities=dots, stems=stems)


def plot_separation(separations: dict, ax=None):
    """How far apart the positive and the negative probe words lie in several embeddings:
    ``{name: embedding.Separation}``, one row each, the within-group and between-group mean
    cosine similarities as dots. Returns the Axes; ``drawn_``: ``within_positive``,
    ``within_negative``, ``between``, each ``{name: dot}`` (x = that similarity)."""
    ax = axes(ax, figsize=(7, 0.6 * len(separations) + 1.4))
    names = list(separations)
    dots = {"within_positive": {}, "within_negative": {}, "between": {}}
    for row, name in enumerate(names):
        s = separations[name]
        dots["within_positive"][name], = ax.plot(
            [s.within_positive], [row], "o", color=POSITIVE,
            label="positive with positive" if row == 0 else None)
        dots["within_negative"][name], = ax.plot(
            [s.within_negative], [row], "o", color=NEGATIVE,
            label="negative with negative" if row == 0 else None)
        dots["between"][name], = ax.plot([s.between], [row], "x", color="k", ms=8,
                                         label="positive with negative" if row == 0 else None)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.axvline(0, color="0.7", lw=0.8)
    ax.set_xlabel("mean cosine similarity between probe words")
    ax.set_title("Is there a sentiment direction? (far apart = separated)")
    ax.legend(fontsize=8, loc="best")
    return drawn(ax, **dots)
