"""Benchmark: ``imdbviz train`` against a literal Keras 3 port of the blog post, same data, same
machine, one after the other, each in its own process (so peak memories are separate).

    python benchmarks/bench_train.py --data ../shared/data/aclImdb_v1_labeled.tar.gz \\
        --preset seed --preset full --backend tensorflow --backend jax --seeds 7,1,2

For each preset: the port once (the post's 5 epochs for SMALL; 3 epochs for FULL, as issue 16 sets
the reference), then for each backend and seed ``imdbviz train --preset P --seed S``:

* **cold** (``--cold-seeds``, default 7): an empty cache, as a student's first run: reading the
  archive and tokenizing its 50,000 reviews are part of the time;
* **warm** (every seed): the tokenization cached (a second run), the model trained again;

and, untimed, ``benchmarks/short_texts.py`` on the warm run's network: its test accuracy on the
test reviews cut to their first and their last 30 words, beside the same-budget TF-IDF's. Each
line: test accuracy, wall time (process start to exit: imports, reading and encoding, training,
evaluating), seconds per epoch, peak resident memory (``ru_maxrss``), and the wall time over the
port's. Prints markdown tables; ``--json`` also writes every measurement.
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
PORT_EPOCHS = {"small": 5, "seed": 5, "full": 3}


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


def train_command(preset: str, data: str, seed: int) -> list[str]:
    return [sys.executable, "-m", "imdbviz.cli", "train", "--preset", preset, "--data", data,
            "--seed", str(seed), "--json", "--quiet"]


def bench(preset: str, data: str, backends, seeds, words: int, cold_seeds,
          backend_seeds: dict) -> list[dict]:
    rows = []
    port = run_measured([sys.executable, str(HERE / "post_keras3.py"), "--data", data,
                         "--verbose", "0", "--epochs", str(PORT_EPOCHS[preset]),
                         *(["--full"] if preset == "full" else [])],
                        env={"TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": "tensorflow"})
    port.update(run=f"the post, Keras 3 port ({PORT_EPOCHS[preset]} epochs)", backend="tensorflow",
                seed=7, cache="cold")
    rows.append(port)
    print(row(port, port), flush=True)
    tfidf = None
    with tempfile.TemporaryDirectory(prefix="imdbviz-bench-warm-") as warm:
        subprocess.run([sys.executable, "-m", "imdbviz.cli", "data", "--data", data, "--count"],
                       env={**os.environ, "IMDBVIZ_CACHE": warm}, capture_output=True,
                       check=True)  # the tokenization cache of the warm runs
        for backend in backends:
            env = {"TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": backend}
            for seed in backend_seeds.get(backend, seeds):
                if seed in cold_seeds:
                    with tempfile.TemporaryDirectory(prefix="imdbviz-bench-cold-") as cold:
                        ours = run_measured(train_command(preset, data, seed),
                                            env={**env, "IMDBVIZ_CACHE": cold})
                    ours.update(run="imdbviz train", backend=backend, cache="cold")
                    rows.append(ours)
                    print(row(ours, port), flush=True)
                ours = run_measured(train_command(preset, data, seed),
                                    env={**env, "IMDBVIZ_CACHE": warm})
                ours.update(run="imdbviz train", backend=backend, cache="warm")
                short = subprocess.run(
                    [sys.executable, str(HERE / "short_texts.py"), "--data", data, "--preset",
                     preset, "--seed", str(seed), "--words", str(words),
                     *(["--tfidf"] if tfidf is None else [])],
                    env={**os.environ, **env, "IMDBVIZ_CACHE": warm}, capture_output=True,
                    text=True, check=True)
                ours["short"] = json.loads(short.stdout.strip().splitlines()[-1])
                tfidf = tfidf or {k: v for k, v in ours["short"].items() if k.startswith("tfidf")}
                ours["short"].update(tfidf)
                rows.append(ours)
                print(row(ours, port), flush=True)
    return rows


HEADER = ("| run | backend | cache | seed | test accuracy | first 30 words | last 30 words | wall s "
          "| vs port | epochs | s/epoch | peak MB |\n"
          "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def row(r: dict, port: dict) -> str:
    epochs = r.get("epochs_run") or PORT_EPOCHS.get(r.get("preset", ""), "")
    short = r.get("short", {})
    first, last = (f"{short[k]:.4f}" if k in short else "" for k in ("network_first",
                                                                    "network_last"))
    return (f"| {r['run']} | {r['backend']} | {r['cache']} | {r['seed']} | "
            f"{r['test_accuracy']:.4f} | {first} | {last} | {r['wall_seconds']:.1f} | "
            f"{r['wall_seconds'] / port['wall_seconds']:.2f}x | {epochs} | "
            f"{r['seconds_per_epoch']:.1f} | {r['peak_mb']:.0f} |")


def summary(preset: str, rows: list[dict]) -> str:
    port, lines = rows[0], []
    tfidf = next((r["short"] for r in rows if "short" in r), None)
    if tfidf:
        lines.append(f"{preset}, TF-IDF uni+bigrams at the same budget: test accuracy "
                     f"{tfidf['tfidf']:.4f}; first 30 words {tfidf['tfidf_first']:.4f}, last 30 "
                     f"words {tfidf['tfidf_last']:.4f}")
    for backend in sorted({r["backend"] for r in rows[1:]}):
        for cache in ("cold", "warm"):
            ours = [r for r in rows[1:] if r["backend"] == backend and r["cache"] == cache]
            if not ours:
                continue
            accuracy = statistics.mean(r["test_accuracy"] for r in ours)
            wall = statistics.mean(r["wall_seconds"] for r in ours)
            line = (f"{preset}, {backend}, {cache}: test accuracy {accuracy:.4f} mean over "
                    f"{len(ours)} seeds (port {port['test_accuracy']:.4f}); wall {wall:.1f} s = "
                    f"{wall / port['wall_seconds']:.2f}x the port's {port['wall_seconds']:.1f} s; "
                    f"peak {max(r['peak_mb'] for r in ours):.0f} MB")
            shorts = [r["short"] for r in ours if "short" in r]
            if shorts and tfidf:
                for side in ("first", "last"):
                    network = statistics.mean(s[f"network_{side}"] for s in shorts)
                    line += (f"; {side} 30 words {network:.4f} "
                             f"({network - tfidf[f'tfidf_{side}']:+.4f} vs TF-IDF)")
            lines.append(line)
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("IMDBVIZ_DATA"),
                        help="the aclImdb archive or folder (default: $IMDBVIZ_DATA)")
    parser.add_argument("--preset", action="append", choices=["small", "full", "seed"])
    parser.add_argument("--backend", action="append", choices=["tensorflow", "jax"])
    parser.add_argument("--seeds", default="7,1,2", help="the seeds of the warm runs")
    parser.add_argument("--cold-seeds", default="7",
                        help="the seeds also run cold (an empty cache: tokenizing included)")
    parser.add_argument("--backend-seeds", action="append", default=[], metavar="BACKEND=SEEDS",
                        help="other warm seeds for one backend, e.g. jax=7 (JAX trains FULL "
                             "slower on a CPU)")
    parser.add_argument("--words", type=int, default=30, help="the short texts' length")
    parser.add_argument("--json", help="also write every measurement to this JSON file")
    args = parser.parse_args(argv)
    if not args.data:
        parser.error("give --data PATH (or set IMDBVIZ_DATA) to the aclImdb archive")
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs; data: {args.data}", flush=True)
    everything = {}
    for preset in args.preset or ["small"]:
        print(f"\n### preset {preset}\n\n{HEADER}", flush=True)
        everything[preset] = bench(
            preset, args.data, args.backend or ["tensorflow"], seeds, args.words,
            cold_seeds={int(s) for s in args.cold_seeds.split(",") if s},
            backend_seeds={b: [int(s) for s in v.split(",")] for b, v in
                           (item.split("=", 1) for item in args.backend_seeds)})
        print("\n" + summary(preset, everything[preset]), flush=True)
    if args.json:
        from imdbviz.files import write_text  # atomic: a temporary name, then renamed

        write_text(args.json, json.dumps(everything, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
