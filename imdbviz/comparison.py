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
from .tables import format_rows
from .train import accuracy

#: Published accuracies on the full IMDB test set (25,000 reviews), for reference.
PUBLISHED = {
    "Maas et al. 2011 (word vectors + BoW)": 0.8889,
    "NBSVM-bi (Wang & Manning 2012)": 0.9122,
}


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

    @property
    def test_accuracy(self) -> float:
        return float(np.mean(self.accuracies))

    @property
    def seeds(self) -> int:
        return len(self.accuracies)


def baseline_row(result: BaselineResult) -> ComparisonRow:
    return ComparisonRow(model=f"{result.label} + logistic regression", top_words=result.top_words,
                         accuracies=(result.test_accuracy,), train_seconds=result.train_seconds,
                         params=result.params, timing="fitted in this run")


def network_row(records: list[dict], params: int, name: str = "CNN-LSTM") -> ComparisonRow:
    """The row of a network trained over several seeds (``experiments.seed_runs`` records)."""
    return ComparisonRow(model=f"{name}, {len(records)} seeds",
                         top_words=records[0]["config"]["top_words"],
                         accuracies=tuple(r["test_accuracy"] for r in records),
                         train_seconds=float(np.mean([r["train_seconds"] for r in records])),
                         params=int(params), timing="mean over seeds, when trained")


def network_probabilities(model, x_test: np.ndarray, batch_size: int = 512) -> np.ndarray:
    """The network's probability of a positive review for each row of ``x_test``,
    shape ``(reviews,)``."""
    return model.predict(x_test, batch_size=batch_size, verbose=0).reshape(-1)


def format_table(rows) -> str:
    """The comparison table as aligned text (test accuracy: mean and standard deviation over
    seeds for the networks)."""
    return format_rows([{"model": r.model, "top_words": r.top_words,
                         "test acc.": r.test_accuracy,
                         "+/- (seeds)": (float(np.std(r.accuracies, ddof=1)) if r.seeds > 1
                                         else None),
                         "train s": r.train_seconds, "parameters": r.params} for r in rows])


# ----------------------------------------------------------------------------- comparing predictions
def disagreements(p_a: np.ndarray, p_b: np.ndarray) -> np.ndarray:
    """Indices where two classifiers predict different labels (threshold 0.5), the largest
    difference in probability first."""
    p_a, p_b = np.asarray(p_a, dtype=float), np.asarray(p_b, dtype=float)
    if p_a.shape != p_b.shape:
        raise ValueError(f"p_a and p_b must have the same shape, got {p_a.shape} and {p_b.shape}")
    differ = np.flatnonzero((p_a > 0.5) != (p_b > 0.5))
    return differ[np.argsort(-np.abs(p_a - p_b)[differ], kind="stable")]


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
    and its text shortened (``<br />`` removed; a long text keeps its start and its end, the
    end being what a "pre"-truncating network reads)."""

    index: int
    label: int
    predictions: dict
    text: str


def review_card(index: int, text: str, label: int, predictions: dict,
                max_chars: int = 700) -> ReviewCard:
    if max_chars < 20:
        raise ValueError(f"max_chars must be at least 20, got {max_chars}")
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    if len(text) > max_chars:
        text = text[: max_chars // 3] + " [...] " + text[-(2 * max_chars) // 3:]
    return ReviewCard(index=int(index), label=int(label),
                      predictions={k: float(v) for k, v in predictions.items()}, text=text)


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
    return LengthAccuracy(edges=edges, accuracy=per_bin, counts=counts,
                          names=list(probabilities), maxlen=maxlen, unit=unit)
