"""The committed notebooks as a reader meets them (on GitHub, nbviewer, a JupyterLab without a
kernel): their outputs are clean, every widget output carries a static picture, their parameters
are the series' shared ones at the presets' values, and their prose is backed by claim checks."""
import ast
import json
import re
from pathlib import Path

import pytest

import imdbviz
from imdbviz.notebook_files import KERNELSPEC
from imdbviz.widgets.static import WIDGET_VIEW

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))
SHARED = ("dataset", "top_words", "maxlen", "embedding_dim", "filters", "kernel_size", "pool_size",
          "lstm_units", "dropout", "dense_units", "batch_size", "epochs", "seed", "oov",
          "learning_rate", "lr_schedule")


def _cells(path):
    return json.loads(path.read_text())["cells"]


def _text(output):
    return "".join(output.get("text", "")) + json.dumps(output.get("data", {}))


def test_the_series_is_numbered_in_teaching_order():
    names = [p.name for p in NOTEBOOKS]
    assert [n[:3] for n in names] == [f"{i:02d}_" for i in range(1, len(names) + 1)]
    assert len(names) == 8


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_are_the_shared_names_at_the_presets_values(path):
    [cell] = [c for c in _cells(path) if "parameters" in c.get("metadata", {}).get("tags", [])]
    values = {}
    for node in ast.parse("".join(cell["source"])).body:
        values[node.targets[0].id] = ast.literal_eval(node.value)
    assert tuple(values)[:len(SHARED)] == SHARED
    assert imdbviz.Config.from_params(values) == imdbviz.SEED  # claims are written for these


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_clean(path):
    notebook = json.loads(path.read_text())
    assert notebook["metadata"]["kernelspec"] == KERNELSPEC
    assert "widgets" not in notebook["metadata"] and "papermill" not in notebook["metadata"]
    outputs = [o for c in notebook["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert outputs, "the committed notebook has no outputs: regenerate it with imdbviz run --inplace"
    for output in outputs:
        text = _text(output)
        assert output["output_type"] != "error", text[:300]
        assert not re.search(r"/work/|/root/|/home/\w+|/tmp/|site-packages", text), text[:300]
        assert not re.search(r"cudart|absl|cuda drivers|oneDNN|retracing|Warning:", text), text[:300]
        if WIDGET_VIEW in output.get("data", {}):
            assert {"image/png", "text/html"} & set(output["data"])
        if output["output_type"] == "stream":
            assert "\r" not in output["text"] if isinstance(output["text"], str) \
                else not any("\r" in line for line in output["text"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_results_stated_in_prose_are_checked_by_claims(path):
    cells = _cells(path)
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert sum("claims.claim(" in source for source in code) >= 3
    printed = "".join(_text(o) for c in cells if c["cell_type"] == "code" for o in c["outputs"])
    assert "claim holds" in printed and "claim does not hold" not in printed
