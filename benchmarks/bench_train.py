"""Benchmark: ``imdbviz train`` against a literal Keras 3 port of the blog post, same data,
same machine, one after the other, each in its own process (so peak memories are separate).

    python benchmarks/bench_train.py --data ../shared/data/aclImdb_v1_labeled.tar.gz [--full]

Prints, per preset, test accuracy, wall time (process start to exit: imports, reading and
encoding the archive, training, evaluating), seconds per epoch, peak resident memory
(``ru_maxrss`` of the child) and the imdbviz / post ratios. ``imdbviz train`` runs with an
empty model cache (``IMDBVIZ_CACHE`` in a temporary folder), so it really trains.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_measured(command: list[str], env: dict | None = None) -> dict:
    """Run ``command``; return its last-line JSON plus ``wall_seconds``, ``peak_mb`` and
    ``cpu_seconds`` of that process alone (``os.wait4``)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, **(env or {})})
    # read the pipes in threads so a chatty child cannot block, then reap it with wait4
    import threading

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
    stdout, stderr = chunks["out"], chunks["err"]
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code  # reaped by wait4: tell Popen
    if code != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({code}):\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update(wall_seconds=wall, peak_mb=usage.ru_maxrss / 1024,
                  cpu_seconds=usage.ru_utime + usage.ru_stime)
    return result


def bench(preset: str, data: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="imdbviz-bench-") as cache:
        ours = run_measured([sys.executable, "-m", "imdbviz.cli", "train", "--preset", preset,
                             "--data", data, "--json", "--quiet"],
                            env={"IMDBVIZ_CACHE": cache, "TF_CPP_MIN_LOG_LEVEL": "3"})
    post = run_measured([sys.executable, str(HERE / "post_keras3.py"), "--data", data,
                         "--verbose", "0", *(["--full"] if preset == "full" else [])],
                        env={"TF_CPP_MIN_LOG_LEVEL": "3"})
    for result in (ours, post):
        seconds = result["epoch_seconds"]
        result["seconds_per_epoch"] = (sum(seconds) / len(seconds)
                                       if isinstance(seconds, list) else seconds)
        result["epochs"] = (result.get("epochs_run") or len(seconds)
                            if isinstance(seconds, list) else 5)
    return {"imdbviz": ours, "post (Keras 3 port)": post}


def table(preset: str, results: dict) -> str:
    ours, post = results["imdbviz"], results["post (Keras 3 port)"]
    rows = [f"### preset {preset}", "",
            "| run | test accuracy | wall s | epochs | s/epoch | CPU s | peak MB |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        rows.append(f"| {name} | {r['test_accuracy']:.4f} | {r['wall_seconds']:.1f} | "
                    f"{r['epochs']} | {r['seconds_per_epoch']:.1f} | {r['cpu_seconds']:.0f} | "
                    f"{r['peak_mb']:.0f} |")
    rows.append(f"| imdbviz / post | {ours['test_accuracy'] - post['test_accuracy']:+.4f} | "
                f"{ours['wall_seconds'] / post['wall_seconds']:.2f}x | | "
                f"{ours['seconds_per_epoch'] / post['seconds_per_epoch']:.2f}x | "
                f"{ours['cpu_seconds'] / post['cpu_seconds']:.2f}x | "
                f"{ours['peak_mb'] / post['peak_mb']:.2f}x |")
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("IMDBVIZ_DATA"),
                        help="the aclImdb archive or folder (default: $IMDBVIZ_DATA)")
    parser.add_argument("--preset", action="append", choices=["seed", "full"],
                        help="seed (default), full, or both: --preset seed --preset full")
    parser.add_argument("--json", help="also write every measurement to this JSON file")
    args = parser.parse_args(argv)
    if not args.data:
        parser.error("give --data PATH (or set IMDBVIZ_DATA) to the aclImdb archive")
    import platform

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
          f"data: {args.data}", flush=True)
    everything = {}
    for preset in args.preset or ["seed"]:
        everything[preset] = bench(preset, args.data)
        print(table(preset, everything[preset]) + "\n", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(everything, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
