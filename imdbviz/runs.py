"""Training runs: one record format, one key, one cache, and the model a notebook opens.

A *run record* is a dict: the experiment's name and ``key`` (the recipe: config without its
seed, plus the options that change training, see ``recipe_key``), the ``seed``, the config and
its fingerprint, the data and vocabulary fingerprints, the Keras history, test loss and
accuracy, timings and tags (library versions, backend, machine). The user's cache, the
experiments over seeds and the results shipped with the package (``imdbviz.shipped``) all hold
records of this one format.

``trained_model(config, dataset)`` is the model the notebooks open: from the user's cache
(``models/``: record and model), else from the shipped results when they were trained on the
same data with the same config, else trained now (``train.fit``) and cached. The experiments'
records are cached under ``runs/`` (``cached_record``).
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

import keras

from . import backend, files, shipped
from .config import SMALL, Config
from .encoding import Dataset, load_dataset
from .train import TrainResult, fit

#: The options of the plain recipe: all the training reviews, no test set watched, the
#: Embedding learned from scratch (``experiments.Experiment`` adds others).
PLAIN = {"train_fraction": 1.0, "track_test": False, "embedding": "learned"}


def recipe_key(config: Config, options: dict = PLAIN) -> str:
    """Identifies a training recipe whatever its seed: the config (seed left out) and
    ``options``."""
    return files.short_hash({"config": {**config.identity(), "seed": None}, **options})


def _machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}"


def record(result: TrainResult, *, experiment: str = "ours", options: dict = PLAIN,
           seconds: float | None = None, **fields) -> dict:
    """The run record of a trained ``result`` (its ``data`` is the Dataset it was tested on;
    ``fields``: what a recipe adds, e.g. ``train_reviews``, ``word2vec_seconds``, ``extra``)."""
    config, data = result.config, result.data
    return {
        "experiment": experiment, "key": recipe_key(config, options), "seed": config.seed,
        "config": config.to_dict(), "config_fingerprint": config.fingerprint(),
        "options": dict(options), "data_fingerprint": result.data_fingerprint,
        "data": data.source.kind if data is not None else None,
        "train_reviews": fields.pop("train_reviews", len(data.y_train) if data else None),
        "vocab_fingerprint": result.vocab.fingerprint,
        "history": result.history, "test_accuracy": result.test_accuracy,
        "test_loss": result.test_loss, "train_seconds": result.train_seconds,
        "epoch_seconds": result.epoch_seconds, "word2vec_seconds": 0.0, "extra": {},
        "seconds": result.train_seconds if seconds is None else seconds,
        "tags": {**backend.versions(), "machine": _machine()}, "model": None, **fields,
    }


def result(record: dict, model, data: Dataset, origin: str) -> TrainResult:
    """A record and its model (weights loaded) as the ``TrainResult`` a notebook holds, on
    ``data``; ``origin``: "cache" or "shipped"."""
    return TrainResult(
        model=model, vocab=data.vocab, config=Config(**record["config"]),
        history=record["history"], test_loss=record["test_loss"],
        test_accuracy=record["test_accuracy"], train_seconds=record["train_seconds"],
        epoch_seconds=record["epoch_seconds"], data_fingerprint=record["data_fingerprint"],
        data=data, origin=origin)


def shipped_records(key: str, data: Dataset) -> dict:
    """``{seed: record}`` of the shipped runs of recipe ``key`` on ``data``, those encoded with
    today's vocabulary only (else today's code encodes the same reviews otherwise)."""
    return {r["seed"]: r for r in shipped.records(key, data.fingerprint)
            if r["vocab_fingerprint"] == data.vocab.fingerprint}


# ----------------------------------------------------------------------------- the cache
def entry_key(key: str, data_fingerprint: str, seed: int) -> str:
    """The cache entry of recipe ``key`` on some data with ``seed``, for this Keras backend
    and these library versions (a model trained elsewhere may differ)."""
    return files.short_hash({"recipe": key, "data": data_fingerprint, "seed": seed,
                             **backend.versions()})


def write_entry(folder: Path, record: dict, model=None) -> None:
    """Write ``record.json`` (and ``model.keras``) into ``folder`` atomically: built in a
    temporary folder beside it, then renamed into place (a reader never sees half an entry)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
    try:
        if model is not None:
            model.save(tmp / "model.keras")
        (tmp / "record.json").write_text(json.dumps(record))
        if folder.exists():  # a damaged entry: move it aside first, then replace it
            old = Path(tempfile.mkdtemp(prefix=".old-", dir=folder.parent))
            folder.replace(old / "entry")
            shutil.rmtree(old, ignore_errors=True)
        tmp.replace(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def read_record(folder: Path) -> dict:
    """The record of a cache entry (OSError or ValueError when missing or damaged)."""
    return json.loads((folder / "record.json").read_text())


def cached_record(key: str, data: Dataset, seed: int, train) -> dict:
    """The record of recipe ``key`` with ``seed`` on ``data`` from the user's cache, else
    ``train()`` (returning ``(record, model)``) and cached."""
    return files.cached(
        "runs", entry_key(key, data.fingerprint, seed), read_record,
        compute=lambda: train()[0], write=lambda rec, folder: write_entry(folder, rec),
        what="the run record")


# ----------------------------------------------------------------------------- the model
def trained_model(config: Config = SMALL, dataset="auto", data: Dataset | None = None,
                  retrain: bool = False, verbose: int = 1, callbacks=()) -> TrainResult:
    """The model trained with ``config`` on ``dataset`` (or on ``data``, already loaded with
    ``load_dataset(config, ...)``): from the user's cache, else from the shipped results, else
    trained now (showing progress) and cached (``files.cache_dir()``). ``retrain=True`` always
    trains. ``result.data`` is the Dataset it belongs to."""
    if data is None:
        data = load_dataset(config, dataset, verbose=bool(verbose))
    else:  # (load_dataset encodes for config; fit checks again before it trains)
        data.check_encoding(config)
    key = recipe_key(config)

    def load(folder):
        if retrain:
            raise KeyError("retrain")
        try:
            stored = read_record(folder)
            if stored["data_fingerprint"] != data.fingerprint:
                raise KeyError("other data")
            return result(stored, keras.saving.load_model(folder / "model.keras"), data,
                          "cache")
        except (OSError, ValueError, KeyError):
            pass  # missing or damaged entry: the shipped model, else train
        found = shipped_records(key, data).get(config.seed)
        if found is None or shipped.weights_path(found) is None:
            raise KeyError("not shipped")
        return result(found, shipped.load_model(found), data, "shipped")

    def train():
        if verbose:
            print(f"Model: training on {data.summary()}")
        return fit(config, data, verbose=verbose, callbacks=callbacks)

    out = files.cached("models", entry_key(key, data.fingerprint, config.seed), load, train,
                       write=lambda res, folder: write_entry(folder, record(res), res.model),
                       what="the trained model")
    if verbose and out.origin == "trained":
        print(f"Model: test accuracy {out.test_accuracy:.4f}, trained in "
              f"{out.train_seconds:.1f} s")
    elif verbose:
        where = "the model cache" if out.origin == "cache" else "the results shipped with imdbviz"
        print(f"Model: loaded from {where}; test accuracy {out.test_accuracy:.4f}")
    return out
