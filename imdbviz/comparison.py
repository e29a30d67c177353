"""The network against the bag-of-words baselines (``imdbviz.baselines``): the comparison table
(test accuracy over seeds, training time, parameters), and where their predictions part
(disagreements, confident errors, accuracy by review length, review cards to read).
Computations only: the drawing lives in ``imdbviz.plots`` (``plots.comparisons``,
``plots.review_card_html``)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .baselines import BaselineResult
from .stats import Spread, format_p
from .tables import format_rows
from .train import accuracy
from .vocab import _TOKEN

#: Published accuracies on the full IMDB test set (25,000 reviews), for reference; what each
#: model reads is in ``SETUPS``, where it comes from in ``SOURCES``.
PUBLISHED = {
    "NBSVM, bigrams (Wang & Manning 2012)": 0.9122,
    "NBSVM, unigrams (Wang & Manning 2012)": 0.8829,
    "Maas et al. 2011 (word vectors + BoW)": 0.8889,
    "Keras example imdb_cnn (CNN)": 0.89,
    "Keras example imdb_cnn_lstm (CNN-LSTM)": 0.8498,
}
#: ``{name in PUBLISHED: decimals}`` for a result its source gives with fewer than four
#: decimals (imdb_cnn.py: "0.89"): it is shown with that precision, as "about 89%"
#: (``published_text``).
PRECISION = {"Keras example imdb_cnn (CNN)": 2}
#: ``{name in PUBLISHED: (vocabulary, what it reads)}``, as each source states it.
SETUPS = {
    "NBSVM, bigrams (Wang & Manning 2012)": ("every uni- and bigram", "whole reviews"),
    "NBSVM, unigrams (Wang & Manning 2012)": ("every word", "whole reviews"),
    "Maas et al. 2011 (word vectors + BoW)": ("5,000 words (+ 50,000 unlabelled reviews)",
                                              "whole reviews"),
    "Keras example imdb_cnn (CNN)": ("5,000 words", "last 400 tokens"),
    "Keras example imdb_cnn_lstm (CNN-LSTM)": ("20,000 words", "last 100 tokens"),
}
#: ``{name in PUBLISHED: (short citation, full reference, its address)}``.
SOURCES = {
    "NBSVM, bigrams (Wang & Manning 2012)": (
        "Wang & Manning 2012, table 2",
        "S. Wang and C. D. Manning, Baselines and Bigrams: Simple, Good Sentiment and Topic "
        "Classification, ACL 2012, table 2 (NBSVM-bi)", "https://aclanthology.org/P12-2018/"),
    "NBSVM, unigrams (Wang & Manning 2012)": (
        "Wang & Manning 2012, table 2",
        "S. Wang and C. D. Manning, Baselines and Bigrams: Simple, Good Sentiment and Topic "
        "Classification, ACL 2012, table 2 (NBSVM-uni)", "https://aclanthology.org/P12-2018/"),
    "Maas et al. 2011 (word vectors + BoW)": (
        "Maas et al. 2011, table 2",
        "A. L. Maas et al., Learning Word Vectors for Sentiment Analysis, ACL 2011, table 2 "
        "(full model + unlabeled + BoW)", "https://aclanthology.org/P11-1015/"),
    "Keras example imdb_cnn (CNN)": (
        "Keras examples, imdb_cnn.py",
        "Keras examples (Keras 2.3.1), imdb_cnn.py: \"gets to 0.89 test accuracy after 2 "
        "epochs\" (max_features = 5000, maxlen = 400)",
        "https://github.com/keras-team/keras/blob/2.3.1/examples/imdb_cnn.py"),
    "Keras example imdb_cnn_lstm (CNN-LSTM)": (
        "Keras examples, imdb_cnn_lstm.py",
        "Keras examples (Keras 2.3.1), imdb_cnn_lstm.py: \"gets to 0.8498 test accuracy after 2 "
        "epochs\" (max_features = 20000, maxlen = 100)",
        "https://github.com/keras-team/keras/blob/2.3.1/examples/imdb_cnn_lstm.py"),
}


def published_text(name: str, value: float, precision: dict | None = None) -> str:
    """A published accuracy as a percentage, with the precision its source gives it: two
    decimals of a percent (0.8498: "84.98%"), or "about 89%" for a source that says "0.89"
    (``PRECISION``)."""
    precision = PRECISION if precision is None else precision
    decimals = precision.get(name, 4)
    if decimals >= 4:
        return f"{value:.2%}"
    return f"about {value:.{max(decimals - 2, 0)}%}"


# ----------------------------------------------------------------------------- the table
@dataclass
class ComparisonRow:
    """One row of the comparison table: ``accuracies`` holds one test accuracy per seed (one
    for a baseline, which has no seed); ``timing`` says where ``train_seconds`` comes from."""

    model: str
    top_words: int
    accuracies: tuple
    train_seconds: float
    params: int
    timing: str
    #: the condition whose colour the row takes (``plots.style.CONDITION_COLORS``): "ours" (or
    #: "FULL") for a network, the baseline's name for a baseline
    condition: str = "ours"
    #: what the model reads: "review" (a baseline reading whole reviews) or "input" (the
    #: network's input: the last ``maxlen`` known words)
    reads: str = "input"
    #: how many training reviews it was fitted on (None: not known)
    fitted_on: int | None = None
    #: a baseline (fitted once, no seed) rather than a network
    baseline: bool = False

    @property
    def test_accuracy(self) -> float:
        return float(np.mean(self.accuracies))

    @property
    def seeds(self) -> int:
        return len(self.accuracies)


def baseline_row(result: BaselineResult) -> ComparisonRow:
    """The row of a baseline (a logistic regression on its features; ``result.label`` names
    the features)."""
    return ComparisonRow(model=result.label, top_words=result.top_words,
                         accuracies=(result.test_accuracy,), train_seconds=result.train_seconds,
                         params=result.params, timing="fitted in this run",
                         condition=result.name, reads=result.reads, fitted_on=result.n_fit,
                         baseline=True)


def baseline_spread(result: BaselineResult, seeds) -> Spread:
    """A baseline's test accuracy as a ``stats.Spread`` over the network's ``seeds``: the same
    value for every seed, since the baseline does not depend on the network's seed. Then
    ``stats.difference(network, baseline_spread(...))`` pairs them, which is Student's one-sample
    t of the network's per-seed accuracies against the baseline's one number."""
    seeds = tuple(seeds)
    if not seeds:
        raise ValueError("seeds is empty: pass the seeds of the network's spread")
    return Spread(result.label, np.full(len(seeds), result.test_accuracy), seeds)


def published_table(rows, published: dict | None = None, sources: dict | None = None,
                    setups: dict | None = None, maxlen: dict | None = None) -> str:
    """A Markdown table, best first: each published result (``PUBLISHED``; its vocabulary and
    what it reads from ``SETUPS``; its short citation from ``SOURCES``, numbered as in
    ``published_references``), then each of our ``ComparisonRow`` (networks: mean +/- standard
    deviation over their seeds). ``maxlen`` ``{top_words: maxlen}`` says how much of a review
    our rows that read the network's input read."""
    published = PUBLISHED if published is None else published
    sources = SOURCES if sources is None else sources
    setups = SETUPS if setups is None else setups
    maxlen = maxlen or {}
    numbers = {name: n for n, name in enumerate(published, start=1)}
    lines = []
    for name, value in published.items():
        vocabulary, reads = setups.get(name, ("", ""))
        source = f"[{numbers[name]}] {sources[name][0]}" if name in sources else ""
        lines.append((value, f"| {name} | {published_text(name, value)} | {vocabulary} | {reads} "
                             f"| {source} |"))
    for r in rows:
        spread = f" +/- {np.std(r.accuracies, ddof=1):.2%}" if r.seeds > 1 else ""
        reads = ("whole reviews" if r.reads == "review" else
                 f"last {maxlen[r.top_words]} known words" if r.top_words in maxlen else
                 "the network's input")
        lines.append((r.test_accuracy, f"| **{r.model}** | **{r.test_accuracy:.2%}**{spread} | "
                                       f"{r.top_words:,} words | {reads} | measured here |"))
    head = ("| model | test accuracy (+/- s.d. over seeds) | vocabulary | reads | source |\n"
            "|---|---:|---|---|---|")
    return "\n".join([head] + [line for _value, line in
                               sorted(lines, key=lambda item: -item[0])])


