"""Seconds per training epoch of a preset's network on this machine and Keras backend.

    KERAS_BACKEND=jax python benchmarks/bench_epoch.py --preset full

Trains on random word ids of the preset's shape (the arithmetic of an epoch does not depend on
which words they are): one short warm-up fit (compilation), then ``--repeat`` timed epochs over
``--reviews`` reviews (default 20,000: a course epoch, the 80% of the training reviews it fits).
Prints one JSON object: backend, device, preset, batch size, seconds per epoch.
"""
from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=["small", "full", "seed"], default="small")
    parser.add_argument("--reviews", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--batch-size", type=int, help="default: the preset's")
    args = parser.parse_args(argv)

    import keras

    import imdbviz

    config = imdbviz.PRESETS[args.preset]
    if args.batch_size:
        config = config.replace(batch_size=args.batch_size)
    rng = np.random.default_rng(0)
    x = rng.integers(1, config.top_words, size=(args.reviews, config.maxlen)).astype("int32")
    y = rng.integers(0, 2, size=args.reviews).astype("float32")
    model = imdbviz.build_model(config)
    model.fit(x[:2 * config.batch_size], y[:2 * config.batch_size], batch_size=config.batch_size,
              epochs=1, verbose=0)
    seconds = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        model.fit(x, y, batch_size=config.batch_size, epochs=1, verbose=0)
        seconds.append(time.perf_counter() - start)
    devices = ([str(d) for d in __import__("jax").devices()] if keras.backend.backend() == "jax"
               else ["cpu"])
    print(json.dumps({"backend": keras.backend.backend(), "devices": devices,
                      "preset": args.preset, "batch_size": config.batch_size,
                      "reviews": args.reviews, "seconds_per_epoch": min(seconds),
                      "all_seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
