"""Views for notebooks 01-02: word frequencies, vocabulary coverage, review lengths, padded
matrices, and word vectors (PCA projection, nearest neighbours, rows of the matrix).

Each function draws a result computed in ``imdbviz.corpus`` / ``imdbviz.embedding`` on ``ax``
(a new figure when None) and returns the Axes (or the Figure for multi-panel views).
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm

__all__ = [
    "plot_word_frequencies", "plot_coverage", "plot_lengths", "plot_padded",
    "plot_padding_comparison", "plot_projection", "plot_neighbours", "plot_word_vectors",
]


def _axes(ax, figsize=(7, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_word_frequencies(freqs, ax=None):
    """Rank/frequency of every training token on log axes (``corpus.WordFrequencies``); the
    words beyond the vocabulary (they become <oov>) are shaded."""
    ax = _axes(ax)
    ax.loglog(freqs.ranks, freqs.counts, color="tab:blue", lw=1.5, label="training tokens")
    kept = freqs.kept
    if 0 < kept < len(freqs.counts):
        ax.axvspan(kept + 0.5, len(freqs.counts), color="0.85", zorder=0,
                   label=f"out of vocabulary (rank > {kept:,})")
        ax.axvline(kept + 0.5, color="tab:red", ls="--", lw=1,
                   label=f"top_words = {freqs.top_words:,} ({kept:,} words + 2 reserved)")
    ax.set_xlabel("rank of the word (1 = most frequent)")
    ax.set_ylabel("occurrences in the training reviews")
    ax.set_title("Word frequencies: a few words are very common, most are rare")
    ax.legend(loc="lower left", fontsize=8)
    return ax


def plot_coverage(curve, ax=None):
    """Share of training tokens kept against vocabulary size (``corpus.CoverageCurve``), with
    its marked sizes."""
    ax = _axes(ax)
    ax.semilogx(curve.sizes, curve.shares, color="tab:blue", lw=2)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"][1:]
    for (label, (size, share)), color in zip(curve.marks.items(), colors):
        ax.axvline(size, color=color, ls="--", lw=1)
        ax.plot([size], [share], "o", color=color, label=f"{label}: {share:.1%} kept")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("vocabulary size top_words (log scale)")
    ax.set_ylabel("share of all training tokens kept")
    ax.set_title("Vocabulary coverage: what top_words keeps")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda y, _: f"{y:.0%}"))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_lengths(stats, ax=None, bins: int = 60):
    """Histogram of review lengths (``corpus.LengthStats``) with ``maxlen`` marked."""
    ax = _axes(ax)
    top = np.percentile(stats.lengths, 99)
    upper = max(top, stats.maxlen * 1.1)
    ax.hist(np.minimum(stats.lengths, upper), bins=bins, range=(0, upper), color="tab:blue",
            alpha=0.8)
    ax.axvline(stats.maxlen, color="tab:red", ls="--", lw=1.5,
               label=f"maxlen = {stats.maxlen}: {stats.share_truncated:.1%} of reviews truncated")
    ax.axvline(stats.median, color="0.3", ls=":", lw=1, label=f"median = {stats.median:.0f} tokens")
    ax.set_xlabel("tokens per review (longest 1% folded into the last bin)")
    ax.set_ylabel("reviews")
    ax.set_title("Review lengths")
    ax.legend(fontsize=8)
    return ax


def plot_padded(matrix, ax=None, title: str | None = None, vmax: int | None = None):
    """A padded ``(reviews, maxlen)`` matrix as an image: word ids in colour (log scale),
    padding (0) grey."""
    ax = _axes(ax, figsize=(8, 2.5))
    matrix = np.asarray(matrix)
    cmap = plt.colormaps["viridis"].with_extremes(bad="0.85")
    norm = LogNorm(vmin=1, vmax=vmax or max(int(matrix.max()), 2))  # frequent words: low ids
    image = ax.imshow(np.ma.masked_equal(matrix, 0), aspect="auto", cmap=cmap, norm=norm,
                      interpolation="nearest")
    ax.set_xlabel("position (0 .. maxlen-1)")
    ax.set_ylabel("review")
    ax.set_yticks(range(matrix.shape[0]))
    if title:
        ax.set_title(title, fontsize=10)
    ax.figure.colorbar(image, ax=ax, label="word id", fraction=0.03, pad=0.01)
    return ax


def plot_padding_comparison(comparison, axes=None):
    """The four padding/truncating combinations of ``corpus.PaddingComparison``, 2 x 2, padding
    grey. Returns the Figure."""
    if axes is None:
        fig, axes = plt.subplots(2, 2, figsize=(12, 5), sharex=True, sharey=True,
                                 constrained_layout=True)
    axes = np.asarray(axes).reshape(2, 2)
    vmax = max(int(m.max()) for m in comparison.matrices.values())
    for r, padding in enumerate(("pre", "post")):
        for c, truncating in enumerate(("pre", "post")):
            plot_padded(comparison.matrix(padding, truncating), ax=axes[r, c], vmax=vmax,
                        title=f'padding="{padding}", truncating="{truncating}"')
    fig = axes[0, 0].figure
    fig.suptitle(f"{len(comparison.sequences)} reviews padded/truncated to maxlen = "
                 f"{comparison.maxlen} (grey = padding 0)")
    return fig


def plot_projection(projection, values=None, labels=(), ax=None, cmap: str = "coolwarm",
                    value_label: str = "log-odds (positive review)", title: str | None = None):
    """Word vectors on their first two principal components (``embedding.Projection2D``),
    coloured by ``values`` (one per word, e.g. log-odds), with the ``labels`` words written."""
    ax = _axes(ax, figsize=(7, 6))
    x, y = projection.coords[:, 0], projection.coords[:, 1]
    if values is None:
        points = ax.scatter(x, y, s=10, color="tab:blue", alpha=0.6)
    else:
        values = np.asarray(values, dtype=float)
        limit = float(np.percentile(np.abs(values), 98)) or 1.0
        points = ax.scatter(x, y, c=values, s=12, cmap=cmap, vmin=-limit, vmax=limit, alpha=0.8,
                            edgecolors="none")
        ax.figure.colorbar(points, ax=ax, label=value_label, fraction=0.046, pad=0.02)
    position = {w: i for i, w in enumerate(projection.words.tolist())}
    for word in labels:
        if word in position:
            i = position[word]
            ax.annotate(word, (x[i], y[i]), fontsize=9, xytext=(3, 3),
                        textcoords="offset points")
            ax.plot([x[i]], [y[i]], "o", mfc="none", mec="k", ms=6)
    ratio = projection.explained_variance_ratio
    ax.set_xlabel(f"principal component 1 ({ratio[0]:.0%} of variance)")
    ax.set_ylabel(f"principal component 2 ({ratio[1]:.0%} of variance)")
    ax.set_title(title or f"{len(projection.words):,} word vectors, PCA to 2-D")
    return ax


def plot_neighbours(neighbours, ax=None):
    """Cosine similarity of a word's nearest neighbours (``embedding.Neighbours``) as bars."""
    ax = _axes(ax, figsize=(4, 3))
    k = len(neighbours.words)
    ax.barh(np.arange(k), neighbours.similarities, color="tab:blue")
    ax.set_yticks(np.arange(k), neighbours.words)
    ax.invert_yaxis()
    ax.set_xlim(min(0.0, float(np.min(neighbours.similarities))) if k else 0, 1)
    ax.set_xlabel("cosine similarity")
    ax.set_title(f'nearest to "{neighbours.word}"')
    return ax


def plot_word_vectors(matrix, vocab, words, ax=None, title: str | None = None):
    """The Embedding rows of ``words`` as an image: one row per word, one column per dimension."""
    ax = _axes(ax, figsize=(8, 0.35 * len(words) + 1.2))
    missing = [w for w in words if w not in vocab.index]
    if missing:
        raise ValueError(f"not in the vocabulary: {missing}")
    rows = np.asarray(matrix)[[vocab.index[w] for w in words]]
    limit = float(np.abs(rows).max()) or 1.0
    image = ax.imshow(rows, aspect="auto", cmap="PuOr", vmin=-limit, vmax=limit,
                      interpolation="nearest")
    ax.set_yticks(range(len(words)), words)
    ax.set_xlabel("embedding dimension")
    if title:
        ax.set_title(title, fontsize=10)
    ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.01)
    return ax
