"""The committed notebooks as a reader meets them (on GitHub, nbviewer, a JupyterLab without a
kernel): their outputs are clean, every widget output carries a static picture, their parameters
are the series' shared ones at the presets' values, and their prose is backed by claim checks."""
import ast
import json
import re
from pathlib import Path

import pytest

import imdbviz
from imdbviz.notebook_files import KERNELSPEC, is_machinery
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
    assert len(names) == 9  # 01..09: notebook 08 split into 08 (baselines) and 09 (explanations)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_are_the_shared_names_at_the_presets_values(path):
    [cell] = [c for c in _cells(path) if "parameters" in c.get("metadata", {}).get("tags", [])]
    values = {}
    for node in ast.parse("".join(cell["source"])).body:
        values[node.targets[0].id] = ast.literal_eval(node.value)
    assert tuple(values)[:len(SHARED)] == SHARED
    assert imdbviz.Config.from_params(values) == imdbviz.SMALL  # claims are written for these


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


def _claim_statements(source: str) -> list[str]:
    """A pattern for the statement of each ``claims.claim(...)`` call of a cell (an f-string's
    fields match any text)."""
    patterns = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "claim" and getattr(node.func.value, "id", "") == "claims"):
            continue
        statement = node.args[0]
        parts = statement.values if isinstance(statement, ast.JoinedStr) else [statement]
        patterns.append("".join(re.escape(p.value) if isinstance(p, ast.Constant) else ".+?"
                                for p in parts))
    return patterns


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_results_stated_in_prose_are_checked_by_claims(path):
    """The saved outputs come from the full data at the default parameters, where a false claim
    raises; and every claim call of every cell printed that its statement held there."""
    cells = [c for c in _cells(path) if c["cell_type"] == "code"]
    [setup] = [c for c in cells if "claims.Claims(" in "".join(c["source"])]
    printed = "".join(_text(o) for o in setup["outputs"])
    assert re.search(r"Data: aclimdb .*: 25,000 train / 25,000 test reviews", printed), printed
    checked = 0
    for cell in cells:
        statements = _claim_statements("".join(cell["source"]))
        printed = "\n".join("".join(o["text"]) for o in cell["outputs"]
                            if o["output_type"] == "stream")
        assert "claim does not hold" not in printed and "claim not checkable" not in printed
        shown = [o for o in cell["outputs"] if "imdbviz" in o.get("metadata", {})]
        held = [c["statement"] for o in shown for c in o["metadata"]["imdbviz"]["claims"]]
        said = [[line for line in held if re.fullmatch(statement, line)]
                for statement in statements]
        assert all(said), f"claims that said nothing: {statements} -> {held}"
        assert sum(map(len, said)) == len(held), f"claims of no claim call: {held}"
        if statements:  # what the student sees of a claim cell: one short line
            assert len(shown) == 1, cell["source"]
            line = "".join(shown[0]["data"]["text/plain"])
            assert line.count("\n") == 0 and len(line) <= 80 and line.startswith("\u2713"), line
        checked += len(statements)
    assert checked >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_checking_machinery_is_collapsed_out_of_the_students_way(path):
    """Claim cells, and cells whose output is generated prose, are collapsed in JupyterLab
    (``metadata.jupyter.source_hidden``) and hidden on a rendered page (tag ``hide-input``);
    every other code cell shows its code."""
    for cell in _cells(path):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code":
            continue
        machinery = is_machinery(source)
        hidden = cell["metadata"].get("jupyter", {}).get("source_hidden", False)
        tagged = "hide-input" in cell["metadata"].get("tags", [])
        assert (hidden, tagged) == (bool(machinery),) * 2, source[:200]


#: A call of the libraries the course teaches: what a student must read on the page.
TAUGHT_API = re.compile(r"keras\.(layers|callbacks|initializers|activations|optimizers|Model\b|"
                        r"Sequential|ops|utils\.pad_sequences|Input)|sklearn|Word2Vec\(|"
                        r"TextVectorization")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_code_the_notebook_teaches_is_on_the_page(path):
    """At least one visible code cell (not collapsed machinery) calls Keras, gensim or
    scikit-learn to do what the notebook teaches."""
    shown = ["".join(c["source"]) for c in _cells(path) if c["cell_type"] == "code"
             and not is_machinery("".join(c["source"]))]
    assert any(TAUGHT_API.search(source) for source in shown)
