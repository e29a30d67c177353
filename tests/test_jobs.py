"""imdbviz.jobs: independent jobs in this process or on a real Dask cluster of this machine (a
LocalCluster: worker processes, nothing outside the machine). The same training records either
way; a worker killed mid-job and a job that raises, each reported by name and retried once,
the others' records kept; the same record written by two workers lands whole; a sweep names
the runs it has no result for; nothing imports ``distributed`` unless a cluster is asked for."""
import argparse
import csv
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time

import distributed
import pytest

import job_functions
from imdbviz import experiments, files
from imdbviz.jobs import Executor, Job, executor_from, run_jobs
from imdbviz.notebook_metrics import METRICS_KEY
from imdbviz.sweep import run_sweep
from imdbviz.tables import format_rows


@pytest.fixture(scope="module")
def cluster():
    """A Dask cluster of 2 worker processes (one thread each) on this machine, shared by the
    tests that reach it by its scheduler's address, as a lab's cluster is reached."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=logging.ERROR) as local:
        yield local.scheduler_address


def _keep_in(folder):
    """An ``on_result`` that writes each result as ``folder/<name>.json`` (as callers do)."""
    def keep(name, result):
        files.write_text(folder / f"{name}.json", json.dumps(result))
    return keep


def test_a_sweep_trains_the_same_records_here_and_on_a_cluster(cluster, tiny_config, tiny_data,
                                                                tmp_path):
    """2 values of lstm_units x 2 seeds of a tiny recipe on the sample: in this process, then
    on the cluster; each run's record written as it comes."""
    recipes = {units: experiments.Experiment(f"lstm_units={units}", tiny_config.replace(
        lstm_units=units, epochs=1), train_fraction=0.25) for units in (2, 4)}
    jobs = [Job(f"lstm_units={units} seed={seed}", experiments.run_job, (recipe, tiny_data, seed))
            for units, recipe in recipes.items() for seed in (1, 2)]
    here = run_jobs(jobs, echo=None, on_result=_keep_in(tmp_path / "here"))
    there = run_jobs(jobs, scheduler=cluster, echo=None, on_result=_keep_in(tmp_path / "there"))
    assert (here.where, there.where) == ("in this process", f"the Dask cluster at {cluster}")
    assert here.ok and there.ok and not here.retried and not there.retried
    with distributed.Client(cluster) as client:  # the workers trained: they imported the recipe
        assert any(client.run(lambda: "imdbviz.experiments" in sys.modules).values())
    rows = {}
    for where in ("here", "there"):
        records = [json.loads((tmp_path / where / f"{job.name}.json").read_text())[0]
                   for job in jobs]
        rows[where] = [{"lstm_units": r["config"]["lstm_units"], "seed": r["seed"],
                        "test_accuracy": r["test_accuracy"], "test_loss": r["test_loss"],
                        **{f"last {k}": v[-1] for k, v in sorted(r["history"].items())}}
                       for r in records]
        assert [r["seed"] for r in records] == [1, 2, 1, 2]
        assert len({r["data_fingerprint"] for r in records}) == 1
    # the same numbers (measured: equal to the last bit on TensorFlow/CPU; 1e-6 allowed)
    for mine, theirs in zip(rows["here"], rows["there"]):
        assert mine == pytest.approx(theirs, abs=1e-6)
    assert rows["here"][0]["test_loss"] != rows["here"][1]["test_loss"]  # seeds differ
    assert format_rows(rows["here"], markdown=True) == format_rows(rows["there"], markdown=True)


def test_a_worker_killed_mid_job_is_retried_and_every_record_lands(tmp_path):
    """A local cluster of 2 workers; the job "slow" waits on its first try until the test kills
    its worker process (SIGKILL); the cluster starts a new worker and the job runs again."""
    killed = []

    def kill_the_slow_job():
        marker, deadline = tmp_path / "slow.try-1", time.monotonic() + 120
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        if marker.exists():
            time.sleep(0.5)  # mid-job
            killed.append(int(marker.read_text()))
            os.kill(killed[0], signal.SIGKILL)

    killer = threading.Thread(target=kill_the_slow_job, daemon=True)
    killer.start()
    said = []
    jobs = [Job("quick 1", job_functions.report, ("quick 1", str(tmp_path))),
            Job("quick 2", job_functions.report, ("quick 2", str(tmp_path))),
            Job("slow", job_functions.wait_on_first_try, ("slow", str(tmp_path)))]
    done = run_jobs(jobs, workers=2, echo=said.append, on_result=_keep_in(tmp_path / "records"))
    killer.join()
    assert killed, "the slow job never started"
    assert done.ok and list(done.results) == ["quick 1", "quick 2", "slow"]
    assert list(done.retried) == ["slow"] and not done.failed
    assert done.retried["slow"].startswith("its worker process died")
    assert any(line.startswith("job 'slow' failed (its worker process died") for line in said)
    assert "retried: slow (its worker process died" in said[-1]  # the closing report
    records = {p.stem: json.loads(p.read_text()) for p in (tmp_path / "records").iterdir()}
    assert set(records) == {"quick 1", "quick 2", "slow"}
    assert records["slow"]["try"] == 2 and records["slow"]["pid"] != killed[0]
    assert [r["try"] for name, r in sorted(records.items()) if name != "slow"] == [1, 1]


