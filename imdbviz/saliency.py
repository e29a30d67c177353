"""Which words pushed the prediction? Per-word attributions of the network's *logit* (its output
before the final sigmoid, log(p / (1 - p))). Computes, never draws (``imdbviz.plots`` draws).

* ``integrated_gradients``: the path integral of the gradient from a baseline input to the
  review, in embedding space (Sundararajan et al. 2017). The baseline is a review of padding
  only, which the model reads as a real input with its own prediction. *Completeness*: the
  attributions of a review add up to ``logit(review) - logit(baseline)``; the integral is
  computed by Gauss-Legendre quadrature and the gap is reported (``Attribution.gap``).
* ``occlusion``: drop each word in turn (the review is re-padded one word shorter) and measure
  how much the logit falls: a second opinion that needs no gradient and no baseline.
* ``gradient_x_input``: the gradient at the review times its embedding, a first-order
  (Taylor) estimate with no baseline. It is kept to show why it is weaker: its scores do not
  add up to anything the model computed.

Padding positions score exactly 0 in the first two methods: the review and the baseline hold
the same padding there, and there is no word to drop. Gradients come from
``imdbviz.backend.value_and_gradient``, the one backend-specific function.

Functions that need words (``explain``, ``explain_texts``) take a predictor first (a
``TrainResult`` or ``imdbviz.Predictor(model=..., vocab=..., config=...)``); those that need
only a Keras model and padded ids ``(batch, maxlen)`` (checked by ``model.check_input``) take
the model.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import backend
from .encoding import few_words_note
from .model import EMBEDDING, OUTPUT, check_input, masks_padding
from .train import Predictor

__all__ = ["Attribution", "logit_head", "logits", "integrated_gradients", "occlusion",
           "gradient_x_input", "explain", "explain_texts", "rank_agreement",
           "mean_attribution_by_word", "METHODS"]

METHODS = ("integrated_gradients", "occlusion", "gradient_x_input")


def _layers(model):
    """The Embedding layer and the layers after it, checked."""
    import keras

    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    names = [layer.name for layer in layers]
    if (not isinstance(model, keras.Sequential) or not layers
            or not isinstance(layers[0], keras.layers.Embedding) or names[-1] != OUTPUT):
        raise ValueError("attributions need the course's Sequential model (imdbviz.build_model): "
                         f"an Embedding first and a Dense {OUTPUT!r} last; got layers {names}")
    return layers[0], layers[1:]


def logit_head(model, x=None):
    """A function from the Embedding's output ``(batch, maxlen, embedding_dim)`` to the
    model's logit ``(batch,)``: the layers after the embedding in inference mode (dropout
    off), the last Dense without its sigmoid. A model that masks its padding
    (``model.masks_padding``) needs the reviews ``x`` ``(batch, maxlen)`` the embeddings are
    of: their padding is masked as the model masks it."""
    import keras

    _embedding, rest = _layers(model)
    *middle, last = rest
    masked = masks_padding(model)
    if masked and x is None:
        raise ValueError("this model masks its padding: pass the reviews x to logit_head")

    def head(e):
        y = e
        mask = keras.ops.not_equal(keras.ops.convert_to_tensor(x), 0) if masked else None
        for layer in middle:
            if mask is None:
                y = layer(y, training=False)
            else:
                y, mask = layer(y, mask=mask, training=False), layer.compute_mask(y, mask)
        z = keras.ops.matmul(y, last.kernel) + last.bias
        return keras.ops.reshape(z, (-1,))

    return head


def _check(model, x) -> np.ndarray:
    """``x`` checked (``model.check_input``) for the course's model (``_layers``)."""
    _layers(model)
    return check_input(model, x)


def _embed(model, x) -> np.ndarray:
    return np.asarray(model.get_layer(EMBEDDING)(x), dtype="float32")


def logits(model, x, batch_size: int = 512) -> np.ndarray:
    """The model's logit for each review of ``x`` ``(batch, maxlen)``: ``(batch,)``;
    ``sigmoid(logits) == model.predict(x)``."""
    x = _check(model, x)
    return np.concatenate([np.asarray(logit_head(model, x[i:i + batch_size])(
        _embed(model, x[i:i + batch_size]))) for i in range(0, len(x), batch_size)]
        or [np.zeros(0)])


