"""The Embedding layer as a lookup table, and what training does to its word vectors:
one-hot times matrix equals row lookup, the weight matrix, a 2-D PCA projection, cosine
nearest neighbours, and files for the TensorFlow Embedding Projector. Computations only: the
drawing lives in ``imdbviz.plots.vectors``.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import files
from .corpus import vocabulary_indices
from .model import check_input, embedding_layer
from .vocab import Vocabulary

__all__ = ["embedding_layer", "embedding_matrix", "OneHotLookup",
           "one_hot_vs_lookup", "Projection2D", "project_2d", "Neighbours",
           "cosine_similarities", "nearest_neighbours", "WordRows", "word_rows", "Separation",
           "separation", "sentiment_probe", "matched_random_positions", "ProjectorFiles",
           "export_projector"]


def embedding_matrix(model) -> np.ndarray:
    """The Embedding's weights, ``(top_words, embedding_dim)``: row ``i`` is word ``i``'s vector."""
    return np.asarray(embedding_layer(model).get_weights()[0])


@dataclass
class OneHotLookup:
    """The same word ids embedded two ways.

    ``ids``: ``(batch, maxlen)``; ``one_hot``: ``(batch, maxlen, top_words)``;
    ``by_product`` = ``one_hot @ weights`` and ``by_lookup`` = the layer's output
    (``weights[ids]``), both ``(batch, maxlen, embedding_dim)``.
    """

    ids: np.ndarray
    one_hot: np.ndarray
    weights: np.ndarray
    by_product: np.ndarray
    by_lookup: np.ndarray

    @property
    def max_abs_difference(self) -> float:
        return float(np.max(np.abs(self.by_product - self.by_lookup)))


def one_hot_vs_lookup(model, ids) -> OneHotLookup:
    """Embed ``ids`` (``(batch, words)`` or ``(words,)`` ints, any number of words: the
    Embedding alone reads them) by the layer and by one-hot vectors times its weight matrix."""
    import keras

    layer = embedding_layer(model)
    weights = np.asarray(layer.get_weights()[0])
    ids = np.asarray(ids)
    ids = check_input(model, ids[None] if ids.ndim == 1 else ids, any_length=True)
    one_hot = np.asarray(keras.ops.one_hot(ids, weights.shape[0]), dtype=weights.dtype)
    by_lookup = np.asarray(layer(ids))
    return OneHotLookup(ids=ids, one_hot=one_hot, weights=weights, by_product=one_hot @ weights,
                        by_lookup=by_lookup)


# ----------------------------------------------------------------------------- the word vectors
def _check_matrix(matrix, vocab: Vocabulary) -> np.ndarray:
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != len(vocab):
        raise ValueError(f"matrix must be (top_words, embedding_dim) with one row per vocabulary "
                         f"entry ({len(vocab)}), got shape {matrix.shape}: pass "
                         "embedding_matrix(model) for the model trained with this vocab")
    return matrix


@dataclass
class Projection2D:
    """Word vectors projected on their first two principal components.

    ``coords``: ``(words, 2)``; ``words``/``indices``: the vocabulary's real words (no reserved
    indices) in index order; ``explained_variance_ratio``: ``(2,)``.
    """

    coords: np.ndarray
    words: np.ndarray
    indices: np.ndarray
    explained_variance_ratio: np.ndarray

    def correlation(self, values) -> np.ndarray:
        """Pearson correlation of each component with ``values`` (one per word), ``(2,)``."""
        values = np.asarray(values, dtype=float)
        if values.shape != (len(self.words),):
            raise ValueError(f"values must hold one number per projected word "
                             f"({len(self.words)}), got shape {values.shape}")
        return np.array([np.corrcoef(self.coords[:, k], values)[0, 1] for k in range(2)])


def project_2d(matrix, vocab: Vocabulary, seed: int = 0) -> Projection2D:
    """PCA (``sklearn.decomposition.PCA``) of the vocabulary's word vectors down to 2-D."""
    from sklearn.decomposition import PCA

    matrix = _check_matrix(matrix, vocab)
    indices = vocabulary_indices(vocab)
    if len(indices) < 2 or matrix.shape[1] < 2:
        raise ValueError("project_2d needs at least 2 words and embedding_dim >= 2")
    pca = PCA(n_components=2, random_state=seed)
    coords = pca.fit_transform(matrix[indices])
    words = np.array([vocab.words[i] for i in indices], dtype=object)
    return Projection2D(coords=coords, words=words, indices=indices,
                        explained_variance_ratio=pca.explained_variance_ratio_)


