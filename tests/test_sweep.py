"""`imdbviz run --sweep`: the parameter and its values, and a sweep of a tiny real notebook that
trains a Keras model (its table and plot)."""
import csv
import io
import json

import numpy as np
import pytest

import imdbviz
from imdbviz.notebook_metrics import METRICS_KEY
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


def _displayed_metrics(path) -> dict:
    """What an executed notebook's record_metrics call displayed, read from its JSON here."""
    outputs = [o for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"
               for o in c["outputs"]]
    [metrics] = [o["data"]["application/json"] for o in outputs
                 if o.get("metadata", {}).get(METRICS_KEY)]
    return metrics


def _png_pixels(figure):
    import matplotlib.image
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    buffer.seek(0)
    return matplotlib.image.imread(buffer)


def test_sweep_writes_table_and_plot(tmp_path, write_notebook):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.image

    from imdbviz.plots import plot_sweep

    notebook = write_notebook(tmp_path / "05_tiny.ipynb",
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
