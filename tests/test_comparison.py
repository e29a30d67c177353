"""The network against the baselines: the comparison table and its chart, and the
error-analysis helpers (disagreements, confident errors, accuracy by length, review cards)."""
import html

import numpy as np
import pytest
from matplotlib.colors import to_hex

import imdbviz
from imdbviz import comparison, encoding
from imdbviz.vocab import tokenize
from imdbviz.plots import (condition_color, plot_accuracy_by_length, plot_comparison,
                           review_card_html)


def test_table_and_chart_show_the_rows_with_their_seeds(sample_baselines):
    rows = [comparison.baseline_row(b) for b in sample_baselines.values()]
    records = [{"config": {"top_words": 500}, "test_accuracy": a, "train_seconds": s}
               for a, s in ((0.80, 10.0), (0.82, 12.0), (0.81, 11.0))]
    rows.append(comparison.network_row(records, params=39_053, name="CNN-LSTM"))
    assert rows[-1].test_accuracy == pytest.approx(0.81) and rows[-1].seeds == 3
    text = comparison.format_table(rows)
    assert text.count("\n") == len(rows) + 1
    assert "CNN-LSTM, 3 seeds" in text and "0.8100 +/- 0.0100" in text  # mean +/- std
    assert "+/- s.d." in text.splitlines()[0]
    assert f"{rows[0].train_seconds:.1f}" in text and "1,600" in text  # seconds, reviews fitted
    figure = plot_comparison(rows, published=comparison.PUBLISHED)
    accuracy_ax, time_ax, params_ax = figure.drawn_["axes"].values()
    assert not accuracy_ax.patches  # no bars on an axis that does not start at 0
    np.testing.assert_allclose([line.get_xdata()[0] for line in accuracy_ax.drawn_["means"]],
                               [r.test_accuracy for r in rows])
    seeds = accuracy_ax.drawn_["seeds"]
    np.testing.assert_allclose(seeds[-1].get_xdata(), [0.80, 0.82, 0.81])  # each seed drawn
    np.testing.assert_allclose([p.get_width() for p in time_ax.drawn_["bars"]],
                               [r.train_seconds for r in rows])
    assert [p.get_width() for p in params_ax.drawn_["bars"]] == [r.params for r in rows]
    published = [line.get_xdata()[0] for line in accuracy_ax.drawn_["published"].values()]
    assert sorted(published) == sorted(comparison.PUBLISHED.values())
    assert 0.9122 in published and 0.8829 in published and 0.8889 in published
    # each row in its condition's colour: ours green, each baseline its own
    colors = [to_hex(line.get_color()) for line in accuracy_ax.drawn_["means"]]
    assert colors[-1] == to_hex(condition_color("ours"))
    assert colors[:-1] == [to_hex(condition_color(b.name)) for b in sample_baselines.values()]
    # timing on a log axis whose range shows the shortest bar (a baseline's seconds) too
    assert time_ax.get_xscale() == "log"
    assert time_ax.get_xlim()[0] < min(r.train_seconds for r in rows)


def test_every_published_result_has_its_source():
    assert set(comparison.SOURCES) == set(comparison.PUBLISHED) == set(comparison.SETUPS)
    assert all(url.startswith("https://") for _short, _full, url in comparison.SOURCES.values())
    records = [{"config": {"top_words": 500}, "test_accuracy": a, "train_seconds": 10.0}
               for a in (0.83, 0.84)]
    table = comparison.published_table([comparison.network_row(records, params=1, name="SMALL")])
    lines = table.splitlines()
    assert len(lines) == 2 + len(comparison.PUBLISHED) + 1
    assert "91.22%" in lines[2]  # best first
    assert "**83.50%** +/- 0.71%" in table and "s.d. over seeds" in lines[0]
    # each published row says what it reads; the full references are a numbered list below
    assert "| Keras example imdb_cnn (CNN) | about 89% | 5,000 words | last 400 tokens |" in table
    assert "| Keras example imdb_cnn_lstm (CNN-LSTM) | 84.98% |" in table
    assert "| 20,000 words | last 100 tokens | [5] Keras examples, imdb_cnn_lstm.py |" in table
    assert "aclanthology.org" not in table
    references = comparison.published_references().splitlines()
    assert len(references) == len(comparison.PUBLISHED)
    assert references[0].startswith("1. NBSVM, bigrams") and "aclanthology.org/P12-2018" in references[0]
    assert "last 100 known words" in comparison.published_table(
        [comparison.network_row(records, params=1, name="SMALL")], maxlen={500: 100})


