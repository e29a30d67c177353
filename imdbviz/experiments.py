"""Comparisons that hold: the same training over several seeds, and what the spread says.

An ``Experiment`` is a training recipe (a ``Config`` plus how much data it reads, how its
Embedding starts, whether the test set is measured after every epoch); ``seed_runs`` gives its
runs for a list of seeds, each as a *run record* (a dict: config, seed, history, test accuracy,
timings, tags). A run comes from the results shipped with the package (``imdbviz.shipped``)
when one matches the experiment, the seed and the data, else from the user's cache, else it is
trained now and cached; the runs to train go through ``imdbviz.jobs`` (in this process, or on a
Dask cluster when ``$IMDBVIZ_SCHEDULER`` or ``$IMDBVIZ_WORKERS`` is set). ``Spread`` and
``Difference`` summarise what the seeds say.
"""
from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np

from . import runs
from .config import TUTORIAL_SIZES, Config
from .encoding import Dataset, reencoded, repad
from .jobs import Executor, Job, executor_from
from .model import build_model
from .stats import Difference, Spread, difference, spread  # noqa: F401  (the notebooks' names)
from .train import EvaluateEachEpoch, accuracy, fit
from .word2vec import KERAS_INIT_STD, Word2VecParams, word2vec_for

#: Embedding starts: learned from scratch (the post), word2vec then trained on, word2vec frozen.
EMBEDDINGS = ("learned", "word2vec-finetuned", "word2vec-frozen")
#: word2vec frozen at the scale word2vec gave its vectors (the others are rescaled to the
#: standard deviation of Keras' random start, ``KERAS_INIT_STD``): notebook 04, SMALL sizes.
OWN_SCALE = "word2vec-frozen-own-scale"
#: What ``Experiment.embedding`` may be.
EMBEDDING_KINDS = (*EMBEDDINGS, OWN_SCALE)
#: The series' condition name (``imdbviz.plots.style.CONDITION_COLORS``) of each embedding.
CONDITIONS = {"learned": "learned", "word2vec-finetuned": "word2vec, fine-tuned",
              "word2vec-frozen": "word2vec, frozen",
              OWN_SCALE: "word2vec, frozen at its own scale"}


@dataclass(frozen=True)
class Experiment:
    """A training recipe, run for several seeds (``config.seed`` is replaced by each seed).

    ``train_fraction``: the first share of the training reviews it reads (validation is still
    the last ``config.validation_split`` of those); ``embedding``: one of ``EMBEDDING_KINDS``
    (word2vec vectors with ``word2vec_window`` and ``word2vec_epochs``, trained with the run's
    seed); ``track_test``: measure the test set after every epoch too (to *show* what choosing
    by it would do; never to choose); ``name``: a label for tables.
    """

    name: str
    config: Config
    train_fraction: float = 1.0
    embedding: str = "learned"
    word2vec_window: int = 5
    word2vec_epochs: int = 5
    track_test: bool = False

    def __post_init__(self):
        if not 0.0 < self.train_fraction <= 1.0:
            raise ValueError(f"train_fraction must be in (0, 1], got {self.train_fraction}")
        if self.embedding not in EMBEDDING_KINDS:
            raise ValueError(f"embedding must be one of {EMBEDDING_KINDS}, got "
                             f"{self.embedding!r}")

    @property
    def options(self) -> dict:
        """What besides the config decides the runs (the name does not); ``runs.PLAIN`` for
        the plain recipe."""
        options = {"train_fraction": self.train_fraction, "track_test": self.track_test,
                   "embedding": self.embedding}
        if self.embedding != "learned":
            options.update(word2vec_window=self.word2vec_window,
                           word2vec_epochs=self.word2vec_epochs,
                           word2vec_std=None if self.word2vec_std is None
                           else round(self.word2vec_std, 6))
        return options

    @property
    def word2vec_std(self) -> float | None:
        """The standard deviation the word2vec rows are scaled to: ``KERAS_INIT_STD``, or None
        for ``OWN_SCALE`` (as word2vec made them)."""
        return None if self.embedding == OWN_SCALE else float(KERAS_INIT_STD)

    @property
    def key(self) -> str:
        """Identifies the recipe, whatever the seed and the name (``runs.recipe_key``)."""
        return runs.recipe_key(self.config, self.options)


