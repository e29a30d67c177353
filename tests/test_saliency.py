"""Attributions of the logit: exact answers on linear models, completeness of integrated
gradients on a real trained model, occlusion against dropping words by hand, the HTML view."""
import re

import keras
import numpy as np
import pytest
from matplotlib.colors import to_hex

import imdbviz
from imdbviz import backend
from imdbviz.plots import (SENTIMENT_CMAP, attribution_html, faint_share, scale_html,
                           sentiment_colors)
from imdbviz.saliency import (Attribution, explain, explain_texts, gradient_x_input,
                              integrated_gradients, logits, mean_attribution_by_word, occlusion,
                              rank_agreement)
from imdbviz.vocab import Vocabulary


def linear_model(steps=5, vocab=9, dim=3, pooling="flatten", bias=0.7, seed=0):
    """Embedding -> Flatten/GlobalAveragePooling -> Dense(1, sigmoid): the logit is linear in
    the embeddings, so every method has a known answer."""
    rng = np.random.default_rng(seed)
    pool = keras.layers.Flatten() if pooling == "flatten" else keras.layers.GlobalAveragePooling1D()
    model = keras.Sequential([keras.Input((steps,), dtype="int32"),
                              keras.layers.Embedding(vocab, dim, name="embedding"), pool,
                              keras.layers.Dense(1, activation="sigmoid", name="output")])
    table = rng.normal(size=(vocab, dim)).astype("float32")
    inputs = steps * dim if pooling == "flatten" else dim
    kernel = rng.normal(size=(inputs, 1)).astype("float32")
    model.get_layer("embedding").set_weights([table])
    model.get_layer("output").set_weights([kernel, np.array([bias], dtype="float32")])
    return model, table, kernel[:, 0], bias


def test_logits_are_the_output_before_its_sigmoid():
    model, table, kernel, bias = linear_model()
    x = np.array([[1, 2, 3, 4, 5], [8, 8, 1, 2, 7]])
    z = logits(model, x)
    np.testing.assert_allclose(z, table[x].reshape(2, -1) @ kernel + bias, rtol=1e-5)
    np.testing.assert_allclose(1 / (1 + np.exp(-z)), model.predict(x, verbose=0)[:, 0], rtol=1e-5)


def test_integrated_gradients_on_a_linear_model_are_exact_and_zero_on_padding():
    model, table, kernel, bias = linear_model()
    x = np.array([[0, 0, 3, 4, 5], [8, 8, 1, 2, 7]])
    scores, z, base = integrated_gradients(model, x, steps=4)
    w = kernel.reshape(5, 3)
    expected = np.einsum("btd,td->bt", table[x] - table[0], w)  # w . (e_x - e_padding)
    np.testing.assert_allclose(scores, expected, rtol=1e-5, atol=1e-6)
    assert scores[0, 0] == 0.0 and scores[0, 1] == 0.0  # the same padding as the baseline
    np.testing.assert_allclose(scores.sum(axis=1), z - base, rtol=1e-5, atol=1e-6)


