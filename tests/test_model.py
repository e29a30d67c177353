import math

import keras
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


class _LearningRates(keras.callbacks.Callback):
    """The optimizer's step count and learning rate as each training batch begins."""

    def on_train_begin(self, logs=None):
        self.steps, self.rates = [], []

    def on_train_batch_begin(self, batch, logs=None):
        optimizer = self.model.optimizer
        self.steps.append(int(keras.ops.convert_to_numpy(optimizer.iterations)))
        self.rates.append(float(keras.ops.convert_to_numpy(optimizer.learning_rate)))


@pytest.mark.parametrize("schedule", ["cosine", "constant"])
def test_fit_steps_at_the_configs_learning_rate(tiny_data, tiny_config, schedule):
    """The rate of every step of a real fit against the schedule written here: cosine from
    learning_rate at the first step to 0 after the last step Keras runs."""
    config = tiny_config.replace(lr_schedule=schedule, learning_rate=0.01, epochs=3,
                                 batch_size=64, patience=0)
    recorder = _LearningRates()
    result = imdbviz.fit(config, tiny_data.first(400), verbose=0, callbacks=[recorder])
    total = len(recorder.steps)  # the batches Keras ran: 3 epochs of 320 fitted reviews / 64
    assert recorder.steps == list(range(total)) and total == 3 * 5
    if schedule == "cosine":
        expected = [0.01 * 0.5 * (1 + math.cos(math.pi * k / total)) for k in range(total)]
        after = 0.0
    else:
        expected, after = [0.01] * total, 0.01
    np.testing.assert_allclose(recorder.rates, expected, rtol=1e-4, atol=1e-9)
    assert float(result.model.optimizer.learning_rate) == pytest.approx(after, abs=1e-9)


@pytest.mark.parametrize("clipnorm", [1.0, 0.25, 0.0])
def test_adam_uses_each_gradient_clipped_to_clipnorm(tiny_config, clipnorm):
    """One step of the compiled optimizer on huge gradients: the gradient Adam takes in (its
    first moment over 1 - beta_1) has norm clipnorm per weight, or the whole norm with 0."""
    model = imdbviz.build_model(tiny_config.replace(clipnorm=clipnorm))
    optimizer = model.optimizer
    weights = model.trainable_variables
    gradients = [np.full(w.shape, 1000.0, dtype="float32") for w in weights]
    optimizer.apply_gradients(zip(gradients, weights))
    momentums = [v for v in optimizer.variables if v.path.endswith("_momentum")]
    assert len(momentums) == len(weights)
    for momentum, gradient in zip(momentums, gradients):
        used = np.linalg.norm(keras.ops.convert_to_numpy(momentum)) / (1 - optimizer.beta_1)
        given = np.linalg.norm(gradient)
        assert used == pytest.approx(min(clipnorm, given) if clipnorm else given, rel=1e-4)


def test_fit_decays_the_learning_rate_to_zero_over_its_steps(tiny_trained):
    optimizer = tiny_trained.model.optimizer
    assert float(optimizer.learning_rate) == pytest.approx(0.0, abs=1e-6)  # after the last step


def test_same_seed_same_initial_weights():
    a = imdbviz.build_model(imdbviz.SEED).get_weights()
    b = imdbviz.build_model(imdbviz.SEED).get_weights()
    c = imdbviz.build_model(imdbviz.SEED.replace(seed=8)).get_weights()
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a[0], c[0])