def published_references(published: dict | None = None, sources: dict | None = None) -> str:
    """The full references of ``published_table``'s sources as a numbered Markdown list."""
    published = PUBLISHED if published is None else published
    sources = SOURCES if sources is None else sources
    return "\n".join(f"{n}. {name}: [{sources[name][1]}]({sources[name][2]})"
                     for n, name in enumerate(published, start=1) if name in sources)


def network_row(records: list[dict], params: int, name: str = "CNN-LSTM",
                condition: str = "ours", fitted_on: int | None = None) -> ComparisonRow:
    """The row of a network trained over several seeds (``experiments.seed_runs`` records);
    ``condition`` picks its colour ("ours", or "FULL" for the FULL network)."""
    return ComparisonRow(model=f"{name}, {len(records)} seeds",
                         top_words=records[0]["config"]["top_words"],
                         accuracies=tuple(r["test_accuracy"] for r in records),
                         train_seconds=float(np.mean([r["train_seconds"] for r in records])),
                         params=int(params), timing="mean over seeds, when trained",
                         condition=condition, reads="input", fitted_on=fitted_on)


def network_probabilities(model, x_test: np.ndarray, batch_size: int = 512) -> np.ndarray:
    """The network's probability of a positive review for each row of ``x_test``,
    shape ``(reviews,)``."""
    return model.predict(x_test, batch_size=batch_size, verbose=0).reshape(-1)


