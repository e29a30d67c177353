"""Is the network worth it? Linear baselines trained like the network (the network's results
set against theirs: ``imdbviz.comparison``).

A baseline is a bag-of-words (word counts) or TF-IDF (``sklearn``'s ``TfidfTransformer`` of
the counts) vector of each review, unigrams or unigrams + bigrams, then a
``LogisticRegression`` (liblinear, ``C=1``). It is trained the way the network is:

* **vocabulary**: the ``top_words - 2`` most frequent features over *all* training reviews,
  the budget of the network's vocabulary (its reserved ids, padding and out-of-vocabulary,
  hold no word).
  For unigrams these are exactly the network's words; with bigrams, unigrams and bigrams
  compete for the same budget (what ``CountVectorizer(max_features=...)`` does).
* **what it reads**: ``reads="review"`` counts every word of the whole review (what a
  bag-of-words model usually does); ``reads="input"`` counts only the words the network reads
  (its padded input: the last ``maxlen`` known words), to separate what the model does better
  from what it is given.
* **labels**: Keras' ``validation_split`` holds out the *last* share of the training reviews,
  so the network fits on the first ``floor(n * (1 - validation_split))``. The logistic
  regression fits on exactly those, and its accuracy on the held-out ones is its validation
  accuracy (by which the strongest baseline is chosen, never by the test set).
  A config without a validation split (a recipe chosen on validation, then refitted on all the
  training reviews, as ``FULL``) is validated the same way on the last
  ``REFIT_VALIDATION_SPLIT`` and then refitted on all of them, as that recipe was.
* **test**: the same test reviews, touched once.

The counts are built from the dataset's tokenized corpus (``Dataset.corpus``): tokenized once,
every baseline is a few sparse-matrix operations.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from .config import Config
from .train import accuracy, fit_size
from .vocab import FIRST_WORD_ID, tokenize

#: kind -> (name shown in tables, weighting, n-grams)
BASELINES = {
    "bow-1": ("bag-of-words, unigrams", "count", 1),
    "bow-2": ("bag-of-words, uni+bigrams", "count", 2),
    "tfidf-1": ("TF-IDF, unigrams", "tfidf", 1),
    "tfidf-2": ("TF-IDF, uni+bigrams", "tfidf", 2),
}
READS = ("review", "input")
#: The held-out share a baseline validates on when the config refits on all the reviews.
REFIT_VALIDATION_SPLIT = 0.2


def max_features_for(top_words: int) -> int:
    """The number of features a baseline gets for ``top_words``: our vocabulary's real tokens,
    ``top_words - FIRST_WORD_ID`` (the ids below are padding and out-of-vocabulary)."""
    if top_words <= FIRST_WORD_ID:
        raise ValueError(f"top_words must be at least {FIRST_WORD_ID + 1}, got {top_words}")
    return top_words - FIRST_WORD_ID


# ----------------------------------------------------------------------------- features
def _ngram_codes(ids: np.ndarray, offsets: np.ndarray, order: int, base: int):
    """Every feature occurrence of the reviews (``ids`` concatenated, review ``i`` is
    ``ids[offsets[i]:offsets[i+1]]``): ``(review index, feature code)`` pairs. A unigram's code
    is its id; a bigram's is ``base * (first + 1) + second``, so codes never collide."""
    ids = ids.astype(np.int64)
    review = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    codes, rows = [ids], [review]
    if order == 2 and len(ids) > 1:
        same = review[1:] == review[:-1]  # consecutive tokens of the same review
        codes.append((base * (ids[:-1] + 1) + ids[1:])[same])
        rows.append(review[1:][same])
    return np.concatenate(rows), np.concatenate(codes)


@dataclass
class Features:
    """The features a baseline counts: ``codes`` ``(features,)`` (see ``_ngram_codes``) and
    the words they stand for (``names``)."""

    codes: np.ndarray
    names: list
    base: int

    def matrix(self, ids: np.ndarray, offsets: np.ndarray, order: int):
        """The ``(reviews, features)`` sparse count matrix of the reviews."""
        from scipy.sparse import csr_matrix

        rows, codes = _ngram_codes(ids, offsets, order, self.base)
        column = np.searchsorted(self.codes, codes)
        found = (column < len(self.codes)) & (self.codes[np.minimum(column,
                                                                    len(self.codes) - 1)] == codes)
        return csr_matrix((np.ones(found.sum()), (rows[found], column[found])),
                          shape=(len(offsets) - 1, len(self.codes)))


