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
def check_plot_review_maps(inputs):
    trained, data = inputs["trained"], inputs["data"]
    short = tensors.review_map(trained, trained.read("a good film, the best of the year"), "conv")
    fmap = inputs["fmap"]
    n = short.values.shape[1]
    first_word = int(np.argmin(short.padding))
    window = (max(0, first_word - 3), n)
    figure = plots.plot_review_maps({"short": short, "long": fmap}, window=window)
    panels = figure.drawn_["axes"]
    low = min(short.values[:, window[0]:].min(), fmap.values[:, window[0]:].min())
    high = max(short.values[:, window[0]:].max(), fmap.values[:, window[0]:].max())
    for ax, shown in zip(panels.values(), (short, fmap)):
        image = ax.drawn_["heatmap"]
        np.testing.assert_allclose(image.get_array(), shown.values[:, window[0]:window[1]])
        assert (image.norm.vmin, image.norm.vmax) == pytest.approx((low, high))
        assert list(ax.get_xticks()) == list(range(*window))  # x is the position in the review
        assert [t.get_text() for t in ax.get_xticklabels()] == shown.labels[window[0]:window[1]]
        assert all(t.get_fontsize() >= 10 for t in ax.get_xticklabels())
    # padding: a strip under the map, not an overlay: the rows of data keep their colours
    strip = panels["short"].drawn_["padding"]
    assert [(r.get_x() + 0.5, r.get_x() + 0.5 + r.get_width()) for r in strip] == \
        [(a + window[0], b + window[0]) for a, b in plots.style.runs(short.padding[window[0]:])]
    assert all(r.get_y() > len(short.values) - 0.5 for r in strip)  # below the last filter row
    assert panels["short"].drawn_["edges"]  # and a line where the padding ends
    assert not panels["long"].drawn_.get("padding")  # a review that fills maxlen: no strip
    assert figure.drawn_["colorbar"].mappable is panels["short"].drawn_["heatmap"]
    with pytest.raises(ValueError, match="window"):
        plots.plot_review_maps({"short": short}, window=(5, n + 1))
    return figure


@case
def check_plot_max_pooling(inputs):
    trained = inputs["trained"]
    read = trained.read("a good film, the best of the year")
    # the filter that is 0 at most positions: pools of zeros (ties) must get no dot
    conv = tensors.review_map(trained, read, "conv").values
    filter_ = int(np.argmax(np.sum(conv == 0, axis=1)))
    pooling = tensors.pooling(trained, read, filter_)
    ties = tensors.pool_ties(pooling.conv[None, :, None], len(pooling.conv) // len(pooling.pooled)
                             )[0, :, 0]
    assert ties.any()  # the premise
    ax = plots.plot_max_pooling(pooling)
    np.testing.assert_allclose(_heights(ax.drawn_["conv"]), pooling.conv, rtol=1e-6)
    np.testing.assert_allclose([s[0, 1] for s in ax.drawn_["pooled"].get_segments()],
                               pooling.pooled)
    if (~ties).any():
        np.testing.assert_array_equal(ax.drawn_["winners"].get_xdata(), pooling.winners[~ties])
        np.testing.assert_allclose(ax.drawn_["winners"].get_ydata(), pooling.pooled[~ties])
    else:
        assert "winners" not in ax.drawn_
    assert len(ax.drawn_["padding"]) == len(plots.style.runs(pooling.padding)) > 0
    assert all(r.get_y() + r.get_height() <= 0 for r in ax.drawn_["padding"])  # under the axis
    # a window on the words: no padding strip, only the pools inside it
    start = int(pooling.starts[np.argmax(~pooling.padding[pooling.starts])])
    cut = plots.plot_max_pooling(pooling, window=(start, len(pooling.conv)))
    assert not cut.drawn_["padding"] and cut.get_xlim()[0] == start - 0.5
    assert len(cut.drawn_["pooled"].get_segments()) == np.sum(pooling.starts >= start)
    return ax


