"""Seeded training with a held-out validation split, its callbacks, accuracy, prediction.

The blog post validated on the test set. Here the last ``config.validation_split`` of the
(shuffled) training reviews validates, and the test set is touched once, after training.
``imdbviz.runs.trained_model`` adds the caches around ``fit``. A ``TrainResult`` is a
``Predictor``: the model with the vocabulary and config it reads texts with, which the analysis
and widgets take.
"""
from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field

import keras
import numpy as np

from . import backend
from .batches import LengthBatches
from .config import Config
from .encoding import (FEW_WORDS, Dataset, Reading, encode_texts, few_words_note, reading,
                       words_read)
from .model import build_model, compile_model
from .vocab import Vocabulary


@dataclass(kw_only=True)
class Predictor:
    """A Keras model with the vocabulary and config it reads texts with: what a notebook, a
    widget or the CLI holds after training, and what ``saliency``, ``tensors`` and the widgets
    take first wherever they need words. A ``TrainResult`` is one; wrap a model built in a
    notebook as ``Predictor(model=..., vocab=..., config=...)``."""

    model: object
    vocab: Vocabulary
    config: Config

    def encode(self, texts) -> np.ndarray:
        """Raw review texts -> the model's input ``(len(texts), maxlen)`` (``encode_texts``)."""
        return encode_texts(texts, self.vocab, self.config)

    def read(self, text: str) -> Reading:
        """How the model reads one raw review (``encoding.reading``): its row and every token."""
        return reading(text, self.vocab, self.config)

    def predict(self, texts) -> np.ndarray:
        """Probability of a positive review for each raw text, shape ``(len(texts),)``."""
        return predict_texts(self.model, self.vocab, texts, self.config)

    def predictions(self, texts) -> "Predictions":
        """``Predictions`` for raw texts: probabilities and how many known words each read."""
        return predict_reviews(self.model, self.vocab, texts, self.config)

    @staticmethod
    def check(obj) -> "Predictor":
        """``obj`` when it is a Predictor (a TrainResult is one), else a TypeError."""
        if isinstance(obj, Predictor):
            return obj
        raise TypeError(f"expected the trained result (imdbviz.trained_model(...)) or "
                        f"imdbviz.Predictor(model=..., vocab=..., config=...), got "
                        f"{type(obj).__name__}")


@dataclass(kw_only=True)
class TrainResult(Predictor):
    """A trained model and how it got there (a ``Predictor``: ``model``, ``vocab``,
    ``config``, ``encode``, ``predict``...).

    ``history``: Keras' per-epoch ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``;
    ``epoch_seconds``: wall time of each epoch; ``train_seconds``: the whole ``fit``, when it
    was trained. ``origin``: ``"trained"`` (in this run), ``"cache"`` (the user's model cache)
    or ``"shipped"`` (the results shipped with the package). ``data``: the Dataset it was
    trained and tested on.
    """

    history: dict
    test_loss: float
    test_accuracy: float
    train_seconds: float
    epoch_seconds: list
    data_fingerprint: str
    data: Dataset | None = field(default=None, repr=False)
    origin: str = "trained"

    @property
    def loaded(self) -> bool:
        """True when the model was loaded (the user's cache or the shipped results), not
        trained in this run."""
        return self.origin != "trained"

    @property
    def params(self) -> int:
        return int(self.model.count_params())

    def metrics(self) -> dict:
        return {"test_accuracy": self.test_accuracy, "test_loss": self.test_loss,
                "train_seconds": self.train_seconds, "epoch_seconds": self.epoch_seconds,
                "params": self.params, "epochs_run": len(self.epoch_seconds),
                "loaded": self.loaded, "origin": self.origin,
                "backend": backend.name()}


def accuracy(probabilities, labels) -> float:
    """Share of ``labels`` (0/1, ``(reviews,)``) that ``probabilities`` of a positive review
    ``(reviews,)`` or ``(reviews, 1)`` get right at the 0.5 threshold (Keras' binary accuracy)."""
    predicted = np.asarray(probabilities).reshape(-1) > 0.5
    return float(np.mean(predicted == (np.asarray(labels).reshape(-1) == 1)))


def fit_size(n_train: int, validation_split: float) -> int:
    """How many of the first training reviews Keras fits on with ``validation_split``: it
    holds out the last ``validation_split`` of them (0 means none)."""
    if not 0.0 <= validation_split < 1.0:
        raise ValueError(f"validation_split must be in [0, 1), got {validation_split}")
    if validation_split == 0.0:
        return n_train
    return int(math.floor(n_train * (1.0 - validation_split)))