def format_table(rows) -> str:
    """The comparison table as aligned text: test accuracy (for a network the mean over its
    seeds, and their standard deviation after "+/-"), the training reviews it was fitted on,
    training seconds (one decimal) and parameters."""
    def accuracy_text(r):
        return (f"{r.test_accuracy:.4f} +/- {np.std(r.accuracies, ddof=1):.4f}" if r.seeds > 1
                else f"{r.test_accuracy:.4f}")

    def right(texts):  # strings aligned to the right, like numbers
        width = max(len(t) for t in texts)
        return [t.rjust(width) for t in texts]

    fitted = right(["" if r.fitted_on is None else f"{r.fitted_on:,}" for r in rows])
    accuracies = right([accuracy_text(r) for r in rows])
    seconds = right([f"{r.train_seconds:.1f}" for r in rows])
    words = right([f"{r.top_words:,}" for r in rows])
    return format_rows([{"model": r.model, "words": words[i], "fitted on": fitted[i],
                         "test acc. +/- s.d.": accuracies[i],
                         "train s": seconds[i], "parameters": r.params}
                        for i, r in enumerate(rows)])


# ----------------------------------------------------------------------------- comparing predictions
def disagreements(p_a: np.ndarray, p_b: np.ndarray) -> np.ndarray:
    """Indices where two classifiers predict different labels (threshold 0.5), the largest
    difference in probability first."""
    p_a, p_b = np.asarray(p_a, dtype=float), np.asarray(p_b, dtype=float)
    if p_a.shape != p_b.shape:
        raise ValueError(f"p_a and p_b must have the same shape, got {p_a.shape} and {p_b.shape}")
    differ = np.flatnonzero((p_a > 0.5) != (p_b > 0.5))
    return differ[np.argsort(-np.abs(p_a - p_b)[differ], kind="stable")]


@dataclass
class McNemar:
    """Two classifiers ``a`` and ``b`` scored on the same ``n`` test reviews: ``a_only`` reviews
    ``a`` gets right and ``b`` wrong, ``b_only`` the reverse. Reviews both get right (or both
    wrong) say nothing about which is better; the discordant ones do. If ``a`` and ``b`` were
    equally good, each discordant review would be ``a``'s with probability 1/2: McNemar's
    exact test (``scipy.stats.binomtest`` of ``a_only`` out of ``a_only + b_only``) gives
    ``p_value``. ``delta`` = ``accuracy(a) - accuracy(b)``; ``stderr`` is its standard error
    over test sets drawn like this one; ``interval`` the 95% interval of ``delta`` from the exact
    (Clopper-Pearson) interval of the share ``a_only / (a_only + b_only)``. ``verdict``:
    "higher" or "lower" when ``p_value`` < 0.05, else "within noise"."""

    a: str
    b: str
    n: int
    a_only: int
    b_only: int

    @property
    def discordant(self) -> int:
        return self.a_only + self.b_only

    @property
    def delta(self) -> float:
        return (self.a_only - self.b_only) / self.n

    @property
    def stderr(self) -> float:
        return float(np.sqrt(max(self.discordant - (self.a_only - self.b_only) ** 2 / self.n,
                                 0.0)) / self.n)

    def _test(self):
        from scipy.stats import binomtest

        return binomtest(self.a_only, self.discordant, 0.5) if self.discordant else None

    @property
    def p_value(self) -> float:
        test = self._test()
        return 1.0 if test is None else float(test.pvalue)

    @property
    def interval(self) -> tuple[float, float]:
        test = self._test()
        if test is None:
            return (0.0, 0.0)
        ci = test.proportion_ci(confidence_level=0.95, method="exact")
        share = self.discordant / self.n
        return ((2 * ci.low - 1) * share, (2 * ci.high - 1) * share)

    @property
    def verdict(self) -> str:
        if self.p_value >= 0.05:
            return "within noise"
        return "higher" if self.delta > 0 else "lower"

    def __str__(self) -> str:
        low, high = self.interval
        return (f"{self.a} - {self.b}: {self.delta:+.4f} on {self.n:,} test reviews ({self.a_only:,} "
                f"right only for {self.a}, {self.b_only:,} only for {self.b}); standard error "
                f"{self.stderr:.4f}, 95% interval {low:+.4f} to {high:+.4f} (McNemar, "
                f"{format_p(self.p_value)}): {self.verdict}")


