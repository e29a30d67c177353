"""Notebook 06: the network against linear baselines, its errors, and per-word saliency.

``plot_comparison`` draws ``imdbviz.baselines.ComparisonRow`` rows; ``plot_accuracy_by_length``
a ``LengthAccuracy``; ``plot_running_sentiment`` a ``imdbviz.widgets.review.ReviewView``;
``saliency_html`` renders an ``imdbviz.saliency.Saliency`` as coloured text (an HTML string).
"""
from __future__ import annotations

import html

import numpy as np

__all__ = ["plot_comparison", "plot_accuracy_by_length", "plot_running_sentiment",
           "saliency_colors", "saliency_html", "review_card_html", "SALIENCY_CMAP"]

#: Diverging colour map for saliency: red pushes towards "negative", blue towards "positive".
SALIENCY_CMAP = "RdBu"


def plot_comparison(rows, published: dict | None = None, axes=None):
    """Three horizontal bar charts, one bar per row (``ComparisonRow``): test accuracy (with
    ``published`` ``{name: accuracy}`` as dashed reference lines), training time (s) and
    parameters (log scale). ``axes``: three Axes, or None for a new figure. Returns the Figure."""
    import matplotlib.pyplot as plt

    if not rows:
        raise ValueError("rows is empty: pass the ComparisonRow list of the comparison table")
    if axes is None:
        fig, axes = plt.subplots(1, 3, figsize=(15, 0.45 * len(rows) + 1.6), sharey=True)
    else:
        fig = axes[0].figure
    labels = [f"{r.model} ({r.top_words:,} words)" for r in rows]
    y = np.arange(len(rows))
    colors = ["tab:orange" if r.model.startswith("CNN-LSTM") else "tab:blue" for r in rows]
    values = [[r.test_accuracy for r in rows], [r.train_seconds for r in rows],
              [r.params for r in rows]]
    titles = ["test accuracy", "training time (s)", "parameters"]
    for ax, vals, title in zip(axes, values, titles):
        ax.barh(y, vals, color=colors)
        ax.set_title(title)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(y, labels)
    axes[0].invert_yaxis()
    low = min(values[0] + list((published or {}).values()))
    axes[0].set_xlim(max(0.0, np.floor(low * 20) / 20 - 0.05), 1.0)
    for (name, acc), style in zip((published or {}).items(), ["--", ":", "-."]):
        axes[0].axvline(acc, color="black", linestyle=style, linewidth=1,
                        label=f"{name}: {acc:.2%}")
    if published:
        fig.legend(*axes[0].get_legend_handles_labels(), loc="lower left", ncol=len(published),
                   fontsize=9, title="published, full data:", title_fontsize=9)
    for i, v in enumerate(values[0]):
        axes[0].text(v, i, f" {v:.3f}", va="center", fontsize=8)
    axes[2].set_xscale("log")
    fig.tight_layout(rect=(0, 0.1 if published else 0, 1, 1))
    return fig


def plot_accuracy_by_length(result, ax=None):
    """One line per model: accuracy in each review-length bin of a ``LengthAccuracy`` (bins
    evenly spaced on the x axis, labelled with their lengths in tokens and their counts);
    ``maxlen`` as a dashed line inside its bin (longer reviews are truncated). Returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    bins = np.arange(len(result.counts))
    for name, acc in zip(result.names, result.accuracy):
        ax.plot(bins, acc, marker="o", label=name)
    edges = result.edges
    if result.maxlen is not None and edges[0] <= result.maxlen < edges[-1]:
        b = int(np.searchsorted(edges, result.maxlen, side="right") - 1)
        where = b - 0.5 + (result.maxlen - edges[b]) / (edges[b + 1] - edges[b])
        ax.axvline(where, color="gray", linestyle="--", linewidth=1,
                   label=f"maxlen = {result.maxlen} (longer reviews are cut)")
    ax.set_xticks(bins, [f"{a}-{b}\n{n} reviews" for a, b, n in
                         zip(edges[:-1], edges[1:], result.counts)], fontsize=8)
    ax.set_xlim(-0.5, len(bins) - 0.5)
    ax.set_xlabel("review length in tokens (bin)")
    ax.set_ylabel("test accuracy")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return ax


def plot_running_sentiment(view, ax=None):
    """The running LSTM sentiment of a ``ReviewView``: the probability of "positive" after
    each LSTM step that reads the review's words, labelled with the words the step covers,
    and the 0.5 line. Returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(max(5, 0.45 * len(view.step_labels) + 2), 3))
    steps = np.arange(len(view.running))
    ax.plot(steps, view.running, marker="o", color="tab:purple")
    ax.axhline(0.5, color="gray", linestyle="--", linewidth=1)
    ax.set_ylim(0, 1)
    ax.set_xticks(steps, view.step_labels, rotation=60, ha="right", fontsize=8)
    ax.set_ylabel("P(positive) so far")
    ax.set_title("running LSTM sentiment (one point per LSTM step)")
    ax.grid(alpha=0.3)
    return ax


