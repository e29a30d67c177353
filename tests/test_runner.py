"""`imdbviz run`: parameters, notebook discovery, papermill execution of tiny real notebooks
(one reads the bundled sample, one fails) and the summary table."""
import csv
import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest

import imdbviz
import imdbviz.runner
from imdbviz.cli import main
from imdbviz.data import SAMPLE_PATH
from imdbviz.notebook_metrics import read_metrics
from imdbviz.runner import find_notebooks, parse_parameters, parse_value, run_series, summary_table


SAMPLE_CELL = """
import imdbviz
from imdbviz.notebook_metrics import record_metrics
reviews = imdbviz.load_reviews(dataset)
record_metrics(n_train=len(reviews.train_texts), top_words=top_words, note=note)
"""


@pytest.fixture
def folder(tmp_path, write_notebook):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "02_sample.ipynb",
                   'dataset = "auto"\ntop_words = 500\nnote = "x"', SAMPLE_CELL)
    write_notebook(notebooks / "01_fails.ipynb", "top_words = 500",
                   "x = 1", "raise ValueError('broken on purpose')", "y = 2")
    return notebooks


def test_parse_value_like_papermill():
    assert parse_value("3") == 3 and isinstance(parse_value("3"), int)
    assert parse_value("0.5") == 0.5 and parse_value("1e-3") == 0.001
    assert parse_value("True") is True and parse_value("False") is False
    assert parse_value("None") is None
    assert parse_value("sample") == "sample"
    assert parse_parameters([("epochs", "2"), ("dataset", "sample")]) == {"epochs": 2,
                                                                        "dataset": "sample"}
    with pytest.raises(ValueError, match="identifier"):
        parse_parameters([("top-words", "3")])


def test_find_notebooks_in_order_and_by_pattern(folder):
    (folder / ".ipynb_checkpoints").mkdir()
    assert [p.name for p in find_notebooks(folder)] == ["01_fails.ipynb", "02_sample.ipynb"]
    assert [p.name for p in find_notebooks(folder, ["02"])] == ["02_sample.ipynb"]
    assert [p.name for p in find_notebooks(folder, ["0*"])] == ["01_fails.ipynb",
                                                               "02_sample.ipynb"]
    with pytest.raises(ValueError, match="no notebook matches"):
        find_notebooks(folder, ["07"])
    with pytest.raises(ValueError, match="does not exist"):
        find_notebooks(folder / "missing")


def test_run_series_reports_failure_and_goes_on(folder, tmp_path):
    out = tmp_path / "out"
    # a relative path must still work although the kernel runs in the output's folder
    archive = os.path.relpath(SAMPLE_PATH)
    assert not os.path.isabs(archive)
    runs = run_series(find_notebooks(folder), {"dataset": archive, "top_words": 7,
                                               "note": "hello"}, out, echo=None)
    failed, ok = runs
    assert failed.status == "failed"
    # the injected-parameters cell counts: the failing cell is the 4th of the executed notebook
    assert "cell 4 of the executed notebook, In [4] `raise ValueError" in failed.error
    assert "ValueError: broken on purpose" in failed.error
    assert ok.status == "ok" and ok.error == ""
    # parameters reached the notebook, and its metrics came back from the executed copy
    assert ok.metrics == {"n_train": 2000, "top_words": 7, "note": "hello"}
    assert read_metrics(out / "02_sample.ipynb") == ok.metrics
    table = (out / "summary.md").read_text()
    assert "| 01_fails.ipynb |" in table and "failed" in table and "| ok | 2000 | hello | 7 |" in table
    assert "1 ok, 1 failed" in summary_table(runs)
    rows_of = lambda t: [line for line in t.splitlines() if line.startswith("|")]
    assert len({line.count("|") for line in rows_of(table)}) == 1   # every row has the header's columns
    # a run without metrics: three columns, no empty fourth
    assert failed.metrics == {} and rows_of(summary_table([failed]))[0] == "| notebook | seconds | status |"
    with open(out / "summary.csv") as f:
        rows = list(csv.DictReader(f))
    assert [r["status"] for r in rows] == ["failed", "ok"]
    assert rows[1]["top_words"] == "7"


