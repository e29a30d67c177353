"""What the model's input is made of: word frequencies, vocabulary coverage, review lengths,
padding and truncation, the keras.datasets.imdb convention, and how strongly each word signals
a positive or negative review. Computations only: the drawing lives in ``imdbviz.plots``
(``plots.corpus`` for the distributions, ``plots.matrices`` for padding).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from .data import Reviews, keras_datasets_dir
from .encoding import Dataset
from .vocab import (FIRST_WORD_ID, OOV_ID, PAD_ID, Vocabulary, rank_words, standardize,
                    tokenize)

#: Vocabulary sizes worth marking on a coverage curve: the blog post's (the SMALL preset's) and its
#: tutorial's.
REFERENCE_SIZES = {"SMALL (500)": 500, "tutorial (5,000)": 5000}


# ----------------------------------------------------------------------------- one review
@dataclass
class RoundTrip:
    """One review on its way into the model and back.

    ``expected`` is what decoding must give: the tokens, with every word outside the
    vocabulary shown as ``<oov>``; ``ok`` says whether ``decoded == expected``.
    """

    file: str | None
    raw: str
    standardized: str
    tokens: list[str]
    ids: list[int]
    decoded: str
    expected: str
    oov_index: int = OOV_ID

    @property
    def ok(self) -> bool:
        return self.decoded == self.expected

    @property
    def oov_tokens(self) -> list[str]:
        """The tokens that became out-of-vocabulary, in order of appearance."""
        return [t for t, i in zip(self.tokens, self.ids) if i == self.oov_index]


def round_trip(text: str, vocab: Vocabulary, file: str | None = None) -> RoundTrip:
    """Standardize, tokenize, encode and decode one raw review (no padding)."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a review as a string, got {type(text).__name__}")
    tokens = tokenize(text)
    ids = vocab.encode_tokens(tokens)
    oov_word = vocab.words[vocab.oov_index]
    expected = " ".join(t if t in vocab.index else oov_word for t in tokens)
    return RoundTrip(file=file, raw=text, standardized=standardize(text), tokens=tokens, ids=ids,
                     decoded=vocab.decode(ids), expected=expected, oov_index=vocab.oov_index)


def example_review(reviews: Reviews, file: str = "", min_tokens: int = 40,
                   max_tokens: int = 120) -> int:
    """Index in ``reviews.train_texts`` of the training review ``file`` (e.g.
    ``"train/pos/123_9.txt"``); with ``file=""`` the first one that has a ``<br />`` and
    ``min_tokens`` to ``max_tokens`` tokens (else the first review)."""
    if file:
        if file not in reviews.train_files:
            raise ValueError(f"review_file {file!r} is not a training review of this dataset: use "
                             f"a name like {reviews.train_files[0]!r}, or \"\" to pick one")
        return reviews.train_files.index(file)
    for i, text in enumerate(reviews.train_texts):
        if "<br" in text and min_tokens <= len(tokenize(text)) <= max_tokens:
            return i
    return 0


def first_reviews(labels) -> tuple[int, int]:
    """The indices of the first positive and the first negative review of ``labels``."""
    labels = np.asarray(labels)
    if not ((labels == 1).any() and (labels == 0).any()):
        raise ValueError("labels must hold at least one positive (1) and one negative (0) review")
    return int(np.flatnonzero(labels == 1)[0]), int(np.flatnonzero(labels == 0)[0])


# ----------------------------------------------------------------------------- the vocabulary
@dataclass
class WordFrequencies:
    """Every training token ranked by frequency (``vocab.rank_words``: the vocabulary's order).

    ``words[r - 1]`` has rank ``r`` and ``counts[r - 1]`` occurrences; ``top_words`` is the
    vocabulary size (reserved indices included), so ``words[:top_words - FIRST_WORD_ID]`` are
    kept.
    """

    words: np.ndarray  # (distinct tokens,) str
    counts: np.ndarray  # (distinct tokens,) int
    top_words: int

    @property
    def ranks(self) -> np.ndarray:
        return np.arange(1, len(self.counts) + 1)

    @property
    def kept(self) -> int:
        """How many distinct words the vocabulary keeps (``top_words`` minus reserved indices)."""
        return int(min(max(self.top_words - FIRST_WORD_ID, 0), len(self.words)))


