"""Benchmark: FULL's recipe against the levers of its accuracy, over seeds, with ``imdbviz.fit``.

    KERAS_BACKEND=jax python benchmarks/bench_levers.py --data ../shared/data/aclImdb_v1_labeled.tar.gz \\
        --seeds 7,1,2

Each variant changes FULL (5,000 words, 500 tokens, LSTM(100)) in one or two fields: no early
stopping, ``oov="mark"``, a refit on all 25,000 training reviews (no validation) for a fixed number
of epochs, smaller batches. Prints one line per run and a markdown table of each variant's mean
test accuracy. A run takes 3 to 6 min on a 2-core CPU (more at small batches) and 7 to 26 s on
one H100 (JAX); the README's "Measured" section gives the numbers.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time


def variants():
    from imdbviz import FULL

    refit = FULL.replace(validation_split=0.0, patience=0)
    return {
        "the course's recipe": FULL,
        "no early stopping (patience 0)": FULL.replace(patience=0),
        'oov="mark"': FULL.replace(oov="mark"),
        "refit on all 25k": refit,
        "refit, 4 epochs": refit.replace(epochs=4),
        "refit, 8 epochs": refit.replace(epochs=8),
        "refit, batch 128": refit.replace(batch_size=128),
        "refit, batch 64": refit.replace(batch_size=64),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="the aclImdb archive or folder")
    parser.add_argument("--seeds", default="7,1,2")
    parser.add_argument("--variant", action="append", help="run only these (default: all)")
    args = parser.parse_args(argv)
    import imdbviz

    chosen = {name: config for name, config in variants().items()
              if not args.variant or name in args.variant}
    seeds = [int(s) for s in args.seeds.split(",")]
    datasets, results = {}, {name: [] for name in chosen}
    for name, config in chosen.items():
        for seed in seeds:
            config = config.replace(seed=seed)
            if config.oov not in datasets:  # the encoding depends on oov only, among the levers
                datasets[config.oov] = imdbviz.load_dataset(config, args.data)
            start = time.perf_counter()
            metrics = imdbviz.fit(config, datasets[config.oov], verbose=0).metrics()
            results[name].append(metrics["test_accuracy"])
            print(json.dumps({"variant": name, "seed": seed,
                              "test_accuracy": round(metrics["test_accuracy"], 4),
                              "epochs_run": metrics["epochs_run"],
                              "seconds": round(time.perf_counter() - start, 1)}), flush=True)
    print(f"\n| FULL variant | seeds {args.seeds} | mean |\n|---|---|---:|")
    for name, accuracies in results.items():
        print(f"| {name} | {', '.join(f'{a:.4f}' for a in accuracies)} | "
              f"{statistics.mean(accuracies):.4f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