def test_cli_run_inplace_and_exit_status(folder, tmp_path, capsys):
    code = main(["run", "--notebooks", str(folder), "--inplace", "02", "-p", "dataset",
                 "sample", "-p", "note", "in place", "--bake-parameters", "--allow-other-data"])
    assert code == 0
    assert "| 02_sample.ipynb |" in capsys.readouterr().out
    assert read_metrics(folder / "02_sample.ipynb")["note"] == "in place"  # written back
    assert main(["run", "--notebooks", str(folder), "--out", str(tmp_path / "o"), "01"]) == 1
    assert main(["run", "--notebooks", str(folder), "--out", str(tmp_path / "o"), "02"]) == 2
    assert "already holds the results of a run" in capsys.readouterr().err  # never mixes runs
    assert main(["run", "--notebooks", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_inplace_writes_a_tidy_notebook_with_its_defaults(folder):
    notebook = folder / "02_sample.ipynb"
    # "auto" is the bundled sample, or the full data in the full-data tier (IMDBVIZ_DATA)
    full = imdbviz.data.resolve_source("auto").kind == "aclimdb"
    [run] = run_series([notebook], {"note": "x"}, inplace=True, echo=None,  # "x": the default
                       allow_other_data=not full)
    assert run.status == "ok" and run.output == notebook
    executed = nbformat.read(str(notebook), as_version=4)
    assert read_metrics(executed)["n_train"] == (25_000 if full else 2000)
    assert len(executed.cells) == 2  # no injected-parameters cell
    assert "papermill" not in executed.metadata and "widgets" not in executed.metadata
    assert executed.metadata.kernelspec.display_name == "Python 3 (ipykernel)"
    assert not any("papermill" in c.metadata or "execution" in c.metadata
                   for c in executed.cells)
    assert not list(folder.glob(".*"))  # no temporary file left behind


def test_inplace_refuses_parameters_other_than_the_defaults(folder, capsys):
    notebook = folder / "02_sample.ipynb"
    before = notebook.read_bytes()
    code = main(["run", "--notebooks", str(folder), "--inplace", "02", "-p", "top_words", "-5"])
    error = capsys.readouterr().err
    assert code == 2 and "-p top_words -5 is not its default 500" in error
    assert "--bake-parameters" in error
    with pytest.raises(ValueError, match="maxlen is not a parameter of this notebook"):
        run_series([notebook], {"maxlen": 3}, inplace=True, echo=None)
    assert notebook.read_bytes() == before


def test_files_a_notebook_writes_land_beside_its_executed_copy(tmp_path, write_notebook):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "03_writes.ipynb", "folder = 'projector'",
                   "import pathlib\npathlib.Path(folder).mkdir()\n(pathlib.Path(folder) / 'v.tsv').write_text('1')")
    [run] = run_series([notebooks / "03_writes.ipynb"], out=tmp_path / "out", echo=None)
    assert run.status == "ok", run.error
    assert (tmp_path / "out" / "projector" / "v.tsv").read_text() == "1"
    assert sorted(p.name for p in notebooks.iterdir()) == ["03_writes.ipynb"]


def test_inplace_refuses_other_data_than_the_full_data(folder, capsys):
    notebook = folder / "02_sample.ipynb"
    before = notebook.read_bytes()
    code = main(["run", "--notebooks", str(folder), "--inplace", "02", "-p", "dataset", "sample",
                 "--bake-parameters"])
    error = capsys.readouterr().err
    assert code == 2 and "come from the full data" in error
    assert "dataset='sample' resolves to sample (bundled sample" in error
    assert "--allow-other-data" in error and "IMDBVIZ_DATA" in error
    assert notebook.read_bytes() == before


def test_a_failed_inplace_run_leaves_the_notebook_and_keeps_the_failed_copy(folder, tmp_path):
    notebook = folder / "01_fails.ipynb"
    before = notebook.read_bytes()
    failed = tmp_path / "failed"
    run = imdbviz.runner.run_inplace(notebook, failed_dir=failed)
    assert run.status == "failed" and "broken on purpose" in run.error
    assert notebook.read_bytes() == before
    assert run.output == failed / "01_fails.ipynb" and f"the failed run is in {failed}" in run.error
    kept = nbformat.read(str(run.output), as_version=4)
    errors = [o for c in kept.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert [e.evalue for e in errors] == ["broken on purpose"]  # the executed copy
    assert not list(folder.glob(".*"))


SLOW_CELL = "import pathlib, time\npathlib.Path('started').touch()\ntime.sleep(120)"


# `imdbviz run` as a terminal starts it. A background job (`.ci/run &`, nohup) inherits SIGINT
# ignored, and Python then never raises KeyboardInterrupt: restore Ctrl-C's handler first.
IMDBVIZ_AS_IN_A_TERMINAL = ("import signal, sys; signal.signal(signal.SIGINT, "
                            "signal.default_int_handler); from imdbviz.cli import main; "
                            "sys.exit(main(sys.argv[1:]))")


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM", "SIGKILL"])
def test_an_interrupted_or_killed_inplace_run_leaves_the_notebook_byte_identical(
        tmp_path, how, write_notebook):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    notebook = write_notebook(notebooks / "01_slow.ipynb", "top_words = 500", "x = 1",
                              SLOW_CELL, "y = 2")
    before = notebook.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-c", IMDBVIZ_AS_IN_A_TERMINAL, "run", "--notebooks", str(notebooks),
         "--inplace"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    started = notebooks / "started"  # written by the notebook's kernel, mid-notebook
    deadline = time.monotonic() + 120
    while not started.exists():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.2)
    if how == "SIGKILL":  # the whole process group: imdbviz and its kernel
        os.killpg(process.pid, signal.SIGKILL)
    else:
        process.send_signal(getattr(signal, how))
    _out, err = process.communicate(timeout=60)
    assert notebook.read_bytes() == before
    if how == "SIGKILL":
        return
    assert process.returncode == 130
    assert f"{notebook.relative_to(tmp_path)} is unchanged" in err
    assert err.rstrip().splitlines()[-1] == "imdbviz run: stopped"  # a message, no traceback
    kept = list((tmp_path / "runs").glob("*-failed/01_slow.ipynb"))
    assert len(kept) == 1 and f"kept in {kept[0].relative_to(tmp_path)}" in err
    assert not [p for p in notebooks.iterdir() if p.name.startswith(".")]


def test_default_run_folders_never_collide(tmp_path):
    first = imdbviz.runner.default_out_dir(tmp_path)
    first.mkdir()
    second = imdbviz.runner.default_out_dir(tmp_path)
    assert second != first and not second.exists()
