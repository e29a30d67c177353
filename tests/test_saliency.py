"""Gradient x input saliency: exact answers on linear models, zero on padding, HTML colours."""
import re

import keras
import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_hex

import imdbviz
from imdbviz.plots import saliency_colors, saliency_html
from imdbviz.saliency import (Saliency, explain, explain_texts, gradient_x_input,
                              mean_saliency_by_word)
from imdbviz.vocab import Vocabulary, tokenize

RDBU = matplotlib.colormaps["RdBu"]


def linear_model(steps=5, vocab=9, dim=3, pooling="flatten", bias=0.7, seed=0):
    """Embedding -> Flatten/GlobalAveragePooling -> Dense(1) without activation: the output is
    linear in the embeddings, so gradient x input is exact."""
    rng = np.random.default_rng(seed)
    pool = keras.layers.Flatten() if pooling == "flatten" else keras.layers.GlobalAveragePooling1D()
    model = keras.Sequential([keras.Input((steps,), dtype="int32"),
                              keras.layers.Embedding(vocab, dim), pool, keras.layers.Dense(1)])
    table = rng.normal(size=(vocab, dim)).astype("float32")
    inputs = steps * dim if pooling == "flatten" else dim
    kernel = rng.normal(size=(inputs, 1)).astype("float32")
    model.layers[0].set_weights([table])
    model.layers[-1].set_weights([kernel, np.array([bias], dtype="float32")])
    return model, table, kernel[:, 0], bias


