"""Linear baselines on the bundled sample (against scikit-learn's own vectorizer)."""
import keras
import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import accuracy_score

import imdbviz
from imdbviz import baselines
from imdbviz.train import fit_size


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
    result = baselines.fit_baseline(f"bow-{order}", sample_data, imdbviz.SMALL.replace(
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


def test_baselines_learn_on_the_sample(sample_baselines, sample_data):
    for (kind, reads), result in sample_baselines.items():
        assert result.test_accuracy > 0.7 and result.val_accuracy > 0.7
        assert result.n_fit == 1600 and result.top_words == 500
        assert result.params == 498 + 1  # one coefficient per feature + the intercept
        assert len(result.features.names) == 498
        assert result.test_probabilities.shape == (1000,)
    # the accuracies against scikit-learn's, scoring the baseline on the raw test texts (read
    # again here) and on the raw held-out training texts with their labels from the files
    reviews = sample_data.reviews
    for kind in ("bow-1", "tfidf-2"):
        result = sample_baselines[kind, "review"]
        assert result.test_accuracy == pytest.approx(accuracy_score(
            reviews.test_labels, result.predict(reviews.test_texts) > 0.5))
        assert result.val_accuracy == pytest.approx(accuracy_score(
            reviews.train_labels[1600:], result.predict(reviews.train_texts[1600:]) > 0.5))
    # reading what the network reads: scored on the model's input rows themselves
    result = sample_baselines["bow-1", "input"]
    rows = [row[row > 1] for row in sample_data.x_test]
    x_test = result.features.matrix(*baselines.flatten(rows), 1)
    assert result.test_accuracy == pytest.approx(
        result.classifier.score(x_test, reviews.test_labels))
    review = sample_baselines["bow-1", "review"]
    texts = sample_data.reviews.test_texts[:5]
    np.testing.assert_allclose(review.predict(texts), review.test_probabilities[:5], atol=1e-9)
    # unigrams are exactly the network's words
    assert set(review.features.names) == set(sample_data.vocab.words[2:])
    assert any(" " in f for f in sample_baselines["tfidf-2", "review"].features.names)


def test_reading_what_the_network_reads_counts_only_its_input(sample_baselines, sample_data):
    result = sample_baselines["bow-1", "input"]
    x = sample_data.x_train
    matrix = result.features.matrix(*baselines.flatten([row[row > 1] for row in x[:3]]), 1)
    assert matrix.sum(axis=1).A1.tolist() == [int(np.sum(row > 1)) for row in x[:3]]
    assert result.label.endswith("(reads what the network reads)")


def test_the_strongest_is_chosen_on_validation(sample_baselines):
    results = list(sample_baselines.values())
    best = baselines.strongest(results)
    assert best.reads == "review"
    assert best.val_accuracy == max(r.val_accuracy for r in results if r.reads == "review")
    with pytest.raises(ValueError, match="no baseline reads"):
        baselines.strongest(results[:0])


def test_top_coefficients_make_sense(sample_baselines):
    top = sample_baselines["bow-1", "review"].top_coefficients(k=20)
    assert len(top["positive"]) == 20 and top["positive"][0][1] > 0 > top["negative"][0][1]
    words = [w for w, _ in top["negative"]]
    assert "worst" in words or "bad" in words or "waste" in words


def test_baselines_fit_only_the_network_training_part(sample_data):
    """With validation_split 0 the logistic regression sees all 2,000 reviews and learns other
    weights than on the first 1,600."""
    config = imdbviz.SMALL.replace(validation_split=0.0, patience=0)
    everything = baselines.fit_baseline("tfidf-1", sample_data, config)
    part = baselines.fit_baseline("tfidf-1", sample_data, imdbviz.SMALL)
    assert (everything.n_fit, part.n_fit) == (2000, 1600)
    assert not np.allclose(everything.test_probabilities, part.test_probabilities)


def test_a_refitted_recipe_s_baseline_is_validated_as_the_recipe_was_chosen(sample_data):
    """validation_split 0 (FULL's refit): validated on the last 20% like the split recipe, so
    ``strongest`` can still choose; then refitted on all 2,000 reviews."""
    refit = baselines.fit_baseline("tfidf-1", sample_data,
                                   imdbviz.SMALL.replace(validation_split=0.0, patience=0))
    split = baselines.fit_baseline("tfidf-1", sample_data, imdbviz.SMALL)
    assert refit.n_fit == 2000 and refit.val_accuracy == split.val_accuracy
    assert 0.6 < refit.val_accuracy < 1.0


def test_data_without_text_is_a_clear_error(sample_data):
    import dataclasses

    no_text = dataclasses.replace(sample_data, corpus=None, reviews=None)
    with pytest.raises(ValueError, match="review texts"):
        baselines.fit_baseline("bow-1", no_text, imdbviz.SMALL)
    with pytest.raises(ValueError, match="reads must be one of"):
        baselines.fit_baseline("bow-1", sample_data, imdbviz.SMALL, reads="everything")


def test_scikit_learns_pipeline_agrees_with_the_helper_on_the_sample(sample_data):
    """Notebook 08's exercises measure scikit-learn's own pipeline: at the helper's budget and
    fitted on every training review it scores what the helper does, within what the other
    tokenizer and the ties at the cut explain; more features and other n-grams change it."""
    refit = imdbviz.SMALL.replace(validation_split=0.0, patience=0)
    helper = baselines.fit_baseline("tfidf-2", sample_data, refit)
    pipeline = baselines.sklearn_tfidf_accuracy(sample_data, (1, 2), max_features=498)
    assert abs(pipeline - helper.test_accuracy) <= 0.03
    assert 0.7 < pipeline < 1.0
    others = {baselines.sklearn_tfidf_accuracy(sample_data, (1, n), max_features=m)
              for n, m in ((1, 498), (1, 3000), (3, 498))}
    assert len(others | {pipeline}) > 1
    import dataclasses

    with pytest.raises(ValueError, match="review texts"):
        baselines.sklearn_tfidf_accuracy(dataclasses.replace(sample_data, reviews=None))
