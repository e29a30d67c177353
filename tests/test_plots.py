"""Every ``plot_*`` of ``imdbviz.plots`` on small real inputs (the TINY model trained on the
bundled sample): it returns its Axes or Figure with ``drawn_``, every named artist is drawn on
that figure, and the data of a named artist is the input's numbers."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colorbar import Colorbar  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from imdbviz import baselines, comparison, corpus, embedding, experiments, plots  # noqa: E402
from imdbviz import tensors  # noqa: E402
from imdbviz.blog_post import LOG as POST_LOG, TEST_ACCURACY as POST_TEST_ACCURACY  # noqa: E402
from imdbviz.widgets.explorer import ExplorerSource, ExplorerState, explorer_view  # noqa: E402

#: name -> check(inputs): draws with ``plots.<name>`` and returns (what it returned, its Figure).
CASES = {}


def case(check):
    CASES[check.__name__.removeprefix("check_")] = check
    return check


@pytest.fixture(scope="module")
def inputs(tiny_trained, tiny_data):
    """What the plots draw, computed once from the TINY model and the sample."""
    model = tiny_trained.model
    read = tiny_trained.read(tiny_data.reviews.test_texts[0])
    matrix = embedding.embedding_matrix(model)
    probabilities = comparison.network_probabilities(model, tiny_data.x_test)
    return {"trained": tiny_trained, "data": tiny_data, "read": read, "matrix": matrix,
            "fmap": tensors.review_map(tiny_trained, read, "conv"),
            "steps": tensors.step_labels(tiny_trained, read),
            "trace": tensors.lstm_trace(model, read.row[None]),
            "running": tensors.running_prediction(model, read.row[None])[0],
            "probabilities": probabilities}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _artists(value):
    """The artists under one ``drawn_`` entry (lists, dicts and containers opened)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _artists(item)
    elif isinstance(value, (list, tuple)):  # a BarContainer is a tuple of its bars
        for item in value:
            yield from _artists(item)
    elif isinstance(value, Colorbar):
        yield value.ax
    else:
        yield value


def _heights(bars):
    return [bar.get_height() for bar in bars]


# ----------------------------------------------------------------------------- sequences
@case
def check_plot_feature_map(inputs):
    fmap = inputs["fmap"]
    ax = plots.plot_feature_map(fmap, channels=[0, 2])
    np.testing.assert_allclose(ax.drawn_["heatmap"].get_array(), fmap.values[[0, 2]])
    assert ax.drawn_["colorbar"].mappable is ax.drawn_["heatmap"]
    assert len(ax.drawn_["padding"]) == len(plots.style.runs(fmap.padding))
    assert "colorbar" not in plots.plot_feature_map(fmap, colorbar=False).drawn_
    return ax


@case
def check_plot_token_values(inputs):
    fmap = inputs["fmap"]
    ax = plots.plot_token_values(fmap.values[1], fmap.labels, fmap.padding)
    np.testing.assert_allclose(_heights(ax.drawn_["bars"]), fmap.values[1], rtol=1e-6)
    return ax


@case
def check_plot_pooling(inputs):
    trained = inputs["trained"]
    pooling = tensors.pooling(trained, inputs["read"], 1)
    ax = plots.plot_pooling(pooling)
    np.testing.assert_allclose(_heights(ax.drawn_["conv"]), pooling.conv, rtol=1e-6)
    np.testing.assert_allclose([s[0, 1] for s in ax.drawn_["pooled"].get_segments()],
                               pooling.pooled)
    np.testing.assert_array_equal(ax.drawn_["winners"].get_xdata(), pooling.winners)
    np.testing.assert_allclose(ax.drawn_["winners"].get_ydata(), pooling.pooled)
    return ax


@case
def check_plot_gates(inputs):
    trace, steps = inputs["trace"], inputs["steps"]
    ax = plots.plot_gates(trace, 0, 2, steps.labels, steps.padding, skipped=steps.skipped)
    assert set(ax.drawn_["gates"]) == set("ifogch")
    for name, line in ax.drawn_["gates"].items():
        np.testing.assert_allclose(line.get_ydata(), getattr(trace, name)[0, :, 2])
    return ax