def mcnemar(p_a: np.ndarray, p_b: np.ndarray, labels: np.ndarray,
            names: tuple = ("a", "b")) -> McNemar:
    """``McNemar`` of two classifiers' probabilities of a positive review (threshold 0.5) on
    the same test reviews with true ``labels``: does the test set tell them apart?"""
    p_a, p_b, labels = (np.asarray(v, dtype=float).reshape(-1) for v in (p_a, p_b, labels))
    if not p_a.shape == p_b.shape == labels.shape:
        raise ValueError(f"p_a {p_a.shape}, p_b {p_b.shape} and labels {labels.shape} must "
                         "have the same shape")
    if not len(labels):
        raise ValueError("no test reviews")
    right_a, right_b = (p_a > 0.5) == (labels == 1), (p_b > 0.5) == (labels == 1)
    return McNemar(a=names[0], b=names[1], n=len(labels),
                   a_only=int(np.sum(right_a & ~right_b)), b_only=int(np.sum(~right_a & right_b)))


#: How ``differences_table`` shortens a baseline's label.
SHORT_LABELS = {" (reads what the network reads)": " (network's input)"}


def differences_table(differences) -> str:
    """``stats.Difference`` (over seeds) and ``McNemar`` (over test reviews) results as one
    compact aligned table, a row each: the network and the test ("5 seeds, paired t" or
    "McNemar"), the baseline (labels shortened by ``SHORT_LABELS``), the difference, its 95%
    interval, p and the verdict."""
    def short(label):
        for long, brief in SHORT_LABELS.items():
            label = label.replace(long, brief)
        return label

    rows = []
    for d in differences:
        if isinstance(d, McNemar):
            a, b = f"{d.a}: McNemar", d.b
        else:
            a, b = f"{d.a.name}: {d.a.n} seeds, {'paired' if d.paired else 'Welch'} t", d.b.name
        low, high = d.interval
        rows.append({"network, test": a, "baseline": short(b), "difference": f"{d.delta:+.4f}",
                     "95% interval": f"{low:+.4f} to {high:+.4f}", "p": format_p(d.p_value).removeprefix("p = "),
                     "verdict": d.verdict})
    return format_rows(rows)


def confident_errors(probabilities: np.ndarray, labels: np.ndarray, k: int = 5) -> np.ndarray:
    """Indices of the ``k`` wrong predictions made with the most confidence (probability
    furthest from 0.5), most confident first."""
    probabilities, labels = np.asarray(probabilities, dtype=float), np.asarray(labels)
    if probabilities.shape != labels.shape:
        raise ValueError(f"probabilities {probabilities.shape} and labels {labels.shape} "
                         "must have the same shape")
    wrong = np.flatnonzero((probabilities > 0.5) != (labels == 1))
    order = np.argsort(-np.abs(probabilities[wrong] - 0.5), kind="stable")
    return wrong[order[:k]]


@dataclass
class ReviewCard:
    """One test review to show: its index, true label, each model's ``{name: P(positive)}``,
    and its text shortened (``<br />`` removed). Without a reading, a long text keeps its
    first ``max_chars // 3`` and its last ``2 * max_chars // 3`` characters. With one,
    ``read_from`` is where in ``text`` the network's reading starts: the card keeps the
    review's start, then everything from the first word the network reads."""

    index: int
    label: int
    predictions: dict
    text: str
    #: the character of ``text`` where the words the network reads begin (None: not marked)
    read_from: int | None = None


def _first_read_character(text: str, reading) -> int | None:
    """Where in ``text`` (``<br />`` already replaced) the first token that ``reading``
    (``encoding.Reading`` of that text) marks "read" starts; None if it reads nothing or the
    tokens do not line up."""
    if "read" not in reading.status:
        return None
    matches = list(_TOKEN.finditer(text))
    first = reading.status.index("read")
    if len(matches) != len(reading.tokens) or matches[first].group().lower() != reading.tokens[first]:
        return None
    return matches[first].start()