# ----------------------------------------------------------------------------- the recipes
def ours(config: Config) -> Experiment:
    """The course's recipe for ``config`` (a preset, or the notebook's parameters)."""
    return Experiment("ours", config)


def marked_oov(config: Config) -> Experiment:
    """The same with unknown words read as ``<oov>`` (the post's encoding)."""
    return Experiment('oov="mark"', config.replace(oov="mark"))


#: The blog post's training: Adam at a constant 0.001, batch 64, 5 epochs, every epoch kept.
POST_TRAINING = {"batch_size": 64, "epochs": 5, "learning_rate": 0.001,
                 "lr_schedule": "constant", "clipnorm": 0.0, "patience": 0}


def post_protocol(config: Config) -> Experiment:
    """The blog post's way of training, on our tokenizer: unknown words marked, all training
    reviews fitted with the post's optimizer settings (``POST_TRAINING``), no held-out split
    (the test set measured after every epoch is what the post called validation)."""
    return Experiment("the post's protocol", config.replace(
        oov="mark", validation_split=0.0, **POST_TRAINING), track_test=True)


def overfitting(config: Config, dropout: float | None = None, reviews: float = 0.2,
                epochs: int = 12) -> Experiment:
    """Long training on a share of the training reviews at the post's constant learning rate,
    with no stopping rule and the test set measured after every epoch: over-fitting made
    visible (notebook 07)."""
    changes = {**POST_TRAINING, "epochs": epochs, "clipnorm": config.clipnorm}
    if dropout is not None:
        changes["dropout"] = dropout
    changed = config.replace(**changes)
    return Experiment(f"{epochs} epochs, dropout {changed.dropout:g}", changed,
                      train_fraction=reviews, track_test=True)


def with_embedding(config: Config, embedding: str, train_fraction: float = 1.0,
                   window: int = 5, epochs: int = 5) -> Experiment:
    """The recipe with the Embedding started as ``embedding`` (one of ``EMBEDDING_KINDS``), on the
    first ``train_fraction`` of the training reviews. With fewer reviews an epoch has fewer
    steps, so the epochs are multiplied by ``1 / train_fraction`` (as many optimizer steps as on
    all the reviews) and early stopping ends training when the validation loss stops falling.
    ``window`` and ``epochs`` are word2vec's."""
    share = "" if train_fraction == 1.0 else f", {train_fraction:.0%} of the reviews"
    if train_fraction < 1.0:
        config = config.replace(epochs=round(config.epochs / train_fraction))
    return Experiment(f"{embedding}{share}", config, train_fraction=train_fraction,
                      embedding=embedding, word2vec_window=window, word2vec_epochs=epochs)


#: The seeds of every comparison, in order: ``SEEDS[:n]`` for ``n`` seeds (7 is the post's).
SEEDS = (7, 1, 2, 3, 4)
#: Ten seeds, for the comparisons that five cannot decide (notebook 04's runs on a tenth of the
#: reviews): ``SEEDS`` first, so their runs are shared.
TEN_SEEDS = SEEDS + (5, 6, 8, 9, 10)


