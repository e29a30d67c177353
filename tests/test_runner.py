"""`imdbviz run`: parameters, notebook discovery, papermill execution of tiny real notebooks
(one reads the bundled sample, one fails, one trains a tiny Keras model for the sweep)."""
import csv
import json
import os

import nbformat
import pytest

import imdbviz
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
    # a relative path must still work although the kernel runs in the notebook's folder
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
    assert "| 01_fails.ipynb |" in table and "failed" in table and "n_train=2000" in table
    assert "1 ok, 1 failed" in summary_table(runs)
    with open(out / "summary.csv") as f:
        rows = list(csv.DictReader(f))
    assert [r["status"] for r in rows] == ["failed", "ok"]
    assert rows[1]["top_words"] == "7"


def test_cli_run_inplace_and_exit_status(folder, tmp_path, capsys):
    code = main(["run", "--notebooks", str(folder), "--inplace", "02", "-p", "dataset",
                 "sample", "-p", "note", "in place"])
    assert code == 0
    assert "| 02_sample.ipynb |" in capsys.readouterr().out
    assert read_metrics(folder / "02_sample.ipynb")["note"] == "in place"  # written back
    assert main(["run", "--notebooks", str(folder), "--out", str(tmp_path / "o"), "01"]) == 1
    assert main(["run", "--notebooks", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


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


def test_sweep_writes_table_and_plot(tmp_path):
    notebook = _notebook(tmp_path / "05_tiny.ipynb",
                         'dataset = "auto"\ntop_words = 50\nmaxlen = 10\nlstm_units = 4\n'
                         "epochs = 2", TRAIN_CELL)
    out = tmp_path / "sweep"
    runs, paths = run_sweep(notebook, "lstm_units", [2, 3], {"dataset": "sample"}, out,
                            echo=None)
    assert [r.status for r in runs] == ["ok", "ok"]
    with open(paths["csv"]) as f:
        rows = list(csv.DictReader(f))
    expected = [imdbviz.build_model(imdbviz.Config(top_words=50, maxlen=10, lstm_units=u))
                .count_params() for u in (2, 3)]
    assert [int(r["params"]) for r in rows] == expected
    assert [len(r.metrics["history"]["val_accuracy"]) for r in runs] == [2, 2]
    assert paths["png"].stat().st_size > 1000
    assert "| lstm_units |" in paths["md"].read_text()
    assert json.loads(json.dumps(runs[0].metrics))["params"] == expected[0]
