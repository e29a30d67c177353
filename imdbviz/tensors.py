"""The trained model's intermediate tensors, for a batch or one review. Computes, never draws.

* ``layer_outputs``: every layer's output for a batch, by layer name.
* ``positions`` / ``Positions``: which words a conv or pooled position reads (its receptive
  field), and which positions see nothing but padding.
* ``lstm_trace``: the LSTM step by step in numpy from the layer's weights: ``h_t``, ``c_t`` and
  the gates ``i, f, g, o``; ``running_prediction``: the dense head applied to every ``h_t``.
* ``top_ngrams``: for each conv filter, the word windows of the test set that excite it most.
* ``review_map``: one review's tensor at one layer as ``(channels, positions)`` with word labels.

Batches ``x`` are padded word indices, shape ``(batch, maxlen)``, as ``Dataset.x_test``
(checked by ``model.check_input``). Functions that need words (``top_ngrams``, ``review_map``,
``step_labels``, ``pooling``) take a predictor first (a ``TrainResult`` or
``imdbviz.Predictor(model=..., vocab=..., config=...)``); the others take the Keras model.
"""
from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field

import numpy as np

from .model import CONV, EMBEDDING, LSTM, POOL, check_input, masks_padding
from .train import Predictor

__all__ = [
    "layer_outputs", "Positions", "positions", "pool_winners", "LSTMTrace", "lstm_step",
    "lstm_trace", "head_predictions", "running_prediction", "forget_half_lives", "TopNgrams",
    "top_ngrams",
    "FeatureMap", "REVIEW_TENSORS", "review_map", "Steps", "step_labels", "channel_count",
    "Pooling", "pooling", "ngram_scores", "random_window_scores", "pool_ties",
]

_EXTRACTORS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


# ----------------------------------------------------------------------------- layers
def _layer(model, name: str):
    try:
        return model.get_layer(name)
    except ValueError:
        names = [layer.name for layer in model.layers]
        raise ValueError(f"the model has no layer {name!r}; its layers are {names} "
                         "(build it with imdbviz.build_model)") from None


# ----------------------------------------------------------------------------- layer outputs
def _extractor(model, upto: str | None = None):
    """A cached ``keras.Model`` from the model's input to every layer's output (``upto=None``)
    or to one layer's output; cached per model so Keras compiles its predict function once."""
    import keras

    cache = _EXTRACTORS.setdefault(model, {})
    if upto not in cache:
        outputs = ([layer.output for layer in model.layers] if upto is None
                   else _layer(model, upto).output)
        cache[upto] = keras.Model(inputs=model.inputs, outputs=outputs)
    return cache[upto]


def layer_outputs(model, x, batch_size: int = 1024) -> dict[str, np.ndarray]:
    """Every layer's output for the batch ``x`` ``(batch, maxlen)``, by layer name, in layer
    order, e.g. ``{"embedding": (batch, maxlen, embedding_dim), "conv": (batch, maxlen, filters),
    "pool": (batch, maxlen // pool_size, filters), "lstm": (batch, lstm_units), ...}``.
    Inference mode: dropout is the identity."""
    x = check_input(model, x)
    outputs = _extractor(model).predict([x], batch_size=batch_size, verbose=0)
    return {layer.name: np.asarray(out) for layer, out in zip(model.layers, outputs)}


