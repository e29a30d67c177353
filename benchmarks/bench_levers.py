"""Benchmark: FULL's recipe against the levers of its accuracy and speed, over seeds, with
``imdbviz.fit``.

    python benchmarks/bench_levers.py --data ../shared/data/aclImdb_v1_labeled.tar.gz --seeds 7,1,2

Each variant changes FULL (5,000 words, 500 tokens, LSTM(100); length-bucketed batches with a
masked network, batch 128, 4 epochs, refitted on all 25,000 training reviews) in one or two
fields: every batch padded to 500 (no buckets, no mask), the choice on validation (20% held out),
more epochs, batch 64, the earlier recipe (batch 256, 6 epochs, early stopping on 20% held out).
Prints one line per run and a markdown table of each variant's mean test accuracy and seconds.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time


def variants():
    from imdbviz import FULL

    return {
        "the course's recipe": FULL,
        "padded to 500 (bucket_width 0)": FULL.replace(bucket_width=0),
        "validated on 20% held out": FULL.replace(validation_split=0.2),
        "6 epochs": FULL.replace(epochs=6),
        "batch 64": FULL.replace(batch_size=64),
        "the earlier recipe": FULL.replace(bucket_width=0, batch_size=256, epochs=6,
                                           validation_split=0.2, patience=2),
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
            results[name].append((metrics["test_accuracy"], time.perf_counter() - start))
            print(json.dumps({"variant": name, "seed": seed,
                              "test_accuracy": round(metrics["test_accuracy"], 4),
                              "epochs_run": metrics["epochs_run"],
                              "seconds": round(time.perf_counter() - start, 1)}), flush=True)
    print(f"\n| FULL variant | seeds {args.seeds} | mean | mean s |\n|---|---|---:|---:|")
    for name, runs in results.items():
        accuracies = [a for a, _s in runs]
        print(f"| {name} | {', '.join(f'{a:.4f}' for a in accuracies)} | "
              f"{statistics.mean(accuracies):.4f} | {statistics.mean(s for _a, s in runs):.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
