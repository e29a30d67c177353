"""Retrain every run the notebooks conclude from, and write them as the results shipped with
the package (``imdbviz/_results/``: ``runs.json`` and the weights of the models the notebooks
open). One command, on the full data and on the bundled sample:

    python scripts/reproduce_results.py --data ../shared/data/aclImdb_v1_labeled.tar.gz

The experiments are ``imdbviz.experiments.course_experiments(SMALL, FULL)``; each run is tagged
with its config and data fingerprints, its vocabulary, the library versions, the Keras backend
and the machine. Finished runs are kept in ``--work`` (default ``runs/reproduce``) as they
finish, so an interrupted command resumes where it stopped (``--fresh`` starts over); the
shipped results are replaced, atomically, only when every run is done. After a change to one
recipe, ``--keep-shipped`` keeps the shipped runs whose recipe key, seed, data and vocabulary are
still today's and retrains only the others.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import imdbviz
from imdbviz import experiments, files, shipped


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="the full aclImdb archive or folder")
    parser.add_argument("--work", default="runs/reproduce", type=Path,
                        help="where finished runs are kept until all are done")
    parser.add_argument("--fresh", action="store_true", help="ignore runs finished earlier")
    parser.add_argument("--only", choices=["sample", "full"], help="one dataset only (testing)")
    parser.add_argument("--keep-shipped", action="store_true",
                        help="keep the shipped runs whose recipe, seed, data and vocabulary are "
                             "today's; retrain only the others (after a change to one recipe)")
    args = parser.parse_args(argv)
    os.environ["IMDBVIZ_OFFLINE"] = "1"
    plan = experiments.course_experiments(imdbviz.SMALL, imdbviz.FULL)
    datasets = [("sample", "sample"), ("full", args.data)]
    if args.only:
        datasets = [d for d in datasets if d[0] == args.only]
    records, models, kept = [], {}, 0
    already = {(r["key"], r["data_fingerprint"], r["seed"]): r
               for r in (shipped.records() if args.keep_shipped else [])}
    started = time.perf_counter()
    for label, dataset in datasets:
        loaded = {}
        for experiment, seeds, keep in plan:
            encoding = tuple(experiment.config.encoding.values())
            if encoding not in loaded:
                loaded[encoding] = imdbviz.load_dataset(experiment.config, dataset, verbose=False)
            data = loaded[encoding]
            for seed in seeds:
                name = f"models/{label}-{experiment.key}-{seed}.weights.h5"
                found = already.get((experiment.key, data.fingerprint, seed))
                if (found and found["vocab_fingerprint"] == data.vocab.fingerprint
                        and (seed != keep or shipped.weights_path(found))):
                    if seed == keep:
                        models[name] = shipped.load_model(found)
                    records.append({**found, "model": name if seed == keep else None})
                    kept += 1
                    print(f"[{label}] {experiment.name} seed {seed}: kept from the shipped "
                          "results", flush=True)
                    continue
                done = args.work / f"{experiment.key}-{data.fingerprint}-{seed}.json"
                model_file = done.with_suffix(".keras")
                if done.exists() and not args.fresh and (seed != keep or model_file.exists()):
                    record = json.loads(done.read_text())
                    print(f"[{label}] {experiment.name} seed {seed}: done earlier", flush=True)
                else:
                    record, model = experiments.run(experiment, data, seed)
                    if seed == keep:
                        with files.atomic_path(model_file, suffix=".keras") as tmp:
                            model.save(tmp)
                    files.write_text(done, json.dumps(record))
                    print(f"[{label}] {experiment.name} seed {seed}: test accuracy "
                          f"{record['test_accuracy']:.4f} in {record['seconds']:.0f} s "
                          f"({time.perf_counter() - started:.0f} s so far)", flush=True)
                if seed == keep:
                    record["model"] = name
                    import keras

                    models[name] = keras.saving.load_model(model_file)
                records.append(record)
    if args.only is None:
        shipped.write(records, models, meta={
            "command": "python scripts/reproduce_results.py --data PATH",
            "data": {"sample": imdbviz.load_reviews("sample").fingerprint,
                     "full": imdbviz.claims.FULL_DATA_FINGERPRINT},
            "seconds": round(time.perf_counter() - started), "kept_from_earlier": kept})
        print(f"wrote {len(records)} runs ({kept} kept from the shipped results) and "
              f"{len(models)} models to {shipped.FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