@case
def check_plot_running_prediction(inputs):
    running, steps = inputs["running"], inputs["steps"]
    ax = plots.plot_running_prediction(running, steps.labels, steps.padding)
    np.testing.assert_allclose(ax.drawn_["probability"].get_ydata(), running)
    np.testing.assert_allclose(ax.drawn_["positive"].get_ydata(), running[running > 0.5])
    np.testing.assert_allclose(ax.drawn_["negative"].get_ydata(), running[running <= 0.5])
    assert ax.drawn_["decision"].get_ydata()[0] == 0.5
    return ax


@case
def check_plot_explorer_view(inputs):
    source = ExplorerSource.from_training(inputs["trained"])
    view = explorer_view(source, ExplorerState(review=3, layer="lstm_h", unit=1))
    figure = plots.plot_explorer_view(view)
    values, running = figure.drawn_["axes"]["values"], figure.drawn_["axes"]["running"]
    np.testing.assert_allclose(_heights(values.drawn_["bars"]), view.values, rtol=1e-6)
    np.testing.assert_allclose(running.drawn_["probability"].get_ydata(), view.running)
    return figure


# ----------------------------------------------------------------------------- matrices
@case
def check_plot_padded(inputs):
    matrix = inputs["data"].x_train[:5]
    ax = plots.plot_padded(matrix)
    image = ax.drawn_["image"].get_array()
    np.testing.assert_array_equal(image.data, matrix)
    np.testing.assert_array_equal(image.mask, matrix == 0)
    return ax


@case
def check_plot_padding_comparison(inputs):
    data = inputs["data"]
    padded = corpus.compare_padding(
        [data.vocab.encode(text) for text in data.reviews.train_texts[:3]], maxlen=12)
    figure = plots.plot_padding_comparison(padded)
    assert set(figure.drawn_["axes"]) == set(padded.matrices)
    for choice, ax in figure.drawn_["axes"].items():
        np.testing.assert_array_equal(ax.drawn_["image"].get_array().data,
                                      padded.matrices[choice])
    return figure


@case
def check_plot_word_vectors(inputs):
    rows = embedding.word_rows(inputs["matrix"], inputs["trained"].vocab, ["good", "bad"])
    ax = plots.plot_word_vectors(rows)
    np.testing.assert_allclose(ax.drawn_["image"].get_array(), rows.values)
    return ax


# ----------------------------------------------------------------------------- vectors
@case
def check_plot_projection(inputs):
    vocab = inputs["trained"].vocab
    projection = embedding.project_2d(inputs["matrix"], vocab)
    log_odds = corpus.word_log_odds(inputs["data"], vocab)
    ax = plots.plot_projection(projection, log_odds.log_odds, labels=["good", "bad", "zzz"])
    np.testing.assert_allclose(ax.drawn_["points"].get_offsets(), projection.coords)
    np.testing.assert_allclose(ax.drawn_["points"].get_array(), log_odds.log_odds)
    assert list(ax.drawn_["labels"]) == ["good", "bad"]
    return ax


@case
def check_plot_neighbours(inputs):
    near = embedding.nearest_neighbours(inputs["matrix"], inputs["trained"].vocab, "good", k=5)
    ax = plots.plot_neighbours(near)
    np.testing.assert_allclose(ax.drawn_["similarities"].get_xdata(), near.similarities)
    return ax


@case
def check_plot_separation(inputs):
    vocab = inputs["trained"].vocab
    log_odds = corpus.word_log_odds(inputs["data"], vocab)
    probes = ([w for w, _ in log_odds.most(5)], [w for w, _ in log_odds.most(5, positive=False)])
    separations = {"trained": embedding.separation(inputs["matrix"], vocab, *probes),
                   "untrained": embedding.separation(np.random.default_rng(0).normal(
                       size=inputs["matrix"].shape), vocab, *probes)}
    ax = plots.plot_separation(separations)
    for name, s in separations.items():
        assert ax.drawn_["within_positive"][name].get_xdata()[0] == s.within_positive
        assert ax.drawn_["within_negative"][name].get_xdata()[0] == s.within_negative
        assert ax.drawn_["between"][name].get_xdata()[0] == s.between
    return ax


# ----------------------------------------------------------------------------- curves
@case
def check_plot_metric(inputs):
    history = inputs["trained"].history
    ax = plots.plot_metric(history, "loss", best_epoch=1)
    np.testing.assert_allclose(ax.drawn_["loss"].get_ydata(), history["loss"])
    np.testing.assert_allclose(ax.drawn_["val_loss"].get_ydata(), history["val_loss"])
    np.testing.assert_array_equal(ax.drawn_["loss"].get_xdata(), [1, 2])
    assert ax.drawn_["best_epoch"].get_xdata()[0] == 1
    assert "best_epoch" not in plots.plot_metric(history, "loss").drawn_
    return ax


