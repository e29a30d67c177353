"""Benchmark: ``imdbviz train`` against a literal Keras 3 port of the blog post, same data, same
machine, one after the other, each in its own process (so peak memories are separate).

    python benchmarks/bench_train.py --data ../shared/data/aclImdb_v1_labeled.tar.gz \\
        --preset seed --preset full --backend tensorflow --backend jax --seeds 7,1,2

For each preset: the port once (the post's 5 epochs for SEED; 3 epochs for FULL, as issue 16 sets
the reference), then ``imdbviz train --preset P --seed S`` for each backend and seed. Each line:
test accuracy, wall time (process start to exit: imports, reading and encoding the archive,
training, evaluating), seconds per epoch, peak resident memory (``ru_maxrss``), and imdbviz's
wall time over the port's. ``imdbviz train`` runs with a throw-away model cache (it always trains)
and a tokenization cache warmed once before the first timed run (as on a user's second run; the
first run of all tokenizes the 50,000 reviews once, about 12 s more). Prints a markdown table;
``--json`` also writes every measurement.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PORT_EPOCHS = {"seed": 5, "full": 3}


def run_measured(command: list[str], env: dict | None = None) -> dict:
    """Run ``command``; return its last-line JSON plus ``wall_seconds``, ``peak_mb`` and
    ``cpu_seconds`` of that process alone (``os.wait4``)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, **(env or {})})
    chunks = {"out": "", "err": ""}

    def drain(name, stream):
        chunks[name] = stream.read()

    readers = [threading.Thread(target=drain, args=("out", process.stdout)),
               threading.Thread(target=drain, args=("err", process.stderr))]
    for reader in readers:
        reader.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    for reader in readers:
        reader.join()
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code  # reaped by wait4: tell Popen
    if code != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({code}):\n{chunks['err'][-3000:]}")
    result = json.loads(chunks["out"].strip().splitlines()[-1])
    result.update(wall_seconds=wall, peak_mb=usage.ru_maxrss / 1024,
                  cpu_seconds=usage.ru_utime + usage.ru_stime)
    seconds = result["epoch_seconds"]
    result["seconds_per_epoch"] = (sum(seconds) / len(seconds) if isinstance(seconds, list)
                                   else seconds)
    return result


def bench(preset: str, data: str, backends, seeds, cache: str) -> list[dict]:
    rows = []
    port = run_measured([sys.executable, str(HERE / "post_keras3.py"), "--data", data,
                         "--verbose", "0", "--epochs", str(PORT_EPOCHS[preset]),
                         *(["--full"] if preset == "full" else [])],
                        env={"TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": "tensorflow"})
    port.update(run=f"the post, Keras 3 port ({PORT_EPOCHS[preset]} epochs)", backend="tensorflow",
                seed=7)
    rows.append(port)
    print(row(port, port), flush=True)
    for backend in backends:
        for seed in seeds:
            ours = run_measured(
                [sys.executable, "-m", "imdbviz.cli", "train", "--preset", preset, "--data", data,
                 "--seed", str(seed), "--json", "--quiet"],
                env={"IMDBVIZ_CACHE": cache, "TF_CPP_MIN_LOG_LEVEL": "3",
                     "KERAS_BACKEND": backend})
            ours.update(run="imdbviz train", backend=backend)
            rows.append(ours)
            print(row(ours, port), flush=True)
    return rows


HEADER = ("| run | backend | seed | test accuracy | wall s | vs port | epochs | s/epoch | peak MB |\n"
          "|---|---|---:|---:|---:|---:|---:|---:|---:|")


def row(r: dict, port: dict) -> str:
    epochs = r.get("epochs_run") or PORT_EPOCHS.get(r.get("preset", ""), "")
    return (f"| {r['run']} | {r['backend']} | {r['seed']} | {r['test_accuracy']:.4f} | "
            f"{r['wall_seconds']:.1f} | {r['wall_seconds'] / port['wall_seconds']:.2f}x | "
            f"{epochs} | {r['seconds_per_epoch']:.1f} | {r['peak_mb']:.0f} |")


def summary(preset: str, rows: list[dict]) -> str:
    port, lines = rows[0], []
    for backend in sorted({r["backend"] for r in rows[1:]}):
        ours = [r for r in rows[1:] if r["backend"] == backend]
        accuracy = [r["test_accuracy"] for r in ours]
        wall = [r["wall_seconds"] for r in ours]
        lines.append(f"{preset}, {backend}: test accuracy {statistics.mean(accuracy):.4f} mean over "
                     f"{len(ours)} seeds (port {port['test_accuracy']:.4f}); wall "
                     f"{statistics.mean(wall):.1f} s = {statistics.mean(wall) / port['wall_seconds']:.2f}x "
                     f"the port's {port['wall_seconds']:.1f} s; peak {max(r['peak_mb'] for r in ours):.0f} MB")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("IMDBVIZ_DATA"),
                        help="the aclImdb archive or folder (default: $IMDBVIZ_DATA)")
    parser.add_argument("--preset", action="append", choices=["seed", "full"])
    parser.add_argument("--backend", action="append", choices=["tensorflow", "jax"])
    parser.add_argument("--seeds", default="7,1,2")
    parser.add_argument("--json", help="also write every measurement to this JSON file")
    args = parser.parse_args(argv)
    if not args.data:
        parser.error("give --data PATH (or set IMDBVIZ_DATA) to the aclImdb archive")
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs; data: {args.data}", flush=True)
    everything = {}
    with tempfile.TemporaryDirectory(prefix="imdbviz-bench-") as cache:
        subprocess.run([sys.executable, "-m", "imdbviz.cli", "data", "--data", args.data,
                        "--count"], env={**os.environ, "IMDBVIZ_CACHE": cache},
                       capture_output=True, check=True)  # the tokenization cache, warmed once
        for preset in args.preset or ["seed"]:
            print(f"\n### preset {preset}\n\n{HEADER}", flush=True)
            everything[preset] = bench(preset, args.data, args.backend or ["tensorflow"], seeds,
                                       cache)
            print("\n" + summary(preset, everything[preset]), flush=True)
    if args.json:
        from imdbviz.files import write_text  # atomic: a temporary name, then renamed

        write_text(args.json, json.dumps(everything, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