@dataclass
class Neighbours:
    """The ``k`` words whose vectors point most nearly the same way as ``word``'s."""

    word: str
    words: list
    similarities: np.ndarray  # (k,) cosine similarity, descending


def cosine_similarities(matrix, index: int) -> np.ndarray:
    """Cosine similarity of row ``index`` with every row, ``(rows,)``; zero rows give 0."""
    matrix = np.asarray(matrix, dtype=np.float64)
    norms = np.linalg.norm(matrix, axis=1)
    safe = np.where(norms > 0, norms, 1.0)
    sims = (matrix @ matrix[index]) / (safe * safe[index])
    return np.where((norms > 0) & (norms[index] > 0), sims, 0.0)


def nearest_neighbours(matrix, vocab: Vocabulary, word: str, k: int = 8) -> Neighbours:
    """The ``k`` vocabulary words nearest to ``word`` by cosine similarity (itself and the
    reserved indices left out)."""
    matrix = _check_matrix(matrix, vocab)
    if word not in vocab.index:
        raise ValueError(f"word {word!r} is not in the vocabulary of {len(vocab)} entries "
                         "(top_words): pick a more frequent word or raise top_words")
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    index = vocab.index[word]
    candidates = vocabulary_indices(vocab)
    candidates = candidates[candidates != index]
    sims = cosine_similarities(matrix, index)[candidates]
    order = np.argsort(-sims, kind="stable")[:k]
    return Neighbours(word=word, words=[vocab.words[i] for i in candidates[order]],
                      similarities=sims[order])


@dataclass
class WordRows:
    """Some words' rows of an embedding matrix: ``values`` ``(len(words), embedding_dim)``."""

    words: list
    values: np.ndarray


def word_rows(matrix, vocab: Vocabulary, words) -> WordRows:
    """The rows of ``words`` (those in the vocabulary; the others are left out)."""
    matrix = _check_matrix(matrix, vocab)
    known = [w for w in words if w in vocab.index]
    if not known:
        raise ValueError(f"none of {list(words)} is in the vocabulary of {len(vocab)} entries")
    return WordRows(words=known, values=matrix[[vocab.index[w] for w in known]])


@dataclass
class Separation:
    """How far apart two groups of words lie: the mean cosine similarity of the pairs within
    the positive words, within the negative words, and between the two groups. A sentiment
    direction shows as high within-group and low (or negative) between-group similarity;
    ``gap`` is the mean within-group similarity minus the between-group one."""

    positive: list
    negative: list
    within_positive: float
    within_negative: float
    between: float

    @property
    def gap(self) -> float:
        return (self.within_positive + self.within_negative) / 2 - self.between


def separation(matrix, vocab: Vocabulary, positive, negative) -> Separation:
    """``Separation`` of the ``positive`` and ``negative`` words (those in the vocabulary)."""
    matrix = _check_matrix(matrix, vocab)
    pos = [w for w in positive if w in vocab.index]
    neg = [w for w in negative if w in vocab.index]
    if len(pos) < 2 or len(neg) < 2:
        raise ValueError("separation needs at least 2 positive and 2 negative words in the "
                         f"vocabulary; found {pos} and {neg}")
    unit = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    a, b = unit[[vocab.index[w] for w in pos]], unit[[vocab.index[w] for w in neg]]

    def within(m):
        sims = m @ m.T
        return float(sims[np.triu_indices(len(m), k=1)].mean())

    return Separation(positive=pos, negative=neg, within_positive=within(a),
                      within_negative=within(b), between=float((a @ b.T).mean()))


