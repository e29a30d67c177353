"""Linear baselines on the bundled sample, the comparison table and the error-analysis helpers."""
import numpy as np
import pytest

import imdbviz
from imdbviz import baselines
from imdbviz.plots import plot_accuracy_by_length, plot_comparison, review_card_html


@pytest.fixture(scope="module")
def fitted(sample_data):
    """Bag-of-words unigrams and TF-IDF uni+bigrams, fitted like the SEED network."""
    return {kind: baselines.fit_baseline(kind, sample_data, imdbviz.SEED)
            for kind in ("bow-1", "tfidf-2")}


def test_vocabulary_and_split_sizes_follow_the_network():
    assert baselines.max_features_for(500) == 498
    assert baselines.max_features_for(5000) == 4998
    assert baselines.fit_size(2000, 0.2) == 1600  # Keras keeps floor(n * (1 - split)) first
    assert baselines.fit_size(25000, 0.2) == 20000
    assert baselines.fit_size(1001, 0.3) == 700
    assert baselines.fit_size(10, 0.0) == 10
    with pytest.raises(ValueError, match="validation_split"):
        baselines.fit_size(10, 1.0)
    with pytest.raises(ValueError, match="top_words"):
        baselines.max_features_for(2)
    with pytest.raises(ValueError, match="kind"):
        baselines.make_baseline("svm", 10)


def test_baselines_learn_on_the_sample(fitted, sample_data):
    for result in fitted.values():
        assert result.test_accuracy > 0.7
        assert result.n_fit == 1600
        assert result.top_words == 500
        assert result.params == 498 + 1  # one coefficient per feature + the intercept
        assert len(result.features) == 498
        assert result.test_probabilities.shape == (1000,)
        assert np.all((result.test_probabilities >= 0) & (result.test_probabilities <= 1))
        accuracy = np.mean((result.test_probabilities > 0.5) == sample_data.y_test)
        assert result.test_accuracy == pytest.approx(accuracy)
        assert result.train_seconds > 0
    texts = sample_data.reviews.test_texts[:5]
    np.testing.assert_allclose(fitted["bow-1"].predict(texts),
                               fitted["bow-1"].test_probabilities[:5])


def test_unigram_features_are_the_network_vocabulary(fitted, sample_data):
    features = set(fitted["bow-1"].features)
    words = set(sample_data.vocab.words[2:])
    assert len(features & words) >= 0.98 * len(words)  # equal up to ties in frequency
    assert any(" " in f for f in fitted["tfidf-2"].features)  # bigrams compete for the budget


def test_top_coefficients_make_sense(fitted):
    top = fitted["bow-1"].top_coefficients(k=20)
    assert len(top["positive"]) == 20 and top["positive"][0][1] > 0 > top["negative"][0][1]
    words = [w for w, _ in top["negative"]]
    assert "worst" in words or "bad" in words or "waste" in words


def test_baselines_fit_only_the_network_training_part(sample_data):
    """With validation_split 0 the logistic regression sees all 2,000 reviews and learns other
    weights than on the first 1,600."""
    config = imdbviz.SEED.replace(validation_split=0.0, patience=0)
    everything = baselines.fit_baseline("tfidf-1", sample_data, config)
    part = baselines.fit_baseline("tfidf-1", sample_data, imdbviz.SEED)
    assert (everything.n_fit, part.n_fit) == (2000, 1600)
    assert not np.allclose(everything.test_probabilities, part.test_probabilities)


def test_keras_source_without_text_is_a_clear_error(sample_data):
    class NoText:
        reviews = None

    with pytest.raises(ValueError, match="review texts"):
        baselines.fit_baseline("bow-1", NoText(), imdbviz.SEED)


@pytest.fixture(scope="module")
def tiny_network(sample_data):
    config = imdbviz.Config(top_words=200, maxlen=40, embedding_dim=8, filters=4, lstm_units=4,
                            dense_units=4, epochs=1)
    data = imdbviz.load_dataset(config, "sample", verbose=False)
    return imdbviz.fit(config, data, verbose=0), data


