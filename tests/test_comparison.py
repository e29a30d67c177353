"""The network against the baselines: the comparison table and its chart, and the
error-analysis helpers (disagreements, confident errors, accuracy by length, review cards)."""
import numpy as np
import pytest

from imdbviz import comparison
from imdbviz.plots import plot_accuracy_by_length, plot_comparison, review_card_html


def test_table_and_chart_show_the_rows_with_their_seeds(sample_baselines):
    rows = [comparison.baseline_row(b) for b in sample_baselines.values()]
    records = [{"config": {"top_words": 500}, "test_accuracy": a, "train_seconds": s}
               for a, s in ((0.80, 10.0), (0.82, 12.0), (0.81, 11.0))]
    rows.append(comparison.network_row(records, params=39_053, name="CNN-LSTM"))
    assert rows[-1].test_accuracy == pytest.approx(0.81) and rows[-1].seeds == 3
    text = comparison.format_table(rows)
    assert text.count("\n") == len(rows) + 1
    assert "CNN-LSTM, 3 seeds" in text and "0.8100" in text and "0.0100" in text  # +/- std
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
    assert sorted(published) == [0.8889, 0.9122]


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
