"""Word vectors as points: a 2-D projection coloured by sentiment, nearest neighbours, and how
far apart positive and negative words lie (``imdbviz.embedding``)."""
from __future__ import annotations

import numpy as np

from .style import NEGATIVE, POSITIVE, SENTIMENT_CMAP, axes, drawn

__all__ = ["plot_projection", "spread_labels", "plot_neighbours", "plot_neighbour_leans",
           "plot_weight_rows", "plot_separation"]


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


def _overlap(a, b, pad: float) -> bool:
    return (a.x0 - pad < b.x1 and b.x0 - pad < a.x1 and a.y0 - pad < b.y1 and b.y0 - pad < a.y1)


def spread_labels(ax, pad: float = 4.0, step: float = 1.5, rounds: int = 400):
    """Move the word labels of a ``plot_projection`` Axes (``ax.drawn_["labels"]``) apart until
    no two overlap (``pad`` points of space between them) and none covers another labelled
    point, each moved label joined to its point by a thin grey line; the points stay where they
    are. Returns the Axes; ``drawn_["labels"]`` ``{word: Annotation}`` holds the new labels
    (same words, same points)."""
    from matplotlib.transforms import Bbox

    labels = dict(ax.drawn_.get("labels", {}))
    figure = ax.figure
    figure.canvas.draw()  # lays the figure out: the labels' sizes and the axes' final place
    renderer = figure.canvas.get_renderer()
    to_points = 72.0 / figure.dpi
    words = list(labels)
    offsets = np.array([labels[w].xyann for w in words], dtype=float)  # offset points
    anchors = np.array([ax.transData.transform(labels[w].xy) for w in words]) * to_points
    boxes = [labels[w].get_window_extent(renderer) for w in words]
    sizes = np.array([(b.width, b.height) for b in boxes]) * to_points
    corners = np.array([(b.x0, b.y0) for b in boxes]) * to_points - anchors - offsets
    frame = ax.get_window_extent(renderer)
    lo, hi = np.array([frame.x0, frame.y0]) * to_points, np.array([frame.x1, frame.y1]) * to_points

    def box(i):
        x0, y0 = anchors[i] + offsets[i] + corners[i]
        return Bbox.from_extents(x0, y0, x0 + sizes[i, 0], y0 + sizes[i, 1])

    dots = [Bbox.from_extents(*(anchor - 6), *(anchor + 6)) for anchor in anchors]
    rng = np.random.default_rng(0)
    for _ in range(rounds):
        overlaps = 0
        for i in range(len(words)):
            for j in range(i + 1, len(words)):
                a, b = box(i), box(j)
                if not _overlap(a, b, pad):
                    continue
                overlaps += 1
                direction = np.array([a.x0 + a.x1 - b.x0 - b.x1, a.y0 + a.y1 - b.y0 - b.y1]) / 2
                if not direction.any():
                    direction = rng.normal(size=2)
                direction /= np.linalg.norm(direction)
                direction[1] *= 2.0  # labels are wide and short: moving up or down frees them sooner
                offsets[i] += step * direction
                offsets[j] -= step * direction
            for k in range(len(words)):  # nor cover another labelled point's circle
                a = box(i)
                if k == i or not _overlap(a, dots[k], 0):
                    continue
                overlaps += 1
                direction = np.array([(a.x0 + a.x1) / 2, (a.y0 + a.y1) / 2]) - anchors[k]
                if not direction.any():
                    direction = rng.normal(size=2)
                offsets[i] += step * direction / np.linalg.norm(direction)
        for i in range(len(words)):  # keep every label inside the axes
            corner = anchors[i] + offsets[i] + corners[i]
            offsets[i] += np.clip(corner, lo, hi - sizes[i]) - corner
        if overlaps == 0:
            break
    spread = {}
    for i, word in enumerate(words):
        old = labels[word]
        moved = np.hypot(*(offsets[i] - np.array(old.xyann))) > 0.5
        spread[word] = ax.annotate(
            word, old.xy, xytext=tuple(offsets[i]), textcoords="offset points",
            fontsize=old.get_fontsize(),
            arrowprops=dict(arrowstyle="-", color="0.5", lw=0.6, shrinkA=0, shrinkB=3)
            if moved else None)
        old.remove()
    ax.drawn_ = {**ax.drawn_, "labels": spread}
    return ax


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