def fit(config: Config, data: Dataset, verbose: int = 1, callbacks=(), model=None
        ) -> TrainResult:
    """Build (or take ``model``, built with ``build_model(config)``) and train the model on
    ``data`` from scratch, then evaluate once on the test set.

    With ``config.patience > 0``, early stopping on the validation loss ends training and
    restores the best epoch's weights (``history`` still lists every epoch trained). With
    ``config.bucket_width`` it trains on ``batches.LengthBatches``, and reads the validation and
    the test reviews in buckets too: the model masks its padding, so that equals reading them
    padded to ``maxlen`` (as every prediction does), in less time.
    """
    data.check_encoding(config)
    model = build_model(config, compile=False) if model is None else model
    fitted = fit_size(len(data.y_train), config.validation_split)
    compile_model(model, config, steps_per_epoch=math.ceil(fitted / config.batch_size))
    starts, epoch_seconds = [], []
    timer = keras.callbacks.LambdaCallback(  # each epoch's wall time
        on_epoch_begin=lambda epoch, logs: starts.append(time.perf_counter()),
        on_epoch_end=lambda epoch, logs: epoch_seconds.append(time.perf_counter() - starts[-1]))
    if config.patience:
        callbacks = [*callbacks, keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=config.patience, restore_best_weights=True)]
    start = time.perf_counter()
    if config.bucket_width:  # batches of similar length; validated as Keras' split would
        history = model.fit(
            LengthBatches(data.x_train[:fitted], data.y_train[:fitted], config.batch_size,
                          config.bucket_width, config.padding, seed=config.seed),
            epochs=config.epochs, verbose=verbose, callbacks=[timer, *callbacks],
            validation_data=(_in_buckets(data.x_train[fitted:], data.y_train[fitted:], config)
                             if fitted < len(data.y_train) else None))
    else:
        history = model.fit(
            data.x_train, data.y_train, batch_size=config.batch_size, epochs=config.epochs,
            validation_split=config.validation_split, shuffle=True, verbose=verbose,
            callbacks=[timer, *callbacks],
        )
    train_seconds = time.perf_counter() - start
    if config.bucket_width:
        test_loss, test_accuracy = model.evaluate(_in_buckets(data.x_test, data.y_test, config),
                                                  verbose=0)
    else:
        test_loss, test_accuracy = model.evaluate(data.x_test, data.y_test, batch_size=1024,
                                                  verbose=0)
    return TrainResult(
        model=model, vocab=data.vocab, config=config,
        history={k: [float(v) for v in vs] for k, vs in history.history.items()},
        test_loss=float(test_loss), test_accuracy=float(test_accuracy),
        train_seconds=train_seconds, epoch_seconds=epoch_seconds,
        data_fingerprint=data.fingerprint, data=data,
    )


def _in_buckets(x, y, config: Config) -> LengthBatches:
    """``(x, y)`` as batches of 1,024 reviews cut to their buckets, in a fixed order: for a
    model built with ``bucket_width``, whose mask makes a review's padding irrelevant, the same
    losses and accuracy as read padded to ``maxlen``, for a fraction of the steps."""
    return LengthBatches(x, y, 1024, config.bucket_width, config.padding, shuffle=False)


class EvaluateEachEpoch(keras.callbacks.Callback):
    """Evaluates the model on ``(x, y)`` after every epoch and adds ``<prefix>loss`` and
    ``<prefix>accuracy`` to the epoch's logs (so they land in the Keras history).

    With the test set this is what the blog post did by passing it as ``validation_data``:
    useful to *show* why choosing anything by it is optimistic, never to choose by it.
    Put it before other callbacks (a ``LivePlot``, ``EarlyStopping``) that should see the values.
    """

    def __init__(self, x, y, prefix: str = "test_", batch_size: int = 1024):
        super().__init__()
        self.x, self.y, self.prefix, self.batch_size = x, y, prefix, batch_size

    def on_epoch_end(self, epoch, logs=None):
        loss, accuracy = self.model.evaluate(self.x, self.y, batch_size=self.batch_size,
                                             verbose=0)
        if logs is not None:
            logs[f"{self.prefix}loss"] = float(loss)
            logs[f"{self.prefix}accuracy"] = float(accuracy)


# ----------------------------------------------------------------------------- prediction
@dataclass(kw_only=True)
class Predictions:
    """The model's verdicts on raw texts: ``probability`` ``(texts,)`` of a positive review,
    ``words_read`` ``(texts,)`` the vocabulary words the model read in each, and ``notes``
    (``encoding.few_words_note``: "" for a review long enough to trust)."""

    texts: list
    probability: np.ndarray
    words_read: np.ndarray

    @property
    def notes(self) -> list[str]:
        return [few_words_note(int(n)) for n in self.words_read]

    @property
    def reliable(self) -> np.ndarray:
        """``(texts,)`` bool: at least ``encoding.FEW_WORDS`` known words read."""
        return self.words_read >= FEW_WORDS

    def rows(self) -> list[dict]:
        """One dict per text: text, probability, label, words_read, reliable (and a note)."""
        return [{"text": t, "probability": round(float(p), 4),
                 "label": "positive" if p >= 0.5 else "negative", "words_read": int(n),
                 "reliable": bool(ok), **({"note": note} if note else {})}
                for t, p, n, ok, note in zip(self.texts, self.probability, self.words_read,
                                             self.reliable, self.notes)]


def predict_reviews(model, vocab: Vocabulary, texts, config: Config) -> Predictions:
    """``Predictions`` of the model for raw review texts (an empty review raises)."""
    texts = [texts] if isinstance(texts, str) else list(texts)
    x = encode_texts(texts, vocab, config)
    return Predictions(texts=texts, probability=model.predict(x, verbose=0).reshape(-1),
                       words_read=words_read(x, vocab))


def predict_texts(model, vocab: Vocabulary, texts, config: Config) -> np.ndarray:
    """Probability of a positive review for each raw text, shape ``(len(texts),)``. Warns
    when a review holds no word of the vocabulary: its probability says nothing about it."""
    predictions = predict_reviews(model, vocab, texts, config)
    empty = [i for i, n in enumerate(predictions.words_read) if n == 0]
    if empty:
        warnings.warn(f"review(s) {empty} hold no word of the {len(vocab):,}-word vocabulary: "
                      "the model reads only padding, so their probabilities say nothing about "
                      "them", UserWarning, stacklevel=2)
    return predictions.probability