@pytest.mark.parametrize("where", ["here", "cluster"])
def test_a_job_that_raises_is_retried_once_and_reported_missing(where, cluster, tmp_path):
    said = []
    jobs = [Job("fine 1", job_functions.report, ("fine 1", str(tmp_path))),
            Job("broken", job_functions.fail, ("broken", str(tmp_path))),
            Job("fine 2", job_functions.report, ("fine 2", str(tmp_path)))]
    done = run_jobs(jobs, scheduler=cluster if where == "cluster" else None, echo=said.append,
                    on_result=_keep_in(tmp_path / "records"))
    assert done.missing == ["broken"] and list(done.results) == ["fine 1", "fine 2"]
    assert done.failed["broken"] == "ValueError: broken is broken on purpose (try 2)"
    assert done.retried["broken"] == "ValueError: broken is broken on purpose (try 1)"
    assert sorted(p.name for p in tmp_path.glob("broken.try-*")) == ["broken.try-1",
                                                                     "broken.try-2"]
    assert sorted(p.stem for p in (tmp_path / "records").iterdir()) == ["fine 1", "fine 2"]
    assert [line.split(" (")[0] for line in said if line.startswith("job ")] == [
        "job 'broken' failed", "job 'broken' failed"]
    assert said[-1] == done.report()
    assert done.report().endswith("missing: broken (ValueError: broken is broken on purpose "
                                  "(try 2))")
    with pytest.raises(ValueError, match="broken on purpose") as raised:
        done.raise_failure()
    assert "job 'broken'" in raised.value.__notes__[0]


def test_the_same_record_from_two_workers_lands_whole(cluster, tmp_path):
    """Two workers write one record path 100 times each while it is read here: every read is
    one complete copy (the rename is atomic), the last complete copy wins, nothing is left over."""
    path, size, reads, broken = tmp_path / "record.json", 100_000, [], []
    finished = threading.Event()

    def read_while_written():
        while not finished.is_set():
            try:
                text = path.read_text()
            except FileNotFoundError:
                continue
            try:
                record = json.loads(text)
                assert len(record["pad"]) == size
                reads.append((record["writer"], record["copy"]))
            except (ValueError, AssertionError):
                broken.append(len(text))

    reader = threading.Thread(target=read_while_written, daemon=True)
    reader.start()
    jobs = [Job(f"writer {w}", job_functions.write_many, (str(path), w, 100, size))
            for w in ("a", "b")]
    done = run_jobs(jobs, scheduler=cluster, echo=None)
    finished.set()
    reader.join()
    assert done.ok and list(done.results.values()) == [100, 100]
    assert reads and not broken
    last = json.loads(path.read_text())
    assert last["copy"] == 99 and len(last["pad"]) == size
    assert [p.name for p in tmp_path.iterdir()] == ["record.json"]


METRICS_CELL = f"""
from IPython.display import display
display({{"application/json": {{"test_accuracy": 0.5 + len(str(x)) / 100,
                                "history": {{"val_accuracy": [0.5, 0.6]}}}},
          "text/plain": "metrics"}}, raw=True, metadata={{"{METRICS_KEY}": True}})
"""


