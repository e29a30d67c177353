"""Retrain every run the notebooks conclude from, and write them as the results shipped with
the package (``imdbviz/_results/``: ``runs.json`` and the weights of the models the notebooks
open). One command, on the full data and on the bundled sample:

    python scripts/reproduce_results.py --data ../shared/data/aclImdb_v1_labeled.tar.gz

The experiments are ``imdbviz.experiments.course_experiments(SMALL, FULL)``; each run is tagged
with its config and data fingerprints, its vocabulary, the library versions, the Keras backend
and the machine. Each (dataset, experiment, seed) training run is an ``imdbviz.jobs`` job: one
after another here, or side by side on a Dask cluster (``--workers N``: a local one;
``--scheduler tcp://HOST:8786``: an existing one). Finished runs are kept in ``--work`` (default
``runs/reproduce``) as they finish, so an interrupted command resumes where it stopped
(``--fresh`` starts over); a run that fails twice is named and the others are kept; the shipped
results are replaced, atomically, only when every run is done. After a change to one recipe,
``--keep-shipped`` keeps the shipped runs whose recipe key, seed, data and vocabulary are still
today's and retrains only the others. ``--only``, ``--experiments`` and ``--seeds`` train a
part (for testing and timing) and never replace the shipped results; nor does ``--no-ship``.
"""
from __future__ import annotations

import argparse
import fnmatch
import json
import os
import sys
import time
from pathlib import Path

import imdbviz
from imdbviz import experiments, files, shipped
from imdbviz.jobs import Job, add_cluster_options, executor_from


def _seeds(text: str) -> set[int]:
    try:
        return {int(seed) for seed in text.split(",") if seed.strip()}
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seeds {text!r}: whole numbers separated by "
                                         "commas, e.g. 7,1") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="the full aclImdb archive or folder")
    parser.add_argument("--work", default="runs/reproduce", type=Path,
                        help="where finished runs are kept until all are done")
    parser.add_argument("--fresh", action="store_true", help="ignore runs finished earlier")
    parser.add_argument("--only", choices=["sample", "full"], help="one dataset only (testing)")
    parser.add_argument("--experiments", metavar="GLOB", action="append",
                        help="only the experiments whose name (or recipe key) matches, e.g. "
                             "ours or 'word2vec-*' (repeatable; testing, timing)")
    parser.add_argument("--seeds", type=_seeds, metavar="S1,S2",
                        help="only these seeds, e.g. 7,1 (testing, timing)")
    parser.add_argument("--no-ship", action="store_true",
                        help="train into --work only; never replace the shipped results")
    parser.add_argument("--keep-shipped", action="store_true",
                        help="keep the shipped runs whose recipe, seed, data and vocabulary are "
                             "today's; retrain only the others (after a change to one recipe)")
    add_cluster_options(parser)
    return parser


def _wanted(experiment, patterns) -> bool:
    return not patterns or any(fnmatch.fnmatchcase(experiment.name, p)
                               or fnmatch.fnmatchcase(experiment.key, p) for p in patterns)


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    executor = executor_from(args)
    os.environ["IMDBVIZ_OFFLINE"] = "1"
    plan = [(experiment, [s for s in seeds if args.seeds is None or s in args.seeds], keep)
            for experiment, seeds, keep in
            experiments.course_experiments(imdbviz.SMALL, imdbviz.FULL)
            if _wanted(experiment, args.experiments)]
    if not any(seeds for _experiment, seeds, _keep in plan):
        raise SystemExit("reproduce_results: --experiments / --seeds select no run; the "
                         "experiments are (name, recipe key): " + "; ".join(
                             f"{e.name} ({e.key})" for e, _s, _k in
                             experiments.course_experiments(imdbviz.SMALL, imdbviz.FULL)))
    datasets = [("sample", "sample"), ("full", args.data)]
    if args.only:
        datasets = [d for d in datasets if d[0] == args.only]
    ship = not (args.only or args.experiments or args.seeds or args.no_ship)
    slots, jobs, kept = [], [], 0  # slots: (label, seed, keep, record or None, done file)
    already = {(r["key"], r["data_fingerprint"], r["seed"]): r
               for r in (shipped.records() if args.keep_shipped else [])}
    models = {}
    started = time.perf_counter()
    for label, dataset in datasets:
        loaded = {}
        for experiment, seeds, keep in plan:
            encoding = tuple(experiment.config.encoding.values())
            if seeds and encoding not in loaded:
                loaded[encoding] = imdbviz.load_dataset(experiment.config, dataset, verbose=False)
            for seed in seeds:
                data = loaded[encoding]
                name = f"[{label}] {experiment.name} seed {seed}"
                model = f"models/{label}-{experiment.key}-{seed}.weights.h5"
                found = already.get((experiment.key, data.fingerprint, seed))
                if (found and found["vocab_fingerprint"] == data.vocab.fingerprint
                        and (seed != keep or shipped.weights_path(found))):
                    if seed == keep:
                        models[model] = shipped.load_model(found)
                    slots.append((name, {**found, "model": model if seed == keep else None},
                                  None, None))
                    kept += 1
                    print(f"{name}: kept from the shipped results", flush=True)
                    continue
                done = args.work / f"{experiment.key}-{data.fingerprint}-{seed}.json"
                model_file = done.with_suffix(".keras") if seed == keep else None
                if done.exists() and not args.fresh and (model_file is None
                                                         or model_file.exists()):
                    print(f"{name}: done earlier", flush=True)
                else:
                    jobs.append(Job(name, experiments.run_job,
                                    (experiment, data, seed, model_file is not None)))
                slots.append((name, None, done, model if model_file else None))

    def finished(name, made):
        """Keep a run in --work as it lands: the model first, then its record."""
        record, model_bytes = made
        done, model = next((done, model) for n, _r, done, model in slots if n == name)
        if model is not None:
            files.write_bytes(done.with_suffix(".keras"), model_bytes)
        files.write_text(done, json.dumps(record))
        print(f"{name}: test accuracy {record['test_accuracy']:.4f} in {record['seconds']:.0f} s "
              f"({time.perf_counter() - started:.0f} s so far)", flush=True)

    results = executor.run(jobs, on_result=finished)
    if results.missing:
        print(f"{len(results.missing)} of {len(slots)} runs missing: "
              + "; ".join(f"{n} ({results.failed[n]})" for n in results.missing)
              + f". The finished runs are kept in {args.work}: the same command again trains "
              "only the missing ones. Nothing shipped.", file=sys.stderr)
        return 1
    import keras

    records = []
    for name, record, done, model in slots:
        if record is None:
            record = json.loads(done.read_text())
            if model is not None:
                record["model"] = model
                models[model] = keras.saving.load_model(done.with_suffix(".keras"))
        records.append(record)
    seconds = time.perf_counter() - started
    print(f"{len(records)} runs in {seconds:.0f} s ({len(jobs)} trained now"
          + (f", {executor.describe()})" if jobs else ")"), flush=True)
    if ship:
        shipped.write(records, models, meta={
            "command": "python scripts/reproduce_results.py --data PATH",
            "data": {"sample": imdbviz.load_reviews("sample").fingerprint,
                     "full": imdbviz.claims.FULL_DATA_FINGERPRINT},
            "seconds": round(seconds), "kept_from_earlier": kept})
        print(f"wrote {len(records)} runs ({kept} kept from the shipped results) and "
              f"{len(models)} models to {shipped.FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
