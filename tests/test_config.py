import dataclasses

import pytest

import imdbviz
from imdbviz import FULL, SEED, Config


def test_seed_preset_is_the_blog_post():
    assert (SEED.top_words, SEED.maxlen, SEED.embedding_dim) == (500, 100, 32)
    assert (SEED.filters, SEED.kernel_size, SEED.pool_size) == (32, 5, 2)
    assert (SEED.lstm_units, SEED.dropout, SEED.dense_units) == (50, 0.2, 25)
    assert SEED.seed == 7
    assert (SEED.padding, SEED.truncating) == ("pre", "pre")
    assert SEED.oov == "skip"  # the encoding's one change: unknown words are left out


def test_the_course_recipe_differs_from_the_posts_training_only_where_measured():
    from imdbviz.experiments import POST_TRAINING

    recipe = {k: getattr(SEED, k) for k in POST_TRAINING}
    assert recipe == {"batch_size": 256, "epochs": 8, "learning_rate": 0.003,
                      "lr_schedule": "cosine", "clipnorm": 1.0, "patience": 2}
    assert SEED.replace(**POST_TRAINING).replace(oov="mark", validation_split=0.0) == \
        imdbviz.experiments.post_protocol(SEED).config


def test_full_preset_is_the_tutorial_sizes():
    assert (FULL.top_words, FULL.maxlen, FULL.lstm_units, FULL.epochs) == (5000, 500, 100, 6)
    same = {f.name for f in dataclasses.fields(Config)} - {"top_words", "maxlen", "lstm_units",
                                                            "epochs"}
    assert {n: getattr(FULL, n) for n in same} == {n: getattr(SEED, n) for n in same}


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
    other = SEED.replace(**changes)
    assert other != SEED and other.fingerprint() != SEED.fingerprint()
    assert Config(**SEED.to_dict()).fingerprint() == SEED.fingerprint()