@case
def check_plot_filter_scores(inputs):
    scores = np.array([0.3, -0.8, 0.05, -0.2])
    ax = plots.plot_filter_scores(scores, chance=(-0.1, 0.1))
    np.testing.assert_allclose(_heights(ax.drawn_["bars"]), np.sort(scores))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "3", "2", "0"]
    colors = [bar.get_facecolor() for bar in ax.drawn_["bars"]]
    assert colors[0] == colors[1] == matplotlib.colors.to_rgba(plots.style.NEGATIVE)
    assert colors[2] == colors[3] == matplotlib.colors.to_rgba(plots.style.POSITIVE)
    band = ax.drawn_["chance"]
    assert (band.get_y(), band.get_y() + band.get_height()) == pytest.approx((-0.1, 0.1))
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
    assert "on_padding" not in ax.drawn_ and not steps.padding.any()  # a review that fills maxlen
    # a short review, pre-padded: blue and orange only on the steps that read words
    trained = inputs["trained"]
    read = trained.read("a good film, the best of the year")
    running = tensors.running_prediction(trained.model, read.row[None])[0]
    steps = tensors.step_labels(trained, read)
    ax = plots.plot_running_prediction(running, steps.labels, steps.padding)
    words = ~steps.padding
    assert steps.padding.any() and words.any()
    np.testing.assert_allclose(ax.drawn_["positive"].get_ydata(), running[words & (running > 0.5)])
    np.testing.assert_allclose(ax.drawn_["negative"].get_ydata(), running[words & (running <= 0.5)])
    np.testing.assert_array_equal(ax.drawn_["on_padding"].get_xdata(), np.flatnonzero(steps.padding))
    assert ax.drawn_["on_padding"].get_color() == plots.style.PADDING
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
def check_plot_padded_words(inputs):
    vocab = inputs["data"].vocab
    good, bad = vocab.index["good"], vocab.index["bad"]
    pre = np.array([[0, 0, good], [bad, vocab.oov_index, good]])
    figure = plots.plot_padded_words({"pre": pre, "post": pre[:, ::-1]}, vocab,
                                     row_labels=["short", "long"])
    ax = figure.drawn_["axes"]["pre"]
    written = [[t.get_text() for t in row] for row in ax.drawn_["texts"]]
    assert written == [["0", "0", "good"], ["bad", "<oov>", "good"]]
    assert ax.drawn_["texts"][1][1].get_style() == "italic"  # <oov> stands out
    kinds = plots.matrices.WORD_CELLS
    np.testing.assert_array_equal(ax.drawn_["image"].get_array(),
                                  [[kinds["padding"]] * 2 + [kinds["word"]],
                                   [kinds["word"], kinds["oov"], kinds["word"]]])
    post = figure.drawn_["axes"]["post"]
    assert [t.get_text() for t in post.drawn_["texts"][0]] == ["good", "0", "0"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["short", "long"]
    with pytest.raises(ValueError, match="one shape"):
        plots.plot_padded_words({"a": pre, "b": pre[:1]}, vocab)
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
def check_plot_neighbour_leans(inputs):
    vocab = inputs["trained"].vocab
    log_odds = corpus.word_log_odds(inputs["data"], vocab)
    lean = dict(zip(log_odds.words.tolist(), log_odds.log_odds))
    near = [embedding.nearest_neighbours(inputs["matrix"], vocab, w, k=4) for w in ("good", "bad")]
    figure = plots.plot_neighbour_leans(near, lean)
    for n in near:
        np.testing.assert_allclose(figure.drawn_["axes"][n.word].drawn_["dots"].get_offsets()[:, 0],
                                   n.similarities)
    return figure


@case
def check_plot_weight_rows(inputs):
    rows = embedding.word_rows(inputs["matrix"], inputs["trained"].vocab, ["good", "bad"])
    ax = plots.plot_weight_rows(rows)
    np.testing.assert_allclose(ax.drawn_["image"].get_array(), rows.values)
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
def check_plot_class_results(inputs):
    from scipy import stats as scipy_stats

    from imdbviz.classroom import class_results, make_record

    trained, data = inputs["trained"], inputs["data"]
    accuracies = {4: [trained.test_accuracy, trained.test_accuracy - 0.01, trained.test_accuracy + 0.004],
                  8: [trained.test_accuracy - 0.02]}
    records = [make_record(trained.config.replace(lstm_units=units, seed=seed), {"test_accuracy": a}, data)
               for units, values in accuracies.items() for seed, a in enumerate(values, start=1)]
    result = class_results(records)
    ax = plots.plot_class_results(result)
    for units, values in accuracies.items():
        np.testing.assert_allclose(ax.drawn_["students"][units].get_ydata(), values)
    np.testing.assert_allclose(ax.drawn_["means"].get_ydata(), [np.mean(v) for v in accuracies.values()])
    values = accuracies[4]
    half = scipy_stats.t.ppf(0.975, 2) * np.std(values, ddof=1) / np.sqrt(3)
    np.testing.assert_allclose(ax.drawn_["intervals"][4].get_segments()[0][:, 1],
                               [np.mean(values) - half, np.mean(values) + half])
    assert set(ax.drawn_["intervals"]) == {4}  # one student: no interval
    assert [t.get_text() for t in ax.get_xticklabels()] == ["4\n(3 students)", "8\n(1 student)"]
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
    assert _same_color(ax.drawn_["top_words"].get_color(), plots.condition_color("top_words"))
    return ax


@case
def check_plot_coverage(inputs):
    curve = corpus.coverage_curve(inputs["data"].vocab)
    ax = plots.plot_coverage(curve)
    np.testing.assert_allclose(ax.drawn_["shares"].get_ydata(), curve.shares)
    for label, (size, share) in curve.marks.items():
        assert ax.drawn_["marks"][label].get_xydata().tolist() == [[size, share]]
        # the vocabulary's own size in the top_words colour, as in plot_word_frequencies
        own = _same_color(ax.drawn_["marks"][label].get_color(), plots.condition_color("top_words"))
        assert own == (size == curve.top_words == len(inputs["data"].vocab))
    assert any(size == curve.top_words for size, _share in curve.marks.values())
    return ax


@case
def check_plot_lengths(inputs):
    data = inputs["data"]
    stats = corpus.length_stats(data.train_lengths, data.config.maxlen)
    ax = plots.plot_lengths(stats)
    assert sum(_heights(ax.drawn_["histogram"])) == len(data.train_lengths)
    assert ax.drawn_["maxlen"].get_xdata()[0] == data.config.maxlen
    assert _same_color(ax.drawn_["maxlen"].get_color(), plots.condition_color("maxlen"))
    assert ax.drawn_["median"].get_xdata()[0] == stats.median
    return ax


def _same_color(a, b) -> bool:
    from matplotlib.colors import to_rgba

    return to_rgba(a) == to_rgba(b)


# ----------------------------------------------------------------------------- training
@case
def check_plot_sigmoid(inputs):
    import keras

    z = np.linspace(-6, 6, 49)
    p = keras.ops.convert_to_numpy(keras.activations.sigmoid(z))
    points = (np.array([-2.0, 0.0, 3.0]), keras.ops.convert_to_numpy(
        keras.activations.sigmoid(np.array([-2.0, 0.0, 3.0]))))
    ax = plots.plot_sigmoid(z, p, points=points)
    np.testing.assert_allclose(ax.drawn_["curve"].get_ydata(), 1 / (1 + np.exp(-z)), atol=1e-6)
    assert ax.drawn_["half"].get_ydata()[0] == 0.5
    np.testing.assert_allclose(ax.drawn_["points"]["positive"].get_xdata(), [3.0])
    np.testing.assert_allclose(ax.drawn_["points"]["negative"].get_xdata(), [-2.0, 0.0])
    with pytest.raises(ValueError, match="probabilities"):
        plots.plot_sigmoid(z, p[:-1])
    return ax


@case
def check_plot_descent(inputs):
    w = np.linspace(-2, 2, 41)
    paths = {"rate 0.1": (np.array([-2.0, -1.6, -1.28]), np.array([4.0, 2.56, 1.6384])),
             "rate 0.9": (np.array([-2.0, 1.6, -1.28]), np.array([4.0, 2.56, 1.6384]))}
    ax = plots.plot_descent(w, w ** 2, paths)
    np.testing.assert_allclose(ax.drawn_["curve"].get_ydata(), w ** 2)
    assert list(ax.drawn_["paths"]) == list(paths)
    for label, (steps, losses) in paths.items():
        np.testing.assert_allclose(ax.drawn_["paths"][label].get_xydata(), np.c_[steps, losses])
    assert ax.get_ylim()[0] < 0 < 4 < ax.get_ylim()[1]  # the axis shows the curve and every step
    for label, (steps, losses) in paths.items():  # every step numbered, at its point
        numbers = ax.drawn_["steps"][label]
        assert [n.get_text() for n in numbers] == [str(k) for k in range(len(steps))]
        np.testing.assert_allclose([n.xy for n in numbers], np.c_[steps, losses])
    far = plots.plot_descent(w, w ** 2, {"rate 2": (np.array([-2.0, 6.0]), np.array([4.0, 36.0]))})
    assert far.get_xlim()[0] < -2 < 6 < far.get_xlim()[1]  # a step beyond the curve stays in view
    assert far.get_ylim()[1] > 36
    return ax


@case
def check_plot_paired(inputs):
    from matplotlib.colors import to_rgba

    from imdbviz.plots.style import condition_color
    from imdbviz.stats import Spread

    marked = Spread("oov=mark", [0.80, 0.82, 0.81], seeds=(7, 1, 2))
    ours = Spread("ours", [0.83, 0.81, 0.84], seeds=(1, 7, 2))  # the same seeds, in another order
    ax = plots.plot_paired([marked, ours])
    dots = ax.drawn_["seeds"]
    np.testing.assert_allclose(dots[0].get_xdata(), marked.values)
    np.testing.assert_allclose(dots[1].get_xdata(), ours.values)
    assert [to_rgba(d.get_color()) for d in dots] == [to_rgba(condition_color("oov=mark")),
                                                      to_rgba(condition_color("ours"))]
    assert dots[0].get_marker() != dots[1].get_marker()
    pairs = ax.drawn_["pairs"]
    assert sorted(pairs) == [1, 2, 7]
    np.testing.assert_allclose(pairs[7].get_xydata(), [[0.80, 0], [0.81, 1]])  # seed 7's runs
    np.testing.assert_allclose(pairs[1].get_xydata(), [[0.82, 0], [0.83, 1]])
    assert [ax.drawn_["means"][k].get_xdata()[0] for k in range(2)] == pytest.approx(
        [marked.mean, ours.mean])
    assert sorted(ax.drawn_["seed_labels"]) == [1, 2, 7]
    assert ax.drawn_["seed_labels"][1].xy == (0.83, 1)
    with pytest.raises(ValueError, match="seeds"):
        plots.plot_paired([Spread("ours", [0.8, 0.81])])
    return ax


@case
def check_plot_signed_map(inputs):
    """The window on a scale symmetric about 0, the colour bar labelled."""
    trained, read = inputs["trained"], inputs["read"]
    steps = tensors.lstm_steps(trained, read)
    fmap = tensors.review_map(trained, read, "lstm_c")
    start = max(int(np.argmin(steps.padding)) - 3, 0)
    fig = plt.figure(layout="constrained")
    drawn = plots.plot_signed_map(fmap, window=(start, len(steps.labels)), figure=fig,
                                  label="c value", title="c")
    ax = drawn.drawn_["axes"]["c"]
    np.testing.assert_allclose(ax.drawn_["heatmap"].get_array(), fmap.values[:, start:])
    largest = np.abs(fmap.values[:, start:]).max()
    np.testing.assert_allclose(ax.drawn_["heatmap"].get_clim(), (-largest, largest))
    assert drawn.drawn_["colorbar"].ax.get_ylabel() == "c value"
    assert [t.get_text() for t in ax.get_xticklabels()] == fmap.labels[start:]
    return drawn


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


def test_join_close_joins_the_skipped_words_that_would_overlap(tiny_trained):
    """Skipped words inside an LSTM step and after it stand 0.2 apart on the steps' axis: one
    label; words a step or more apart keep their own."""
    from imdbviz.plots.sequences import join_close

    assert join_close({3.3: "a", 3.5: "b", 4.5: "c", 6.3: "d"}) == {3.4: "a / b", 4.5: "c", 6.3: "d"}
    assert join_close({}) == {}
    read = tiny_trained.read("the acting xqzv is good xqzw wonderful xqzy and the plot xqzu bad")
    steps = tensors.step_labels(tiny_trained, read)
    joined = join_close(steps.skipped)
    xs = sorted(joined)
    assert all(b - a >= 0.5 for a, b in zip(xs, xs[1:]))
    words = " / ".join(joined[x] for x in xs).replace(" / ", " ").split()
    assert words == " ".join(steps.skipped[x] for x in sorted(steps.skipped)).split()


# ----------------------------------------------------------------------------- html
def test_reading_html_styles_each_status_and_shows_the_ends(tiny_data):
    import re

    from imdbviz import encoding
    from imdbviz.plots.html import READING_STYLES

    config = tiny_data.config.replace(maxlen=5)
    text = max(tiny_data.reviews.train_texts[:50], key=len)
    read = encoding.reading(text, tiny_data.vocab, config)
    assert {"read", "skipped", "truncated"} <= set(read.status)
    page = plots.reading_html(read)
    styles = [READING_STYLES[s] for s in read.status]
    # one span per token, in order, each with its status's look: read words black, skipped
    # grey italics, cut off red-brown and struck through, all different
    assert re.findall(r'<span style="[^"]*;(color:#[0-9a-f]{6}[^"]*)"', page) == styles
    assert len(set(READING_STYLES.values())) == 3 and "#000000" in READING_STYLES["read"]
    assert "background:#ffffff" in page and "color:#000000" in page  # light in dark themes
    legend = plots.reading_html(read, legend=True)
    assert legend.startswith(plots.reading_legend_html()) and "cut off" in legend
    ends = plots.reading_html(read, ends=3)
    shown = re.findall(r'<span style="[^"]*;(color:#[0-9a-f]{6}[^"]*)"', ends)
    assert shown[:3] == styles[:3] and shown[-3:] == styles[-3:] and len(shown) == 7
    assert f"[... {len(read.tokens) - 6} tokens ...]" in ends
    assert plots.reading_html(read, ends=len(read.tokens)) == page


def test_thin_skipped_and_skipped_above_full_keep_every_word_legible():
    from imdbviz.plots.sequences import skipped_above_full, thin_skipped

    thinned = thin_skipped({1.3: "a", 1.5: "b", 2.0: "c", 5.3: "errol flynn", 9.0: "x" * 30,
                            12.3: "reliable o", 12.5: "de havilland again", 13.2: "west"})
    assert list(thinned.values()) == ["a / b / c", "errol flynn", "x" * 30, "6 words skipped"]
    np.testing.assert_allclose(list(thinned), [1.6, 5.3, 9.0, (12.3 + 12.5 + 13.2) / 3])
    assert thin_skipped({}) == {}
    fig, ax = plt.subplots()
    ax.plot(range(20))
    long = "reliable o de havilland with errol flynn"
    skipped_above_full(ax, {3.5: long, 8.5: "west"}, width=20)
    top = ax.drawn_["skipped"]
    labels = [t.get_text() for t in top.get_xticklabels()]
    assert labels == ["reliable o de\nhavilland with errol\nflynn", "west"]  # in full, wrapped
    assert labels[0].replace("\n", " ") == long
    np.testing.assert_allclose(top.get_xticks(), [3.5, 8.5])


def test_plot_explorer_view_writes_the_skipped_words_once_above(inputs):
    from imdbviz.plots.sequences import join_close

    source = ExplorerSource.from_training(inputs["trained"])
    view = explorer_view(source, ExplorerState(review=0, layer="conv", unit=1))
    assert view.skipped  # the sample's first test review has words outside the vocabulary
    figure = plots.plot_explorer_view(view)
    values, running = figure.drawn_["axes"]["values"], figure.drawn_["axes"]["running"]
    # no small ticks between the word labels, on either panel
    assert not values.get_xticks(minor=True).size and not running.get_xticks(minor=True).size
    np.testing.assert_allclose(values.drawn_["skipped"].get_xticks(),
                               sorted(join_close(view.skipped, gap=1.5)))
    # one definition of a padding step: the steps labelled <pad>, on both panels
    short = explorer_view(source, ExplorerState(text="a good film, the best of the year",
                                                layer="lstm_h", unit=0))
    pads = np.array([label == tensors.PAD_LABEL for label in short.step_labels])
    assert pads.any() and not pads.all()
    np.testing.assert_array_equal(short.step_padding, pads)
    np.testing.assert_array_equal(short.padding, pads)


def test_jitter_seeds_sets_equal_values_side_by_side_and_differences_draw_their_numbers():
    """Two runs stuck at 0.5 are two dots, not one; plot_differences draws each seed's paired
    difference, the mean, one standard deviation and the 95% interval of ``stats.difference``."""
    import matplotlib.pyplot as plt

    from imdbviz.plots.comparisons import stack_offsets
    from imdbviz.stats import Spread, difference

    np.testing.assert_allclose(stack_offsets([0.5, 0.5, 0.76], step=0.1), [-0.05, 0.05, 0.0])
    ax = plots.plot_spreads([Spread("word2vec, frozen", [0.5, 0.5, 0.76]), Spread("learned", [0.8, 0.81, 0.82])])
    plots.jitter_seeds(ax)
    ys = ax.drawn_["seeds"][0].get_ydata()
    assert len(set(np.round(ys, 6))) == 3 and ys[2] == 0
    np.testing.assert_allclose(ax.drawn_["seeds"][1].get_ydata(), [1, 1, 1])
    plt.close(ax.figure)

    a = Spread("own", [0.81, 0.80, 0.83], seeds=(7, 1, 2))
    b = Spread("learned", [0.83, 0.84, 0.835], seeds=(7, 1, 2))
    d = difference(a, b)
    ax = plots.plot_differences([d])
    np.testing.assert_allclose(ax.drawn_["seeds"][0].get_xdata(), d.per_seed)
    assert ax.drawn_["means"][0].get_xdata()[0] == pytest.approx(d.delta)
    np.testing.assert_allclose(ax.drawn_["intervals"][0].get_segments()[0][:, 0], d.interval)
    bar = ax.drawn_["stds"][0].lines[2][0].get_segments()[0][:, 0]
    np.testing.assert_allclose(bar, d.delta + np.array([-1, 1]) * np.std(d.per_seed, ddof=1))
    assert len(ax.get_legend().get_texts()) == 4
    plt.close(ax.figure)


@case
def check_plot_differences(inputs):
    from imdbviz.stats import Spread, difference

    records = _records(inputs["trained"])
    mine = experiments.spread(records)
    other = Spread("shifted", mine.values - np.linspace(0.01, 0.03, mine.n), seeds=mine.seeds)
    d = difference(mine, other)
    ax = plots.plot_differences([d], labels=["mine − shifted"])
    np.testing.assert_allclose(ax.drawn_["seeds"][0].get_xdata(), d.per_seed)
    assert ax.drawn_["means"][0].get_xdata()[0] == pytest.approx(d.delta)
    np.testing.assert_allclose(ax.drawn_["intervals"][0].get_segments()[0][:, 0], d.interval)
    return ax


@case
def check_plot_training(inputs):
    history = inputs["trained"].history
    figure = plots.plot_training(history, kept_epoch=1)
    panels = figure.drawn_["axes"]
    assert list(panels) == ["loss", "accuracy"]
    for metric, ax in panels.items():
        np.testing.assert_allclose(ax.drawn_["train"].get_ydata(), history[metric])
        np.testing.assert_allclose(ax.drawn_["validation"].get_ydata(), history["val_" + metric])
        assert list(ax.drawn_["kept"].get_xdata()) == [1, 1]
        np.testing.assert_allclose(ax.drawn_["kept_point"].get_ydata(), [history["val_" + metric][0]])
    with pytest.raises(ValueError, match="kept_epoch"):
        plots.plot_training(history, kept_epoch=len(history["loss"]) + 1)
    return figure


@case
def check_plot_curves_over_seeds(inputs):
    histories = [inputs["trained"].history, POST_LOG]
    ax = plots.plot_curves_over_seeds({"validation": (histories, "val_loss")},
                                      kept={"validation": [1, 3]})
    np.testing.assert_allclose(ax.drawn_["kept"]["validation"].get_ydata(),
                               [histories[0]["val_loss"][0], POST_LOG["val_loss"][2]])
    np.testing.assert_allclose(ax.drawn_["kept"]["validation"].get_xdata(), [1, 3])
    for line, history in zip(ax.drawn_["validation"]["seeds"], histories):
        np.testing.assert_allclose(line.get_ydata(), history["val_loss"])
    return ax


@case
def check_plot_seed_pairs(inputs):
    from imdbviz.stats import Spread

    before = Spread("the post's protocol", [0.80, 0.82, 0.81], seeds=(7, 1, 2))
    after = Spread("ours", [0.835, 0.83, 0.84], seeds=(1, 7, 2))
    ax = plots.plot_seed_pairs(before, after)
    assert sorted(ax.drawn_["pairs"]) == [1, 2, 7]
    np.testing.assert_allclose(ax.drawn_["pairs"][7].get_xdata(), [0.80, 0.83])  # seed 7's runs
    np.testing.assert_allclose(ax.drawn_["after"].get_xdata(), after.values)
    with pytest.raises(ValueError, match="seeds"):
        plots.plot_seed_pairs(Spread("a", [0.8, 0.9]), after)
    return ax


@case
def check_plot_running_sentiment(inputs):
    running, steps = inputs["running"], inputs["steps"]
    ax = plots.plot_running_sentiment(running, steps.labels, title="one review")
    np.testing.assert_allclose(ax.drawn_["probability"].get_ydata(), running)
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(label) for label in steps.labels]
    assert all(t.get_fontsize() >= 10 for t in ax.get_xticklabels())
    return ax
