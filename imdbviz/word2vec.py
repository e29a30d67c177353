"""Word vectors learned without labels (gensim's word2vec) for the network's own vocabulary, and
the ``(top_words, dim)`` matrix that initialises its Embedding layer with them.

word2vec learns from the *text* of the training reviews only, never their labels. The course
uses CBOW (gensim's ``sg=0``): the mean vector of the words around a position (``window`` on each
side) is trained to predict the word in the middle (skip-gram, ``sg=1``, would have the middle
word predict each word around it). It reads the
reviews tokenized exactly as the network's input (``vocab.tokenize``), keeping the words of the
network's vocabulary: a word outside it is left out, as ``oov="skip"`` leaves it out of the
network's input, so the windows span known words only.

The rows of the matrix for the two reserved ids are stated, not learned: 0 (padding) is the zero
vector, so in a frozen Embedding padding adds nothing to a convolution's weighted sums (a trained
Embedding updates that row like any other); 1 (``<oov>``, read only with ``oov="mark"``)
is the mean of the word vectors, "some word". And the matrix is scaled: word2vec's vectors are
many times larger (about 50 times at the SMALL sizes on the full training reviews) than the
random start Keras gives an Embedding (``RandomUniform(-0.05,
0.05)``), for which the layers after it are initialised; ``initial_embedding`` scales the word
rows so that their standard deviation is that start's (``KERAS_INIT_STD``). Only the directions
and relative lengths of the vectors carry over, as in any use of pretrained vectors at another
scale. ``std=None`` keeps word2vec's own scale (notebook 04 measures both, frozen).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from . import files

#: The standard deviation of Keras' default Embedding initializer, uniform on (-0.05, 0.05).
KERAS_INIT_STD = 0.05 / np.sqrt(3.0)


@dataclass(frozen=True)
class Word2VecParams:
    """``dim``: vector size (the Embedding's ``embedding_dim`` when it initialises it);
    ``window``: context words on each side; ``epochs``: passes over the reviews; ``seed``."""

    dim: int = 32
    window: int = 5
    epochs: int = 5
    seed: int = 7

    def __post_init__(self):
        for name, low in (("dim", 1), ("window", 1), ("epochs", 1), ("seed", 0)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValueError(f"word2vec {name} must be a whole number >= {low}, got {value!r}")


@dataclass
class WordVectors:
    """word2vec's vectors in the network's ids: ``matrix`` ``(len(vocab), dim)``, row ``i``
    for ``vocab.words[i]``; ``seconds`` it took to train; ``sentences`` and ``tokens`` read."""

    matrix: np.ndarray
    params: Word2VecParams
    seconds: float
    sentences: int
    tokens: int


def known_tokens(tokenized_reviews, vocab) -> list[list[str]]:
    """Each review's tokens that are words of ``vocab`` (the others left out, as the network's
    input leaves them out with ``oov="skip"``)."""
    index = vocab.index
    return [[t for t in tokens if t in index] for tokens in tokenized_reviews]


def initial_embedding(vectors: dict, vocab, dim: int, std: float | None = KERAS_INIT_STD
                     ) -> np.ndarray:
    """``(len(vocab), dim)`` float32: row ``i`` the vector of ``vocab.words[i]``; padding (0)
    zero; ``<oov>`` (``vocab.oov_index``) and any word without a vector the mean vector; every
    row scaled by one factor so that the word rows' standard deviation is ``std`` (None: as
    word2vec made them)."""
    words = [w for w in vocab.index if w in vectors]
    mean = np.mean([vectors[w] for w in words], axis=0) if words else np.zeros(dim)
    matrix = np.tile(mean.astype(np.float32), (len(vocab), 1))
    for word, i in vocab.index.items():
        if word in vectors:
            matrix[i] = vectors[word]
    matrix[0] = 0.0
    if std is not None and len(vocab) > 2 and matrix[2:].std() > 0:
        matrix *= np.float32(std / matrix[2:].std())
    return matrix


def train_word2vec(tokenized_reviews, vocab, params: Word2VecParams = Word2VecParams(),
                   std: float | None = KERAS_INIT_STD) -> WordVectors:
    """Train gensim's word2vec (CBOW: ``sg=0``, the context's mean vector predicts the middle
    word; negative sampling; one worker so a seed gives the same vectors every time) on the
    known words of ``tokenized_reviews`` (lists of tokens, e.g. ``dataset.corpus.tokens("train")``);
    the vectors of ``vocab``'s words as a matrix (``initial_embedding``: word rows scaled to
    ``std``, None for word2vec's own scale)."""
    from gensim.models import Word2Vec

    sentences = [s for s in known_tokens(tokenized_reviews, vocab) if s]
    if not sentences:
        raise ValueError("no review has a word of the vocabulary: word2vec has nothing to read")
    start = time.perf_counter()
    model = Word2Vec(sentences, vector_size=params.dim, window=params.window, sg=0, min_count=1,
                     workers=1, seed=params.seed, epochs=params.epochs)
    seconds = time.perf_counter() - start
    vectors = {w: model.wv[w] for w in model.wv.index_to_key}
    return WordVectors(matrix=initial_embedding(vectors, vocab, params.dim, std), params=params,
                       seconds=seconds, sentences=len(sentences),
                       tokens=sum(len(s) for s in sentences))


def word2vec_for(data, params: Word2VecParams, std: float | None = KERAS_INIT_STD
                 ) -> WordVectors:
    """``train_word2vec`` on the training reviews of ``data`` (a Dataset with text), its word
    rows scaled to ``std`` (None: word2vec's own scale), kept in the cache: the same data,
    vocabulary, parameters and ``std`` give the same vectors."""
    if data.corpus is None:
        raise ValueError("word2vec reads review text: load the data from 'auto', 'aclimdb', "
                         "'sample' or a path (dataset='keras' ships integers only)")
    key = files.short_hash([data.fingerprint, data.vocab.fingerprint, params.__dict__, std])

    def read(path):
        with np.load(path.with_suffix(".npz")) as stored:
            return WordVectors(matrix=stored["matrix"], params=params,
                               seconds=float(stored["seconds"]),
                               sentences=int(stored["sentences"]), tokens=int(stored["tokens"]))

    def write(vectors, path):
        with files.atomic_path(path.with_suffix(".npz"), suffix=".npz") as tmp:
            np.savez(tmp, matrix=vectors.matrix, seconds=vectors.seconds,
                     sentences=vectors.sentences, tokens=vectors.tokens)

    return files.cached("word2vec", key, read,
                        lambda: train_word2vec(data.corpus.tokens("train"), data.vocab, params, std),
                        write, what="the word2vec vectors")