def course_experiments(seed_config: Config, full_config: Config) -> list:
    """Every experiment the notebooks conclude from, as ``(experiment, seeds, keep)`` where
    ``keep`` is the seed whose weights are shipped (the model a notebook opens) or None:
    what ``scripts/reproduce_results.py`` trains."""
    out = [(ours(seed_config), SEEDS, seed_config.seed),
           (marked_oov(seed_config), SEEDS, None),
           (post_protocol(seed_config), SEEDS, None),
           (overfitting(seed_config), SEEDS, None),
           (overfitting(seed_config, dropout=0.0), SEEDS, None),
           (ours(full_config), SEEDS, full_config.seed)]
    sizes = seed_config.replace(**TUTORIAL_SIZES)  # one recipe, two sizes (notebook 04)
    out.append((ours(sizes), SEEDS, None))
    for config in (seed_config, sizes):
        for embedding in EMBEDDINGS:
            for fraction in (1.0, 0.1):
                if embedding != "learned" or fraction != 1.0:
                    # the frozen run that notebook 04 pairs with OWN_SCALE takes all the seeds
                    frozen = config is seed_config and fraction == 1.0 and embedding == (
                        "word2vec-frozen")
                    seeds = TEN_SEEDS if fraction < 1.0 else SEEDS if frozen else SEEDS[:3]
                    out.append((with_embedding(config, embedding, fraction), seeds, None))
    # frozen at word2vec's own scale: SMALL, all the reviews, the seeds of "learned" and frozen
    out.append((with_embedding(seed_config, OWN_SCALE), SEEDS, None))
    return out


# ----------------------------------------------------------------------------- running
def run(experiment: Experiment, data: Dataset, seed: int, verbose: int = 0):
    """Train ``experiment`` with ``seed`` on ``data`` now; returns ``(record, model)``."""
    config = experiment.config.replace(seed=seed)
    data = reencoded(data, config)
    subset = data.first(int(round(experiment.train_fraction * len(data.y_train))))
    started = time.perf_counter()
    matrix, word2vec_seconds = None, 0.0
    if experiment.embedding != "learned":
        vectors = word2vec_for(data, Word2VecParams(
            dim=config.embedding_dim, window=experiment.word2vec_window,
            epochs=experiment.word2vec_epochs, seed=seed), std=experiment.word2vec_std)
        matrix, word2vec_seconds = vectors.matrix, vectors.seconds
    model = build_model(config, compile=False, embedding_matrix=matrix,
                        train_embedding=experiment.embedding not in ("word2vec-frozen", OWN_SCALE))
    callbacks = [EvaluateEachEpoch(data.x_test, data.y_test)] if experiment.track_test else []
    result = fit(config, subset, verbose=verbose, callbacks=callbacks, model=model)
    extra = {}
    if config.padding == "pre":  # the same test reviews with their words moved to the front
        probabilities = model.predict(repad(data.x_test, "post"), batch_size=1024, verbose=0)
        extra["post_padded_test_accuracy"] = accuracy(probabilities, data.y_test)
    record = runs.record(result, experiment=experiment.name, options=experiment.options,
                         seconds=time.perf_counter() - started,
                         word2vec_seconds=word2vec_seconds, extra=extra)
    keras.backend.clear_session(free_memory=False)
    return record, result.model


def run_job(experiment: Experiment, data: Dataset, seed: int,
            keep_model: bool = False) -> tuple[dict, bytes | None]:
    """``run`` as an ``imdbviz.jobs`` job: ``(record, model)`` where ``model`` is the trained
    model as the bytes of a ``.keras`` file with ``keep_model`` (they travel back from a worker
    of a cluster; the caller writes them), else None."""
    record, model = run(experiment, data, seed)
    if not keep_model:
        return record, None
    with tempfile.TemporaryDirectory(prefix="imdbviz-model-") as folder:
        path = Path(folder) / "model.keras"
        model.save(path)
        return record, path.read_bytes()


class _NotCached(Exception):
    """The run is not in the user's cache (``_from_cache``)."""


def _not_cached():
    raise _NotCached


def _from_cache(experiment: Experiment, data: Dataset, seed: int) -> dict | None:
    """The record of ``experiment`` with ``seed`` on ``data`` from the user's cache, or None."""
    try:
        return runs.cached_record(experiment.key, data, seed, _not_cached)
    except _NotCached:
        return None