def _select(ids, offsets, order: int, max_features: int, words, base: int) -> Features:
    """The ``max_features`` most frequent features of the reviews (ties: lower code first)."""
    _rows, codes = _ngram_codes(ids, offsets, order, base)
    values, counts = np.unique(codes, return_counts=True)
    keep = np.sort(values[np.argsort(-counts, kind="stable")[:max_features]])

    def name(code):
        code = int(code)
        return words[code] if code < base else f"{words[code // base - 1]} {words[code % base]}"

    return Features(codes=keep, names=[name(c) for c in keep], base=base)


def flatten(sequences) -> tuple[np.ndarray, np.ndarray]:
    """Lists of ids -> ``(ids concatenated, offsets)``: review ``i`` is ``ids[offsets[i]:offsets[i+1]]``."""
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    ids = (np.concatenate([np.asarray(s, dtype=np.int64) for s in sequences])
           if len(sequences) else np.zeros(0, dtype=np.int64))
    return ids, offsets


def _reviews_as_ids(data, reads: str):
    """``(train (ids, offsets), test (ids, offsets), id -> word)``: what a baseline reads."""
    if reads not in READS:
        raise ValueError(f"reads must be one of {READS}, got {reads!r}")
    if reads == "input":
        words = [[row[keep] for row, keep in zip(x, ~np.isin(x, data.vocab.reserved_ids))]
                 for x in (data.x_train, data.x_test)]  # the words the network reads
        return flatten(words[0]), flatten(words[1]), data.vocab.words
    if getattr(data, "corpus", None) is None:
        raise ValueError("the baselines need the review texts: pass a Dataset loaded from "
                         "'auto', 'aclimdb', 'sample' or a path (dataset='keras' has no text)")
    corpus = data.corpus
    return ((corpus.train_ranks, corpus.train_offsets), (corpus.test_ranks, corpus.test_offsets),
            list(corpus.words))


# ----------------------------------------------------------------------------- fitting
@dataclass
class BaselineResult:
    """A fitted baseline and its results.

    ``test_probabilities`` ``(test reviews,)``: probability of a positive review;
    ``val_accuracy``: on the held-out training reviews the network validates on (NaN when
    there are none); ``train_seconds``: building its features and fitting, timed in this run;
    ``params``: coefficients + intercept."""

    kind: str
    name: str
    reads: str
    top_words: int
    features: Features = field(repr=False)
    classifier: object = field(repr=False)
    transform: object = field(repr=False)
    train_seconds: float
    val_accuracy: float
    test_accuracy: float
    test_probabilities: np.ndarray = field(repr=False)
    n_fit: int
    vocab_words: object = field(repr=False, default=None)

    @property
    def order(self) -> int:
        return BASELINES[self.kind][2]

    @property
    def params(self) -> int:
        return int(self.classifier.coef_.size + self.classifier.intercept_.size)

    @property
    def label(self) -> str:
        return self.name + (" (reads what the network reads)" if self.reads == "input" else "")

    def top_coefficients(self, k: int = 10) -> dict:
        """The features with the ``k`` largest and ``k`` most negative weights:
        ``{"positive": [(feature, weight), ...], "negative": [...]}``, strongest first."""
        weights = self.classifier.coef_[0]
        order = np.argsort(-weights, kind="stable")
        names = self.features.names
        return {"positive": [(names[i], float(weights[i])) for i in order[:k]],
                "negative": [(names[i], float(weights[i])) for i in order[::-1][:k]]}

    def predict(self, texts) -> np.ndarray:
        """Probability of a positive review for each raw text, shape ``(len(texts),)``."""
        if isinstance(texts, str):
            texts = [texts]
        index = {w: i for i, w in enumerate(self.vocab_words)}
        ids, offsets = flatten([[index[t] for t in tokenize(text) if t in index]
                              for text in texts])
        x = self.transform(self.features.matrix(ids, offsets, self.order))
        return self.classifier.predict_proba(x)[:, 1]


