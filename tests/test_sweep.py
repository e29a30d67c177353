"""`imdbviz run --sweep`: the parameter and its values, and a sweep of a tiny real notebook that
trains a Keras model (its table and plot)."""
import csv
import json

import pytest

import imdbviz
from imdbviz.sweep import parse_sweep, run_sweep


def test_parse_sweep():
    assert parse_sweep("lstm_units=25,50,100") == ("lstm_units", [25, 50, 100])
    assert parse_sweep("dropout=0,0.5") == ("dropout", [0, 0.5])
    for bad in ("lstm_units", "lstm_units=", "=1,2"):
        with pytest.raises(ValueError, match="NAME=V1,V2"):
            parse_sweep(bad)


TRAIN_CELL = """
import imdbviz
from imdbviz.notebook_metrics import record_metrics
config = imdbviz.Config.from_params(globals())
data = imdbviz.load_dataset(config, dataset, verbose=False)
model = imdbviz.build_model(config)
history = model.fit(data.x_train[:128], data.y_train[:128], epochs=config.epochs,
                    batch_size=config.batch_size, validation_split=0.25, verbose=0)
loss, accuracy = model.evaluate(data.x_test[:128], data.y_test[:128], verbose=0)
record_metrics(params=model.count_params(), test_accuracy=accuracy, history=history.history)
"""


def test_sweep_writes_table_and_plot(tmp_path, write_notebook):
    notebook = write_notebook(tmp_path / "05_tiny.ipynb",
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
