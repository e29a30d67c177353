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
#: One colour per condition, the same in every figure of the series; never blue or orange, which
#: mean positive and negative. Look a colour up with ``condition_color(name)``; a figure that
#: compares conditions colours each by its name here, so "ours" is green wherever it appears.
CONDITION_COLORS = {
    # the course's network, as trained by the course (SMALL or FULL; learned embedding)
    "ours": "tab:green",
    # notebook 04: how the Embedding starts
    "learned": "tab:green",
    "word2vec, fine-tuned": "tab:purple",
    "word2vec, frozen": "tab:brown",
    "word2vec, frozen at its own scale": "black",
    # notebooks 06 and 07: one change to the recipe
    "the post's protocol": "tab:gray",
    "oov=mark": "tab:olive",
    "post-padded": "teal",
    "no dropout": "indigo",
    # notebook 08: the bag-of-words baselines
    "bag-of-words, unigrams": "rosybrown",
    "bag-of-words, uni+bigrams": "mediumorchid",
    "TF-IDF, unigrams": "tab:pink",
    "TF-IDF, uni+bigrams": "tab:red",
    "NBSVM": "darkslategray",
    # the two sides of a training curve; the condition's colour wins where both are drawn
    "train": "0.25",
    "validation": "tab:green",
    # notebook 01: the encoding's two sizes, wherever a figure marks them
    "top_words": "indigo",
    "maxlen": "deeppink",
    # notebook 08: the FULL network, where it stands beside SMALL ("ours")
    "FULL": "darkgreen",
}
#: Other names that mean a condition above.
CONDITION_ALIASES = {
    "network": "ours", "cnn-lstm": "ours", "pre-padded": "ours", "word2vec-finetuned":
    "word2vec, fine-tuned", "word2vec-frozen": "word2vec, frozen", "the post": "the post's protocol",
    "dropout 0": "no dropout", "tfidf-1": "TF-IDF, unigrams", "tfidf-2": "TF-IDF, uni+bigrams",
    "bow-1": "bag-of-words, unigrams", "bow-2": "bag-of-words, uni+bigrams",
}
PADDING = "0.55"
SKIPPED = "0.6"
#: Diverging map for anything signed by sentiment: orange (towards negative) -> white -> blue
#: (towards positive).
SENTIMENT_CMAP = LinearSegmentedColormap.from_list(
    "imdbviz_sentiment", ["#c45a00", "#ff7f0e", "#ffffff", "#1f77b4", "#0b3c68"], N=257)  # 0: white


def condition_color(name: str) -> str:
    """The series' colour for a condition (``CONDITION_COLORS``), found by its name or an alias
    (``CONDITION_ALIASES``), case-insensitively; a name with a known condition before a comma
    or parenthesis ("ours, 5 seeds") takes that condition's colour."""
    def lookup(text):
        text = text.strip().lower()
        for table in (CONDITION_COLORS, CONDITION_ALIASES):
            for key, value in table.items():
                if key.lower() == text:
                    return CONDITION_COLORS.get(value, value)
        return None

    found = lookup(name)
    for separator in (" (", ","):
        if found is None and separator in name:
            found = lookup(name.split(separator)[0])
    if found is None:
        raise KeyError(f"no colour for the condition {name!r}: add it to "
                       "imdbviz.plots.style.CONDITION_COLORS (one colour per condition)")
    return found


def color_for(name: str, row: int = 0) -> str:
    """``condition_color(name)`` for a known condition, else the ``row``-th ``NEUTRAL`` colour
    (for rows that are not conditions, e.g. "best epoch by validation")."""
    try:
        return condition_color(name)
    except KeyError:
        return NEUTRAL[row % len(NEUTRAL)]


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