def saliency_colors(scores, vmax: float | None = None, cmap: str = SALIENCY_CMAP) -> list[str]:
    """A hex colour per score from a diverging map centred on zero (``CenteredNorm``):
    ``-vmax`` -> the map's low end (red), 0 -> its middle (white), ``+vmax`` -> its high end
    (blue). ``vmax`` defaults to the largest absolute score."""
    import matplotlib
    from matplotlib.colors import CenteredNorm, to_hex

    scores = np.asarray(scores, dtype=float)
    if vmax is None:
        vmax = float(np.max(np.abs(scores))) if scores.size else 0.0
    if vmax < 0:
        raise ValueError(f"vmax must be positive, got {vmax}")
    norm = CenteredNorm(vcenter=0.0, halfrange=max(vmax, 1e-12))
    colormap = matplotlib.colormaps[cmap]
    return [to_hex(colormap(norm(s))) for s in scores]


def _text_color(background: str) -> str:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(background)
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "#000000"


def saliency_html(saliency, vmax: float | None = None, cmap: str = SALIENCY_CMAP,
                  caption: bool = True) -> str:
    """A ``Saliency`` as HTML: each word on its saliency colour (red: pushed towards negative,
    blue: towards positive, white: no effect), its score in the tooltip; words outside the
    vocabulary in italics. With ``caption``, a first line with the prediction (and the true
    label when known)."""
    colors = saliency_colors(saliency.scores, vmax=vmax, cmap=cmap)
    spans = []
    for token, score, color, known in zip(saliency.tokens, saliency.scores, colors,
                                          saliency.in_vocabulary):
        style = (f"background-color:{color};color:{_text_color(color)};padding:1px 3px;"
                 f"margin:1px;border-radius:3px;display:inline-block")
        if not known:
            style += ";font-style:italic"
        note = "" if known else " (not in the vocabulary: read as <oov>)"
        spans.append(f'<span style="{style}" data-score="{score:.6g}" '
                     f'title="{html.escape(token)}: {score:+.4g}{html.escape(note)}">'
                     f"{html.escape(token)}</span>")
    head = ""
    if caption:
        verdict = "positive" if saliency.prediction > 0.5 else "negative"
        head = f"<b>P(positive) = {saliency.prediction:.3f}: predicted {verdict}</b>"
        if saliency.label is not None:
            truth = "positive" if saliency.label == 1 else "negative"
            head += f" &middot; true label: {truth} ({'right' if saliency.correct else 'WRONG'})"
        head = f"<div style='margin-bottom:4px'>{head}</div>"
    return (f"<div style='line-height:1.8;font-family:sans-serif;font-size:13px'>{head}"
            + " ".join(spans) + "</div>")


def review_card_html(text: str, label: int, predictions: dict, max_chars: int = 700) -> str:
    """One test review as HTML: its true label, each model's ``{name: P(positive)}`` marked
    right or wrong, and its text (``<br />`` removed, HTML escaped). A text longer than
    ``max_chars`` keeps its start and its end (the end is what a "pre"-truncating network
    reads), with "[...]" between."""
    import re

    if max_chars < 20:
        raise ValueError(f"max_chars must be at least 20, got {max_chars}")
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    if len(text) > max_chars:
        text = text[: max_chars // 3] + " [...] " + text[-(2 * max_chars) // 3:]
    truth = "positive" if label == 1 else "negative"
    verdicts = []
    for name, p in predictions.items():
        right = (p > 0.5) == (label == 1)
        mark = "<span style='color:#1a7f37'>right</span>" if right else \
            "<span style='color:#cf222e'>wrong</span>"
        verdicts.append(f"{html.escape(name)}: P(positive) = {p:.3f} ({mark})")
    return ("<div style='border:1px solid #ddd;border-radius:4px;padding:6px;margin:4px 0;"
            "font-family:sans-serif;font-size:13px'>"
            f"<div><b>true label: {truth}</b> &middot; " + " &middot; ".join(verdicts) + "</div>"
            f"<div style='margin-top:4px;color:#333'>{html.escape(text)}</div></div>")