def word_frequencies(vocab: Vocabulary, top_words: int | None = None) -> WordFrequencies:
    """Rank the training tokens counted in ``vocab.counts``."""
    if not vocab.counts:
        raise ValueError("vocab has no training counts (vocab.counts is empty): build it with "
                         "Vocabulary.build or take it from imdbviz.load_dataset(...).vocab")
    ranked = rank_words(vocab.counts)
    counts = np.array([vocab.counts[w] for w in ranked], dtype=np.int64)
    return WordFrequencies(np.array(ranked, dtype=object), counts,
                           len(vocab) if top_words is None else int(top_words))


@dataclass
class CoverageCurve:
    """Share of all training tokens kept (not out-of-vocabulary) for each vocabulary size.

    ``sizes`` and ``shares``: ``(points,)``; ``marks``: label -> (size, share) for the sizes
    worth pointing at (SMALL's, the tutorial's, the current ``top_words``).
    """

    sizes: np.ndarray
    shares: np.ndarray
    marks: dict
    distinct_words: int
    top_words: int | None = None  # the vocabulary's own size (its mark is drawn in its colour)


def coverage_curve(vocab: Vocabulary, marks: dict | None = None,
                   points: int = 200) -> CoverageCurve:
    """``vocab.coverage`` over log-spaced vocabulary sizes from 3 to every distinct word + 2.

    ``marks``: label -> vocabulary size (default ``REFERENCE_SIZES`` plus ``len(vocab)``).
    """
    if not vocab.counts:
        raise ValueError("vocab has no training counts (vocab.counts is empty): build it with "
                         "Vocabulary.build or take it from imdbviz.load_dataset(...).vocab")
    if points < 2:
        raise ValueError(f"points must be at least 2, got {points}")
    if marks is None:
        marks = dict(REFERENCE_SIZES)
        if len(vocab) not in marks.values():
            marks[f"top_words ({len(vocab):,})"] = len(vocab)
    distinct = len(vocab.counts)
    sizes = np.unique(np.concatenate([
        np.geomspace(3, distinct + 2, points).round().astype(int),
        np.array(list(marks.values()), dtype=int),
    ]))
    shares = vocab.coverage(sizes)
    mark_shares = vocab.coverage(list(marks.values()))
    return CoverageCurve(
        sizes=sizes, shares=shares, distinct_words=distinct, top_words=len(vocab),
        marks={k: (int(s), float(c)) for (k, s), c in zip(marks.items(), mark_shares)})


def share_lost(vocab: Vocabulary, top_words: int) -> float:
    """Share of all training tokens that become ``<oov>`` with a vocabulary of ``top_words``."""
    return float(1.0 - vocab.coverage([top_words])[0])


def kept_words(vocab: Vocabulary, words: Sequence[str], top_words: int) -> list[str]:
    """The ``words`` (in their order) that a vocabulary of ``top_words`` built on the same
    training counts keeps: those of frequency rank up to ``top_words - 2``. Lets one vocabulary
    (with its counts) answer for another size, e.g. FULL's 5,000 words from SMALL's."""
    if not vocab.counts:
        raise ValueError("vocab has no training counts (vocab.counts is empty): build it with "
                         "Vocabulary.build or take it from imdbviz.load_dataset(...).vocab")
    kept = set(rank_words(vocab.counts)[:max(int(top_words) - FIRST_WORD_ID, 0)])
    return [w for w in words if w in kept]