@case
def check_plot_history(inputs):
    history = inputs["trained"].history
    figure = plots.plot_history(history, reference=POST_LOG)
    panels = figure.drawn_["axes"]
    assert list(panels) == ["loss", "accuracy"]
    for metric, ax in panels.items():
        for key in (metric, "val_" + metric):
            np.testing.assert_allclose(ax.drawn_[key].get_ydata(), history[key])
            np.testing.assert_allclose(ax.drawn_["reference"][key].get_ydata(), POST_LOG[key])
    return figure


@case
def check_plot_seed_curves(inputs):
    histories = [inputs["trained"].history, POST_LOG]  # 2 and 5 epochs
    ax = plots.plot_seed_curves(histories, "val_loss")
    for line, history in zip(ax.drawn_["seeds"], histories):
        np.testing.assert_allclose(line.get_ydata(), history["val_loss"])
    first, second = histories[0]["val_loss"], POST_LOG["val_loss"]
    expected = [(first[0] + second[0]) / 2, (first[1] + second[1]) / 2, *second[2:]]
    np.testing.assert_allclose(ax.drawn_["mean"].get_ydata(), expected)
    return ax


@case
def check_plot_sweep(inputs):
    trained = inputs["trained"]
    figure = plots.plot_sweep([2, 5], [trained.history, POST_LOG],
                              [trained.test_accuracy, POST_TEST_ACCURACY], name="epochs")
    curves, dots = figure.drawn_["axes"]["curves"], figure.drawn_["axes"]["test_accuracy"]
    np.testing.assert_allclose(curves.drawn_["lines"][0].get_ydata(),
                               trained.history["val_accuracy"])
    np.testing.assert_allclose(curves.drawn_["lines"][1].get_ydata(), POST_LOG["val_accuracy"])
    np.testing.assert_allclose(dots.drawn_["test_accuracy"].get_ydata(),
                               [trained.test_accuracy, POST_TEST_ACCURACY])
    return figure


# ----------------------------------------------------------------------------- comparisons
def _records(trained):
    return [{"experiment": "tiny", "config": {"top_words": trained.config.top_words},
             "test_accuracy": accuracy, "train_seconds": trained.train_seconds}
            for accuracy in (trained.test_accuracy, trained.test_accuracy - 0.01)]


@case
def check_plot_spreads(inputs):
    records = _records(inputs["trained"])
    spreads = [experiments.spread(records), experiments.spread(records[:1], name="one seed")]
    ax = plots.plot_spreads(spreads, reference={"post": POST_TEST_ACCURACY})
    for row, s in enumerate(spreads):
        np.testing.assert_allclose(ax.drawn_["seeds"][row].get_xdata(), s.values)
        assert ax.drawn_["means"][row].get_xdata()[0] == pytest.approx(s.mean)
        np.testing.assert_allclose(ax.drawn_["stds"][row].get_segments()[0][:, 0],
                                   [s.mean - s.std, s.mean + s.std])
    assert ax.drawn_["reference"]["post"].get_xdata()[0] == POST_TEST_ACCURACY
    return ax


@case
def check_plot_comparison(inputs):
    trained, data = inputs["trained"], inputs["data"]
    baseline = baselines.fit_baseline("bow-1", data, trained.config)
    rows = [comparison.baseline_row(baseline),
            comparison.network_row(_records(trained), params=trained.params, name="TINY")]
    figure = plots.plot_comparison(rows, published=comparison.PUBLISHED)
    panels = figure.drawn_["axes"]
    for row, r in enumerate(rows):
        np.testing.assert_allclose(panels["accuracy"].drawn_["seeds"][row].get_xdata(),
                                   r.accuracies)
        assert panels["accuracy"].drawn_["means"][row].get_xdata()[0] == r.test_accuracy
    np.testing.assert_allclose([bar.get_width() for bar in panels["seconds"].drawn_["bars"]],
                               [r.train_seconds for r in rows])
    assert [bar.get_width() for bar in panels["params"].drawn_["bars"]] == [r.params for r in rows]
    assert {name: line.get_xdata()[0] for name, line in
            panels["accuracy"].drawn_["published"].items()} == comparison.PUBLISHED
    return figure