def test_a_baseline_against_the_seeds_is_a_one_sample_t_test(sample_baselines):
    from scipy.stats import ttest_1samp

    from imdbviz import stats

    baseline = sample_baselines[("bow-1", "review")]
    network = stats.Spread("network", baseline.test_accuracy + np.array([0.010, 0.014, 0.012, 0.016]),
                           seeds=(7, 1, 2, 3))
    d = stats.difference(network, comparison.baseline_spread(baseline, network.seeds))
    assert d.paired and d.delta == pytest.approx(0.013) and d.verdict == "higher"
    expected = ttest_1samp(network.values, baseline.test_accuracy)
    assert d.t == pytest.approx(expected.statistic) and d.p_value == pytest.approx(expected.pvalue)
    with pytest.raises(ValueError, match="seeds"):
        comparison.baseline_spread(baseline, ())


def test_disagreements_largest_difference_first():
    a = np.array([0.9, 0.2, 0.6, 0.4, 0.51])
    b = np.array([0.1, 0.3, 0.4, 0.45, 0.49])
    assert comparison.disagreements(a, b).tolist() == [0, 2, 4]
    with pytest.raises(ValueError, match="same shape"):
        comparison.disagreements(a, b[:3])


def test_confident_errors_most_confident_first():
    p = np.array([0.99, 0.02, 0.6, 0.45, 0.8, 0.1])
    y = np.array([0, 0, 0, 1, 1, 1])  # wrong: 0 (0.49 off), 2 (0.1), 3 (0.05), 5 (0.4)
    assert comparison.confident_errors(p, y, k=3).tolist() == [0, 5, 2]
    assert comparison.confident_errors(p, y, k=10).tolist() == [0, 5, 2, 3]


def test_accuracy_by_length_bins_and_plot():
    lengths = np.array([10, 20, 30, 40, 50, 60, 70, 80])
    labels = np.array([1, 1, 0, 0, 1, 1, 0, 0])
    right_short = np.array([0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9])  # right on the 4 shortest
    result = comparison.accuracy_by_length({"a": right_short, "b": 1 - right_short}, labels,
                                           lengths, bins=2, maxlen=45)
    assert result.edges.tolist() == [10, 45, 80]
    assert result.counts.tolist() == [4, 4]
    np.testing.assert_allclose(result.accuracy, [[1.0, 0.0], [0.0, 1.0]])
    ax = plot_accuracy_by_length(result)
    np.testing.assert_allclose(ax.drawn_["lines"]["a"].get_ydata(), [1.0, 0.0])
    np.testing.assert_allclose(ax.drawn_["lines"]["b"].get_ydata(), [0.0, 1.0])
    assert ax.drawn_["maxlen"].get_xdata()[0] == pytest.approx(0.5)  # 45 = the bins' border


def test_review_card_shows_verdicts_and_escapes_text():
    card = comparison.review_card(7, "Great <br />film & <b>fun</b>" + "x" * 1000, 1,
                                  {"net": 0.9, "tfidf": 0.2}, max_chars=300)
    assert "<br />" not in card.text and "[...]" in card.text and len(card.text) < 320
    page = review_card_html(card)
    assert "test review 7, true label: positive" in page
    assert "net: P(positive) = 0.900" in page and "tfidf: P(positive) = 0.200" in page
    assert "0.900 (right)" in page and "0.200 (<b>wrong</b>)" in page
    assert "&amp; &lt;b&gt;fun" in page


def test_mcnemar_counts_the_reviews_only_one_model_gets_right():
    from scipy.stats import binomtest

    labels = np.array([1, 1, 0, 0, 1, 0, 1, 0])
    a = np.array([0.9, 0.8, 0.1, 0.7, 0.2, 0.3, 0.6, 0.4])   # right on 0, 1, 2, 5, 6, 7
    b = np.array([0.9, 0.3, 0.6, 0.2, 0.7, 0.3, 0.4, 0.6])   # right on 0, 3, 4, 5
    m = comparison.mcnemar(a, b, labels, names=("a", "b"))
    assert (m.a_only, m.b_only, m.n) == (4, 2, 8)
    assert m.delta == pytest.approx(np.mean((a > 0.5) == labels) - np.mean((b > 0.5) == labels))
    assert m.p_value == pytest.approx(binomtest(4, 6, 0.5).pvalue) and m.verdict == "within noise"
    # its standard error is that of the mean of the per-review differences (right_a - right_b)
    per_review = ((a > 0.5) == labels).astype(float) - ((b > 0.5) == labels)
    assert m.stderr == pytest.approx(np.std(per_review) / np.sqrt(len(labels)))
    assert "McNemar" in str(m) and "a - b: +0.2500" in str(m)
    with pytest.raises(ValueError, match="same shape"):
        comparison.mcnemar(a, b[:3], labels)


