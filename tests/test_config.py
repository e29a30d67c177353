import dataclasses
from collections import Counter

import keras
import numpy as np
import pytest

import imdbviz
from imdbviz import FULL, SEED, Config
from imdbviz import blog_post as post


def _layer_parameters(top_words, embedding_dim=32, filters=32, kernel_size=5, lstm_units=50,
                      dense_units=25):
    """Each layer's parameters from its formula (the review's length changes none of them)."""
    return [top_words * embedding_dim,  # Embedding: one vector per word id
            kernel_size * embedding_dim * filters + filters,  # Conv1D: kernels and biases
            0,  # MaxPooling1D
            4 * (lstm_units * (filters + lstm_units) + lstm_units),  # LSTM: 4 gates
            0,  # Dropout
            lstm_units * dense_units + dense_units,  # Dense
            dense_units + 1]  # the output unit


def _rows_read(reviews, vocab, maxlen):
    """What the post's model reads of each review, computed here from the raw text: the known
    words' ids (unknown words left out), the last ``maxlen`` of them, zeros in front."""
    rows = []
    for text in reviews:
        ids = [vocab.index[t] for t in imdbviz.tokenize(text) if vocab.index.get(t, 0) > 1]
        rows.append(([0] * maxlen + ids)[-maxlen:])
    return np.array(rows)


def _check_preset_reads_like_the_post(config, reviews):
    """The vocabulary is the top_words - 2 most frequent training tokens (counted here), and
    each row of the input is the review's last maxlen known words, padded in front."""
    counts = Counter(t for text in reviews.train_texts for t in imdbviz.tokenize(text))
    ranked = sorted(counts, key=lambda w: (-counts[w], w))[:config.top_words - 2]
    data = imdbviz.load_dataset(config, "sample", verbose=False)
    assert data.vocab.words[2:] == ranked
    np.testing.assert_array_equal(data.x_train[:60], _rows_read(reviews.train_texts[:60],
                                                                data.vocab, config.maxlen))
    np.testing.assert_array_equal(data.x_test[-60:], _rows_read(reviews.test_texts[-60:],
                                                                data.vocab, config.maxlen))


def test_seed_preset_is_the_blog_posts_network_reading_the_posts_input(sample_reviews):
    model = imdbviz.build_model(SEED)
    counts = [n for _name, n in imdbviz.parameter_table(model)]
    # the post's summary: Embedding(500, 32), Conv1D(32, 5), MaxPooling1D(2), LSTM(50),
    # Dropout(0.2), Dense(25), Dense(1), on reviews of 100 word ids
    assert counts == _layer_parameters(500) == list(post.PARAMETERS)
    assert model.count_params() == sum(post.PARAMETERS) == 39_053
    assert model.input_shape == (None, 100) and model.get_layer("pool").output.shape[1] == 50
    # Dropout(0.2): about a fifth of the LSTM's outputs zeroed while training, none after
    ones = np.ones((400, 50), dtype="float32")
    dropped = np.asarray(model.get_layer("dropout")(ones, training=True))
    assert np.mean(dropped == 0) == pytest.approx(0.2, abs=0.01)
    np.testing.assert_array_equal(np.asarray(model.get_layer("dropout")(ones)), ones)
    _check_preset_reads_like_the_post(SEED, sample_reviews)


def test_the_posts_protocol_is_the_posts_training_and_the_course_changes_training_only():
    from imdbviz.config import ENCODING_FIELDS
    from imdbviz.experiments import POST_TRAINING, post_protocol

    protocol = post_protocol(SEED)
    config = protocol.config
    # the post: compile(optimizer="adam"), i.e. Keras' default rate, nothing clipped, every one
    # of the 5 epochs of its log kept, its "validation" the test set after every epoch
    optimizer = imdbviz.build_model(config).optimizer
    assert float(optimizer.learning_rate) == pytest.approx(
        keras.optimizers.Adam().get_config()["learning_rate"])
    assert optimizer.clipnorm is None and optimizer.global_clipnorm is None
    assert config.epochs == len(post.LOG["loss"]) and config.patience == 0
    assert config.validation_split == 0 and protocol.track_test
    # the course's recipe trains otherwise, on the same network reading the same words
    # (but for the post's <oov> marks)
    assert imdbviz.parameter_table(imdbviz.build_model(config)) == \
        imdbviz.parameter_table(imdbviz.build_model(SEED))
    changed = {k for k, v in SEED.to_dict().items() if getattr(config, k) != v}
    assert changed - set(POST_TRAINING) == {"oov", "validation_split"}
    assert changed & set(ENCODING_FIELDS) == {"oov"}
    assert changed & set(POST_TRAINING)  # the recipe is not the post's