def test_network_row_evaluates_on_the_test_set(tiny_network, sample_data):
    result, data = tiny_network
    row, probabilities = baselines.network_row(result, data, name="CNN-LSTM tiny")
    assert probabilities.shape == (1000,)
    assert row.test_accuracy == pytest.approx(result.test_accuracy, abs=1e-6)
    assert row.params == result.model.count_params()
    assert row.top_words == 200 and row.timing == "trained in this run"
    assert row.train_seconds == pytest.approx(result.train_seconds)
    with pytest.raises(ValueError, match="maxlen"):
        baselines.network_row(result, sample_data)  # encoded with maxlen 100


def test_table_and_bar_chart_show_the_rows(fitted, tiny_network):
    result, data = tiny_network
    rows = [baselines.baseline_row(b) for b in fitted.values()]
    rows.append(baselines.network_row(result, data, name="CNN-LSTM tiny")[0])
    text = baselines.format_table(rows)
    assert text.count("\n") == len(rows) + 1
    assert "CNN-LSTM tiny" in text and f"{rows[0].test_accuracy:.4f}" in text
    assert "fitted in this run" in text
    fig = plot_comparison(rows, published=baselines.PUBLISHED)
    accuracy_ax, time_ax, params_ax = fig.axes
    np.testing.assert_allclose([p.get_width() for p in accuracy_ax.patches],
                               [r.test_accuracy for r in rows])
    np.testing.assert_allclose([p.get_width() for p in time_ax.patches],
                               [r.train_seconds for r in rows])
    assert [p.get_width() for p in params_ax.patches] == [r.params for r in rows]
    assert sorted(line.get_xdata()[0] for line in accuracy_ax.lines) == [0.8889, 0.9122]


def test_disagreements_largest_difference_first():
    a = np.array([0.9, 0.2, 0.6, 0.4, 0.51])
    b = np.array([0.1, 0.3, 0.4, 0.45, 0.49])
    assert baselines.disagreements(a, b).tolist() == [0, 2, 4]
    with pytest.raises(ValueError, match="same shape"):
        baselines.disagreements(a, b[:3])


def test_confident_errors_most_confident_first():
    p = np.array([0.99, 0.02, 0.6, 0.45, 0.8, 0.1])
    y = np.array([0, 0, 0, 1, 1, 1])  # wrong: 0 (0.49 off), 2 (0.1), 3 (0.05), 5 (0.4)
    assert baselines.confident_errors(p, y, k=3).tolist() == [0, 5, 2]
    assert baselines.confident_errors(p, y, k=10).tolist() == [0, 5, 2, 3]


def test_accuracy_by_length_bins_and_plot():
    lengths = np.array([10, 20, 30, 40, 50, 60, 70, 80])
    labels = np.array([1, 1, 0, 0, 1, 1, 0, 0])
    right_short = np.array([0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9])  # right on the 4 shortest
    result = baselines.accuracy_by_length({"a": right_short, "b": 1 - right_short}, labels,
                                          lengths, bins=2, maxlen=45)
    assert result.edges.tolist() == [10, 45, 80]
    assert result.counts.tolist() == [4, 4]
    np.testing.assert_allclose(result.accuracy, [[1.0, 0.0], [0.0, 1.0]])
    ax = plot_accuracy_by_length(result)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [1.0, 0.0])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [0.0, 1.0])
    assert ax.lines[2].get_xdata()[0] == pytest.approx(0.5)  # maxlen 45 = the bins' border


def test_review_card_shows_verdicts_and_escapes_text():
    card = review_card_html("Great <br />film & <b>fun</b>" + "x" * 1000, 1,
                            {"net": 0.9, "tfidf": 0.2}, max_chars=300)
    assert "true label: positive" in card
    assert "net: P(positive) = 0.900" in card and "tfidf: P(positive) = 0.200" in card
    assert card.count(">right<") == 1 and card.count(">wrong<") == 1
    assert "&amp; &lt;b&gt;fun" in card and "<br />" not in card and "[...]" in card
