"""Is the network worth it? Linear baselines trained like the network, and its predictions
compared with theirs.

A baseline is a scikit-learn ``Pipeline``: a ``CountVectorizer`` (bag-of-words) or
``TfidfVectorizer`` (TF-IDF) that splits text with ``imdbviz.tokenize``, then a
``LogisticRegression`` (liblinear solver, ``C=1``). It is trained the way the network is:

* **vocabulary**: our ``Vocabulary`` keeps ``top_words - 2`` tokens (indices 0 and 1 are
  padding and out-of-vocabulary), ranked by frequency over *all* training reviews. The
  vectorizer is fitted on all training reviews too, with ``max_features = top_words - 2``:
  for unigrams that is the network's word list (up to ties in frequency); with bigrams,
  unigrams and bigrams share the same budget of ``top_words - 2`` features.
* **labels**: Keras' ``validation_split`` holds out the *last* ``validation_split`` of the
  training reviews, so the network fits on the first ``floor(n * (1 - validation_split))``.
  The logistic regression fits on exactly those reviews (the held-out ones are not used).
* **test**: the same test reviews, touched once.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from .config import Config
from .vocab import tokenize

#: kind -> (name shown in tables, vectorizer, n-gram range)
BASELINES = {
    "bow-1": ("bag-of-words, unigrams", "count", (1, 1)),
    "bow-2": ("bag-of-words, uni+bigrams", "count", (1, 2)),
    "tfidf-1": ("TF-IDF, unigrams", "tfidf", (1, 1)),
    "tfidf-2": ("TF-IDF, uni+bigrams", "tfidf", (1, 2)),
}

#: Published accuracies on the full IMDB test set (25,000 reviews), for reference.
PUBLISHED = {
    "Maas et al. 2011 (word vectors + BoW)": 0.8889,
    "NBSVM-bi (Wang & Manning 2012)": 0.9122,
}


def max_features_for(top_words: int) -> int:
    """The number of features a baseline gets for ``top_words``: our vocabulary's
    ``top_words - 2`` real tokens (0 and 1 are reserved for padding and out-of-vocabulary)."""
    if top_words < 3:
        raise ValueError(f"top_words must be at least 3, got {top_words}")
    return top_words - 2


def fit_size(n_train: int, validation_split: float) -> int:
    """How many of the first training reviews Keras fits on with ``validation_split``
    (it holds out the last ``validation_split``; 0 means all of them)."""
    if not 0.0 <= validation_split < 1.0:
        raise ValueError(f"validation_split must be in [0, 1), got {validation_split}")
    if validation_split == 0.0:
        return n_train
    return int(math.floor(n_train * (1.0 - validation_split)))


def make_baseline(kind: str, max_features: int, C: float = 1.0):
    """An unfitted ``Pipeline([("features", vectorizer), ("classifier", LogisticRegression)])``."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    if kind not in BASELINES:
        raise ValueError(f"kind={kind!r} is not a baseline; choose one of {sorted(BASELINES)}")
    _name, vectorizer, ngrams = BASELINES[kind]
    vectorizer_class = CountVectorizer if vectorizer == "count" else TfidfVectorizer
    features = vectorizer_class(tokenizer=tokenize, token_pattern=None, lowercase=False,
                                ngram_range=ngrams, max_features=int(max_features))
    return Pipeline([("features", features),
                     ("classifier", LogisticRegression(C=C, solver="liblinear"))])


@dataclass
class BaselineResult:
    """A fitted baseline and its test results.

    ``test_probabilities``: ``(test reviews,)`` probability of a positive review;
    ``train_seconds``: vectorizer fit (tokenizing every training review) + logistic regression,
    timed in this run; ``params``: coefficients + intercept.
    """

    kind: str
    name: str
    top_words: int
    pipeline: object = field(repr=False)
    train_seconds: float
    test_accuracy: float
    test_probabilities: np.ndarray = field(repr=False)
    n_fit: int

    @property
    def params(self) -> int:
        classifier = self.pipeline.named_steps["classifier"]
        return int(classifier.coef_.size + classifier.intercept_.size)

    @property
    def features(self) -> list[str]:
        """The vectorizer's features (words, or "word word" bigrams)."""
        return list(self.pipeline.named_steps["features"].get_feature_names_out())

    def top_coefficients(self, k: int = 10) -> dict:
        """The features with the ``k`` largest and ``k`` most negative weights:
        ``{"positive": [(feature, weight), ...], "negative": [...]}``, strongest first."""
        weights = self.pipeline.named_steps["classifier"].coef_[0]
        names = self.features
        order = np.argsort(-weights, kind="stable")
        return {"positive": [(names[i], float(weights[i])) for i in order[:k]],
                "negative": [(names[i], float(weights[i])) for i in order[::-1][:k]]}

    def predict(self, texts) -> np.ndarray:
        """Probability of a positive review for each raw text, shape ``(len(texts),)``."""
        if isinstance(texts, str):
            texts = [texts]
        return self.pipeline.predict_proba(list(texts))[:, 1]


def _reviews_of(data):
    reviews = getattr(data, "reviews", data)
    if reviews is None or not hasattr(reviews, "train_texts"):
        raise ValueError("the baselines need the review texts: pass a Dataset loaded from "
                         "'auto', 'aclimdb', 'sample' or a path (dataset='keras' has no text), "
                         "or a Reviews object")
    return reviews