def test_full_preset_is_the_tutorial_sizes(sample_reviews):
    model = imdbviz.build_model(FULL)
    # the tutorial's 5,000 words, 500 tokens and LSTM(100); the post's other layers
    assert [n for _name, n in imdbviz.parameter_table(model)] == \
        _layer_parameters(5000, lstm_units=100)
    assert model.input_shape == (None, 500)
    # its recipe: length-bucketed batches, chosen on validation, refitted on every review
    from imdbviz.config import FULL_CHANGES

    assert FULL == SEED.replace(**FULL_CHANGES)
    assert (FULL.validation_split, FULL.patience) == (0.0, 0) and FULL.bucket_width > 0
    assert set(FULL_CHANGES) - {"top_words", "maxlen", "lstm_units"} == {
        "epochs", "batch_size", "bucket_width", "validation_split", "patience"}
    _check_preset_reads_like_the_post(FULL, sample_reviews)


@pytest.mark.parametrize("field, value, words", [
    ("top_words", 2, "top_words must be between 3"),
    ("maxlen", 0, "maxlen must be between 1"),
    ("dropout", 1.0, "dropout must be between 0.0 and 0.99"),
    ("epochs", 2.5, "epochs must be a whole number"),
    ("batch_size", "64", "batch_size must be a number"),
    ("lstm_units", True, "lstm_units must be a number"),
    ("padding", "middle", "padding must be one of ('pre', 'post')"),
    ("oov", "drop", "oov must be one of ('skip', 'mark')"),
    ("lr_schedule", "linear", "lr_schedule must be one of ('constant', 'cosine')"),
    ("precision", "float16", "precision must be one of ('float32', 'mixed_bfloat16')"),
    ("validation_split", 0.9, "validation_split must be between"),
])
def test_bad_values_name_the_field_and_the_range(field, value, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        Config(**{field: value})


def test_pooling_longer_than_the_review_is_refused():
    with pytest.raises(ValueError, match="maxlen .* at least Config.pool_size"):
        Config(maxlen=3, pool_size=4)


def test_whole_floats_become_ints_so_papermill_values_work():
    config = Config(maxlen=200.0)
    assert config.maxlen == 200 and isinstance(config.maxlen, int)


def test_from_params_takes_known_names_and_ignores_the_rest():
    config = Config.from_params({"top_words": 2000, "maxlen": 200, "dataset": "sample", "x": 1})
    assert (config.top_words, config.maxlen, config.lstm_units) == (2000, 200, 50)


def test_replace_validates_and_rejects_unknown_fields():
    assert SEED.replace(epochs=1).epochs == 1
    with pytest.raises(ValueError, match="unknown Config field"):
        SEED.replace(epoch=1)
    with pytest.raises(ValueError, match="epochs"):
        SEED.replace(epochs=0)


OTHER_VALUES = {int: lambda v: v + 1, float: lambda v: v / 2 if v else 0.1,
                str: lambda v: {"pre": "post", "post": "pre", "skip": "mark", "mark": "skip",
                                "constant": "cosine", "cosine": "constant",
                                "float32": "mixed_bfloat16", "mixed_bfloat16": "float32"}[v]}


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Config)])
def test_fingerprint_changes_with_every_field(name):
    value = getattr(SEED, name)
    changes = {name: OTHER_VALUES[type(value)](value)}
    if name == "patience":
        changes["patience"] = 3
    if name == "bucket_width":
        changes["bucket_width"] = 2 * SEED.pool_size
    other = SEED.replace(**changes)
    assert other != SEED and other.fingerprint() != SEED.fingerprint()
    assert Config(**SEED.to_dict()).fingerprint() == SEED.fingerprint()


def test_the_presets_are_small_and_full_and_the_old_name_still_works():
    assert imdbviz.SMALL is imdbviz.SEED is imdbviz.PRESETS["small"] is imdbviz.PRESETS["seed"]
    assert imdbviz.PRESETS["full"] is imdbviz.FULL
    assert (imdbviz.SMALL.top_words, imdbviz.SMALL.maxlen) == (500, 100)