#: The colours of a table of weights: purple (negative) to green (positive), neither blue nor
#: orange, which mean sentiment.
WEIGHT_CMAP = "PRGn"


def plot_weight_rows(rows, ax=None, title: str | None = None, limit: float | None = None):
    """Some words' rows of an embedding table (``embedding.WordRows``) as an image, one row
    per word, one column per dimension, in ``WEIGHT_CMAP`` on ``-limit .. limit`` (default:
    the largest absolute value): the colour is the weight's sign and size, not a sentiment.
    Returns the Axes; ``drawn_``: ``image`` (its array ``rows.values``), ``colorbar``."""
    ax = axes(ax, figsize=(8, 0.35 * len(rows.words) + 1.2))
    limit = limit or float(np.abs(rows.values).max()) or 1.0
    image = ax.imshow(rows.values, aspect="auto", cmap=WEIGHT_CMAP, vmin=-limit, vmax=limit,
                      interpolation="nearest")
    ax.set_yticks(range(len(rows.words)), rows.words)
    ax.set_xlabel("embedding dimension")
    if title:
        ax.set_title(title, fontsize=10)
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.01,
                             label="weight (purple < 0 < green), not sentiment")
    return drawn(ax, image=image, colorbar=bar)


def plot_neighbour_leans(neighbours, leans: dict, columns: int = 3, panels=None,
                         which: str = "trained"):
    """Several words' nearest neighbours (a list of ``embedding.Neighbours``), one panel each,
    on one shared cosine-similarity axis; each neighbour's dot is coloured by its lean,
    ``leans[word]`` (e.g. its log rate ratio): ``POSITIVE`` above 0, ``NEGATIVE`` below, grey
    at 0. ``which`` names the vectors in the titles ("trained"), which give each word's own
    lean. Returns the Figure;
    ``drawn_["axes"]``: ``{word: Axes}``, each with ``drawn_`` ``dots`` (x = similarity, y =
    rank from 0; one face colour per neighbour)."""
    import matplotlib.pyplot as plt

    neighbours = list(neighbours)
    if not neighbours:
        raise ValueError("plot_neighbour_leans needs at least one word's neighbours")
    columns = max(1, min(columns, len(neighbours)))
    rows = -(-len(neighbours) // columns)
    if panels is None:
        k = max(len(n.words) for n in neighbours)
        _figure, panels = plt.subplots(rows, columns, figsize=(4 * columns, 0.3 * k * rows + 1.2 * rows),
                                       sharex=True, constrained_layout=True, squeeze=False)
    panels = np.asarray(panels).ravel()
    sims = np.concatenate([np.asarray(n.similarities, dtype=float) for n in neighbours])
    span = max(float(sims.max() - sims.min()), 0.02)
    low, high = sims.min() - 0.08 * span, min(1.0, sims.max() + 0.08 * span)
    by_word = {}
    for near, ax in zip(neighbours, panels):
        k = len(near.words)
        values = np.array([leans[w] for w in near.words], dtype=float)
        colors = [POSITIVE if v > 0 else NEGATIVE if v < 0 else "0.5" for v in values]
        ax.hlines(np.arange(k), low, near.similarities, color="0.85", lw=2)
        dots = ax.scatter(near.similarities, np.arange(k), c=colors, s=40, zorder=3)
        ax.set_yticks(np.arange(k), near.words)
        ax.set_ylim(k - 0.5, -0.5)
        ax.set_xlim(low, high)
        own = f" (its lean {leans[near.word]:+.2f})" if near.word in leans else ""
        ax.set_title(f'{which}: nearest to "{near.word}"{own}', fontsize=10)
        by_word[near.word] = drawn(ax, dots=dots)
    for ax in panels[len(neighbours):]:
        ax.set_visible(False)
    for ax in panels[:len(neighbours)]:
        ax.tick_params(axis="x", labelbottom=True)
        ax.set_xlabel("cosine similarity (axis not from 0)", fontsize=9)
    figure = panels[0].figure
    figure.suptitle(f"{which} vectors: dot colour = the neighbour's lean "
                    "(blue positive, orange negative)", fontsize=11)
    return drawn(figure, axes=by_word)
