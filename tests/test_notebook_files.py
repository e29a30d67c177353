"""Tidying an executed notebook to commit: streams merged, progress bars as last drawn, no
papermill or widget state, JupyterLab's kernelspec."""
import nbformat

from imdbviz.notebook_files import KERNELSPEC, as_displayed, tidy
from imdbviz.widgets.static import WIDGET_VIEW


def test_tidy_merges_streams_and_keeps_progress_bars_as_last_drawn():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("fit()")])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="Epoch 1/1\n"),
                           nbformat.v4.new_output("stream", name="stdout", text="\r 1/2 ━"),
                           nbformat.v4.new_output("stream", name="stdout", text="\r 2/2 ━━\n"),
                           nbformat.v4.new_output("stream", name="stderr", text="warning\n")]
    tidy(nb)
    assert [o.text for o in nb.cells[0].outputs] == ["Epoch 1/1\n 2/2 ━━\n", "warning\n"]


def test_progress_bars_are_kept_as_last_drawn():
    bar = " 1/3 ━━ 0.1s\r 2/3 ━━━━ 0.2s\r 3/3 ━━━━━━ 0.3s\nEpoch 2/2\ndone\r\n"
    assert as_displayed(bar) == " 3/3 ━━━━━━ 0.3s\nEpoch 2/2\ndone\n"


def test_tidy_drops_widget_state_but_keeps_the_static_picture():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("explore()")])
    view = {"model_id": "1", "version_major": 2, "version_minor": 0}
    nb.cells[0].outputs = [
        nbformat.v4.new_output("display_data", data={WIDGET_VIEW: view, "image/png": "iVBO"}),
        nbformat.v4.new_output("display_data", data={WIDGET_VIEW: view, "text/plain": "w"})]
    nb.metadata["widgets"] = {"state": {}}
    nb.metadata["papermill"] = {"parameters": {}}
    nb.cells[0].metadata["execution"] = {"iopub.status.busy": "x"}
    tidy(nb)
    assert [set(o.data) for o in nb.cells[0].outputs] == [{"image/png"},
                                                          {WIDGET_VIEW, "text/plain"}]
    assert "widgets" not in nb.metadata and "papermill" not in nb.metadata
    assert "execution" not in nb.cells[0].metadata
    assert nb.metadata["kernelspec"] == KERNELSPEC


def test_tidy_collapses_claim_and_generated_prose_cells_only():
    cells = [nbformat.v4.new_code_cell('claims.claim("two is more than one", 2 > 1)'),
             nbformat.v4.new_code_cell('Markdown(f"The model scored {acc:.2f}.")'),
             nbformat.v4.new_code_cell("model.fit(x, y)"),
             nbformat.v4.new_code_cell("x = 1")]
    cells[3].metadata.update(tags=["hide-input", "parameters"], jupyter={"source_hidden": True,
                                                                         "outputs_hidden": False})
    nb = nbformat.v4.new_notebook(cells=cells)
    tidy(nb)
    assert [c.metadata.get("jupyter", {}).get("source_hidden", False) for c in nb.cells] == \
        [True, True, False, False]
    assert [c.metadata["tags"] for c in nb.cells] == [["hide-input"], ["hide-input"], [],
                                                      ["parameters"]]
    assert nb.cells[3].metadata["jupyter"] == {"outputs_hidden": False}
