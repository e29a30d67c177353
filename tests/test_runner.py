"""`imdbviz run`: parameters, notebook discovery, papermill execution of tiny real notebooks
(one reads the bundled sample, one fails, one trains a tiny Keras model for the sweep)."""
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import nbformat
import numpy as np
import pytest

import imdbviz
import imdbviz.runner
from imdbviz.cli import main
from imdbviz.data import SAMPLE_PATH
from imdbviz.runner import (find_notebooks, parse_parameters, parse_sweep, parse_value,
                            read_metrics, run_series, run_sweep, summary_table)


def _notebook(path, parameters: str, *cells: str):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))
    return path


SAMPLE_CELL = """
import imdbviz
from imdbviz.runner import record_metrics
reviews = imdbviz.load_reviews(dataset)
record_metrics(n_train=len(reviews.train_texts), top_words=top_words, note=note)
"""


@pytest.fixture
def folder(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks / "02_sample.ipynb", 'dataset = "auto"\ntop_words = 500\nnote = "x"',
              SAMPLE_CELL)
    _notebook(notebooks / "01_fails.ipynb", "top_words = 500",
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


def test_parse_sweep():
    assert parse_sweep("lstm_units=25,50,100") == ("lstm_units", [25, 50, 100])
    assert parse_sweep("dropout=0,0.5") == ("dropout", [0, 0.5])
    for bad in ("lstm_units", "lstm_units=", "=1,2"):
        with pytest.raises(ValueError, match="NAME=V1,V2"):
            parse_sweep(bad)


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


def test_files_a_notebook_writes_land_beside_its_executed_copy(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks / "03_writes.ipynb", "folder = 'projector'",
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
def test_an_interrupted_or_killed_inplace_run_leaves_the_notebook_byte_identical(tmp_path, how):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    notebook = _notebook(notebooks / "01_slow.ipynb", "top_words = 500", "x = 1", SLOW_CELL,
                         "y = 2")
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


def test_tidy_merges_streams_and_keeps_progress_bars_as_last_drawn():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("fit()")])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="Epoch 1/1\n"),
                           nbformat.v4.new_output("stream", name="stdout", text="\r 1/2 ━"),
                           nbformat.v4.new_output("stream", name="stdout", text="\r 2/2 ━━\n"),
                           nbformat.v4.new_output("stream", name="stderr", text="warning\n")]
    imdbviz.runner.tidy(nb)
    assert [o.text for o in nb.cells[0].outputs] == ["Epoch 1/1\n 2/2 ━━\n", "warning\n"]


def test_progress_bars_are_kept_as_last_drawn():
    bar = " 1/3 ━━ 0.1s\r 2/3 ━━━━ 0.2s\r 3/3 ━━━━━━ 0.3s\nEpoch 2/2\ndone\r\n"
    assert imdbviz.runner.as_displayed(bar) == " 3/3 ━━━━━━ 0.3s\nEpoch 2/2\ndone\n"


def test_default_run_folders_never_collide(tmp_path):
    first = imdbviz.runner.default_out_dir(tmp_path)
    first.mkdir()
    second = imdbviz.runner.default_out_dir(tmp_path)
    assert second != first and not second.exists()


TRAIN_CELL = """
import imdbviz
from imdbviz.runner import record_metrics
config = imdbviz.Config.from_params(globals())
data = imdbviz.load_dataset(config, dataset, verbose=False)
model = imdbviz.build_model(config)
history = model.fit(data.x_train[:128], data.y_train[:128], epochs=config.epochs,
                    batch_size=config.batch_size, validation_split=0.25, verbose=0)
loss, accuracy = model.evaluate(data.x_test[:128], data.y_test[:128], verbose=0)
record_metrics(params=model.count_params(), test_accuracy=accuracy, history=history.history)
"""


def _displayed_metrics(path) -> dict:
    """What an executed notebook's record_metrics call displayed, read from its JSON here."""
    outputs = [o for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"
               for o in c["outputs"]]
    [metrics] = [o["data"]["application/json"] for o in outputs
                 if o.get("metadata", {}).get(imdbviz.runner.METRICS_KEY)]
    return metrics


def _png_pixels(figure):
    import matplotlib.image
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    buffer.seek(0)
    return matplotlib.image.imread(buffer)


def test_sweep_writes_table_and_plot(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.image

    from imdbviz.plots import plot_sweep

    notebook = _notebook(tmp_path / "05_tiny.ipynb",
                         'dataset = "auto"\ntop_words = 50\nmaxlen = 10\nlstm_units = 4\n'
                         "epochs = 2", TRAIN_CELL)
    out = tmp_path / "sweep"
    runs, paths = run_sweep(notebook, "lstm_units", [2, 3], {"dataset": "sample"}, out,
                            echo=None)
    assert [r.status for r in runs] == ["ok", "ok"]
    # each run's numbers, as its executed notebook shows them
    records = [_displayed_metrics(out / f"05_tiny_lstm_units-{u}.ipynb") for u in (2, 3)]
    expected = [imdbviz.build_model(imdbviz.Config(top_words=50, maxlen=10, lstm_units=u))
                .count_params() for u in (2, 3)]
    assert [r["params"] for r in records] == expected
    for record in records:
        assert len(record["history"]["val_accuracy"]) == 2  # one per epoch
        assert (record["test_accuracy"] * 128) % 1 == 0  # a share of the 128 test reviews
    # the table: one row per value with its run's numbers
    with open(paths["csv"]) as f:
        rows = list(csv.DictReader(f))
    assert [(r["lstm_units"], r["status"]) for r in rows] == [("2", "ok"), ("3", "ok")]
    assert [int(r["params"]) for r in rows] == expected
    assert [float(r["test_accuracy"]) for r in rows] == [r["test_accuracy"] for r in records]
    assert all(float(r["seconds"]) > 0 for r in rows)
    markdown = paths["md"].read_text().splitlines()
    assert markdown[0].startswith("| lstm_units | seconds | status |")
    for units, record, line in zip((2, 3), records, markdown[2:]):
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[0] == str(units) and str(record["params"]) in cells
        assert f"{record['test_accuracy']:.4f}" in cells
    # the picture: the runs' validation curves and test accuracies, pixel for pixel
    drawn = plot_sweep([2, 3], [r["history"] for r in records],
                       [r["test_accuracy"] for r in records], name="lstm_units")
    for line, record in zip(drawn.axes[0].lines, records):
        assert list(line.get_ydata()) == record["history"]["val_accuracy"]
    assert list(drawn.axes[1].lines[0].get_ydata()) == [r["test_accuracy"] for r in records]
    png = matplotlib.image.imread(paths["png"])
    assert png.shape[:2] == (350, 1000)  # the figure's 10 x 3.5 inches at 100 dpi
    np.testing.assert_array_equal(png, _png_pixels(drawn))
    other = plot_sweep([2, 3], [r["history"] for r in records], [0.5, 0.6], name="lstm_units")
    assert not np.array_equal(png, _png_pixels(other))  # other numbers, another picture
    assert json.loads(json.dumps(runs[0].metrics))["params"] == expected[0]
