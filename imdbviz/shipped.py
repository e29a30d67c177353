"""The results shipped with the package: every training run that a notebook draws a conclusion
from (each experiment over several seeds: metrics and curves), and the weights of the models the
notebooks open, so that a class does not retrain them.

They live in ``imdbviz/_results/`` (``runs.json``, and ``models/`` with the weights of the models
the notebooks open, rebuilt from their config by ``build_model``) and are produced by one
command, ``python scripts/reproduce_results.py --data PATH``, which retrains them all. Each run
is tagged with the fingerprints of its config and of the data it was trained on, the vocabulary
it encoded with, and the library versions, Keras backend and machine it ran on. A run is used
only when its config and data fingerprints match what a notebook asks for; otherwise the
notebook trains. ``verify(data)`` checks, on the full data, that they match today's code.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import numpy as np

from . import files

FOLDER = Path(__file__).parent / "_results"


def vocabulary_fingerprint(vocab) -> str:
    """A short hash of a vocabulary's word list (its ids)."""
    return hashlib.sha256("\n".join(vocab.words).encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _manifest() -> dict:
    try:
        return json.loads((FOLDER / "runs.json").read_text())
    except (OSError, ValueError):
        return {"runs": []}


def runs(key: str | None = None, data_fingerprint: str | None = None) -> list[dict]:
    """The shipped run records, those of experiment ``key`` and data ``data_fingerprint``
    when given, in seed order."""
    return sorted((r for r in _manifest()["runs"]
                   if (key is None or r["key"] == key)
                   and (data_fingerprint is None or r["data_fingerprint"] == data_fingerprint)),
                  key=lambda r: r["seed"])


def model_path(record: dict) -> Path | None:
    """Where a record's shipped weights are (None when only its metrics are shipped)."""
    return FOLDER / record["model"] if record.get("model") else None


def load_model(record: dict):
    """The shipped model of a record: ``build_model`` of its config with its weights (then
    compiled as ``build_model`` compiles, so that it can be evaluated)."""
    from .config import Config
    from .model import build_model, compile_model

    config = Config(**record["config"])
    model = build_model(config, compile=False)
    model.load_weights(model_path(record))
    compile_model(model, config)
    return model


def trained_model(config, data):
    """The shipped model trained with exactly ``config`` on ``data`` (a ``TrainResult`` with
    ``origin="shipped"``), or None when none was shipped for them."""
    from .experiments import Experiment
    from .train import TrainResult

    key = Experiment("", config).key
    for record in runs(key, data.fingerprint):
        path = model_path(record)
        if path is None or record["seed"] != config.seed or not path.is_file():
            continue
        if record["vocab_fingerprint"] != vocabulary_fingerprint(data.vocab):
            return None  # the data is the same but today's code encodes it otherwise
        return TrainResult(
            model=load_model(record), vocab=data.vocab, config=config,
            history=record["history"], test_loss=record["test_loss"],
            test_accuracy=record["test_accuracy"], train_seconds=record["train_seconds"],
            epoch_seconds=record["epoch_seconds"], data_fingerprint=data.fingerprint,
            data=data, origin="shipped")
    return None


def write(records: list[dict], models: dict, folder: Path = FOLDER, meta: dict | None = None):
    """Replace the shipped results: ``records`` (run records, each with its ``model`` name, a
    ``models/<name>.weights.h5`` path, or None) and ``models`` ``{name: keras model}``, whose
    weights are saved. Every file is written atomically."""
    (folder / "models").mkdir(parents=True, exist_ok=True)
    for name, model in models.items():
        bare = model.__class__.from_config(model.get_config())  # no optimizer state: weights only
        bare.set_weights(model.get_weights())
        with files.atomic_path(folder / name, suffix=".weights.h5") as tmp:
            bare.save_weights(tmp)
    wanted = {r["model"] for r in records if r.get("model")}
    for old in (folder / "models").iterdir():
        if f"models/{old.name}" not in wanted:
            old.unlink()
    files.write_text(folder / "runs.json",
                     json.dumps({**(meta or {}), "runs": records}, indent=1) + "\n")
    _manifest.cache_clear()


def verify(data, tolerance: float = 0.002) -> list[str]:
    """Problems with the shipped results for the data they were trained on (``data`` loaded
    with any config): an empty list when every run's config is still a valid ``Config`` with
    the same fingerprint, its vocabulary is the one today's code builds, and every shipped
    model evaluates to its recorded test accuracy (within ``tolerance``)."""
    from .config import Config
    from .encoding import encode_reviews

    problems = []
    records = runs(data_fingerprint=data.fingerprint)
    if not records:
        return [f"no shipped run was trained on this data ({data.fingerprint})"]
    encoded = {}
    for record in records:
        name = f"{record['experiment']} seed {record['seed']}"
        try:
            config = Config(**record["config"])
        except (TypeError, ValueError) as error:
            problems.append(f"{name}: its config is no longer valid ({error})")
            continue
        if config.fingerprint() != record["config_fingerprint"]:
            problems.append(f"{name}: its config fingerprint changed")
        encoding = tuple(getattr(config, k) for k in ("top_words", "maxlen", "padding",
                                                      "truncating", "oov"))
        if encoding not in encoded:
            encoded[encoding] = encode_reviews(data.reviews, config)
        current = encoded[encoding]
        if record["vocab_fingerprint"] != vocabulary_fingerprint(current.vocab):
            problems.append(f"{name}: today's code builds another vocabulary")
            continue
        path = model_path(record)
        if path is not None:
            if not path.is_file():
                problems.append(f"{name}: {record['model']} is missing")
                continue
            model = load_model(record)
            probabilities = model.predict(current.x_test, batch_size=1024, verbose=0)
            accuracy = float(np.mean((probabilities[:, 0] > 0.5) == current.y_test))
            if abs(accuracy - record["test_accuracy"]) > tolerance:
                problems.append(f"{name}: evaluates to {accuracy:.4f}, recorded "
                                f"{record['test_accuracy']:.4f}")
    return problems
