"""Which words pushed the prediction? Per-word saliency by gradient x input. Computes, never draws
(``imdbviz.plots.saliency_html`` renders the result as coloured text).

For a review ``x`` with embedding output ``e`` ``(maxlen, embedding_dim)`` and prediction
``p = f(e)`` (the probability of a positive review), the saliency of position ``t`` is::

    s_t = sum_k  dp/de[t, k] * e[t, k]

the first-order (Taylor) share of ``p`` that word ``t`` contributes. Positive ``s_t``: the word
pushed towards "positive"; negative: towards "negative". For a model whose output is linear in
the embeddings (no activation anywhere) the shares are exact: ``sum_t s_t = p - bias``.
Padding positions get exactly 0: they are not words.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .vocab import tokenize

__all__ = ["Saliency", "gradient_x_input", "explain", "explain_texts", "mean_saliency_by_word"]


def _layers_after_embedding(model):
    import keras

    if not isinstance(model, keras.Sequential):
        raise ValueError("saliency needs a keras.Sequential model whose first layer is an "
                         f"Embedding (e.g. imdbviz.build_model); got {type(model).__name__}")
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    if not layers or not isinstance(layers[0], keras.layers.Embedding):
        first = type(layers[0]).__name__ if layers else "nothing"
        raise ValueError(f"saliency needs a model whose first layer is an Embedding; this "
                         f"model starts with {first}")
    return layers[0], layers[1:]


def gradient_x_input(model, x, batch_size: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """Gradient x input at the embedding output for a batch ``x`` ``(batch, maxlen)`` of word
    indices (0 = padding). Returns ``(scores, predictions)``: ``scores`` ``(batch, maxlen)``,
    one per position, exactly 0 where ``x == 0``; ``predictions`` ``(batch,)``, the model's
    output. Runs the layers after the embedding on the embedding output under a
    ``tf.GradientTape`` (inference mode: dropout off)."""
    import tensorflow as tf

    embedding, rest = _layers_after_embedding(model)
    x = np.asarray(x)
    if x.ndim != 2:
        raise ValueError(f"x must be a batch of padded reviews, shape (batch, maxlen); got "
                         f"shape {x.shape}. For one review pass x_row[None].")
    if x.size and (not np.issubdtype(x.dtype, np.integer) or x.min() < 0
                   or x.max() >= embedding.input_dim):
        raise ValueError(f"x must hold integer word indices in 0..{embedding.input_dim - 1}: "
                         "encode the text with the model's vocabulary")
    scores, predictions = [], []
    for start in range(0, len(x), batch_size):
        chunk = tf.constant(x[start:start + batch_size].astype("int32"))
        e = embedding(chunk)
        with tf.GradientTape() as tape:
            tape.watch(e)
            y = e
            for layer in rest:
                y = layer(y, training=False)
            y = tf.reshape(y, (tf.shape(e)[0], -1))[:, 0]
        # Reviews in a batch do not interact, so the gradient of the sum is each review's own.
        grad = tape.gradient(y, e)
        scores.append(tf.reduce_sum(grad * e, axis=-1).numpy())
        predictions.append(y.numpy())
    if not scores:
        return np.zeros(x.shape, dtype="float32"), np.zeros((0,), dtype="float32")
    scores = np.concatenate(scores)
    scores[x == 0] = 0.0
    return scores, np.concatenate(predictions)


@dataclass
class Saliency:
    """One review explained: its words (padding dropped, after truncation), one score each.

    ``tokens``: the words the model read, in order (from ``explain_texts`` with
    ``oov="mark"``, a word outside the vocabulary keeps its own text, with ``in_vocabulary``
    False: the model saw ``<oov>``); ``scores`` ``(len(tokens),)``;
    ``positions`` ``(len(tokens),)`` where each word sits in the padded row;
    ``prediction``: probability of a positive review; ``label``: the true label if known.
    """

    tokens: list
    scores: np.ndarray
    prediction: float
    positions: np.ndarray
    in_vocabulary: np.ndarray
    label: int | None = None

    @property
    def correct(self) -> bool | None:
        return None if self.label is None else bool((self.prediction > 0.5) == (self.label == 1))

    def top(self, k: int = 5, sign: int = 1) -> list[tuple[str, float]]:
        """The ``k`` words with the largest (``sign=1``) or most negative (``sign=-1``) scores."""
        order = np.argsort(-sign * self.scores, kind="stable")[:k]
        return [(self.tokens[i], float(self.scores[i])) for i in order]


def explain(model, vocab, x, labels=None, batch_size: int = 256) -> list[Saliency]:
    """Saliency of each padded review in ``x`` ``(batch, maxlen)``; tokens from ``vocab``."""
    x = np.asarray(x)
    if x.ndim == 1:
        x = x[None]
    scores, predictions = gradient_x_input(model, x, batch_size=batch_size)
    out = []
    for i, row in enumerate(x):
        where = np.flatnonzero(row != 0)
        tokens = [vocab.words[j] for j in row[where]]
        label = None if labels is None else int(np.asarray(labels)[i])
        out.append(Saliency(tokens, scores[i, where], float(predictions[i]), where,
                            row[where] != vocab.oov_index, label))
    return out


def explain_texts(model, vocab, config, texts, labels=None) -> list[Saliency]:
    """Saliency of raw review texts, encoded with ``vocab`` and padded/truncated as ``config``
    says. With ``config.oov == "mark"`` words outside the vocabulary keep their own text (the
    model read them as ``<oov>``); with ``"skip"`` they are not in the result, since the model
    never read them. An empty review raises ValueError."""
    from .train import encode_texts

    if isinstance(texts, str):
        texts = [texts]
    x = encode_texts(texts, vocab, config)
    results = explain(model, vocab, x, labels=labels)
    if config.oov == "skip":
        return results
    for result, text in zip(results, texts):
        tokens = tokenize(text)
        if len(tokens) > config.maxlen:
            tokens = tokens[-config.maxlen:] if config.truncating == "pre" else \
                tokens[:config.maxlen]
        result.tokens = tokens
    return results


def mean_saliency_by_word(scores: np.ndarray, x: np.ndarray, vocab, min_count: int = 5,
                          k: int = 10) -> dict:
    """Average saliency of each word over a batch (``scores`` and ``x`` ``(batch, maxlen)``),
    for words that occur at least ``min_count`` times (padding and ``<oov>`` left out).
    Returns ``{"positive": [(word, mean, count), ...], "negative": [...]}``, the ``k`` most
    positive and the ``k`` most negative, strongest first."""
    scores, x = np.asarray(scores, dtype=float), np.asarray(x)
    if scores.shape != x.shape:
        raise ValueError(f"scores {scores.shape} and x {x.shape} must have the same shape")
    ids = x.ravel()
    totals = np.bincount(ids, weights=scores.ravel(), minlength=len(vocab))
    counts = np.bincount(ids, minlength=len(vocab))
    keep = np.flatnonzero(counts >= min_count)
    keep = keep[(keep != 0) & (keep != vocab.oov_index)]
    means = totals[keep] / counts[keep]
    order = np.argsort(-means, kind="stable")
    rows = [(vocab.words[keep[i]], float(means[i]), int(counts[keep[i]])) for i in order]
    return {"positive": rows[:k], "negative": rows[::-1][:k]}
