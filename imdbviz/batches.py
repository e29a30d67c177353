"""Length-bucketed batches: reviews of similar length trained together, each batch cut to the
padded length its longest review needs (``Config.bucket_width``).

A review of 5,000 known words is 202 ids long on average (median 160), so padded to 500 most of the
LSTM's steps read padding. Grouped by the padded length they need and cut in batches, the reviews
of a batch need the same number of positions, and the batch is padded only to those: the padding
that is left is the same kind as before (zeros before the words, ``Config.padding``), there is
just less of it.

A batch's length is counted down from ``maxlen`` in steps of ``bucket_width`` (``maxlen``,
``maxlen - width``, ...), so a review keeps the place it has at ``maxlen`` relative to the pooling
windows, and only ``maxlen / width`` lengths occur (JAX compiles a step per length). A model built
with ``bucket_width`` masks the padding (``imdbviz.model``), so what it predicts for a review does
not depend on how much padding the review's batch has: training on these batches and predicting
on reviews padded to ``maxlen`` read the same network the same way.
"""
from __future__ import annotations

import keras
import numpy as np


def review_lengths(x: np.ndarray, padding: str = "pre") -> np.ndarray:
    """``(reviews,)``: the positions a review of ``x`` ``(reviews, maxlen)`` occupies, from its
    first id to its last (0 for a review of padding only)."""
    x = np.asarray(x)
    nonzero = x != 0
    if padding == "pre":
        length = x.shape[1] - nonzero.argmax(axis=1)
    else:
        length = x.shape[1] - nonzero[:, ::-1].argmax(axis=1)
    return np.where(nonzero.any(axis=1), length, 0)


def bucket_length(longest: int, width: int, maxlen: int) -> int:
    """The padded length of a batch whose longest review takes ``longest`` positions: ``maxlen``
    less as many ``width`` steps as leave room for it (at least one step: a review of padding
    only is read over ``width`` positions)."""
    steps = (maxlen - int(longest)) // width
    if steps and maxlen - steps * width < width:
        steps -= 1
    return maxlen - steps * width


def cut(x: np.ndarray, length: int, padding: str = "pre") -> np.ndarray:
    """The last (``padding="pre"``) or first (``"post"``) ``length`` positions of ``x``
    ``(reviews, maxlen)``: padding removed, the words in place."""
    return x[:, x.shape[1] - length:] if padding == "pre" else x[:, :length]


class LengthBatches(keras.utils.PyDataset):
    """Batches of ``batch_size`` reviews of similar length for ``model.fit``, each
    ``(batch, length)`` with ``length`` from ``bucket_length``.

    ``x`` ``(reviews, maxlen)`` padded ids, ``y`` ``(reviews,)``. With ``shuffle`` the reviews of
    a bucket are drawn in a new order every epoch and the batches come in a new order (from
    ``seed``); the reviews of a batch need the same padded length (but for a batch that takes
    the last reviews of one bucket and the first of the next: it is padded for the longer).
    """

    def __init__(self, x, y, batch_size: int, width: int, padding: str = "pre",
                 shuffle: bool = True, seed: int = 0):
        super().__init__()
        if len(x) != len(y) or not len(x):
            raise ValueError(f"x and y must hold the same number of reviews (>0), got {len(x)} "
                             f"and {len(y)}")
        self.x, self.y = np.asarray(x), np.asarray(y)
        self.batch_size, self.width, self.padding = int(batch_size), int(width), padding
        self.shuffle = shuffle
        self.lengths = review_lengths(self.x, padding)
        maxlen = self.x.shape[1]
        self.buckets = np.array([bucket_length(n, self.width, maxlen) for n in range(maxlen + 1)]
                                )[self.lengths]  # (reviews,) the length each review needs
        self._random = np.random.default_rng(seed)
        self._plan()

    def _plan(self) -> None:
        n, size = len(self.y), self.batch_size
        order = self._random.permutation(n) if self.shuffle else np.arange(n)
        order = order[np.argsort(self.buckets[order], kind="stable")]  # by bucket, drawn within
        batches = [order[i:i + size] for i in range(0, n, size)]
        if self.shuffle:
            batches = [batches[i] for i in self._random.permutation(len(batches))]
        lengths = [bucket_length(self.lengths[b].max(), self.width, self.x.shape[1])
                   for b in batches]
        self.batches, self.batch_lengths = _varied_first(batches, lengths)

    def __len__(self) -> int:
        return len(self.batches)

    def __getitem__(self, index: int):
        batch = self.batches[index]
        return cut(self.x[batch], self.batch_lengths[index], self.padding), self.y[batch]

    def on_epoch_end(self) -> None:
        if self.shuffle:
            self._plan()

    def positions(self) -> tuple[int, int]:
        """``(positions this epoch's batches hold, positions padded to maxlen)``: the share of
        the work that bucketing leaves (for the conv and the LSTM)."""
        held = sum(len(b) * n for b, n in zip(self.batches, self.batch_lengths))
        return held, len(self.y) * self.x.shape[1]


def _varied_first(batches: list, lengths: list) -> tuple[list, list]:
    """``batches`` and their ``lengths`` with a smaller batch (if any) first and one of another
    length second. Keras reads the input's shape off the first two batches (TensorFlow): where
    they differ it takes that axis as variable, as every later batch needs."""
    batches, lengths = list(batches), list(lengths)

    def swap(i, j):
        batches[i], batches[j] = batches[j], batches[i]
        lengths[i], lengths[j] = lengths[j], lengths[i]

    sizes = [len(b) for b in batches]
    if len(set(sizes)) > 1:
        swap(0, sizes.index(min(sizes)))
    other = next((i for i in range(1, len(batches)) if lengths[i] != lengths[0]), None)
    if other is not None:
        swap(1, other)
    return batches, lengths