def sentiment_probe(matrix, vocab: Vocabulary, log_odds, threshold: float = 0.5,
                    folds: int = 5, seed: int = 0) -> float:
    """How well a word's sentiment can be read off its vector: the cross-validated accuracy
    of a logistic regression from the vector (each dimension standardized, so that the
    vectors' overall scale does not matter) to the sign of the word's log-odds
    (``corpus.LogOdds``), on the words with ``|log-odds| > threshold``. 0.5 is chance; 1.0 a
    clean sentiment direction. A side with fewer than ``folds`` words lowers the folds; with
    fewer than 2 the probe is skipped (NaN, with a warning that says why)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    matrix = _check_matrix(matrix, vocab)
    strong = np.abs(log_odds.log_odds) > threshold
    x, y = matrix[log_odds.indices[strong]], (log_odds.log_odds[strong] > 0).astype(int)
    fewest = int(min(np.bincount(y, minlength=2)))
    if fewest < 2:  # a small vocabulary: say so and go on (NaN compares false in every claim)
        warnings.warn(f"sentiment probe skipped: the {len(vocab)}-word vocabulary has {fewest} "
                      f"word(s) with |log-odds| > {threshold} on one side; it needs 2 (raise "
                      "top_words)", stacklevel=2)
        return float("nan")
    splits = StratifiedKFold(min(folds, fewest), shuffle=True, random_state=seed)
    probe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    return float(cross_val_score(probe, x, y, cv=splits).mean())


# ----------------------------------------------------------------------------- a control
def matched_random_positions(x, chosen, seed: int = 0) -> np.ndarray:
    """A control for removing the positions ``chosen`` marks: in each row of ``x``
    (``(reviews, maxlen)`` padded ids), as many positions as ``chosen`` marks in that row,
    drawn at random (``seed``) among the row's other words (ids other than the padding 0 and
    not marked by ``chosen``); where a row has fewer other words, all of them. Returns a boolean
    mask the shape of ``x``."""
    x, chosen = np.asarray(x), np.asarray(chosen, dtype=bool)
    if x.ndim != 2 or chosen.shape != x.shape:
        raise ValueError(f"x must be (reviews, maxlen) and chosen the same shape; got {x.shape} "
                         f"and {chosen.shape}")
    others = (x != 0) & ~chosen
    keys = np.random.default_rng(seed).random(x.shape)
    keys[~others] = np.inf  # never drawn
    order = np.argsort(keys, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(x.shape[1]), x.shape), axis=1)
    wanted = np.minimum(chosen.sum(axis=1), others.sum(axis=1))
    return (rank < wanted[:, None]) & others


# ----------------------------------------------------------------------------- the projector
@dataclass
class ProjectorFiles:
    """The two files written for the Embedding Projector: ``rows`` words, ``dim`` numbers each."""

    vectors: Path
    metadata: Path
    rows: int
    dim: int
    columns: tuple


def export_projector(matrix, vocab: Vocabulary, folder="projector",
                     log_odds=None) -> ProjectorFiles:
    """Write ``vectors.tsv`` (one tab-separated vector per line) and ``metadata.tsv`` (the
    word on the same line) into ``folder`` (created if needed), reserved indices left out.

    With ``log_odds`` (a ``corpus.LogOdds`` for this vocab), ``metadata.tsv`` gets a header
    and a second column, so the projector can colour the words by it.
    """
    matrix = _check_matrix(matrix, vocab)
    indices = vocabulary_indices(vocab)
    words = [vocab.words[i] for i in indices]
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"folder {str(folder)!r} exists and is not a folder: pick another path")
    folder.mkdir(parents=True, exist_ok=True)
    vectors, metadata = folder / "vectors.tsv", folder / "metadata.tsv"
    with files.atomic_path(vectors) as tmp:  # never a half-written file
        np.savetxt(tmp, matrix[indices], delimiter="\t", fmt="%.6g")
    if log_odds is None:
        columns = ("word",)
        lines = words  # a single column has no header line
    else:
        if not np.array_equal(np.asarray(log_odds.indices), indices):
            raise ValueError("log_odds was computed for another vocabulary: call "
                             "word_log_odds(data, vocab) with this vocab")
        columns = ("word", "log_odds")
        lines = ["word\tlog_odds"] + [f"{w}\t{v:.4f}" for w, v in zip(words, log_odds.log_odds)]
    files.write_text(metadata, "\n".join(lines) + "\n")
    return ProjectorFiles(vectors=vectors, metadata=metadata, rows=len(indices),
                          dim=int(matrix.shape[1]), columns=columns)