def test_mcnemar_on_the_sample_s_baselines(sample_baselines, sample_data):
    """Two real baselines on the sample's 1,000 test reviews: the difference is their accuracies'
    difference, the interval holds it, and it leaves out 0 exactly when the verdict is not
    "within noise"; a model against itself differs on no review."""
    bow = sample_baselines["bow-1", "review"]
    tfidf_input = sample_baselines["tfidf-2", "input"]
    y = sample_data.y_test
    m = comparison.mcnemar(bow.test_probabilities, tfidf_input.test_probabilities, y)
    assert m.n == 1000 and m.discordant > 0
    assert m.delta == pytest.approx(bow.test_accuracy - tfidf_input.test_accuracy)
    low, high = m.interval
    assert low <= m.delta <= high
    assert (low > 0 or high < 0) == (m.verdict != "within noise")
    same = comparison.mcnemar(bow.test_probabilities, bow.test_probabilities, y)
    assert same.discordant == 0 and same.p_value == 1.0 and same.verdict == "within noise"
    # a clear gap: a model against always answering "negative"
    never = comparison.mcnemar(bow.test_probabilities, np.zeros(len(y)), y)
    assert never.verdict == "higher" and never.p_value < 1e-6
    from imdbviz import stats

    seeds = stats.Spread("net", bow.test_accuracy + np.array([0.01, 0.02, 0.015]), seeds=(1, 2, 3))
    over_seeds = stats.difference(seeds, comparison.baseline_spread(tfidf_input, seeds.seeds))
    table = comparison.differences_table([over_seeds, m, never]).splitlines()
    assert len(table) == 5 and "network's input" in table[2] and "reads what" not in table[2]
    assert "net: 3 seeds, paired t" in table[2] and "a: McNemar" in table[3]
    assert f"{over_seeds.delta:+.4f}" in table[2] and over_seeds.verdict in table[2]
    assert f"{m.interval[0]:+.4f} to {m.interval[1]:+.4f}" in table[3]


def test_mcnemar_by_length_splits_the_reviews_by_bin(sample_baselines, sample_data):
    bow = sample_baselines["bow-1", "review"].test_probabilities
    tfidf = sample_baselines["tfidf-2", "review"].test_probabilities
    y = sample_data.y_test
    result = comparison.accuracy_by_length({"bow": bow, "tfidf": tfidf}, y,
                                           sample_data.test_lengths, bins=4)
    per_bin = comparison.mcnemar_by_length(result, bow, tfidf, y)
    whole = comparison.mcnemar(bow, tfidf, y)
    assert [m.n for m in per_bin] == result.counts.tolist()
    assert sum(m.a_only for m in per_bin) == whole.a_only
    assert sum(m.b_only for m in per_bin) == whole.b_only
    np.testing.assert_allclose([m.delta for m in per_bin], result.accuracy[0] - result.accuracy[1])
    np.testing.assert_allclose(result.stderr, np.sqrt(result.accuracy * (1 - result.accuracy)
                                                      / result.counts))


def test_length_bins_have_labels_that_do_not_overlap():
    lengths = np.array([4, 20, 82, 83, 90, 108, 109, 200, 1554])
    result = comparison.accuracy_by_length({"a": np.ones(9)}, np.ones(9), lengths, bins=3)
    labels = result.labels
    ends = [tuple(int(v) for v in label.split("-")) for label in labels]
    assert ends[0][0] == 4 and ends[-1][1] == 1554
    assert all(ends[i][1] + 1 == ends[i + 1][0] for i in range(len(ends) - 1))
    for length, b in zip(lengths, result.which):  # each review inside its bin's label
        assert ends[b][0] <= length <= ends[b][1]
    ax = plot_accuracy_by_length(result)
    assert [t.get_text().split("\n")[0] for t in ax.get_xticklabels()] == labels
    assert "does not start at 0" in ax.get_ylabel()
    assert set(ax.drawn_["errorbars"]) == {"a"}


