"""Linear baselines on the bundled sample (against scikit-learn's own vectorizer), the
comparison table and the error-analysis helpers."""
import keras
import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import accuracy_score

import imdbviz
from imdbviz import baselines
from imdbviz.plots import plot_accuracy_by_length, plot_comparison, review_card_html
from imdbviz.train import fit_size


@pytest.fixture(scope="module")
def fitted(sample_data):
    """Bag-of-words unigrams and TF-IDF uni+bigrams, fitted like the SEED network, reading the
    whole review and reading what the network reads."""
    return {(kind, reads): baselines.fit_baseline(kind, sample_data, imdbviz.SEED, reads=reads)
            for kind in ("bow-1", "tfidf-2") for reads in baselines.READS}


def test_the_split_is_the_one_keras_makes():
    """fit_size against Keras itself: count the training batches of size 1 it runs."""
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(loss="mse")
    for n, split in ((10, 0.3), (7, 0.2), (1001, 0.3), (12, 0.0)):
        batches = []
        model.fit(np.zeros((n, 1)), np.zeros(n), batch_size=1, epochs=1, verbose=0,
                  validation_split=split,
                  callbacks=[keras.callbacks.LambdaCallback(
                      on_train_batch_end=lambda b, logs: batches.append(b))])
        assert fit_size(n, split) == len(batches)
    with pytest.raises(ValueError, match="validation_split"):
        fit_size(10, 1.0)
    with pytest.raises(ValueError, match="top_words"):
        baselines.max_features_for(2)


@pytest.mark.parametrize("order", [1, 2])
def test_counts_equal_scikit_learns_count_vectorizer(sample_data, order):
    """The features built from the tokenized corpus are CountVectorizer's, count for count."""
    result = baselines.fit_baseline(f"bow-{order}", sample_data, imdbviz.SEED.replace(
        top_words=402))
    vectorizer = CountVectorizer(tokenizer=imdbviz.tokenize, token_pattern=None, lowercase=False,
                                 ngram_range=(1, order), max_features=400)
    reference = vectorizer.fit_transform(sample_data.reviews.train_texts)
    names = list(vectorizer.get_feature_names_out())
    common = [n for n in result.features.names if n in set(names)]
    assert len(common) >= 0.97 * 400  # equal up to ties in frequency at the cut
    ours = result.features.matrix(sample_data.corpus.train_ranks, sample_data.corpus.train_offsets,
                                  order)
    columns = {n: i for i, n in enumerate(result.features.names)}
    for name in common[:60]:
        np.testing.assert_array_equal(ours[:, columns[name]].toarray(),
                                      reference[:, names.index(name)].toarray())


def test_baselines_learn_on_the_sample(fitted, sample_data):
    for (kind, reads), result in fitted.items():
        assert result.test_accuracy > 0.7 and result.val_accuracy > 0.7
        assert result.n_fit == 1600 and result.top_words == 500
        assert result.params == 498 + 1  # one coefficient per feature + the intercept
        assert len(result.features.names) == 498
        assert result.test_probabilities.shape == (1000,)
    # the accuracies against scikit-learn's, scoring the baseline on the raw test texts (read
    # again here) and on the raw held-out training texts with their labels from the files
    reviews = sample_data.reviews
    for kind in ("bow-1", "tfidf-2"):
        result = fitted[kind, "review"]
        assert result.test_accuracy == pytest.approx(accuracy_score(
            reviews.test_labels, result.predict(reviews.test_texts) > 0.5))
        assert result.val_accuracy == pytest.approx(accuracy_score(
            reviews.train_labels[1600:], result.predict(reviews.train_texts[1600:]) > 0.5))
    # reading what the network reads: scored on the model's input rows themselves
    result = fitted["bow-1", "input"]
    rows = [row[row > 1] for row in sample_data.x_test]
    x_test = result.features.matrix(*baselines.flatten(rows), 1)
    assert result.test_accuracy == pytest.approx(
        result.classifier.score(x_test, reviews.test_labels))
    review = fitted["bow-1", "review"]
    texts = sample_data.reviews.test_texts[:5]
    np.testing.assert_allclose(review.predict(texts), review.test_probabilities[:5], atol=1e-9)
    # unigrams are exactly the network's words
    assert set(review.features.names) == set(sample_data.vocab.words[2:])
    assert any(" " in f for f in fitted["tfidf-2", "review"].features.names)


def test_reading_what_the_network_reads_counts_only_its_input(fitted, sample_data):
    result = fitted["bow-1", "input"]
    x = sample_data.x_train
    matrix = result.features.matrix(*baselines.flatten([row[row > 1] for row in x[:3]]), 1)
    assert matrix.sum(axis=1).A1.tolist() == [int(np.sum(row > 1)) for row in x[:3]]
    assert result.label.endswith("(reads what the network reads)")


def test_the_strongest_is_chosen_on_validation(fitted):
    results = list(fitted.values())
    best = baselines.strongest(results)
    assert best.reads == "review"
    assert best.val_accuracy == max(r.val_accuracy for r in results if r.reads == "review")
    with pytest.raises(ValueError, match="no baseline reads"):
        baselines.strongest(results[:0])


def test_top_coefficients_make_sense(fitted):
    top = fitted["bow-1", "review"].top_coefficients(k=20)
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
    assert np.isnan(everything.val_accuracy)
    assert not np.allclose(everything.test_probabilities, part.test_probabilities)


def test_data_without_text_is_a_clear_error(sample_data):
    import dataclasses

    no_text = dataclasses.replace(sample_data, corpus=None, reviews=None)
    with pytest.raises(ValueError, match="review texts"):
        baselines.fit_baseline("bow-1", no_text, imdbviz.SEED)
    with pytest.raises(ValueError, match="reads must be one of"):
        baselines.fit_baseline("bow-1", sample_data, imdbviz.SEED, reads="everything")


def test_table_and_chart_show_the_rows_with_their_seeds(fitted):
    rows = [baselines.baseline_row(b) for b in fitted.values()]
    records = [{"config": {"top_words": 500}, "test_accuracy": a, "train_seconds": s}
               for a, s in ((0.80, 10.0), (0.82, 12.0), (0.81, 11.0))]
    rows.append(baselines.network_row(records, params=39_053, name="CNN-LSTM"))
    assert rows[-1].test_accuracy == pytest.approx(0.81) and rows[-1].seeds == 3
    text = baselines.format_table(rows)
    assert text.count("\n") == len(rows) + 1
    assert "CNN-LSTM, 3 seeds" in text and "0.8100" in text and "0.0100" in text  # +/- std
    figure = plot_comparison(rows, published=baselines.PUBLISHED)
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
    np.testing.assert_allclose(ax.drawn_["lines"]["a"].get_ydata(), [1.0, 0.0])
    np.testing.assert_allclose(ax.drawn_["lines"]["b"].get_ydata(), [0.0, 1.0])
    assert ax.drawn_["maxlen"].get_xdata()[0] == pytest.approx(0.5)  # 45 = the bins' border


def test_review_card_shows_verdicts_and_escapes_text():
    card = baselines.review_card(7, "Great <br />film & <b>fun</b>" + "x" * 1000, 1,
                                 {"net": 0.9, "tfidf": 0.2}, max_chars=300)
    assert "<br />" not in card.text and "[...]" in card.text and len(card.text) < 320
    page = review_card_html(card)
    assert "test review 7, true label: positive" in page
    assert "net: P(positive) = 0.900" in page and "tfidf: P(positive) = 0.200" in page
    assert "0.900 (right)" in page and "0.200 (<b>wrong</b>)" in page
    assert "&amp; &lt;b&gt;fun" in page
