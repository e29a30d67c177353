"""Distributions of the corpus: word frequencies, vocabulary coverage, review lengths. Each
function draws a result of ``imdbviz.corpus`` on ``ax`` (a new figure when None), returns the
Axes with ``drawn_``."""
from __future__ import annotations

import numpy as np

from .style import axes, condition_color, drawn

__all__ = ["plot_word_frequencies", "plot_coverage", "plot_lengths"]


def plot_word_frequencies(freqs, ax=None):
    """Rank/frequency of every training token on log axes (``corpus.WordFrequencies``); the
    words beyond the vocabulary (unknown to the model) are shaded. ``drawn_``: ``counts``
    (the line, x = rank, y = count), ``outside`` and ``top_words`` (span and line, when some
    words are outside)."""
    ax = axes(ax)
    counts, = ax.loglog(freqs.ranks, freqs.counts, color="0.3", lw=1.5, label="training tokens")
    kept = freqs.kept
    outside = top_words = None
    if 0 < kept < len(freqs.counts):
        outside = ax.axvspan(kept + 0.5, len(freqs.counts), color="0.85", zorder=0,
                             label=f"outside the vocabulary (rank > {kept:,})")
        top_words = ax.axvline(
            kept + 0.5, color=condition_color("top_words"), ls="--", lw=1.5,
            label=f"top_words = {freqs.top_words:,} ({kept:,} words + 2 reserved)")
    ax.set_xlabel("rank of the word (1 = most frequent)")
    ax.set_ylabel("occurrences in the training reviews")
    ax.set_title("Word frequencies: a few words are very common, most are rare")
    ax.legend(loc="lower left", fontsize=8)
    return drawn(ax, counts=counts, outside=outside, top_words=top_words)


def plot_coverage(curve, ax=None):
    """Share of training tokens kept against vocabulary size (``corpus.CoverageCurve``), with
    its marked sizes: the vocabulary's own size (``curve.top_words``) in the ``top_words``
    colour and dashed, as in ``plot_word_frequencies``, the other sizes in greys, dotted.
    ``drawn_``: ``shares`` (the curve, x = size), ``marks`` ``{label: dot}`` (x = size,
    y = share)."""
    import matplotlib.pyplot as plt

    ax = axes(ax)
    shares, = ax.semilogx(curve.sizes, curve.shares, color="0.3", lw=2)
    others = iter(("0.45", "0.6", "0.7", "0.8"))
    marks = {}
    for label, (size, share) in curve.marks.items():
        own = size == curve.top_words
        color = condition_color("top_words") if own else next(others, "0.6")
        ax.axvline(size, color=color, ls="--" if own else ":", lw=1.5 if own else 1.2)
        marks[label], = ax.plot([size], [share], "o", color=color, zorder=3,
                                label=f"{label}: {share:.1%} kept"
                                + (" (this vocabulary)" if own else ""))
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("vocabulary size top_words (log scale)")
    ax.set_ylabel("share of all training tokens kept")
    ax.set_title("Vocabulary coverage: what top_words keeps")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda y, _: f"{y:.0%}"))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    return drawn(ax, shares=shares, marks=marks)


def plot_lengths(stats, ax=None, bins: int = 60):
    """Histogram of review lengths (``corpus.LengthStats``) with ``maxlen`` marked; the
    longest 1% are folded into the last bin. ``drawn_``: ``histogram`` (a BarContainer, a bar
    per bin, heights the review counts), ``maxlen`` and ``median`` (vertical lines)."""
    ax = axes(ax)
    upper = max(np.percentile(stats.lengths, 99), stats.maxlen * 1.1)
    _counts, _edges, histogram = ax.hist(np.minimum(stats.lengths, upper), bins=bins,
                                         range=(0, upper), color="0.3", alpha=0.8)
    maxlen = ax.axvline(
        stats.maxlen, color=condition_color("maxlen"), ls="--", lw=1.5,
        label=f"maxlen = {stats.maxlen}: {stats.share_truncated:.1%} of reviews truncated")
    median = ax.axvline(stats.median, color="0.3", ls=":", lw=1,
                        label=f"median = {stats.median:.0f}")
    ax.set_xlabel(f"{stats.unit} per review (longest 1% folded into the last bin)")
    ax.set_ylabel("reviews")
    ax.set_title("Review lengths")
    ax.legend(fontsize=8)
    return drawn(ax, histogram=histogram, maxlen=maxlen, median=median)
