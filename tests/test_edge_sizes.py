"""The series at the edges: a teacher who runs every notebook with very small but valid sizes
(a vocabulary of a dozen words, reviews cut to ten tokens, layers of one or two units) gets
every notebook to its end, each saying what it skips and why."""
import json
import os
from pathlib import Path

import pytest

from imdbviz.runner import find_notebooks, run_series

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
#: The smallest sizes worth showing: 10 known words, 10 tokens, one filter, two LSTM units, one
#: seed per comparison (and notebook 04 without its second comparison at the FULL preset's
#: sizes, which are not tiny).
TINY = {"dataset": "sample", "top_words": 12, "maxlen": 10, "embedding_dim": 2, "filters": 1,
        "kernel_size": 2, "lstm_units": 2, "dense_units": 1, "epochs": 1, "n_seeds": 1,
        "n_seeds_tenth": 1, "include_full": False}


def _printed(notebook: Path) -> str:
    cells = json.loads(notebook.read_text())["cells"]
    return "\n".join("".join(o.get("text", "")) for c in cells if c["cell_type"] == "code"
                     for o in c["outputs"])


@pytest.mark.skipif(bool(os.environ.get("IMDBVIZ_DATA")),
                    reason="runs on the bundled sample in every tier: once, in the sample tier")
def test_every_notebook_runs_to_the_end_at_tiny_sizes(tmp_path):
    runs = run_series(find_notebooks(NOTEBOOKS), TINY, out=tmp_path, echo=None)
    failed = {run.notebook.name: run.error for run in runs if run.status != "ok"}
    assert not failed
    assert len(runs) == len(list(NOTEBOOKS.glob("*.ipynb")))
    embedding = _printed(next(tmp_path.glob("03_*.ipynb")))
    assert "its most telling words instead" in embedding  # said on stderr, in the output
    assert "claim does not hold here" in embedding or "claim not checkable here" in embedding
    word2vec = _printed(next(tmp_path.glob("04_*.ipynb")))
    assert "its most telling words instead" in word2vec
