"""The tensor explorer: the pure view function on the trained sample model, the plot it feeds,
and the thin widget wiring (controls -> state -> view), without a browser."""
import matplotlib

matplotlib.use("Agg")

import base64  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import imdbviz  # noqa: E402
from imdbviz import tensors as ins  # noqa: E402
from imdbviz.plots import plot_explorer_view, plot_feature_map, plot_pooling  # noqa: E402
from imdbviz.plots import plot_running_prediction  # noqa: E402
from imdbviz.widgets.explorer import (LAYER_CHOICES, ExplorerSource, ExplorerState,  # noqa: E402
                                      explore, explorer_view, view_png)


@pytest.fixture(scope="module")
def trained(seed_trained):
    return seed_trained


@pytest.fixture(scope="module")
def source(trained):
    return ExplorerSource.from_training(trained)


def test_view_of_a_test_review(source, trained, sample_data):
    view = explorer_view(source, ExplorerState(review=4, layer="conv", unit=3))
    x = sample_data.x_test[4:5]
    conv = ins.layer_outputs(trained.model, x)["conv"][0]
    np.testing.assert_allclose(view.values, conv[:, 3], atol=1e-6)
    assert view.labels[-1] == trained.vocab.words[x[0, -1]]
    assert view.units == imdbviz.SEED.filters and view.channel == "filter"
    assert view.label == sample_data.y_test[4]
    assert view.probability == pytest.approx(float(trained.model.predict(x, verbose=0)[0, 0]),
                                             abs=1e-5)
    assert view.running.shape == (imdbviz.SEED.maxlen // imdbviz.SEED.pool_size,)
    assert view.running[-1] == pytest.approx(view.probability)
    assert view.words == np.count_nonzero(x)
    assert "test review 4" in view.title and "conv filter 3" in view.title


def test_view_of_typed_text_and_lstm_gates(source, trained):
    text = "A wonderful film with great acting"
    view = explorer_view(source, ExplorerState(text=text, layer="lstm_f", unit=5))
    x = trained.encode([text])
    np.testing.assert_allclose(view.values, ins.lstm_trace(trained.model, x).f[0, :, 5])
    assert view.label is None and "your text" in view.title
    assert view.words == 6
    assert view.padding.sum() > 0 and not view.padding[-1]  # pre-padding: words at the end
    assert view.step_labels[-1] == "great acting"


@pytest.mark.parametrize("state, message", [
    (ExplorerState(review=10_000), "review must be between 0 and 999"),
    (ExplorerState(layer="dense"), "layer must be one of"),
    (ExplorerState(layer="lstm_h", unit=50), "unit must be between 0 and 49"),
    (ExplorerState(text="   \t"), None),  # blank: the test review
    (ExplorerState(text="<br />"), "has no words"),
])
def test_view_rejects_bad_choices(source, state, message):
    if message is None:
        assert explorer_view(source, state).label is not None
        return
    with pytest.raises(ValueError, match=message):
        explorer_view(source, state)


def test_plot_explorer_view_draws_the_view(source):
    view = explorer_view(source, ExplorerState(review=2, layer="pool", unit=1))
    figure = plot_explorer_view(view)
    top, bottom = figure.drawn_["axes"]["values"], figure.drawn_["axes"]["running"]
    heights = [bar.get_height() for bar in top.drawn_["bars"]]
    np.testing.assert_allclose(heights, view.values, atol=1e-6)
    np.testing.assert_allclose(bottom.drawn_["probability"].get_ydata(), view.running)
    assert [t.get_text() for t in top.get_xticklabels()] == view.labels
    assert view_png(view).startswith(b"\x89PNG")


def test_layer_plots_draw_their_data(trained, sample_data):
    read = trained.read(sample_data.reviews.test_texts[0])
    fmap = ins.review_map(trained, read, "conv")
    ax = plot_feature_map(fmap, channels=[0, 5])
    np.testing.assert_allclose(ax.drawn_["heatmap"].get_array(), fmap.values[[0, 5]])
    # the skipped words are grey minor ticks between the words read
    minor = {tick: label.get_text() for tick, label in
             zip(ax.get_xticks(minor=True), ax.get_xticklabels(minor=True))}
    assert minor.keys() == fmap.skipped.keys() and minor
    for x, label in minor.items():  # long runs of skipped words are shortened with an ellipsis
        assert label == fmap.skipped[x] or fmap.skipped[x].startswith(label[:-1])
    pooling = ins.pooling(trained, read, 1)
    ax = plot_pooling(pooling)
    np.testing.assert_allclose(ax.drawn_["pooled"].get_segments()[3][:, 1], pooling.pooled[3])
    np.testing.assert_allclose(ax.drawn_["winners"].get_ydata(), pooling.pooled)  # kept values
    running = ins.running_prediction(trained.model, read.row[None])[0]
    steps = ins.step_labels(trained, read)
    ax = plot_running_prediction(running, steps.labels, steps.padding)
    np.testing.assert_allclose(ax.drawn_["probability"].get_ydata(), running)
    above = ax.drawn_["positive"].get_ydata()  # blue: positive so far, on the steps with words
    np.testing.assert_allclose(above, running[(running > 0.5) & ~steps.padding])
    with pytest.raises(ValueError, match="one label each"):
        plot_running_prediction(running, steps.labels[:-1])


def test_widget_wiring(trained, sample_data):
    explorer = explore(trained, review=1, layer="conv", unit=0)
    assert explorer.view.state == ExplorerState(review=1, layer="conv", unit=0)
    assert explorer.unit.max == imdbviz.SEED.filters - 1
    assert [value for _, value in LAYER_CHOICES] == list(ins.REVIEW_TENSORS)
    assert explorer.image.value == view_png(explorer.view)  # drawn without a frontend
    assert "zzz" not in explorer.words.value and "<span" in explorer.words.value
    computed = explorer.computed
    explorer.unit.value = 31
    explorer.layer.value = "embedding"  # the slider follows the layer: one view per change
    assert explorer.computed == computed + 2
    explorer.layer.value = "lstm_c"
    assert explorer.unit.max == imdbviz.SEED.lstm_units - 1 and explorer.computed == computed + 3
    explorer.unit.value = 45
    computed = explorer.computed
    explorer.layer.value = "conv"  # 32 filters: the slider moves to 31, still one view
    assert explorer.computed == computed + 1 and explorer.view.state.unit == 31
    explorer.layer.value = "lstm_c"
    explorer.unit.value = 7
    assert explorer.view.state.layer == "lstm_c" and explorer.view.state.unit == 7
    explorer.text.value = "what a waste of time"
    read = [t for t in imdbviz.tokenize(explorer.text.value) if t in sample_data.vocab.index]
    assert explorer.view.label is None and explorer.view.words == len(read) > 0  # unknown: skipped
    explorer.text.value = "<br />"  # no words: an error message, the last view stays
    assert "has no words" in explorer.status.value
    assert explorer.view.words == len(read)
    explorer.text.value = "zyxxq qqqq"  # words, none known: a warning, not a confident verdict
    assert explorer.view.words == 0 and "reads only padding" in explorer.status.value
    explorer.text.value = ""
    assert explorer.status.value == "" and explorer.view.state.review == 1


def test_its_output_carries_a_static_picture(trained):
    explorer = explore(trained, review=3)
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == explorer.image.value