def test_gradient_x_input_on_a_linear_model_has_no_baseline():
    model, table, kernel, bias = linear_model()
    x = np.array([[0, 0, 3, 4, 5]])
    scores, z = gradient_x_input(model, x)
    np.testing.assert_allclose(scores, np.einsum("btd,td->bt", table[x], kernel.reshape(5, 3)),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(scores.sum(), z[0] - bias, rtol=1e-5)  # adds up to logit - bias
    assert scores[0, 0] != 0.0  # padding gets a score: there is no baseline to compare with


def test_occlusion_drops_each_word_and_repads():
    model, table, kernel, bias = linear_model(pooling="average")
    x = np.array([[0, 3, 4, 1, 5]])
    scores, z = occlusion(model, x, padding="pre")
    # dropping word t and padding at the front: the mean loses e_t and gains e_padding
    expected = (table[x[0]] - table[0]) @ kernel / 5
    expected[0] = 0.0  # padding is no word
    np.testing.assert_allclose(scores[0], expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(z, logits(model, x))
    with pytest.raises(ValueError, match="padding must be"):
        occlusion(model, x, padding="middle")


def test_integrated_gradients_are_complete_on_a_real_trained_model(seed_trained, sample_data):
    """The completeness property, on the course's network trained on the sample: each review's
    attributions add up to logit(review) - logit(all padding) within 1%."""
    x = sample_data.x_test[:12]
    scores, z, base = integrated_gradients(seed_trained.model, x, steps=64)
    gap = scores.sum(axis=1) - (z - base)
    assert np.all(np.abs(gap) <= 0.01 * np.maximum(np.abs(z - base), 0.1))
    assert np.all(scores[x == 0] == 0.0)
    np.testing.assert_allclose(base, logits(seed_trained.model, np.zeros((1, 100), "int32"))[0])
    # occlusion, a second opinion, agrees in rank more often than not
    occluded, _ = occlusion(seed_trained.model, x)
    a = explain(seed_trained, x)
    b = explain(seed_trained, x, method="occlusion")
    np.testing.assert_allclose(b[3].scores, occluded[3][x[3] != 0])
    agreement = rank_agreement(a, b)
    assert agreement.shape == (12,) and np.nanmean(agreement) > 0.2


def test_the_gradient_function_is_the_backends(seed_trained, sample_data):
    """value_and_gradient against a finite difference, on whichever backend runs."""
    from imdbviz.saliency import logit_head

    head = logit_head(seed_trained.model)
    e = np.asarray(seed_trained.model.get_layer("embedding")(sample_data.x_test[:2]))
    values, grad = backend.value_and_gradient(head, e)
    step = np.zeros_like(e)
    step[0, -1, 3] = 1e-2
    moved = np.asarray(head(e + step))
    assert (moved[0] - values[0]) == pytest.approx(grad[0, -1, 3] * 1e-2, rel=0.05, abs=1e-5)
    assert moved[1] == pytest.approx(values[1], abs=1e-6)  # reviews do not interact


def test_explain_texts_reads_what_the_model_reads():
    vocab = Vocabulary(["<pad>", "<oov>", "a", "good", "film", "bad"])
    config = imdbviz.Config(top_words=6, maxlen=8, embedding_dim=4, filters=3, kernel_size=3,
                            lstm_units=4, dense_units=3)
    model = imdbviz.build_model(config)
    net = imdbviz.Predictor(model=model, vocab=vocab, config=config)
    [skip] = explain_texts(net, ["A good zebra film"])
    assert skip.tokens == ["a", "good", "film"]  # the unknown word is not read
    marking = imdbviz.Predictor(model=model, vocab=vocab, config=config.replace(oov="mark"))
    [mark] = explain_texts(marking, ["A good zebra film"], method="occlusion")
    assert mark.tokens == ["a", "good", "<oov>", "film"]
    assert mark.in_vocabulary.tolist() == [True, True, False, True]
    [long] = explain_texts(net, [" ".join(["good"] * 5 + ["bad"] * 5)])
    assert long.tokens == ["good"] * 3 + ["bad"] * 5  # truncating "pre" keeps the end
    assert long.probability == pytest.approx(float(net.predict(["good " * 5 + "bad " * 5])[0]),
                                             abs=1e-5)
    with pytest.raises(ValueError, match="no words"):
        explain_texts(net, [""])
    with pytest.raises(ValueError, match="method must be one of"):
        explain(net, np.zeros((1, 8), "int32"), method="shap")
    with pytest.raises(ValueError, match="expects 8"):
        explain(net, np.zeros((1, 5), "int32"))


def test_mean_attribution_by_word():
    vocab = Vocabulary(["<pad>", "<oov>", "good", "bad", "film"])
    x = np.array([[0, 2, 4, 3], [2, 3, 1, 4]])
    scores = np.array([[0.0, 1.0, 0.1, -1.0], [3.0, -2.0, 9.0, 0.3]])
    result = mean_attribution_by_word(scores, x, vocab, min_count=2, k=2)
    assert result["positive"] == [("good", 2.0, 2), ("film", pytest.approx(0.2), 2)]
    assert result["negative"][0] == ("bad", -1.5, 2)  # <oov> (9.0) is left out


def test_attribution_html_colours_words_on_the_sentiment_scale():
    a = Attribution(method="integrated_gradients", tokens=["great", "meh", "awful", "<b>", "zzz"],
                    positions=np.arange(5), scores=np.array([2.0, 0.0, -1.0, 1.0, -2.0]),
                    logit=np.log(0.8 / 0.2), in_vocabulary=np.array([1, 1, 1, 1, 0], bool),
                    baseline_logit=0.0, label=0)
    page = attribution_html(a)
    spans = re.findall(r'<span style="background-color:(#[0-9a-f]{6});[^"]*" '
                       r'data-score="([^"]+)" title="[^"]*">([^<]*)</span>', page)
    assert [word for *_, word in spans] == ["great", "meh", "awful", "&lt;b&gt;", "zzz"]
    colours = {word: colour for colour, _, word in spans}
    assert colours["great"] == to_hex(SENTIMENT_CMAP(1.0))  # +max: blue, towards positive
    assert colours["zzz"] == to_hex(SENTIMENT_CMAP(0.0))    # -max: orange, towards negative
    assert colours["meh"] == "#ffffff"                       # zero: white
    assert [float(v) for _, v, _ in spans] == [2.0, 0.0, -1.0, 1.0, -2.0]
    assert "P(positive) = 0.800" in page and "WRONG" in page
    assert sentiment_colors([0.5, -4.0], vmax=1.0)[1] == to_hex(SENTIMENT_CMAP(0.0))  # clipped
    assert "-1.00" in scale_html(1.0) and "+1.00" in scale_html(1.0)
    with pytest.raises(ValueError, match="vmax"):
        sentiment_colors([1.0], vmax=-1.0)


def test_faint_share_says_when_a_colour_scale_is_too_wide_for_the_scores():
    small = np.array([0.01, -0.02, 0.03, -0.001])
    assert faint_share(small, vmax=1.0) == 1.0  # all near-white on a scale made for larger scores
    assert faint_share(small, vmax=np.abs(small).max()) == 0.25  # own scale: only -0.001 is faint
    # faint is exactly what sentiment_colors draws close to white
    colors = sentiment_colors(small, vmax=1.0)
    assert all(min(int(c[i:i + 2], 16) for i in (1, 3, 5)) > 200 for c in colors)
    with pytest.raises(ValueError, match="positive"):
        faint_share(small, vmax=0.0)


def test_attribution_pair_html_shows_two_methods_side_by_side_each_on_its_scale():
    from imdbviz.plots import attribution_pair_html

    def attribution(method, scores):
        return Attribution(method=method, tokens=["great", "dull", "film"], positions=np.arange(3),
                           scores=np.array(scores), logit=1.0, in_vocabulary=np.ones(3, bool),
                           label=1)

    ig = attribution("integrated_gradients", [2.0, -1.0, 0.0])
    occ = attribution("occlusion", [0.02, -0.01, 0.0])
    page = attribution_pair_html(ig, occ, 2.0, 0.02, header="<b>review 7</b>")
    columns = re.findall(r"<td[^>]*>(.*?)</td>", page)
    assert len(columns) == 2 and "integrated gradients" in columns[0] and "occlusion" in columns[1]
    for column, vmax in zip(columns, (2.0, 0.02)):
        colours = dict(zip(re.findall(r">(great|dull|film)</span>", column),
                           re.findall(r'background-color:(#[0-9a-f]{6})', column)))
        assert colours["great"] == to_hex(SENTIMENT_CMAP(1.0))  # each column's +vmax: darkest blue
        assert colours["film"] == "#ffffff"
        assert f"{vmax:+.2f} towards positive" in column
    assert page.count("P(positive) = 0.731") == 1 and page.startswith(
        "<div style='font-family:sans-serif;font-size:13px;margin:10px 0 2px'><b>review 7</b>")
    other = Attribution(method="occlusion", tokens=["great"], positions=np.array([4]),
                        scores=np.array([1.0]), logit=1.0, in_vocabulary=np.ones(1, bool))
    with pytest.raises(ValueError, match="different reviews"):
        attribution_pair_html(ig, other, 1.0, 1.0)


def test_plot_running_sentiment_draws_the_steps_at_a_readable_size():
    import matplotlib

    matplotlib.use("Agg")
    from imdbviz.plots import plot_running_sentiment

    running = np.array([0.48, 0.34, 0.30])
    ax = plot_running_sentiment(running, ["this", "movie is", "not good"], fontsize=13)
    np.testing.assert_allclose(ax.drawn_["probability"].get_ydata(), running)
    np.testing.assert_allclose(ax.drawn_["negative"].get_ydata(), running)  # all below 0.5
    assert ax.get_xlabel().startswith("LSTM step: the positions it pools")
    assert "convolution" in ax.get_xlabel()  # a step also sees its neighbours, not only its words
    assert [t.get_text() for t in ax.get_xticklabels()] == ["this", "movie is", "not good"]
    assert all(t.get_fontsize() == 13 for t in ax.get_xticklabels())
    assert all(t.get_fontsize() == 12 for t in ax.get_legend().get_texts())
    with pytest.raises(ValueError, match="one label each"):
        plot_running_sentiment(running, ["this"])


def test_scale_html_gives_a_small_scale_more_decimals_so_its_end_reads_true():
    page = scale_html(0.0457)
    assert "-0.046" in page and "+0.046" in page and "0.05" not in page
    assert "+0.273 " in scale_html(0.273) and "+0.02 " in scale_html(0.02) and "+1.00 " in scale_html(1.0)


def test_running_prediction_legend_lists_only_the_points_drawn():
    import matplotlib

    matplotlib.use("Agg")
    from imdbviz.plots import plot_running_prediction

    ax = plot_running_prediction(np.array([0.48, 0.34, 0.30]), ["this", "movie is", "not good"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["negative so far"]
    assert len(ax.drawn_["positive"].get_xdata()) == 0   # still in drawn_, with no points
    ax = plot_running_prediction(np.array([0.6, 0.4]), ["good", "bad"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["positive so far", "negative so far"]
