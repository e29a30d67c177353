"""How long a class waits: the whole series on the full data, cold and warm.

    python benchmarks/bench_notebooks.py --data ../shared/data/aclImdb_v1_labeled.tar.gz

*Cold* is a machine that has never run the course: an empty imdbviz cache (no trained model, no
tokenized corpus; the results shipped with the package are there, as after any install). *Warm* is
the same series run again right after. Each notebook runs with papermill at its defaults, into a
temporary folder; the committed notebooks are not touched. Prints each notebook's seconds and the
totals against the targets of issue 11 (each notebook <= 150 s cold; the series <= 8 min cold and
<= 6 min warm).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("IMDBVIZ_DATA"))
    parser.add_argument("--notebooks", default=str(REPO / "notebooks"))
    args = parser.parse_args(argv)
    if not args.data:
        parser.error("give --data PATH (or set IMDBVIZ_DATA) to the aclImdb archive")
    from imdbviz.runner import find_notebooks, run_series

    notebooks = find_notebooks(args.notebooks)
    times = {}
    with tempfile.TemporaryDirectory(prefix="imdbviz-bench-nb-") as folder:
        os.environ.update(IMDBVIZ_DATA=str(Path(args.data).resolve()), IMDBVIZ_OFFLINE="1",
                          IMDBVIZ_CACHE=str(Path(folder) / "cache"), MPLBACKEND="Agg")
        for label in ("cold", "warm"):
            runs = run_series(notebooks, out=Path(folder) / label, echo=None)
            failed = [r for r in runs if r.status != "ok"]
            if failed:
                sys.exit(f"{label} run failed: " + "; ".join(f"{r.notebook.name}: {r.error}"
                                                              for r in failed))
            times[label] = {r.notebook.name: r.seconds for r in runs}
    print("| notebook | cold s | warm s |\n|---|---:|---:|")
    for name in times["cold"]:
        print(f"| {name} | {times['cold'][name]:.0f} | {times['warm'][name]:.0f} |")
    cold, warm = sum(times["cold"].values()), sum(times["warm"].values())
    print(f"| **series** | **{cold:.0f}** ({cold / 60:.1f} min) | **{warm:.0f}** ({warm / 60:.1f} min) |")
    slowest = max(times["cold"], key=times["cold"].get)
    print(f"\ntargets: each notebook <= 150 s cold (slowest: {slowest}, {times['cold'][slowest]:.0f} s: "
          f"{'met' if times['cold'][slowest] <= 150 else 'not met'}); series <= 8 min cold "
          f"({'met' if cold <= 480 else 'not met'}), <= 6 min warm ({'met' if warm <= 360 else 'not met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