def token_differences(ours: Sequence[str], theirs: Sequence[str]) -> list[tuple[str, str]]:
    """Where two tokenizations of the same text differ: ``[(our tokens, their tokens), ...]``,
    each a space-joined stretch ("" where one side has nothing), in text order, from
    ``difflib.SequenceMatcher`` (the tokens both share are left out)."""
    from difflib import SequenceMatcher

    ours, theirs = list(ours), list(theirs)
    matcher = SequenceMatcher(a=ours, b=theirs, autojunk=False)
    return [(" ".join(ours[i1:i2]), " ".join(theirs[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


# ----------------------------------------------------------------------------- lengths
@dataclass
class LengthStats:
    """Review lengths against ``maxlen``, counted in ``unit`` ("tokens", or "words read" when
    the lengths count what the model reads).

    ``share_truncated``: reviews longer than ``maxlen`` (they lose words);
    ``share_padded``: reviews shorter than ``maxlen`` (they get padding);
    ``tokens_kept``: the share of all counted words that survive truncation.
    """

    lengths: np.ndarray  # (reviews,)
    maxlen: int
    share_truncated: float
    share_padded: float
    mean: float
    median: float
    tokens_kept: float
    unit: str = "tokens"


def length_stats(lengths, maxlen: int, unit: str = "tokens") -> LengthStats:
    """Summarise ``lengths`` (per review, before padding) for a given ``maxlen``."""
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or lengths.size == 0:
        raise ValueError(f"lengths must be a non-empty 1-D array of token counts, got shape "
                         f"{lengths.shape}")
    if int(maxlen) != maxlen or maxlen < 1:
        raise ValueError(f"maxlen must be a positive whole number, got {maxlen!r}")
    maxlen = int(maxlen)
    kept = np.minimum(lengths, maxlen).sum() / max(lengths.sum(), 1)
    return LengthStats(lengths=lengths, maxlen=maxlen,
                       share_truncated=float(np.mean(lengths > maxlen)),
                       share_padded=float(np.mean(lengths < maxlen)), mean=float(lengths.mean()),
                       median=float(np.median(lengths)), tokens_kept=float(kept), unit=unit)


def skipped_lengths(data: Dataset, top_words: int, split: str = "train") -> np.ndarray:
    """``(reviews,)``: how many ids each review of ``split`` keeps with a vocabulary of
    ``top_words`` built on the same training reviews and unknown words left out
    (``oov="skip"``), before padding: ``data.train_lengths`` at another ``top_words``."""
    if data.corpus is None:
        raise ValueError("data has no tokenized corpus (the keras source ships integers only): "
                         "load it with dataset='auto', 'aclimdb' or 'sample'")
    return np.array([int(np.count_nonzero(ids != OOV_ID))
                     for ids in data.corpus.ids(split, int(top_words))], dtype=np.int64)


# ----------------------------------------------------------------------------- padding
@dataclass
class PaddingComparison:
    """The same sequences padded/truncated to ``maxlen`` in every combination.

    ``matrices[(padding, truncating)]``: ``(len(sequences), maxlen)`` int32, ``PAD_ID`` = padding.
    """

    sequences: list
    maxlen: int
    matrices: dict

    def matrix(self, padding: str = "pre", truncating: str = "pre") -> np.ndarray:
        if (padding, truncating) not in self.matrices:
            raise ValueError(f"padding and truncating must each be 'pre' or 'post', got "
                             f"{padding!r}, {truncating!r}")
        return self.matrices[padding, truncating]


def compare_padding(sequences: Sequence[Sequence[int]], maxlen: int) -> PaddingComparison:
    """``keras.utils.pad_sequences`` with padding and truncating each "pre" and "post"."""
    import keras

    if int(maxlen) != maxlen or maxlen < 1:
        raise ValueError(f"maxlen must be a positive whole number, got {maxlen!r}")
    sequences = [list(map(int, s)) for s in sequences]
    if not sequences:
        raise ValueError("sequences is empty: pass at least one encoded review")
    matrices = {
        (p, t): keras.utils.pad_sequences(sequences, maxlen=int(maxlen), padding=p,
                                          truncating=t, value=PAD_ID, dtype="int32")
        for p in ("pre", "post") for t in ("pre", "post")
    }
    return PaddingComparison(sequences, int(maxlen), matrices)


def padding_examples(lengths, maxlen: int, n: int = 6) -> np.ndarray:
    """Indices of ``n`` reviews worth padding in a picture: about half shorter than ``maxlen``
    (from short to nearly full), the rest longer (so they get truncated), in that order."""
    lengths = np.asarray(lengths)
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    order = np.argsort(lengths, kind="stable")
    short = order[lengths[order] < maxlen]
    long = order[lengths[order] > maxlen]
    n_short = min(len(short), (n + 1) // 2)
    n_long = min(len(long), n - n_short)
    n_short = min(len(short), n - n_long)
    pick_short = short[np.linspace(len(short) // 4, len(short) - 1, n_short).astype(int)] \
        if n_short else np.array([], dtype=int)
    pick_long = long[np.linspace(0, len(long) // 2, n_long).astype(int)] \
        if n_long else np.array([], dtype=int)
    return np.concatenate([pick_short, pick_long]).astype(int)


# ----------------------------------------------------------------------------- keras.datasets.imdb
@dataclass(frozen=True)
class KerasImdbFiles:
    """Where ``keras.datasets.imdb`` keeps its two downloads, and whether both are there."""

    npz: Path
    word_index: Path

    @property
    def available(self) -> bool:
        return self.npz.is_file() and self.word_index.is_file()


def keras_imdb_files() -> KerasImdbFiles:
    """The cached ``imdb.npz`` and ``imdb_word_index.json`` under ``$KERAS_HOME/datasets``
    (default ``~/.keras/datasets``). Only looks: never downloads."""
    folder = keras_datasets_dir()
    return KerasImdbFiles(folder / "imdb.npz", folder / "imdb_word_index.json")


def word_ranks(vocab: Vocabulary) -> dict:
    """``{word: rank}`` (1 = most frequent training token) in the shape of
    ``keras.datasets.imdb.get_word_index()``, built from our own counts."""
    return {w: r for r, w in enumerate(word_frequencies(vocab).words.tolist(), start=1)}


def keras_encode(text: str, keras_vocab: Vocabulary) -> list[int]:
    """Encode a review as ``keras.datasets.imdb`` does: the start index, then the word ids."""
    if keras_vocab.start_index is None:
        raise ValueError("keras_vocab has no start index: build it with "
                         "Vocabulary.from_keras_word_index")
    return [keras_vocab.start_index] + keras_vocab.encode(text)


# ----------------------------------------------------------------------------- sentiment of words
@dataclass
class LogOdds:
    """How strongly each vocabulary word signals a positive review.

    ``log_odds[i] = log((pos[i] + a) / (P + a V)) - log((neg[i] + a) / (N + a V))`` where
    ``pos``/``neg`` count word ``words[i]`` in positive/negative training reviews, ``P``/``N``
    are the totals over the vocabulary's ``V`` words and ``a`` smooths. Positive values: the
    word is more frequent in positive reviews. ``indices[i]`` is the word's index in the vocab.
    """

    words: np.ndarray  # (V,) str
    indices: np.ndarray  # (V,) int
    log_odds: np.ndarray  # (V,)
    pos_counts: np.ndarray  # (V,)
    neg_counts: np.ndarray  # (V,)
    a: float

    def of(self, words) -> np.ndarray:
        """Log-odds of the given words, shape ``(len(words),)``; unknown words raise."""
        position = {w: i for i, w in enumerate(self.words.tolist())}
        missing = [w for w in words if w not in position]
        if missing:
            raise ValueError(f"not in the vocabulary: {missing}")
        return self.log_odds[[position[w] for w in words]]

    def per_id(self, size: int) -> np.ndarray:
        """``(size,)``: the log-odds of each word id, 0 for the reserved ids."""
        values = np.zeros(size)
        values[self.indices] = self.log_odds
        return values

    def most(self, n: int = 10, positive: bool = True) -> list[tuple[str, float]]:
        """The ``n`` most positive (or most negative) words with their log-odds."""
        order = np.argsort(-self.log_odds if positive else self.log_odds, kind="stable")[:n]
        return [(str(self.words[i]), float(self.log_odds[i])) for i in order]

    def known(self, words, side: int = 0, n: int = 3) -> list[str]:
        """The ``words`` that are in the vocabulary, in order. When fewer than 2 are (a small
        ``top_words``), the vocabulary's own ``n`` most telling words instead, with a warning
        that says so: the most positive (``side=1``), the most negative (``-1``) or both (0),
        so that a figure of probe words has words to show at any size."""
        present = set(self.words.tolist())
        kept = [w for w in words if w in present]
        if len(kept) >= 2:
            return kept
        sides = {1: [True], -1: [False], 0: [True, False]}[side]
        instead = [w for positive in sides for w, _ in self.most(n, positive=positive)]
        warnings.warn(f"only {len(kept)} of {list(words)} in this vocabulary of "
                      f"{len(self.words):,} words: its most telling words instead, {instead}",
                      stacklevel=2)
        return instead


def vocabulary_indices(vocab: Vocabulary) -> np.ndarray:
    """Indices of the vocabulary's real words (no padding, OOV, start or unused), ascending."""
    return np.array(sorted(vocab.index.values()), dtype=int)


def _training_counts(source, vocab: Vocabulary) -> np.ndarray:
    """``(2, len(vocab))``: how often each id occurs in the negative (row 0) and positive
    (row 1) training reviews, whole reviews (not truncated), unknown words as ``<oov>``."""
    if isinstance(source, Dataset) and source.corpus is not None:
        sequences = source.corpus.ids("train", len(vocab))
        labels = np.asarray(source.y_train)
    elif isinstance(source, Dataset):  # keras source: the encoded (truncated) ids only
        sequences, labels = list(source.x_train), np.asarray(source.y_train)
    elif isinstance(source, Reviews):
        sequences = [vocab.encode(t) for t in source.train_texts]
        labels = np.asarray(source.train_labels)
    elif isinstance(source, tuple) and len(source) == 2:
        sequences, labels = [vocab.encode(t) for t in source[0]], np.asarray(source[1])
    else:
        raise ValueError("source must be a Dataset, Reviews or a (texts, labels) pair, got "
                         f"{type(source).__name__}")
    if len(sequences) != len(labels):
        raise ValueError(f"{len(sequences)} reviews but {len(labels)} labels")
    if not set(np.unique(labels).tolist()) <= {0, 1}:
        raise ValueError("labels must be 0 (negative) or 1 (positive)")
    size = len(vocab)
    lengths = np.array([len(s) for s in sequences])
    ids = (np.concatenate([np.asarray(s, dtype=np.int64) for s in sequences])
           if len(sequences) else np.zeros(0, dtype=np.int64))
    which = np.repeat(labels.astype(np.int64), lengths)
    inside = (ids >= 0) & (ids < size)
    return np.bincount(ids[inside] + size * which[inside], minlength=2 * size).reshape(2, size)


def word_log_odds(source, vocab: Vocabulary, a: float = 1.0) -> LogOdds:
    """Smoothed log-odds (see ``LogOdds``) of every vocabulary word in the training reviews.

    ``source``: a Dataset (its tokenized training reviews; for the keras source, its encoded
    ``x_train``), a Reviews, or a ``(texts, labels)`` pair with labels 1 = positive.
    """
    if not a > 0:
        raise ValueError(f"a (the smoothing count) must be positive, got {a!r}")
    counts = _training_counts(source, vocab)
    indices = vocabulary_indices(vocab)
    neg, pos = counts[0, indices], counts[1, indices]
    v = len(indices)
    log_odds = (np.log((pos + a) / (pos.sum() + a * v))
                - np.log((neg + a) / (neg.sum() + a * v)))
    words = np.array([vocab.words[i] for i in indices], dtype=object)
    return LogOdds(words=words, indices=indices, log_odds=log_odds, pos_counts=pos,
                   neg_counts=neg, a=float(a))
