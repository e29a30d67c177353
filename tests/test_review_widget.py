"""'Write your own review': the callback (text -> ReviewView) and its widget, without a browser."""
import base64
import dataclasses

import numpy as np
import pytest

import imdbviz
from imdbviz.tensors import running_prediction
from imdbviz.vocab import Vocabulary, tokenize
from imdbviz.widgets.review import (DEFAULT_REVIEW, EMPTY_MESSAGE, PROMPTS, review_html,
                                    review_png, review_view, review_widget)


@pytest.fixture(scope="module")
def network():
    texts = ["this movie is good", "this movie is not good", "a bad film , not bad acting",
             "great fun", "oh great , another film"]
    vocab = Vocabulary.build([tokenize(t) for t in texts], top_words=14)
    config = imdbviz.Config(top_words=14, maxlen=12, embedding_dim=4, filters=3, kernel_size=3,
                            lstm_units=5, dense_units=3)
    return imdbviz.Predictor(model=imdbviz.build_model(config), vocab=vocab, config=config)


@pytest.mark.parametrize("text", ["", "   \n ", None, 42])
def test_empty_text_gives_a_friendly_message(network, text):
    view = review_view(network, text)
    assert view.message == EMPTY_MESSAGE
    assert view.prediction is None and view.attribution is None and len(view.running) == 0
    assert review_html(view) == f"<p><b>{EMPTY_MESSAGE}</b></p>"
    assert review_png(view) is None


def test_view_matches_the_model(network):
    text = "This movie is not good, great?"
    view = review_view(network, text)
    x = network.encode([text])
    expected = float(network.predict([text])[0])
    assert view.prediction == pytest.approx(expected, abs=1e-5)
    assert view.attribution.tokens == ["this", "movie", "is", "not", "good", "great"]  # no "?"
    # integrated gradients: the words' scores add up to the logit's move from empty
    assert abs(view.attribution.gap) < 0.01 * max(1.0, abs(view.attribution.logit))
    # the last LSTM step reads the review's last words: its running value is the prediction
    assert view.running[-1] == pytest.approx(expected, abs=1e-5)
    np.testing.assert_allclose(view.running, running_prediction(network.model, x)[0][-3:],
                               rtol=1e-6)
    assert view.step_labels == ["this movie", "is not", "good great"]  # pool_size 2: 2 words a step
    assert f"{expected:.3f}" in view.message


def test_odd_length_and_marked_unknown_words(network):
    marking = dataclasses.replace(network, config=network.config.replace(oov="mark"))
    view = review_view(marking, "Zebra good film")
    assert view.step_labels == ["<oov>", "good film"]  # the first step half padding
    assert view.attribution.in_vocabulary.tolist() == [False, True, True]
    assert "1 of the words it reads are outside" in view.message and "italic" in review_html(view)


def test_skipped_unknown_words_are_named_greyed_and_not_read(network):
    view = review_view(network, "Zebra good giraffe film")  # oov="skip"
    assert view.attribution.tokens == ["good", "film"]
    assert view.step_labels == ["good film"]
    assert "2 of its 4 words are outside the 14-word vocabulary" in view.message
    assert "skips them (grey): zebra, giraffe." in view.message
    html = review_html(view)  # every word in its place, the skipped ones greyed
    assert [w for w in ("zebra", "good", "giraffe", "film") if w in html] == [
        "zebra", "good", "giraffe", "film"]
    assert html.count("not read: outside the vocabulary") == 2
    assert view.prediction == pytest.approx(float(network.predict(["good film"])[0]), abs=1e-5)


def test_a_review_of_unknown_words_only_reads_padding(network):
    view = review_view(network, "Zebra giraffe")
    assert view.attribution.tokens == [] and len(view.running) == 0
    assert "2 of its 2 words are outside" in view.message and "only padding" in view.message
    x = np.zeros((1, network.config.maxlen), dtype="int32")
    assert view.prediction == pytest.approx(float(network.model.predict(x, verbose=0)[0, 0]),
                                            abs=1e-5)


def test_long_text_is_truncated_like_the_model_input(network):
    view = review_view(network, "good " * 20 + "bad")
    assert len(view.attribution.tokens) == 12 and view.attribution.tokens[-1] == "bad"
    assert "The first 9 words are cut off: it reads 12" in view.message
    assert len(view.running) == 6


def test_widget_follows_the_text_box_and_carries_a_static_picture(network):
    widget = review_widget(network)
    assert widget.box.value == DEFAULT_REVIEW
    assert widget.shown.value == review_html(review_view(network, DEFAULT_REVIEW))
    assert widget.image.value == review_png(widget.view)
    bundle = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64encode(widget.image.value).decode() in bundle["text/html"]
    widget.box.value = ""  # clearing the text clears the plot
    assert EMPTY_MESSAGE in widget.shown.value and widget.image.layout.display == "none"
    widget.prompts.value = PROMPTS["negation: not bad"]
    assert widget.box.value == PROMPTS["negation: not bad"]
    assert widget.prompts.value == ""  # the menu resets after a pick
    assert widget.shown.value == review_html(review_view(network, PROMPTS["negation: not bad"]))
    assert widget.image.layout.display is None
    updates = widget.updates
    widget.box.value = "good film\n"  # Enter (and, without an event loop, typing) updates
    assert widget.updates == updates + 1 and "good" in widget.shown.value