def fit_baseline(kind: str, data, config: Config, C: float = 1.0,
                 reads: str = "review") -> BaselineResult:
    """Fit baseline ``kind`` on ``data`` (a Dataset) as the network is fitted with ``config``
    (see the module's docstring), and evaluate it on the held-out and the test reviews."""
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score

    if kind not in BASELINES:
        raise ValueError(f"kind={kind!r} is not a baseline; choose one of {sorted(BASELINES)}")
    name, weighting, order = BASELINES[kind]
    start = time.perf_counter()
    (train_ids, train_offsets), (test_ids, test_offsets), words = _reviews_as_ids(data, reads)
    base = len(words)
    features = _select(train_ids, train_offsets, order, max_features_for(config.top_words),
                       words, base)
    counts = features.matrix(train_ids, train_offsets, order)
    transform = (TfidfTransformer().fit(counts).transform if weighting == "tfidf"
                 else (lambda m: m))
    x_train = transform(counts)
    labels = np.asarray(data.y_train)
    n_fit = fit_size(len(labels), config.validation_split or REFIT_VALIDATION_SPLIT)
    classifier = LogisticRegression(C=C, solver="liblinear").fit(x_train[:n_fit], labels[:n_fit])
    val_accuracy = (float(accuracy_score(labels[n_fit:], classifier.predict(x_train[n_fit:])))
                    if n_fit < len(labels) else float("nan"))
    if not config.validation_split:  # chosen on validation, then refitted on every review
        n_fit = len(labels)
        classifier = LogisticRegression(C=C, solver="liblinear").fit(x_train, labels)
    train_seconds = time.perf_counter() - start
    probabilities = classifier.predict_proba(
        transform(features.matrix(test_ids, test_offsets, order)))[:, 1]
    return BaselineResult(kind=kind, name=name, reads=reads, top_words=config.top_words,
                          features=features, classifier=classifier, transform=transform,
                          train_seconds=train_seconds, val_accuracy=val_accuracy,
                          test_accuracy=accuracy(probabilities, data.y_test),
                          test_probabilities=probabilities,
                          n_fit=n_fit, vocab_words=words)


def run_baselines(data, config: Config, kinds=tuple(BASELINES), reads=("review",),
                  C: float = 1.0) -> list[BaselineResult]:
    """``fit_baseline`` for each kind and each way of reading, in order."""
    return [fit_baseline(kind, data, config, C=C, reads=r) for r in reads for kind in kinds]


def strongest(results: list[BaselineResult], reads: str = "review") -> BaselineResult:
    """The baseline with the best *validation* accuracy among those that read ``reads``."""
    candidates = [r for r in results if r.reads == reads]
    if not candidates:
        raise ValueError(f"no baseline reads {reads!r}")
    return max(candidates, key=lambda r: (np.nan_to_num(r.val_accuracy, nan=-1.0),
                                          -r.params))


def sklearn_tfidf_accuracy(data, ngram_range=(1, 2), max_features: int = 5000) -> float:
    """The test accuracy of scikit-learn's own TF-IDF + logistic regression pipeline (notebook
    08, section 1: ``make_pipeline(TfidfVectorizer(ngram_range, max_features),
    LogisticRegression(solver="liblinear"))``, scikit-learn's tokenizer), fitted on every
    training text of ``data`` and scored on its test texts. What the notebook's exercises
    measure with a changed argument."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    if getattr(data, "reviews", None) is None:
        raise ValueError("the pipeline needs the review texts: pass a Dataset loaded from "
                         "'auto', 'aclimdb', 'sample' or a path (dataset='keras' has no text)")
    pipeline = make_pipeline(TfidfVectorizer(ngram_range=tuple(ngram_range),
                                             max_features=max_features),
                             LogisticRegression(solver="liblinear"))
    pipeline.fit(data.reviews.train_texts, data.y_train)
    return float(pipeline.score(data.reviews.test_texts, data.y_test))
