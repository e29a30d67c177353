"""Distributions of the corpus: word frequencies, vocabulary coverage, review lengths. Each
function draws a result of ``imdbviz.corpus`` on ``ax`` (a new figure when None), returns the
Axes."""
from __future__ import annotations

import numpy as np

from .style import NEUTRAL, axes

__all__ = ["plot_word_frequencies", "plot_coverage", "plot_lengths"]


def plot_word_frequencies(freqs, ax=None):
    """Rank/frequency of every training token on log axes (``corpus.WordFrequencies``); the
    words beyond the vocabulary (unknown to the model) are shaded."""
    ax = axes(ax)
    ax.loglog(freqs.ranks, freqs.counts, color="0.3", lw=1.5, label="training tokens")
    kept = freqs.kept
    if 0 < kept < len(freqs.counts):
        ax.axvspan(kept + 0.5, len(freqs.counts), color="0.85", zorder=0,
                   label=f"outside the vocabulary (rank > {kept:,})")
        ax.axvline(kept + 0.5, color=NEUTRAL[1], ls="--", lw=1,
                   label=f"top_words = {freqs.top_words:,} ({kept:,} words + 2 reserved)")
    ax.set_xlabel("rank of the word (1 = most frequent)")
    ax.set_ylabel("occurrences in the training reviews")
    ax.set_title("Word frequencies: a few words are very common, most are rare")
    ax.legend(loc="lower left", fontsize=8)
    return ax


def plot_coverage(curve, ax=None):
    """Share of training tokens kept against vocabulary size (``corpus.CoverageCurve``), with
    its marked sizes."""
    import matplotlib.pyplot as plt

    ax = axes(ax)
    ax.semilogx(curve.sizes, curve.shares, color="0.3", lw=2)
    colors = NEUTRAL[2:]
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
    """Histogram of review lengths (``corpus.LengthStats``) with ``maxlen`` marked; the
    longest 1% are folded into the last bin."""
    ax = axes(ax)
    upper = max(np.percentile(stats.lengths, 99), stats.maxlen * 1.1)
    ax.hist(np.minimum(stats.lengths, upper), bins=bins, range=(0, upper), color="0.3",
            alpha=0.8)
    ax.axvline(stats.maxlen, color=NEUTRAL[1], ls="--", lw=1.5,
               label=f"maxlen = {stats.maxlen}: {stats.share_truncated:.1%} of reviews truncated")
    ax.axvline(stats.median, color="0.3", ls=":", lw=1, label=f"median = {stats.median:.0f}")
    ax.set_xlabel(f"{stats.unit} per review (longest 1% folded into the last bin)")
    ax.set_ylabel("reviews")
    ax.set_title("Review lengths")
    ax.legend(fontsize=8)
    return ax
