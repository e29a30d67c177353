import numpy as np
import pytest

import imdbviz
from imdbviz.model import LAYER_NAMES


def test_seed_model_has_the_posts_parameter_table():
    model = imdbviz.build_model(imdbviz.SEED)
    assert imdbviz.parameter_table(model) == [
        ("embedding", 16_000), ("conv", 5_152), ("pool", 0), ("lstm", 16_600),
        ("dropout", 0), ("dense", 1_275), ("output", 26),
    ]
    assert model.count_params() == 39_053


def test_full_model_sizes():
    table = dict(imdbviz.parameter_table(imdbviz.build_model(imdbviz.FULL)))
    assert table["embedding"] == 5000 * 32
    assert table["lstm"] == 4 * (32 + 100 + 1) * 100
    assert table["dense"] == 100 * 25 + 25


def test_layer_shapes_follow_the_config():
    config = imdbviz.Config(maxlen=40, filters=8, kernel_size=3, pool_size=4, lstm_units=6)
    model = imdbviz.build_model(config)
    assert [layer.name for layer in model.layers] == list(LAYER_NAMES)
    shapes = [tuple(layer.output.shape) for layer in model.layers]
    assert shapes == [(None, 40, 32), (None, 40, 8), (None, 10, 8), (None, 6), (None, 6),
                      (None, 25), (None, 1)]
    out = model.predict(np.zeros((3, 40), dtype="int32"), verbose=0)
    assert out.shape == (3, 1) and np.all((out > 0) & (out < 1))


def test_the_optimizer_follows_the_config():
    optimizer = imdbviz.build_model(imdbviz.SEED).optimizer
    assert optimizer.clipnorm == 1.0
    assert imdbviz.build_model(imdbviz.SEED.replace(clipnorm=0)).optimizer.clipnorm is None
    constant = imdbviz.SEED.replace(lr_schedule="constant", learning_rate=0.001)
    assert imdbviz.model.learning_rate(constant, steps_per_epoch=10) == 0.001
    # cosine: the config's rate at the first step, half of it half-way, 0 at the last
    schedule = imdbviz.model.learning_rate(imdbviz.SEED, steps_per_epoch=10)
    total = imdbviz.SEED.epochs * 10
    assert float(schedule(0)) == pytest.approx(imdbviz.SEED.learning_rate)
    assert float(schedule(total // 2)) == pytest.approx(imdbviz.SEED.learning_rate / 2, rel=1e-3)
    assert float(schedule(total)) == pytest.approx(0.0, abs=1e-9)


def test_fit_decays_the_learning_rate_to_zero_over_its_steps(tiny_trained):
    optimizer = tiny_trained.model.optimizer
    assert float(optimizer.learning_rate) == pytest.approx(0.0, abs=1e-6)  # after the last step


def test_same_seed_same_initial_weights():
    a = imdbviz.build_model(imdbviz.SEED).get_weights()
    b = imdbviz.build_model(imdbviz.SEED).get_weights()
    c = imdbviz.build_model(imdbviz.SEED.replace(seed=8)).get_weights()
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a[0], c[0])
