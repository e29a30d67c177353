"""The results shipped with the package, a read-only store of run records: every training run
that a notebook draws a conclusion from (each experiment over several seeds: metrics and
curves), and the weights of the models the notebooks open, so that a class does not retrain
them.

They live in ``imdbviz/_results/`` (``runs.json``, and ``models/`` with the weights of the models
the notebooks open, rebuilt from their config by ``build_model``). They are written only by
``python scripts/reproduce_results.py --data PATH`` (``write``), which retrains them all. Each
record (``imdbviz.runs``' format) is tagged with the fingerprints of its config and of the data
it was trained on, the vocabulary it encoded with, and the library versions, Keras backend and
machine it ran on; ``imdbviz.runs`` uses one only when they match what a notebook asks for.
``verify(data)`` checks, on the full data, that they match today's code.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

from . import files
from .config import Config
from .encoding import encode_reviews
from .model import build_model, compile_model
from .train import accuracy

FOLDER = Path(__file__).parent / "_results"


@functools.lru_cache(maxsize=1)
def _manifest() -> dict:
    try:
        return json.loads((FOLDER / "runs.json").read_text())
    except (OSError, ValueError):
        return {"runs": []}


def records(key: str | None = None, data_fingerprint: str | None = None) -> list[dict]:
    """The shipped run records, those of recipe ``key`` and data ``data_fingerprint`` when
    given, in seed order."""
    return sorted((r for r in _manifest()["runs"]
                   if (key is None or r["key"] == key)
                   and (data_fingerprint is None or r["data_fingerprint"] == data_fingerprint)),
                  key=lambda r: r["seed"])


def weights_path(record: dict) -> Path | None:
    """Where a record's shipped weights are (None when only its metrics are shipped, or the
    file is missing)."""
    path = FOLDER / record["model"] if record.get("model") else None
    return path if path is not None and path.is_file() else None


def load_model(record: dict):
    """The shipped model of a record: ``build_model`` of its config with its weights, then
    compiled as ``build_model`` compiles, so that it can be evaluated."""
    config = Config(**record["config"])
    model = build_model(config, compile=False)
    model.load_weights(weights_path(record))
    compile_model(model, config)
    return model


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
    problems = []
    found = records(data_fingerprint=data.fingerprint)
    if not found:
        return [f"no shipped run was trained on this data ({data.fingerprint})"]
    encoded = {}
    for record in found:
        name = f"{record['experiment']} seed {record['seed']}"
        try:
            config = Config(**record["config"])
        except (TypeError, ValueError) as error:
            problems.append(f"{name}: its config is no longer valid ({error})")
            continue
        if config.fingerprint() != record["config_fingerprint"]:
            problems.append(f"{name}: its config fingerprint changed")
        encoding = tuple(config.encoding.values())
        if encoding not in encoded:
            encoded[encoding] = encode_reviews(data.reviews, config)
        current = encoded[encoding]
        if record["vocab_fingerprint"] != current.vocab.fingerprint:
            problems.append(f"{name}: today's code builds another vocabulary")
            continue
        if record.get("model"):
            if weights_path(record) is None:
                problems.append(f"{name}: {record['model']} is missing")
                continue
            probabilities = load_model(record).predict(current.x_test, batch_size=1024,
                                                       verbose=0)
            measured = accuracy(probabilities, current.y_test)
            if abs(measured - record["test_accuracy"]) > tolerance:
                problems.append(f"{name}: evaluates to {measured:.4f}, recorded "
                                f"{record['test_accuracy']:.4f}")
    return problems