def review_card(index: int, text: str, label: int, predictions: dict,
                max_chars: int = 700, reading=None) -> ReviewCard:
    """A ``ReviewCard``. ``reading`` (``encoding.Reading`` of ``text`` for the network):
    mark where the network's reading starts, and show all of the text from there."""
    if max_chars < 20:
        raise ValueError(f"max_chars must be at least 20, got {max_chars}")
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    start = _first_read_character(text, reading) if reading is not None else None
    if start is not None:
        head = max_chars // 3
        if start > head + len(" [...] "):
            text = text[:head] + " [...] " + text[start:]
            start = head + len(" [...] ")
    elif len(text) > max_chars:
        text = text[: max_chars // 3] + " [...] " + text[-(2 * max_chars) // 3:]
    return ReviewCard(index=int(index), label=int(label),
                      predictions={k: float(v) for k, v in predictions.items()}, text=text,
                      read_from=start)


@dataclass
class LengthAccuracy:
    """Accuracy per review-length bin: ``edges`` ``(bins + 1,)`` (bin i holds lengths in
    ``[edges[i], edges[i+1])``, the last bin includes its right edge); ``accuracy``
    ``(models, bins)`` (NaN for an empty bin); ``counts`` ``(bins,)``; lengths in ``unit``."""

    edges: np.ndarray
    accuracy: np.ndarray
    counts: np.ndarray
    names: list
    maxlen: int | None = None
    unit: str = "tokens"
    #: ``(models, bins)``: the binomial standard error of each accuracy,
    #: ``sqrt(accuracy * (1 - accuracy) / count)``
    stderr: np.ndarray | None = None
    #: ``(reviews,)``: the bin of each review
    which: np.ndarray | None = None

    @property
    def labels(self) -> list:
        """Each bin's lengths as text, "a-b" with both ends included (bins do not overlap)."""
        last = len(self.edges) - 2
        return [f"{a}-{b if i == last else b - 1}"
                for i, (a, b) in enumerate(zip(self.edges[:-1], self.edges[1:]))]


def accuracy_by_length(probabilities: dict, labels: np.ndarray, lengths: np.ndarray,
                       bins: int = 5, maxlen: int | None = None,
                       unit: str = "tokens") -> LengthAccuracy:
    """Accuracy of each model (``{name: probabilities (reviews,)}``) in ``bins`` length bins
    with (about) the same number of reviews each (quantiles of ``lengths``)."""
    labels, lengths = np.asarray(labels), np.asarray(lengths)
    if bins < 1:
        raise ValueError(f"bins must be at least 1, got {bins}")
    edges = np.unique(np.quantile(lengths, np.linspace(0, 1, bins + 1)).round().astype(int))
    which = np.clip(np.searchsorted(edges, lengths, side="right") - 1, 0, len(edges) - 2)
    counts = np.bincount(which, minlength=len(edges) - 1)
    per_bin = np.full((len(probabilities), len(edges) - 1), np.nan)
    for m, p in enumerate(probabilities.values()):
        p = np.asarray(p)
        if p.shape != labels.shape:
            raise ValueError(f"probabilities {p.shape} and labels {labels.shape} must match")
        for b in range(len(edges) - 1):
            if counts[b]:
                per_bin[m, b] = accuracy(p[which == b], labels[which == b])
    with np.errstate(invalid="ignore", divide="ignore"):
        stderr = np.sqrt(per_bin * (1 - per_bin) / counts)
    return LengthAccuracy(edges=edges, accuracy=per_bin, counts=counts,
                          names=list(probabilities), maxlen=maxlen, unit=unit, stderr=stderr,
                          which=which)


def mcnemar_by_length(result: LengthAccuracy, p_a: np.ndarray, p_b: np.ndarray,
                      labels: np.ndarray, names: tuple = ("a", "b")) -> list:
    """``mcnemar`` of ``p_a`` against ``p_b`` within each length bin of ``result`` (made by
    ``accuracy_by_length`` from the same reviews): one ``McNemar`` per bin."""
    p_a, p_b, labels = np.asarray(p_a), np.asarray(p_b), np.asarray(labels)
    if result.which is None or len(result.which) != len(labels):
        raise ValueError("result must come from accuracy_by_length on these reviews")
    return [mcnemar(p_a[result.which == b], p_b[result.which == b], labels[result.which == b],
                    names) for b in range(len(result.counts))]