# ----------------------------------------------------------------------------- positions
@dataclass(frozen=True)
class Positions:
    """Which words each conv and pooled position reads, for a review of ``maxlen`` words.

    Windows are half-open ``[start, stop)`` word ranges, clipped to ``0..maxlen``.
    ``conv_windows`` ``(conv_length, 2)``; ``pool_conv`` ``(pooled_length, 2)``: the conv
    positions each pooled position takes the maximum of; ``pool_windows`` ``(pooled_length, 2)``:
    the words those conv positions read (the pooled position's receptive field).
    """

    maxlen: int
    kernel_size: int
    conv_stride: int
    conv_padding: str
    pool_size: int
    pool_stride: int

    @property
    def conv_length(self) -> int:
        if self.conv_padding == "same":
            return math.ceil(self.maxlen / self.conv_stride)
        return (self.maxlen - self.kernel_size) // self.conv_stride + 1

    @property
    def conv_left(self) -> int:
        """Zeros the convolution adds before word 0 (``(kernel_size - 1) // 2`` for "same")."""
        if self.conv_padding != "same":
            return 0
        total = max((self.conv_length - 1) * self.conv_stride + self.kernel_size - self.maxlen, 0)
        return total // 2

    @property
    def pooled_length(self) -> int:
        return (self.conv_length - self.pool_size) // self.pool_stride + 1

    @property
    def conv_windows(self) -> np.ndarray:
        start = np.arange(self.conv_length) * self.conv_stride - self.conv_left
        return np.clip(np.stack([start, start + self.kernel_size], axis=1), 0, self.maxlen)

    @property
    def conv_centers(self) -> np.ndarray:
        """The word under the middle of each conv window, ``(conv_length,)`` (the word a
        "same" convolution with stride 1 writes its output at)."""
        start = np.arange(self.conv_length) * self.conv_stride - self.conv_left
        return np.clip(start + (self.kernel_size - 1) // 2, 0, self.maxlen - 1)

    @property
    def pool_conv(self) -> np.ndarray:
        start = np.arange(self.pooled_length) * self.pool_stride
        return np.stack([start, start + self.pool_size], axis=1)

    @property
    def pool_windows(self) -> np.ndarray:
        conv = self.conv_windows
        first, last = self.pool_conv[:, 0], self.pool_conv[:, 1] - 1
        return np.stack([conv[first, 0], conv[last, 1]], axis=1)

    def conv_padding_mask(self, x) -> np.ndarray:
        """``(batch, conv_length)`` bool: True where the conv window reads only padding (0)."""
        return _all_padding(np.asarray(x), self.conv_windows)

    def pool_padding_mask(self, x) -> np.ndarray:
        """``(batch, pooled_length)`` bool: True where the pooled position reads only padding."""
        return _all_padding(np.asarray(x), self.pool_windows)

    def lstm_skip_mask(self, x) -> np.ndarray:
        """``(batch, pooled_length)`` bool: the steps a model that masks its padding skips,
        those whose pooled conv positions all sit on padding (the mask ``MaskedMaxPooling1D``
        hands the LSTM; a step whose window reaches a word only through the kernel is one)."""
        return _all_padding(np.asarray(x), self.pool_conv)


def _all_padding(x: np.ndarray, windows: np.ndarray) -> np.ndarray:
    """For each row of ``x`` and each ``[start, stop)`` window: are all its words padding (0)?"""
    x = np.atleast_2d(x)
    words = np.concatenate([np.zeros((len(x), 1)), np.cumsum(x != 0, axis=1)], axis=1)
    return (words[:, windows[:, 1]] - words[:, windows[:, 0]]) == 0


def positions(model) -> Positions:
    """The position bookkeeping of ``model``'s conv and pool layers (kernel, padding, strides)."""
    conv, pool = _layer(model, CONV), _layer(model, POOL)
    if pool.padding != "valid":
        raise ValueError(f"positions() handles a 'valid' pool only; this one is {pool.padding!r}")
    return Positions(
        maxlen=int(model.inputs[0].shape[1]), kernel_size=int(conv.kernel_size[0]),
        conv_stride=int(conv.strides[0]), conv_padding=conv.padding,
        pool_size=int(pool.pool_size[0]), pool_stride=int(pool.strides[0]),
    )


def pool_winners(conv_out: np.ndarray, pool_size: int) -> np.ndarray:
    """For a conv output ``(batch, conv_length, filters)`` and a max pool of ``pool_size`` (stride
    ``pool_size``): the conv position whose value each pool keeps, ``(batch, pooled, filters)``
    (the first one on ties)."""
    conv_out = np.asarray(conv_out)
    if conv_out.ndim != 3:
        raise ValueError(f"conv_out must be (batch, positions, filters), got {conv_out.shape}")
    if pool_size < 1:
        raise ValueError(f"pool_size must be at least 1, got {pool_size}")
    batch, length, filters = conv_out.shape
    pooled = length // pool_size
    blocks = conv_out[:, : pooled * pool_size].reshape(batch, pooled, pool_size, filters)
    return blocks.argmax(axis=2) + (np.arange(pooled) * pool_size)[None, :, None]


# ----------------------------------------------------------------------------- the LSTM
@dataclass
class LSTMTrace:
    """The LSTM unrolled: every array is ``(batch, steps, units)``.

    ``h``: hidden state after each step (``h[:, -1]`` is the layer's output); ``c``: cell state;
    ``i``, ``f``, ``o``: input, forget and output gates (sigmoid, 0..1); ``g``: the candidate
    cell update (tanh, -1..1). ``inputs``: what the LSTM read, ``(batch, steps, features)``.
    """

    h: np.ndarray
    c: np.ndarray
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    inputs: np.ndarray | None = None

    @property
    def steps(self) -> int:
        return self.h.shape[1]

    @property
    def units(self) -> int:
        return self.h.shape[2]


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


_ACTIVATIONS = {"sigmoid": _sigmoid, "tanh": np.tanh}


def _activation(layer, attribute: str):
    name = getattr(getattr(layer, attribute), "__name__", str(getattr(layer, attribute)))
    if name not in _ACTIVATIONS:
        raise ValueError(f"lstm_trace handles sigmoid/tanh activations; the layer's "
                         f"{attribute} is {name!r}")
    return _ACTIVATIONS[name]


def lstm_step(x_t, h, c, kernel, recurrent_kernel, bias, activation=np.tanh,
              recurrent_activation=_sigmoid):
    """One LSTM step in numpy, Keras' equations and weight layout (columns ``i | f | g | o``).

    ``x_t`` ``(batch, features)``, ``h`` and ``c`` ``(batch, units)``, ``kernel``
    ``(features, 4 * units)``, ``recurrent_kernel`` ``(units, 4 * units)``, ``bias``
    ``(4 * units,)``. Returns ``(h, c, (i, f, g, o))``::

        z = x_t @ kernel + h @ recurrent_kernel + bias
        i, f, o = sigmoid(z_i), sigmoid(z_f), sigmoid(z_o);  g = tanh(z_g)
        c = f * c + i * g;  h = o * tanh(c)
    """
    z = x_t @ kernel + h @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = recurrent_activation(zi), recurrent_activation(zf), activation(zg), \
        recurrent_activation(zo)
    c = f * c + i * g
    h = o * activation(c)
    return h, c, (i, f, g, o)


def lstm_trace(model, x) -> LSTMTrace:
    """Unroll the model's ``lstm`` layer over the pooled sequence of the batch ``x``
    ``(batch, maxlen)`` in numpy, from the layer's weights; every array ``(batch, steps, units)``.
    ``trace.h[:, -1]`` equals the model's LSTM output. In a model that masks its padding
    (``model.masks_padding``) the LSTM skips the padding steps: there ``h`` and ``c`` keep their
    values (the gates are what the step would have computed)."""
    layer = _layer(model, LSTM)
    if getattr(layer, "go_backwards", False):
        raise ValueError("lstm_trace does not handle go_backwards=True")
    outputs = layer_outputs(model, x)
    names = [lay.name for lay in model.layers]
    sequence = outputs[names[names.index(LSTM) - 1]].astype(np.float64)
    weights = [w.astype(np.float64) for w in layer.get_weights()]
    kernel, recurrent_kernel = weights[0], weights[1]
    bias = weights[2] if len(weights) > 2 else np.zeros(kernel.shape[1])
    act, rec = _activation(layer, "activation"), _activation(layer, "recurrent_activation")
    batch, steps, _ = sequence.shape
    units = recurrent_kernel.shape[0]
    h = np.zeros((batch, units))
    c = np.zeros((batch, units))
    out = {k: np.empty((batch, steps, units)) for k in "hcifgo"}
    skipped = (positions(model).lstm_skip_mask(np.asarray(x)) if masks_padding(model)
               else np.zeros((batch, steps), dtype=bool))[:, :, None]
    for t in range(steps):
        h_new, c_new, (i, f, g, o) = lstm_step(sequence[:, t], h, c, kernel, recurrent_kernel,
                                               bias, act, rec)
        h, c = np.where(skipped[:, t], h, h_new), np.where(skipped[:, t], c, c_new)
        for name, value in zip("hcifgo", (h, c, i, f, g, o)):
            out[name][:, t] = value
    return LSTMTrace(**out, inputs=sequence)


def head_predictions(model, h) -> np.ndarray:
    """The layers after the LSTM (dropout = identity at inference, dense, output) applied to
    every hidden state ``h`` ``(batch, steps, units)``: the probability of a positive review
    had the review stopped there, ``(batch, steps)``."""
    import keras

    h = np.asarray(h, dtype="float32")
    if h.ndim != 3:
        raise ValueError(f"h must be (batch, steps, units), got shape {h.shape}")
    names = [layer.name for layer in model.layers]
    y = h
    for layer in model.layers[names.index(LSTM) + 1:]:
        if isinstance(layer, keras.layers.Dropout):
            continue
        y = np.asarray(layer(y, training=False))
    return y.reshape(h.shape[0], h.shape[1])


def running_prediction(model, x) -> np.ndarray:
    """The sentiment after each LSTM step: the dense head on every ``h_t``, ``(batch, steps)``;
    the last step equals ``model.predict(x)``."""
    return head_predictions(model, lstm_trace(model, x).h)


def forget_half_lives(model, x) -> np.ndarray:
    """How long each LSTM unit keeps what it holds, from its forget gate: the unit's mean ``f``
    over the steps of the batch ``x`` that read words (``Positions.pool_padding_mask`` left
    out), turned into the steps ``n`` after which ``f ** n`` keeps half, ``log(0.5) / log(f)``;
    ``(units,)``. (A half-life of the average gate: the gates move with the state, so this says
    how fast one step's input fades, not how long a verdict lasts.)"""
    x = check_input(model, x)
    trace = lstm_trace(model, x)
    on_words = ~positions(model).pool_padding_mask(x)  # (batch, steps)
    if not on_words.any():
        raise ValueError("the batch reads no words: every step is padding")
    mean_f = trace.f[on_words].mean(axis=0)  # (units,)
    return np.log(0.5) / np.log(mean_f)


# ----------------------------------------------------------------------------- conv filters
@dataclass
class TopNgrams:
    """The word windows that excite each conv filter most: at most one window per review, and no
    two identical windows, best first.

    ``ngrams[f]``: their texts; ``activations``, ``reviews`` (row of ``x``) and ``positions``
    (conv position) are ``(filters, k)``, NaN / -1 where a filter has fewer than ``k``.
    """

    ngrams: list
    activations: np.ndarray
    reviews: np.ndarray
    positions: np.ndarray

    def rows(self, n: int | None = None) -> list[str]:
        """One line per filter: ``"filter   3: best ngram (1.23) | next (1.10) ..."``."""
        lines = []
        for f, texts in enumerate(self.ngrams):
            items = [f"{t} ({a:.2f})" for t, a in zip(texts[:n], self.activations[f])]
            lines.append(f"filter {f:>3}: " + " | ".join(items))
        return lines


def _conv_by_lookup(model, pos: Positions):
    """The conv output of a batch without running Keras, when the conv reads the embedding
    directly: tap ``j`` of the kernel turns word ``w`` into ``embedding[w] @ kernel[j]``, a
    ``(top_words, filters)`` table computed once, so the convolution becomes table lookups and
    sums, ``(batch, maxlen, filters)``. None when the layers do not allow it."""
    names = [layer.name for layer in model.layers]
    conv = _layer(model, CONV)
    activation = getattr(conv.activation, "__name__", "")
    if (names.index(CONV) != names.index(EMBEDDING) + 1 or pos.conv_stride != 1
            or pos.conv_padding != "same" or tuple(conv.dilation_rate) != (1,)
            or activation not in ("relu", "linear") or not conv.use_bias):
        return None
    embedding = _layer(model, EMBEDDING).get_weights()[0]
    kernel, bias = conv.get_weights()
    tables = np.einsum("vd,kdf->kvf", embedding, kernel).astype("float32")  # (kernel, V, F)

    def conv_of(chunk):
        n, length = chunk.shape
        out = np.empty((n, length, len(bias)), dtype="float32")
        out[:] = bias
        for j, table in enumerate(tables):
            offset = j - pos.conv_left  # position t reads word t + offset
            lo, hi = max(0, -offset), min(length, length - offset)
            out[:, lo:hi] += table[chunk[:, lo + offset:hi + offset]]
        return np.maximum(out, 0.0, out=out) if activation == "relu" else out

    return conv_of


def top_ngrams(predictor, x, k: int = 5, batch_size: int = 4096,
               chunk_values: int = 2**25) -> TopNgrams:
    """For each conv filter of ``predictor``'s model, the ``k`` word windows (n-grams of
    ``kernel_size`` words) of the batch ``x`` ``(n, maxlen)`` with the highest activation, one
    per review and all distinct. Windows that read only padding are skipped. Vectorised: one
    conv pass over ``x`` (Keras batches of ``batch_size``, in chunks of about ``chunk_values``
    conv outputs to bound memory), then a max over positions and a top-k over reviews."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    model, vocab = Predictor.check(predictor).model, predictor.vocab
    x = check_input(model, x)
    pos = positions(model)
    windows = pos.conv_windows
    conv_of = _conv_by_lookup(model, pos)
    if conv_of is None:  # not an Embedding -> relu Conv1D(stride 1, "same"): ask Keras
        conv_model = _extractor(model, CONV)

        def conv_of(chunk):
            return np.array(conv_model.predict([chunk], batch_size=batch_size, verbose=0))
    best = []  # per chunk: (max over positions (n, filters), argmax position (n, filters))
    per_review = pos.conv_length * int(_layer(model, CONV).output.shape[-1])
    chunk_size = max(1, chunk_values // per_review)
    for start in range(0, len(x), chunk_size):
        chunk = x[start:start + chunk_size]
        conv = conv_of(chunk)
        conv[pos.conv_padding_mask(chunk)] = -np.inf
        where = conv.argmax(axis=1)
        best.append((np.take_along_axis(conv, where[:, None], axis=1)[:, 0], where))
    review_max = np.concatenate([b[0] for b in best])  # (n, filters)
    review_argmax = np.concatenate([b[1] for b in best])
    m = min(4 * k, len(x))  # a few spare candidates for identical windows in different reviews
    candidates = np.argpartition(-review_max, m - 1, axis=0)[:m]  # (m, filters) review rows
    order = np.argsort(-np.take_along_axis(review_max, candidates, 0), axis=0, kind="stable")
    candidates = np.take_along_axis(candidates, order, 0)
    filters = review_max.shape[1]
    acts = np.full((filters, k), np.nan)
    reviews = np.full((filters, k), -1)
    where = np.full((filters, k), -1)
    texts = []
    for f in range(filters):
        seen, found = set(), []
        for row in candidates[:, f]:
            value, p = review_max[row, f], review_argmax[row, f]
            if not np.isfinite(value) or len(found) == k:
                break
            ids = tuple(x[row, windows[p, 0]:windows[p, 1]].tolist())
            if ids in seen:
                continue
            seen.add(ids)
            acts[f, len(found)], reviews[f, len(found)], where[f, len(found)] = value, row, p
            found.append(vocab.decode(ids))
        texts.append(found)
    return TopNgrams(ngrams=texts, activations=acts, reviews=reviews, positions=where)


def ngram_scores(model, top: TopNgrams, x, values) -> np.ndarray:
    """For each filter, the mean of ``values[id]`` (one number per word id, e.g. its log-odds)
    over the words of its top n-grams (``top_ngrams(predictor, x, ...)``; padding left out):
    ``(filters,)``, NaN for a filter without n-grams."""
    values = np.asarray(values, dtype=float)
    windows = positions(model).conv_windows
    out = np.full(len(top.ngrams), np.nan)
    for f in range(len(top.ngrams)):
        ids = [x[r, windows[p, 0]:windows[p, 1]] for r, p in zip(top.reviews[f], top.positions[f])
               if r >= 0]
        ids = np.concatenate(ids) if ids else np.zeros(0, dtype=int)
        ids = ids[ids != 0]
        if len(ids):
            out[f] = values[ids].mean()
    return out


def random_window_scores(model, x, values, k: int, draws: int = 1000, seed: int = 0) -> np.ndarray:
    """What ``ngram_scores`` gives a filter that ignores sentiment: ``draws`` times, the mean of
    ``values[id]`` over the words of ``k`` conv windows picked at random (a random row of ``x``
    and a random conv position, among the windows that read at least one word; padding left
    out), ``(draws,)``. Its 2.5 and 97.5 percentiles bound what chance gives a filter's score."""
    values = np.asarray(values, dtype=float)
    x = np.asarray(x)
    windows = positions(model).conv_windows
    rows, where = np.nonzero(~positions(model).conv_padding_mask(x))
    if len(rows) == 0:
        raise ValueError("x has no window that reads a word")
    rng = np.random.default_rng(seed)
    out = np.empty(draws)
    for d in range(draws):
        picks = rng.integers(0, len(rows), size=k)
        ids = np.concatenate([x[rows[i], windows[where[i], 0]:windows[where[i], 1]] for i in picks])
        out[d] = values[ids[ids != 0]].mean()
    return out


def pool_ties(conv_out: np.ndarray, pool_size: int) -> np.ndarray:
    """For a conv output ``(batch, conv_length, filters)`` and a max pool of ``pool_size``: True
    where a pool's largest value is held by more than one of its positions (an all-zero pool,
    say: the ReLU gave 0 everywhere), so that no position wins it (``pool_winners`` then names
    the first); ``(batch, pooled, filters)``."""
    conv_out = np.asarray(conv_out)
    if conv_out.ndim != 3:
        raise ValueError(f"conv_out must be (batch, positions, filters), got {conv_out.shape}")
    batch, length, filters = conv_out.shape
    pooled = length // pool_size
    blocks = conv_out[:, : pooled * pool_size].reshape(batch, pooled, pool_size, filters)
    return np.sum(blocks == blocks.max(axis=2, keepdims=True), axis=2) > 1


# ----------------------------------------------------------------------------- one review
#: The tensors ``review_map`` shows against the words of one review: name -> (what it is, what
#: one of its rows is). The layer outputs, then the LSTM's states and gates step by step.
REVIEW_TENSORS = {
    EMBEDDING: ("embedding", "dimension"),
    CONV: ("conv", "filter"),
    POOL: ("pool", "filter"),
    f"{LSTM}_h": ("LSTM hidden state h", "unit"),
    f"{LSTM}_c": ("LSTM cell state c", "unit"),
    f"{LSTM}_i": ("LSTM input gate i", "unit"),
    f"{LSTM}_f": ("LSTM forget gate f", "unit"),
    f"{LSTM}_g": ("LSTM candidate g (not a gate)", "unit"),
    f"{LSTM}_o": ("LSTM output gate o", "unit"),
}


def _check_tensor(name: str) -> str:
    if name not in REVIEW_TENSORS:
        raise ValueError(f"layer must be one of {tuple(REVIEW_TENSORS)}, got {name!r}")
    return name


@dataclass
class FeatureMap:
    """One review's tensor at one layer: ``values`` ``(channels, positions)``, a text label per
    position (the word, or the words a pooled/LSTM step covers), ``padding`` ``(positions,)``
    True where the position reads only padding; ``channel`` names a row ("filter", "unit"...);
    ``skipped`` ``{x: "words"}``: words of the text the model did not read, at the x (between
    positions) where they stood (empty without the review's text)."""

    layer: str
    values: np.ndarray
    labels: list
    padding: np.ndarray
    channel: str
    skipped: dict = field(default_factory=dict)


@dataclass
class Steps:
    """The pooled positions (= LSTM steps) of one review: ``labels`` (the words each step is
    about), ``padding`` ``(steps,)`` True where a step reads only padding, ``skipped`` as in
    ``FeatureMap``."""

    labels: list
    padding: np.ndarray
    skipped: dict = field(default_factory=dict)

    @property
    def about_words(self) -> np.ndarray:
        """``(steps,)`` True where the step is about words (its centre words are not all
        padding; ``padding`` is stricter: it also counts the words a step's kernel reaches)."""
        return np.array([label != PAD_LABEL for label in self.labels])


def channel_count(model, layer: str) -> int:
    """How many rows ``review_map(predictor, review, layer)`` has (filters, units,
    dimensions)."""
    name = LSTM if _check_tensor(layer).startswith(f"{LSTM}_") else layer
    return int(_layer(model, name).output.shape[-1])


PAD_LABEL = "<pad>"


def _window_labels(row: np.ndarray, vocab, windows: np.ndarray) -> list[str]:
    return [vocab.decode(row[a:b]) or PAD_LABEL for a, b in windows]


def _row_and_reading(predictor, review):
    """``(padded row (maxlen,), Reading or None)`` of a raw text (read by ``predictor``), an
    ``encoding.Reading`` or a padded row."""
    if isinstance(review, str):
        review = predictor.read(review)
    if hasattr(review, "row") and hasattr(review, "status"):
        return np.asarray(review.row), review
    row = np.asarray(review)
    if row.ndim == 2 and len(row) == 1:
        row = row[0]
    if row.ndim != 1:
        raise ValueError(f"a review is a text, an encoding.Reading or one padded row "
                         f"(maxlen,), got shape {row.shape}")
    return row, None


def _skipped_at_positions(reading) -> dict:
    """A Reading's skipped words at x = position - 0.5 (between two positions)."""
    if reading is None:
        return {}
    return {p - 0.5: words for p, words in reading.skipped_before().items()}


def _skipped_at_steps(reading, pos: "Positions") -> dict:
    """A Reading's skipped words on the axis of the pooled steps."""
    if reading is None:
        return {}
    windows = _pool_centers(pos)
    out = {}
    for p, words in reading.skipped_before().items():
        step = int(np.clip(np.searchsorted(windows[:, 0], p, side="right") - 1, 0,
                           len(windows) - 1))
        a, b = windows[step]
        x = step - 0.5 + (p - a) / max(b - a, 1)
        out[x + 0.3 if float(x).is_integer() else x] = words  # off the step's own label
    return out


def review_map(predictor, review, layer: str = CONV) -> FeatureMap:
    """The tensor at ``layer`` (a name of ``REVIEW_TENSORS``) of one review, a raw text or an
    ``encoding.Reading`` (then the skipped words are shown too) or a padded row ``(maxlen,)``,
    laid out ``(channels, positions)`` against its words."""
    channel = REVIEW_TENSORS[_check_tensor(layer)][1]
    model, vocab = Predictor.check(predictor).model, predictor.vocab
    row, read = _row_and_reading(predictor, review)
    x = row[None]
    pos = positions(model)
    if layer == EMBEDDING:
        return FeatureMap(layer=layer, values=layer_outputs(model, x)[EMBEDDING][0].T,
                          labels=[vocab.words[i] if i < len(vocab.words) else "<oov>" for i in row],
                          padding=row == 0, channel=channel, skipped=_skipped_at_positions(read))
    if layer == CONV:
        return FeatureMap(layer=layer, values=layer_outputs(model, x)[CONV][0].T,
                          labels=[vocab.words[row[i]] for i in pos.conv_centers],
                          padding=pos.conv_padding_mask(x)[0], channel=channel,
                          skipped=_skipped_at_positions(read))
    steps = step_labels(predictor, read if read is not None else row)
    if layer == POOL:
        values = layer_outputs(model, x)[POOL][0]
    else:
        values = getattr(lstm_trace(model, x), layer.split("_")[-1])[0]
    return FeatureMap(layer=layer, values=values.T, labels=steps.labels, padding=steps.padding,
                      channel=channel, skipped=steps.skipped)


def step_labels(predictor, review) -> Steps:
    """For one review (a raw text, an ``encoding.Reading`` or a padded row ``(maxlen,)``): a
    label per pooled position (= LSTM step), the words it is about, which steps read only
    padding, and the skipped words between them. No model call."""
    pos = positions(Predictor.check(predictor).model)
    row, read = _row_and_reading(predictor, review)
    return Steps(labels=_window_labels(row, predictor.vocab, _pool_centers(pos)),
                 padding=pos.pool_padding_mask(row[None])[0],
                 skipped=_skipped_at_steps(read, pos))


@dataclass
class Pooling:
    """Max pooling of one filter on one review: ``conv`` ``(conv_length,)`` the filter's conv
    output, ``pooled`` ``(pooled,)`` what the pool keeps, ``winners`` ``(pooled,)`` the conv
    position each pool kept, ``starts`` / ``stops`` the conv positions each pool spans;
    ``labels``, ``padding``, ``skipped`` as in ``FeatureMap`` (conv positions)."""

    filter: int
    conv: np.ndarray
    pooled: np.ndarray
    winners: np.ndarray
    starts: np.ndarray
    stops: np.ndarray
    labels: list
    padding: np.ndarray
    skipped: dict = field(default_factory=dict)


def pooling(predictor, review, filter: int) -> Pooling:
    """What ``MaxPooling1D`` does to filter ``filter`` of one review (a raw text, an
    ``encoding.Reading`` or a padded row)."""
    model = Predictor.check(predictor).model
    row, read = _row_and_reading(predictor, review)
    conv_map = review_map(predictor, read if read is not None else row, CONV)
    if not 0 <= filter < len(conv_map.values):
        raise ValueError(f"filter must be between 0 and {len(conv_map.values) - 1}, got {filter}")
    pos = positions(model)
    conv = conv_map.values[filter]
    winners = pool_winners(conv[None, :, None], pos.pool_size)[0, :, 0]
    pooled = layer_outputs(model, row[None])[POOL][0, :, filter]
    return Pooling(filter=filter, conv=conv, pooled=pooled, winners=winners,
                   starts=pos.pool_conv[:, 0], stops=pos.pool_conv[:, 1], labels=conv_map.labels,
                   padding=conv_map.padding, skipped=conv_map.skipped)


def _pool_centers(pos: Positions) -> np.ndarray:
    """Word windows made of the centre words of the conv positions each pool takes: the words a
    pooled step is 'about' (its receptive field is wider by the kernel)."""
    centers = pos.conv_centers
    return np.stack([centers[pos.pool_conv[:, 0]], centers[pos.pool_conv[:, 1] - 1] + 1], axis=1)


__all__ += ["lstm_steps"]


def lstm_steps(predictor, review) -> Steps:
    """``step_labels`` with ONE definition of a padding step, the LSTM's: a step is padding when
    every position it pools is padding (``Positions.lstm_skip_mask``, the steps a model that
    masks its padding skips). Its ``padding`` then agrees with the labels: a step is padding
    exactly when it is labelled ``<pad>`` (``step_labels``' ``padding`` also counts the words a
    step's convolution window reaches, so the step just before the words is not padding there,
    though labelled ``<pad>``). No model call."""
    pos = positions(Predictor.check(predictor).model)
    row, read = _row_and_reading(predictor, review)
    steps = step_labels(predictor, read if read is not None else row)
    return Steps(labels=steps.labels, padding=pos.lstm_skip_mask(row[None])[0],
                 skipped=steps.skipped)
