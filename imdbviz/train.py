"""Seeded training with a held-out validation split, a disk cache of trained models, prediction.

The blog post validated on the test set. Here the last ``config.validation_split`` of the
(shuffled) training reviews validates, and the test set is touched once, after training.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path

import numpy as np

from .config import SEED, Config
from .data import Dataset, _load_keras, encode_reviews, pad, read_aclimdb, resolve_source
from .model import build_model
from .vocab import Vocabulary, tokenize


@dataclass
class TrainResult:
    """A trained model and how it got there.

    ``history``: Keras' per-epoch ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``;
    ``epoch_seconds``: wall time of each epoch; ``train_seconds``: the whole ``fit``.
    """

    model: object
    vocab: Vocabulary
    config: Config
    history: dict
    test_loss: float
    test_accuracy: float
    train_seconds: float
    epoch_seconds: list
    data_fingerprint: str
    from_cache: bool = False
    data: Dataset | None = field(default=None, repr=False)

    @property
    def params(self) -> int:
        return int(self.model.count_params())

    def predict(self, texts) -> np.ndarray:
        """Probability of a positive review for each raw text, shape ``(len(texts),)``."""
        return predict_texts(self.model, self.vocab, texts, self.config)

    def metrics(self) -> dict:
        return {"test_accuracy": self.test_accuracy, "test_loss": self.test_loss,
                "train_seconds": self.train_seconds, "epoch_seconds": self.epoch_seconds,
                "params": self.params, "epochs_run": len(self.epoch_seconds),
                "from_cache": self.from_cache}


def fit(config: Config, data: Dataset, verbose: int = 1, callbacks=()) -> TrainResult:
    """Build and train the model on ``data`` from scratch, then evaluate once on the test set.

    With ``config.patience > 0``, early stopping on the validation loss ends training and
    restores the best epoch's weights (``history`` still lists every epoch trained).
    """
    import keras

    model = build_model(config)
    starts, epoch_seconds = [], []
    timer = keras.callbacks.LambdaCallback(  # each epoch's wall time
        on_epoch_begin=lambda epoch, logs: starts.append(time.perf_counter()),
        on_epoch_end=lambda epoch, logs: epoch_seconds.append(time.perf_counter() - starts[-1]))
    if config.patience:
        callbacks = [*callbacks, keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=config.patience, restore_best_weights=True)]
    start = time.perf_counter()
    history = model.fit(
        data.x_train, data.y_train, batch_size=config.batch_size, epochs=config.epochs,
        validation_split=config.validation_split, shuffle=True, verbose=verbose,
        callbacks=[timer, *callbacks],
    )
    train_seconds = time.perf_counter() - start
    test_loss, test_accuracy = model.evaluate(data.x_test, data.y_test, batch_size=1024, verbose=0)
    return TrainResult(
        model, data.vocab, config, {k: [float(v) for v in vs] for k, vs in history.history.items()},
        float(test_loss), float(test_accuracy), train_seconds, epoch_seconds, data.fingerprint,
        data=data,
    )


# ----------------------------------------------------------------------------- the cache
def cache_dir() -> Path:
    """``$IMDBVIZ_CACHE``, else ``$XDG_CACHE_HOME/imdbviz`` (default ``~/.cache/imdbviz``)."""
    if os.environ.get("IMDBVIZ_CACHE"):
        return Path(os.environ["IMDBVIZ_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "imdbviz"


def cache_key(config: Config, data_fingerprint: str) -> str:
    """Hash of the config, the data and the library versions that a trained model depends on."""
    import keras
    import tensorflow as tf

    from . import __version__

    parts = {"config": config.to_dict(), "data": data_fingerprint, "imdbviz": __version__,
             "keras": keras.__version__, "tensorflow": tf.__version__, "numpy": np.__version__}
    return sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:20]


def _save(result: TrainResult, folder: Path) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
    try:
        result.model.save(tmp / "model.keras")
        meta = {"config": result.config.to_dict(), "history": result.history,
                "test_loss": result.test_loss, "test_accuracy": result.test_accuracy,
                "train_seconds": result.train_seconds, "epoch_seconds": result.epoch_seconds,
                "data_fingerprint": result.data_fingerprint,
                "vocab": {"words": result.vocab.words, "oov_index": result.vocab.oov_index,
                          "start_index": result.vocab.start_index}}
        (tmp / "meta.json").write_text(json.dumps(meta))
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _load(folder: Path, config: Config) -> TrainResult | None:
    import keras

    try:
        meta = json.loads((folder / "meta.json").read_text())
        model = keras.saving.load_model(folder / "model.keras")
    except (OSError, ValueError, KeyError):
        return None  # missing or damaged entry: train again
    vocab = Vocabulary(**meta["vocab"])
    return TrainResult(model, vocab, config, meta["history"], meta["test_loss"],
                       meta["test_accuracy"], meta["train_seconds"], meta["epoch_seconds"],
                       meta["data_fingerprint"], from_cache=True)


def trained_model(config: Config = SEED, dataset="auto", data: Dataset | None = None,
                  retrain: bool = False, verbose: int = 1, callbacks=()) -> TrainResult:
    """The model trained with ``config`` on ``dataset``, from the cache when it is there.

    On a cache miss (or ``retrain=True``) it trains, shows progress, and stores the result under
    ``cache_dir()``. ``result.data`` is the encoded Dataset when it had to be loaded.
    """
    if data is None:
        source = resolve_source(dataset)
        if source.kind == "keras":
            data = _load_keras(config, source)
            fingerprint = data.fingerprint
        else:
            reviews = read_aclimdb(source.path)
            reviews.source = source
            fingerprint = reviews.fingerprint
    else:
        fingerprint, reviews = data.fingerprint, None
    folder = cache_dir() / cache_key(config, fingerprint)
    if not retrain:
        cached = _load(folder, config)
        if cached is not None:
            if verbose:
                print(f"Model: loaded from the cache ({folder}); "
                      f"test accuracy {cached.test_accuracy:.4f}")
            cached.data = data
            return cached
    if data is None:
        data = encode_reviews(reviews, config)
    if verbose:
        print(f"Model: training on {data.summary()}")
    result = fit(config, data, verbose=verbose, callbacks=callbacks)
    _save(result, folder)
    if verbose:
        print(f"Model: test accuracy {result.test_accuracy:.4f}, trained in "
              f"{result.train_seconds:.1f} s, saved to the cache ({folder})")
    return result


# ----------------------------------------------------------------------------- prediction
def tokenize_reviews(texts) -> list[list[str]]:
    """Tokens of each raw review (a single string counts as one review); a review with no
    words raises ValueError, since there is nothing to predict from."""
    if isinstance(texts, str):
        texts = [texts]
    tokenized = []
    for i, text in enumerate(texts):
        tokens = tokenize(text) if isinstance(text, str) else []
        if not tokens:
            raise ValueError(f"review {i} ({text!r}) has no words: type at least one word to "
                             "predict its sentiment")
        tokenized.append(tokens)
    return tokenized


def encode_texts(texts, vocab: Vocabulary, config: Config) -> np.ndarray:
    """Raw review texts -> ``(len(texts), maxlen)`` padded indices, unknown words skipped or
    marked as ``config.oov`` says; a review with no words raises (one whose words are all
    unknown does not: with ``oov="skip"`` the model reads only padding)."""
    skip = config.oov == "skip"
    return pad([vocab.encode_tokens(t, skip) for t in tokenize_reviews(texts)], config)


def predict_texts(model, vocab: Vocabulary, texts, config: Config) -> np.ndarray:
    """Probability of a positive review for each raw text, shape ``(len(texts),)``."""
    x = encode_texts(texts, vocab, config)
    return model.predict(x, verbose=0).reshape(-1)