def test_chart_draws_a_baseline_once_and_tells_its_variants_apart(sample_baselines):
    """A baseline (fitted once) is one marker, hollow with a hatched bar when it reads what the
    network reads; FULL and SMALL take different greens; the seeds of a network are jittered
    around their row; each published line is numbered on the plot."""
    from matplotlib.colors import to_rgb

    rows = [comparison.baseline_row(sample_baselines["tfidf-2", reads]) for reads in ("review", "input")]
    records = [{"config": {"top_words": 500}, "test_accuracy": 0.83, "train_seconds": 30.0}] * 3
    rows += [comparison.network_row(records, params=39_053, name="SMALL"),
             comparison.network_row(records, params=39_053, name="FULL", condition="FULL")]
    figure = plot_comparison(rows, published=comparison.PUBLISHED)
    accuracy_ax, time_ax, _params_ax = figure.drawn_["axes"].values()
    seeds, means = accuracy_ax.drawn_["seeds"], accuracy_ax.drawn_["means"]
    assert seeds[0] is means[0] and seeds[1] is means[1]  # one marker per baseline
    assert to_hex(seeds[0].get_markerfacecolor()) == to_hex(condition_color("TF-IDF, uni+bigrams"))
    assert to_hex(seeds[1].get_markerfacecolor()) == "#ffffff"  # hollow: reads the input
    bars = time_ax.drawn_["bars"]
    assert not bars[0].get_hatch() and bars[1].get_hatch()
    assert to_rgb(bars[1].get_facecolor()) != to_rgb(bars[0].get_facecolor())
    assert to_hex(means[2].get_color()) != to_hex(means[3].get_color())
    assert to_hex(means[3].get_color()) == to_hex(condition_color("FULL"))
    y = seeds[2].get_ydata()
    assert len(set(np.round(y, 6))) == 3 and np.all(np.abs(y - 2) < 0.25)  # jittered, same row
    numbers = {t.get_text(): t for t in accuracy_ax.texts if t.get_text().startswith("[")}
    assert sorted(numbers) == [f"[{n}]" for n in range(1, len(comparison.PUBLISHED) + 1)]
    # Maas et al. (88.89%) and imdb_cnn (89.00%) lie close: their numbers sit at other heights
    assert numbers["[3]"].xyann[1] != numbers["[4]"].xyann[1]
    for line in accuracy_ax.drawn_["published"].values():  # behind the markers
        assert line.get_zorder() < seeds[0].get_zorder()


def test_published_results_keep_their_sources_precision():
    """imdb_cnn_lstm.py says 0.8498 (84.98%, not 85.00%); imdb_cnn.py says "0.89": about 89%."""
    assert comparison.PUBLISHED["Keras example imdb_cnn_lstm (CNN-LSTM)"] == 0.8498
    assert comparison.published_text("Keras example imdb_cnn_lstm (CNN-LSTM)", 0.8498) == "84.98%"
    assert comparison.published_text("Keras example imdb_cnn (CNN)", 0.89) == "about 89%"
    assert comparison.published_text("x", 0.8889) == "88.89%"
    for name, value in comparison.PUBLISHED.items():  # each source's own figure, as it says it
        if name in comparison.PRECISION:
            assert f"{value:.{comparison.PRECISION[name]}f}" in comparison.SOURCES[name][1]
        else:
            assert round(value, 4) == value


def test_review_card_marks_where_the_network_starts_reading(sample_data):
    i = int(np.argmax(sample_data.test_lengths))  # the longest review: "pre" truncation cuts it
    text = sample_data.reviews.test_texts[i]
    reading = encoding.reading(text, sample_data.vocab, imdbviz.SMALL)
    assert "truncated" in reading.status
    card = comparison.review_card(i, text, sample_data.y_test[i], {"net": 0.7}, reading=reading)
    # from the mark on, the card holds every token from the first one read to the end
    first = reading.status.index("read")
    assert tokenize(card.text[card.read_from:]) == reading.tokens[first:]
    assert card.text.startswith(text[:20]) and "[...]" in card.text[:card.read_from]
    before, after = review_card_html(card).split("the network reads from here")
    assert "[...]" in before and html.escape(card.text[card.read_from:]) in after
    # without a reading: no mark, and the old start-and-end shortening
    plain = comparison.review_card(i, text, sample_data.y_test[i], {"net": 0.7})
    assert plain.read_from is None and "reads from here" not in review_card_html(plain)