@case
def check_plot_accuracy_by_length(inputs):
    data, probabilities = inputs["data"], inputs["probabilities"]
    result = comparison.accuracy_by_length({"TINY": probabilities, "always positive":
                                            np.ones_like(probabilities)}, data.y_test,
                                           data.test_lengths, bins=3, maxlen=data.config.maxlen)
    ax = plots.plot_accuracy_by_length(result)
    for name, accuracy in zip(result.names, result.accuracy):
        np.testing.assert_allclose(ax.drawn_["lines"][name].get_ydata(), accuracy)
    return ax


# ----------------------------------------------------------------------------- corpus
@case
def check_plot_word_frequencies(inputs):
    freqs = corpus.word_frequencies(inputs["data"].vocab, top_words=50)
    ax = plots.plot_word_frequencies(freqs)
    np.testing.assert_array_equal(ax.drawn_["counts"].get_ydata(), freqs.counts)
    assert ax.drawn_["top_words"].get_xdata()[0] == freqs.kept + 0.5
    return ax


@case
def check_plot_coverage(inputs):
    curve = corpus.coverage_curve(inputs["data"].vocab)
    ax = plots.plot_coverage(curve)
    np.testing.assert_allclose(ax.drawn_["shares"].get_ydata(), curve.shares)
    for label, (size, share) in curve.marks.items():
        assert ax.drawn_["marks"][label].get_xydata().tolist() == [[size, share]]
    return ax


@case
def check_plot_lengths(inputs):
    data = inputs["data"]
    stats = corpus.length_stats(data.train_lengths, data.config.maxlen)
    ax = plots.plot_lengths(stats)
    assert sum(_heights(ax.drawn_["histogram"])) == len(data.train_lengths)
    assert ax.drawn_["maxlen"].get_xdata()[0] == data.config.maxlen
    assert ax.drawn_["median"].get_xdata()[0] == stats.median
    return ax


# ----------------------------------------------------------------------------- all of them
def test_every_plot_function_has_a_case():
    public = {name for name in dir(plots) if name.startswith("plot_")}
    assert public == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_plot_names_what_it_drew(name, inputs):
    target = CASES[name](inputs)
    assert isinstance(target, (Axes, Figure))
    assert isinstance(target.drawn_, dict) and target.drawn_
    figure = target if isinstance(target, Figure) else target.figure
    artists = [a for entry in target.drawn_.values() for a in _artists(entry)]
    assert artists and all(a.figure is figure for a in artists)
    panels = target.drawn_.get("axes", {}) if isinstance(target, Figure) else {}
    for panel in panels.values():
        assert panel.drawn_ and all(a.figure is figure for entry in panel.drawn_.values()
                                    for a in _artists(entry))


def test_every_condition_has_one_colour_and_never_a_sentiments():
    from imdbviz.plots.style import CONDITION_ALIASES, CONDITION_COLORS, NEGATIVE, POSITIVE, condition_color
    from matplotlib.colors import to_rgb

    assert not {to_rgb(c) for c in CONDITION_COLORS.values()} & {to_rgb(POSITIVE), to_rgb(NEGATIVE)}
    assert condition_color("Ours, 5 seeds") == condition_color("ours") == condition_color("network")
    assert condition_color("TF-IDF, uni+bigrams (reads what the network reads)") == CONDITION_COLORS["TF-IDF, uni+bigrams"]
    for alias, name in CONDITION_ALIASES.items():
        assert condition_color(alias) == CONDITION_COLORS[name]
    with pytest.raises(KeyError, match="CONDITION_COLORS"):
        condition_color("glove")


def test_spreads_take_their_conditions_colours():
    from matplotlib.colors import to_rgb

    from imdbviz.plots.style import condition_color
    from imdbviz.stats import Spread

    ax = plots.plot_spreads([Spread("word2vec, frozen", [0.8, 0.81]), Spread("ours", [0.82, 0.83]),
                             Spread("best epoch by the test set", [0.8, 0.8])])
    colours = [to_rgb(line.get_color()) for line in ax.drawn_["means"]]
    assert colours[:2] == [to_rgb(condition_color("word2vec, frozen")), to_rgb(condition_color("ours"))]
    plt.close(ax.figure)