def seed_runs(experiment: Experiment, data: Dataset, seeds, verbose: bool = True,
              executor: Executor | None = None) -> list[dict]:
    """One run record per seed (see the module's docstring: shipped, cached, or trained now).
    The seeds to train are ``imdbviz.jobs`` jobs run by ``executor`` (default: from
    ``$IMDBVIZ_SCHEDULER`` / ``$IMDBVIZ_WORKERS``, else in this process), each cached as it
    finishes; when one fails twice its exception is raised (the finished ones stay cached).
    With ``verbose``, says where the runs came from and how long training took."""
    data = reencoded(data, experiment.config)
    shipped_runs = runs.shipped_records(experiment.key, data)
    found = {seed: shipped_runs.get(seed) or _from_cache(experiment, data, seed)
             for seed in seeds}
    jobs = [Job(f"{experiment.name} seed {seed}", run_job, (experiment, data, seed))
            for seed in dict.fromkeys(seed for seed in seeds if found[seed] is None)]
    trained = []
    if jobs:
        seed_of = {job.name: job.args[2] for job in jobs}

        def keep(name, made):
            trained.append(made[0]["seconds"])
            found[seed_of[name]] = runs.cached_record(experiment.key, data, seed_of[name],
                                                      lambda: (made[0], None))

        executor = executor or executor_from()
        executor.run(jobs, echo=print if verbose or not executor.in_process else None,
                     on_result=keep).raise_failure()
    records = [found[seed] for seed in seeds]
    if verbose:
        parts = [f"{len(records)} seeds"]
        from_shipped = sum(seed in shipped_runs for seed in seeds)
        if from_shipped:
            parts.append(f"{from_shipped} from the results shipped with imdbviz")
        if trained:
            parts.append(f"{sum(trained):.0f} s of training now")
        print(f"{experiment.name}: " + ", ".join(parts) + "; a cold run trains them in "
              f"{sum(r['seconds'] for r in records):.0f} s")
    return records


def shipped_seeds(experiment: Experiment, data: Dataset, seeds) -> list[int]:
    """The seeds among ``seeds`` whose run of ``experiment`` on ``data`` ships with imdbviz:
    ``seed_runs`` reads those and trains (or takes from the cache) the others."""
    shipped = runs.shipped_records(experiment.key, reencoded(data, experiment.config))
    return [seed for seed in seeds if seed in shipped]


# ----------------------------------------------------------------------------- what seeds say
# ``Spread``, ``spread``, ``Difference`` and ``difference`` live in ``imdbviz.stats``; imported
# here too, where the notebooks have always found them.


def best_epoch(record: dict) -> int:
    """The 1-based epoch with the lowest validation loss over every epoch trained, or the
    last epoch when the run had no validation."""
    history = record["history"]
    if "val_loss" not in history:
        return len(history["loss"])
    return int(np.argmin(history["val_loss"])) + 1


def kept_epoch(record: dict, patience: int) -> int:
    """The 1-based epoch whose weights ``imdbviz.fit`` keeps with ``Config.patience``: with
    ``patience > 0``, replaying ``keras.callbacks.EarlyStopping(restore_best_weights=True)``
    on the run's validation losses, the lowest one before ``patience`` epochs in a row without
    a new low would have stopped training; with 0 (no early stopping) the last epoch."""
    history = record["history"]
    if not patience or "val_loss" not in history:
        return len(history["loss"])
    losses, best, wait = history["val_loss"], 0, 0
    for epoch in range(1, len(losses)):
        wait += 1
        if losses[epoch] < losses[best]:
            best, wait = epoch, 0
        elif wait >= patience:
            break
    return best + 1


def at_epoch(record: dict, key: str, epoch: int) -> float:
    """``history[key]`` at a 1-based epoch."""
    return float(record["history"][key][epoch - 1])