def test_chart_zooms_on_the_largest_vocabulary_and_marks_the_gap(sample_baselines):
    """With two vocabulary sizes, a zoom panel shows the larger one's rows only, with the gap
    between its network's mean and its best baseline reading whole reviews; the published
    numbers sit above the axes, close ones on different levels, the legend with each source's
    precision."""
    small = [comparison.baseline_row(sample_baselines["tfidf-2", "review"])]
    small.append(comparison.network_row(
        [{"config": {"top_words": 500}, "test_accuracy": a, "train_seconds": 30.0} for a in (0.83, 0.84)],
        params=39_053, name="SMALL"))
    full = []
    for b, acc in ((sample_baselines["tfidf-2", "review"], 0.8895), (sample_baselines["bow-1", "review"], 0.8859),
                   (sample_baselines["tfidf-2", "input"], 0.8896)):
        row = comparison.baseline_row(b)
        row.top_words, row.accuracies = 5000, (acc,)
        full.append(row)
    full.append(comparison.network_row(
        [{"config": {"top_words": 5000}, "test_accuracy": a, "train_seconds": 150.0}
         for a in (0.8905, 0.8912, 0.8899, 0.8915, 0.8904)], params=220_903, name="FULL", condition="FULL"))
    rows = small + full
    figure = plot_comparison(rows, published=comparison.PUBLISHED)
    panels = figure.drawn_["axes"]
    assert list(panels) == ["accuracy", "zoom", "seconds", "params"]
    zoom = panels["zoom"]
    assert zoom.drawn_["rows"] == [2, 3, 4, 5]
    np.testing.assert_allclose([m.get_xdata()[0] for m in zoom.drawn_["means"]],
                               [0.8895, 0.8859, 0.8896, np.mean([0.8905, 0.8912, 0.8899, 0.8915, 0.8904])])
    low, high = zoom.get_xlim()
    assert low < 0.8859 and high > 0.8915 and high - low < 0.02   # zoomed on those rows
    a, b = zoom.drawn_["gap"]   # the best whole-review baseline, not the one reading the input
    assert a == pytest.approx(0.8895) and b == pytest.approx(0.8907)
    assert any(t.get_text() == "gap +0.0012" for t in zoom.texts)
    # only the published results inside the zoom: Maas et al. 88.89% and imdb_cnn 89%
    assert set(zoom.drawn_["published"]) == {"Maas et al. 2011 (word vectors + BoW)",
                                             "Keras example imdb_cnn (CNN)"}
    accuracy = panels["accuracy"]
    numbers = {t.get_text(): t for t in accuracy.texts if t.get_text().startswith("[")}
    assert all(t.xyann[1] > 0 for t in numbers.values())      # above the axes
    assert numbers["[3]"].xyann[1] != numbers["[4]"].xyann[1]  # 88.89% and 89%: stacked
    labels = {line.get_label() for line in accuracy.drawn_["published"].values()}
    assert "[4] Keras example imdb_cnn (CNN): about 89%" in labels
    assert "[5] Keras example imdb_cnn_lstm (CNN-LSTM): 84.98%" in labels
    # one vocabulary: no zoom panel
    assert "zoom" not in plot_comparison(small, published=comparison.PUBLISHED).drawn_["axes"]


def test_accuracy_by_length_takes_colours_by_name():
    from matplotlib.colors import to_hex

    lengths, labels = np.arange(10, 90, 10), np.array([1, 0] * 4)
    result = comparison.accuracy_by_length({"SMALL (seed 7)": np.full(8, 0.9), "TF-IDF, unigrams": np.full(8, 0.1)},
                                           labels, lengths, bins=2)
    ax = plot_accuracy_by_length(result, colors={"SMALL (seed 7)": condition_color("ours")})
    assert to_hex(ax.drawn_["lines"]["SMALL (seed 7)"].get_color()) == to_hex(condition_color("ours"))
    assert to_hex(ax.drawn_["lines"]["TF-IDF, unigrams"].get_color()) == to_hex(condition_color("TF-IDF, unigrams"))