def test_linear_flatten_model_scores_are_exact():
    model, table, kernel, bias = linear_model()
    x = np.array([[1, 2, 3, 4, 5], [8, 8, 1, 2, 7]])
    scores, predictions = gradient_x_input(model, x)
    assert scores.shape == (2, 5) and predictions.shape == (2,)
    # known answer: position t contributes w_t . E[x_t]
    expected = np.einsum("btd,td->bt", table[x], kernel.reshape(5, 3))
    np.testing.assert_allclose(scores, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(scores.sum(axis=1), predictions - bias, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(predictions, model.predict(x, verbose=0)[:, 0], rtol=1e-6)


def test_linear_average_model_scores_are_exact():
    model, table, kernel, bias = linear_model(pooling="average", bias=-0.3)
    x = np.array([[3, 1, 4, 1, 5]])
    scores, predictions = gradient_x_input(model, x)
    np.testing.assert_allclose(scores[0], table[x[0]] @ kernel / 5, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(scores.sum(), predictions[0] + 0.3, rtol=1e-5, atol=1e-6)


def test_padding_scores_exactly_zero_and_rest_unchanged():
    model, table, kernel, bias = linear_model()
    x = np.array([[0, 0, 3, 4, 5]])
    scores, predictions = gradient_x_input(model, x)
    assert scores[0, 0] == 0.0 and scores[0, 1] == 0.0
    w = kernel.reshape(5, 3)
    np.testing.assert_allclose(scores[0, 2:], np.sum(table[[3, 4, 5]] * w[2:], axis=1),
                               rtol=1e-5, atol=1e-6)
    # the padding embeddings still move the output; their share is just not reported
    padding_share = float(np.sum(table[0] * w[0]) + np.sum(table[0] * w[1]))
    np.testing.assert_allclose(scores.sum() + padding_share, predictions[0] - bias,
                               rtol=1e-5, atol=1e-5)


def test_batches_are_split_without_changing_results():
    model, *_ = linear_model()
    x = np.random.default_rng(1).integers(0, 9, size=(7, 5))
    whole, p_whole = gradient_x_input(model, x)
    parts, p_parts = gradient_x_input(model, x, batch_size=3)
    np.testing.assert_allclose(whole, parts, rtol=1e-6)
    np.testing.assert_allclose(p_whole, p_parts, rtol=1e-6)


@pytest.mark.parametrize("bad, message", [
    (np.array([1, 2, 3, 4, 5]), "batch of padded reviews"),
    (np.array([[1, 2, 3, 4, 99]]), "word indices"),
    (np.array([[0.5, 1, 2, 3, 4]]), "word indices"),
])
def test_bad_input_is_a_clear_error(bad, message):
    model, *_ = linear_model()
    with pytest.raises(ValueError, match=message):
        gradient_x_input(model, bad)


def test_model_without_embedding_first_is_refused():
    model = keras.Sequential([keras.Input((4, 2)), keras.layers.Flatten(), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="first layer is an Embedding"):
        gradient_x_input(model, np.zeros((1, 4), dtype=int))


@pytest.fixture(scope="module")
def small_network():
    texts = ["a good film", "a bad film", "good acting , bad plot", "not good", "great fun"]
    vocab = Vocabulary.build([tokenize(t) for t in texts], top_words=12)
    config = imdbviz.Config(top_words=12, maxlen=8, embedding_dim=4, filters=3, kernel_size=3,
                            lstm_units=4, dense_units=3)
    return imdbviz.build_model(config), vocab, config


def test_cnn_lstm_saliency_matches_the_model(small_network):
    model, vocab, config = small_network
    x = imdbviz.train.encode_texts(["a good film", "not bad plot at all"], vocab, config)
    scores, predictions = gradient_x_input(model, x)
    np.testing.assert_allclose(predictions, model.predict(x, verbose=0)[:, 0], rtol=1e-5)
    assert np.all(scores[x == 0] == 0.0)
    assert np.all(scores[x != 0] != 0.0)


def test_explain_texts_leaves_out_skipped_words(small_network):
    model, vocab, config = small_network  # oov="skip"
    [s] = explain_texts(model, vocab, config, ["A good zebra film"])
    assert s.tokens == ["a", "good", "film"] and s.in_vocabulary.all()
    assert s.positions.tolist() == [5, 6, 7]
    x = imdbviz.train.encode_texts(["a good film"], vocab, config)
    assert s.prediction == pytest.approx(float(model.predict(x, verbose=0)[0, 0]), abs=1e-5)


def test_explain_texts_keeps_words_and_marks_unknown_ones(small_network):
    model, vocab, config = small_network
    config = config.replace(oov="mark")
    [s] = explain_texts(model, vocab, config, ["A good zebra film"], labels=[1])
    assert s.tokens == ["a", "good", "zebra", "film"]
    assert s.in_vocabulary.tolist() == [True, True, False, True]
    assert s.positions.tolist() == [4, 5, 6, 7]  # "pre" padding: the words sit at the end
    assert s.label == 1 and s.correct == (s.prediction > 0.5)
    [from_ids] = explain(model, vocab, imdbviz.train.encode_texts(["A good zebra film"], vocab,
                                                                  config))
    assert from_ids.tokens == ["a", "good", "<oov>", "film"]
    np.testing.assert_allclose(from_ids.scores, s.scores)
    long_text = " ".join(["good"] * 5 + ["bad"] * 5)  # 10 words, maxlen 8, truncating "pre"
    [t] = explain_texts(model, vocab, config, [long_text])
    assert t.tokens == ["good"] * 3 + ["bad"] * 5
    with pytest.raises(ValueError, match="no words"):
        explain_texts(model, vocab, config, [""])


def test_mean_saliency_by_word():
    vocab = Vocabulary(["<pad>", "<oov>", "good", "bad", "film"])
    x = np.array([[0, 2, 4, 3], [2, 3, 1, 4]])
    scores = np.array([[0.0, 1.0, 0.1, -1.0], [3.0, -2.0, 9.0, 0.3]])
    result = mean_saliency_by_word(scores, x, vocab, min_count=2, k=2)
    assert result["positive"] == [("good", 2.0, 2), ("film", pytest.approx(0.2), 2)]
    assert result["negative"][0] == ("bad", -1.5, 2)  # <oov> (9.0) is left out


def test_saliency_html_colours_follow_a_centred_diverging_map():
    s = Saliency(["great", "meh", "awful", "<b>", "zzz"], np.array([2.0, 0.0, -1.0, 1.0, -2.0]),
                 0.8, np.arange(5), np.array([True, True, True, True, False]), label=0)
    page = saliency_html(s)
    spans = re.findall(r'<span style="background-color:(#[0-9a-f]{6});[^"]*" '
                       r'data-score="([^"]+)" title="[^"]*">([^<]*)</span>', page)
    assert [word for *_, word in spans] == ["great", "meh", "awful", "&lt;b&gt;", "zzz"]
    colours = {word: colour for colour, _, word in spans}
    assert colours["great"] == to_hex(RDBU(1.0))  # +max -> the blue end
    assert colours["zzz"] == to_hex(RDBU(0.0))    # -max -> the red end
    assert colours["meh"] == to_hex(RDBU(0.5))    # zero -> the middle
    assert colours["awful"] == to_hex(RDBU(0.25))  # -1 of 2 -> a quarter of the way
    assert [float(v) for _, v, _ in spans] == [2.0, 0.0, -1.0, 1.0, -2.0]
    assert "font-style:italic" in page.split("zzz")[0].rsplit("<span", 1)[1]
    assert "P(positive) = 0.800" in page and "WRONG" in page


def test_saliency_colours_with_fixed_scale_and_all_zero_scores():
    assert saliency_colors([0.5, -4.0], vmax=1.0) == [to_hex(RDBU(0.75)), to_hex(RDBU(0.0))]
    assert saliency_colors([0.0, 0.0]) == [to_hex(RDBU(0.5))] * 2
    with pytest.raises(ValueError, match="vmax"):
        saliency_colors([1.0], vmax=-1.0)