def _path_integral(model, x, e_base, steps: int, batch_size: int) -> np.ndarray:
    """Integrated gradients of ``x`` with ``steps`` Gauss-Legendre nodes: ``(batch, maxlen)``."""
    nodes, weights = np.polynomial.legendre.leggauss(steps)
    alphas, weights = (nodes + 1) / 2, weights / 2  # on [0, 1]
    scores = np.zeros(x.shape, dtype="float64")
    per_chunk = max(1, batch_size // steps)
    for start in range(0, len(x), per_chunk):
        chunk = x[start:start + per_chunk]
        e = _embed(model, chunk)  # (b, maxlen, dim)
        delta = e - e_base
        path = e_base + alphas[None, :, None, None] * delta[:, None]  # (b, steps, maxlen, dim)
        head = logit_head(model, np.repeat(chunk, steps, axis=0))  # each review's mask per node
        _values, grads = backend.value_and_gradient(
            head, path.reshape(-1, *e.shape[1:]).astype("float32"))
        grads = grads.reshape(path.shape)
        mean_grad = np.tensordot(weights, grads.transpose(1, 0, 2, 3), axes=1)  # (b, maxlen, dim)
        scores[start:start + len(e)] = np.sum(mean_grad * delta, axis=-1)
    return scores


def integrated_gradients(model, x, baseline=None, steps: int = 64, tolerance: float = 0.005,
                         max_steps: int = 1024, batch_size: int = 256
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integrated gradients of the logit for each review of ``x`` ``(batch, maxlen)``.

    ``baseline``: one padded row ``(maxlen,)`` (default: all padding); a model that masks its
    padding keeps each review's mask along the path, so its baseline logit is the review's
    words all read as the baseline's vectors. The integral over the
    straight path from the baseline's embeddings to the review's is computed with ``steps``
    Gauss-Legendre nodes; the ReLU's kinks along the path make it converge slowly, so a review
    whose completeness gap exceeds ``tolerance`` of ``|logit - baseline logit|`` is computed
    again with twice the nodes, up to ``max_steps``. Returns ``(scores (batch, maxlen), logits
    (batch,), baseline_logit (batch,))``.
    """
    x = _check(model, x)
    base = np.zeros(x.shape[1], dtype="int32") if baseline is None else np.asarray(baseline)
    base = _check(model, base[None])[0]
    e_base = _embed(model, base[None])[0]
    review_logits = logits(model, x)
    if masks_padding(model):  # the path starts at the review's own mask, its words as the base's
        base_logit = np.concatenate([np.asarray(logit_head(model, x[i:i + batch_size])(
            np.broadcast_to(e_base, (len(x[i:i + batch_size]), *e_base.shape))))
            for i in range(0, len(x), batch_size)] or [np.zeros(0)])
    else:
        base_logit = np.full(len(x), logits(model, base[None])[0])
    scores = _path_integral(model, x, e_base, steps, batch_size)
    while True:
        gap = np.abs(scores.sum(axis=1) - (review_logits - base_logit))
        redo = np.flatnonzero(gap > tolerance * np.maximum(np.abs(review_logits - base_logit), 0.1))
        if not len(redo) or steps >= max_steps:
            return scores, review_logits, base_logit
        steps *= 2
        scores[redo] = _path_integral(model, x[redo], e_base, steps, batch_size)


def occlusion(model, x, padding: str = "pre", batch_size: int = 1024) -> tuple[np.ndarray,
                                                                                np.ndarray]:
    """How much the logit falls when each word is dropped: ``logit(review) - logit(review
    without word t)`` for every non-padding position ``t``, the shorter review padded on the
    ``padding`` side ("pre" or "post", as the model was trained). Returns ``(scores (batch,
    maxlen), logits (batch,))``; padding positions score 0."""
    x = _check(model, x)
    if padding not in ("pre", "post"):
        raise ValueError(f"padding must be 'pre' or 'post', got {padding!r}")
    full = logits(model, x)
    scores = np.zeros(x.shape, dtype="float64")
    variants, where = [], []
    for i, row in enumerate(x):
        for t in np.flatnonzero(row != 0):
            rest = np.delete(row, t)
            variants.append(np.concatenate([[0], rest]) if padding == "pre"
                            else np.concatenate([rest, [0]]))
            where.append((i, t))
    if variants:
        dropped = logits(model, np.array(variants, dtype="int32"), batch_size)
        rows, cols = np.array(where).T
        scores[rows, cols] = full[rows] - dropped
    return scores, full


def gradient_x_input(model, x, batch_size: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """Gradient of the logit times the embedding, summed over its dimensions, at each position:
    ``(scores (batch, maxlen), logits (batch,))``. No baseline: padding positions get
    whatever the padding embedding times its gradient gives."""
    x = _check(model, x)
    scores, values = [], []
    for start in range(0, len(x), batch_size):
        e = _embed(model, x[start:start + batch_size])
        value, grad = backend.value_and_gradient(logit_head(model, x[start:start + batch_size]),
                                                 e)
        scores.append(np.sum(grad * e, axis=-1))
        values.append(value)
    if not scores:
        return np.zeros(x.shape), np.zeros(0)
    return np.concatenate(scores), np.concatenate(values)


# ----------------------------------------------------------------------------- per review
@dataclass
class Attribution:
    """One review explained by one method: its words as the model read them, one score each.

    ``tokens`` ``(words,)`` and ``positions`` (where each sits in the padded row) skip the
    padding; ``scores`` ``(words,)`` in logit units; ``logit`` and ``probability`` the model's
    output for the review; for integrated gradients ``baseline_logit`` (the all-padding
    review's logit) and ``gap``: ``sum(scores) - (logit - baseline_logit)``, which is 0 for an
    exact integral. ``in_vocabulary`` False where the model read ``<oov>``."""

    method: str
    tokens: list
    positions: np.ndarray
    scores: np.ndarray
    logit: float
    in_vocabulary: np.ndarray
    baseline_logit: float | None = None
    label: int | None = None
    row: np.ndarray | None = field(default=None, repr=False)

    @property
    def probability(self) -> float:
        return float(1.0 / (1.0 + np.exp(-self.logit)))

    @property
    def words_read(self) -> int:
        """How many vocabulary words the model read (``<oov>`` not counted)."""
        return int(np.count_nonzero(self.in_vocabulary))

    @property
    def note(self) -> str:
        """"" for a review long enough to trust, else why its prediction is unreliable
        (``encoding.few_words_note``)."""
        return few_words_note(self.words_read)

    @property
    def gap(self) -> float | None:
        if self.baseline_logit is None:
            return None
        return float(np.sum(self.scores) - (self.logit - self.baseline_logit))

    @property
    def correct(self) -> bool | None:
        return None if self.label is None else bool((self.probability > 0.5) == (self.label == 1))

    def top(self, k: int = 5, sign: int = 1) -> list[tuple[str, float]]:
        """The ``k`` words with the largest (``sign=1``) or most negative (``sign=-1``) scores."""
        order = np.argsort(-sign * self.scores, kind="stable")[:k]
        return [(self.tokens[i], float(self.scores[i])) for i in order]


def explain(predictor, x, method: str = "integrated_gradients", labels=None,
            steps: int = 64) -> list[Attribution]:
    """``method`` (one of ``METHODS``) for each padded review of ``x`` ``(batch, maxlen)`` of
    ``predictor`` (a ``TrainResult`` or ``Predictor``; occlusion re-pads as its config says)."""
    model, vocab = Predictor.check(predictor).model, predictor.vocab
    x = _check(model, np.atleast_2d(x))
    baseline = None
    if method == "integrated_gradients":
        scores, values, baseline = integrated_gradients(model, x, steps=steps)
    elif method == "occlusion":
        scores, values = occlusion(model, x, padding=predictor.config.padding)
    elif method == "gradient_x_input":
        scores, values = gradient_x_input(model, x)
    else:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    out = []
    for i, row in enumerate(x):
        where = np.flatnonzero(row != 0)
        out.append(Attribution(
            method=method, tokens=[vocab.words[j] for j in row[where]], positions=where,
            scores=scores[i, where], logit=float(values[i]),
            in_vocabulary=row[where] != vocab.oov_index,
            baseline_logit=None if baseline is None else float(baseline[i]),
            label=None if labels is None else int(np.asarray(labels)[i]), row=row))
    return out


def explain_texts(predictor, texts, method: str = "integrated_gradients",
                  labels=None) -> list[Attribution]:
    """``explain`` for raw review texts, encoded as ``predictor`` reads them
    (``Predictor.encode``: with ``oov="skip"`` the words outside the vocabulary are not read,
    so not scored). An empty review raises ValueError."""
    return explain(predictor, Predictor.check(predictor).encode(texts), method=method,
                   labels=labels)


def rank_agreement(a: list[Attribution], b: list[Attribution]) -> np.ndarray:
    """Spearman's rank correlation between two methods' scores of the same reviews, one value
    per review ``(reviews,)`` (NaN for a review of fewer than 3 words)."""
    from scipy.stats import spearmanr

    if len(a) != len(b):
        raise ValueError(f"{len(a)} and {len(b)} attributions: pass the same reviews")
    out = []
    for x, y in zip(a, b):
        if not np.array_equal(x.positions, y.positions):
            raise ValueError("the two attributions are of different reviews")
        out.append(spearmanr(x.scores, y.scores).statistic if len(x.scores) >= 3 else np.nan)
    return np.asarray(out, dtype=float)


def mean_attribution_by_word(scores: np.ndarray, x: np.ndarray, vocab, min_count: int = 5,
                             k: int = 10) -> dict:
    """Average score of each word over a batch (``scores`` and ``x`` ``(batch, maxlen)``), for
    words that occur at least ``min_count`` times (padding and ``<oov>`` left out).
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