def fit_baseline(kind: str, data, config: Config, C: float = 1.0) -> BaselineResult:
    """Fit baseline ``kind`` on ``data`` (a Dataset or Reviews) as the network is fitted with
    ``config`` (see the module docstring), and evaluate it on the test reviews."""
    reviews = _reviews_of(data)
    pipeline = make_baseline(kind, max_features_for(config.top_words), C=C)
    features, classifier = pipeline.named_steps["features"], pipeline.named_steps["classifier"]
    n_fit = fit_size(len(reviews.train_texts), config.validation_split)
    start = time.perf_counter()
    x_train = features.fit_transform(reviews.train_texts)  # vocabulary from all training reviews
    classifier.fit(x_train[:n_fit], np.asarray(reviews.train_labels)[:n_fit])  # labels: first n_fit
    train_seconds = time.perf_counter() - start
    probabilities = pipeline.predict_proba(reviews.test_texts)[:, 1]
    accuracy = float(np.mean((probabilities > 0.5) == np.asarray(reviews.test_labels)))
    return BaselineResult(kind, BASELINES[kind][0], config.top_words, pipeline, train_seconds,
                          accuracy, probabilities, n_fit)


def run_baselines(data, config: Config, kinds=tuple(BASELINES), C: float = 1.0) -> list:
    """``fit_baseline`` for each kind, in order; returns a list of BaselineResult."""
    return [fit_baseline(kind, data, config, C=C) for kind in kinds]


# ----------------------------------------------------------------------------- the table
@dataclass
class ComparisonRow:
    """One row of the comparison table. ``timing`` says where ``train_seconds`` comes from."""

    model: str
    top_words: int
    test_accuracy: float
    train_seconds: float
    params: int
    timing: str


def baseline_row(result: BaselineResult) -> ComparisonRow:
    return ComparisonRow(f"{result.name} + logistic regression", result.top_words,
                         result.test_accuracy, result.train_seconds, result.params,
                         "fitted in this run")


def network_probabilities(model, x_test: np.ndarray, batch_size: int = 512) -> np.ndarray:
    """The network's probability of a positive review for each row of ``x_test``,
    shape ``(reviews,)``."""
    return model.predict(x_test, batch_size=batch_size, verbose=0).reshape(-1)


def network_row(result, data, name: str = "CNN-LSTM") -> tuple[ComparisonRow, np.ndarray]:
    """The row of a trained network (a ``TrainResult``), its test accuracy evaluated now on
    ``data.x_test`` (encoded with the same config); also returns its test probabilities."""
    if data.x_test.shape[1] != result.config.maxlen:
        raise ValueError(f"data was encoded with maxlen {data.x_test.shape[1]} but the model "
                         f"expects {result.config.maxlen}: load the data with the model's config")
    probabilities = network_probabilities(result.model, data.x_test)
    accuracy = float(np.mean((probabilities > 0.5) == np.asarray(data.y_test)))
    timing = ("recorded when it was trained (model cache)" if result.from_cache
              else "trained in this run")
    return (ComparisonRow(name, result.config.top_words, accuracy, float(result.train_seconds),
                          int(result.model.count_params()), timing), probabilities)


def format_table(rows) -> str:
    """The comparison table as aligned text."""
    header = ("model", "top_words", "test acc.", "train s", "parameters", "training time")
    cells = [header] + [(r.model, f"{r.top_words:,}", f"{r.test_accuracy:.4f}",
                         f"{r.train_seconds:.1f}", f"{r.params:,}", r.timing) for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    align = ["<", ">", ">", ">", ">", "<"]
    lines = ["  ".join(f"{c:{a}{w}}" for c, a, w in zip(row, align, widths)) for row in cells]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


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
class LengthAccuracy:
    """Accuracy per review-length bin: ``edges`` ``(bins + 1,)`` in tokens (bin i holds
    lengths in ``[edges[i], edges[i+1])``, the last bin includes its right edge);
    ``accuracy`` ``(models, bins)`` (NaN for an empty bin); ``counts`` ``(bins,)``."""

    edges: np.ndarray
    accuracy: np.ndarray
    counts: np.ndarray
    names: list
    maxlen: int | None = None


def accuracy_by_length(probabilities: dict, labels: np.ndarray, lengths: np.ndarray,
                       bins: int = 5, maxlen: int | None = None) -> LengthAccuracy:
    """Accuracy of each model (``{name: probabilities (reviews,)}``) in ``bins`` length bins
    with (about) the same number of reviews each (quantiles of ``lengths``)."""
    labels, lengths = np.asarray(labels), np.asarray(lengths)
    if bins < 1:
        raise ValueError(f"bins must be at least 1, got {bins}")
    edges = np.unique(np.quantile(lengths, np.linspace(0, 1, bins + 1)).round().astype(int))
    which = np.clip(np.searchsorted(edges, lengths, side="right") - 1, 0, len(edges) - 2)
    counts = np.bincount(which, minlength=len(edges) - 1)
    accuracy = np.full((len(probabilities), len(edges) - 1), np.nan)
    for m, p in enumerate(probabilities.values()):
        p = np.asarray(p)
        if p.shape != labels.shape:
            raise ValueError(f"probabilities {p.shape} and labels {labels.shape} must match")
        correct = (p > 0.5) == (labels == 1)
        for b in range(len(edges) - 1):
            if counts[b]:
                accuracy[m, b] = correct[which == b].mean()
    return LengthAccuracy(edges, accuracy, counts, list(probabilities), maxlen)