@pytest.mark.filterwarnings("ignore:constrained_layout not applied")  # the long tick label
def test_a_sweep_names_the_runs_it_has_no_result_for(tmp_path, write_notebook):
    """A value whose executed notebook cannot be written (its file name is too long): that job
    fails twice, and the sweep's table and plot are made from the run that finished."""
    notebook = write_notebook(tmp_path / "tiny.ipynb", "x = 1", METRICS_CELL)
    out, long_value, said = tmp_path / "sweep", "v" * 300, []
    runs, paths = run_sweep(notebook, "x", [12, long_value], out=out,
                            echo=lambda text, flush=False: said.append(text))
    assert [run.status for run in runs] == ["ok", "missing"]
    assert runs[0].metrics["test_accuracy"] == 0.52 and runs[0].output == out / "tiny_x-12.ipynb"
    label = f"x={long_value!r}"
    assert runs[1].error.startswith("no result: OSError: [Errno 36] File name too long")
    with open(paths["csv"]) as table:
        rows = list(csv.DictReader(table))
    assert [(r["x"], r["status"], r["test_accuracy"]) for r in rows] == [
        ("12", "ok", "0.52"), (long_value, "missing", "")]
    markdown = paths["md"].read_text()
    assert markdown.splitlines()[-1].startswith(f"**missing** (no result, so not in the plot): "
                                               f"{label} (OSError: ")
    assert sum(line.startswith(f"job {label!r} failed") for line in said) == 2
    assert sorted(p.name for p in out.iterdir()) == ["sweep_x.csv", "sweep_x.md", "sweep_x.png",
                                                     "tiny_x-12.ipynb"]


def test_where_jobs_run_comes_from_the_options_then_the_environment():
    no_options = argparse.Namespace(workers=None, scheduler=None)
    assert executor_from(no_options, {}) == Executor()
    assert executor_from(no_options, {"IMDBVIZ_WORKERS": "3"}) == Executor(workers=3)
    address = "tcp://10.0.0.1:8786"
    assert executor_from(no_options, {"IMDBVIZ_SCHEDULER": address}) == Executor(scheduler=address)
    options = argparse.Namespace(workers=2, scheduler=None)  # an option wins over the environment
    assert executor_from(options, {"IMDBVIZ_SCHEDULER": address}) == Executor(workers=2)
    for environ, message in (({"IMDBVIZ_WORKERS": "two"}, "whole number of worker processes"),
                             ({"IMDBVIZ_WORKERS": "2", "IMDBVIZ_SCHEDULER": address},
                              "both set: unset one")):
        with pytest.raises(ValueError, match=message):
            executor_from(no_options, environ)
    with pytest.raises(ValueError, match="1 or more"):
        Executor(workers=0)
    with pytest.raises(ValueError, match="like tcp://HOST:8786"):
        Executor(scheduler="localhost:8786")
    with pytest.raises(ValueError, match="defined at the top level of a module"):
        Job("nested", lambda: 1)
    with pytest.raises(ValueError, match="given twice: \\['a'\\]"):
        run_jobs([Job("a", job_functions.report, ("a", ".")),
                  Job("a", job_functions.report, ("a", "."))])


NO_DISTRIBUTED = """
import json, sys
import imdbviz, imdbviz.cli, imdbviz.experiments, imdbviz.sweep
from imdbviz.jobs import Executor, Job, executor_from, run_jobs
done = run_jobs([Job("a", json.dumps, ([1],))], **executor_from(environ={}).__dict__)
seen = {"result": done.results["a"], "imported": "distributed" in sys.modules}
sys.modules["distributed"] = None  # as if it were not installed
try:
    run_jobs([Job("a", json.dumps, ([1],))], workers=2, echo=None)
except ImportError as error:
    seen["error"] = str(error)
print(json.dumps(seen))
sys.exit(imdbviz.cli.main(["run", "--notebooks", sys.argv[1], "--sweep", "x=1,2",
                           "--workers", "2", "--out", sys.argv[2]]))
"""


def test_jobs_in_this_process_need_no_distributed(tmp_path, write_notebook):
    """The course's default path (the command line, a sweep, the seed loops) never imports
    ``distributed``; a cluster asked for without it says what to install."""
    write_notebook(tmp_path / "07_training_curves.ipynb", "x = 1", "y = x")
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMDBVIZ_")}
    done = subprocess.run([sys.executable, "-c", NO_DISTRIBUTED, str(tmp_path),
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=300,
                          env=env)
    seen = json.loads(done.stdout.strip().splitlines()[0])
    assert seen["result"] == "[1]" and seen["imported"] is False
    assert 'pip install "imdbviz[cluster]"' in seen["error"]
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(
        "imdbviz run: error: running jobs on a Dask cluster (--workers")


def test_the_command_line_takes_workers_for_a_sweep_only(capsys):
    from imdbviz.cli import main

    assert main(["run", "--workers", "2"]) == 2
    assert "--workers and --scheduler run the runs of a --sweep" in capsys.readouterr().err
