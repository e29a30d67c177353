"""LivePlot, EvaluateEachEpoch, POST_LOG and the training-curve plots, with real Keras models
trained briefly on the bundled sample."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import imdbviz  # noqa: E402
from imdbviz.blog_post import LOG as POST_LOG, TEST_ACCURACY as POST_TEST_ACCURACY  # noqa: E402
from imdbviz.train import EvaluateEachEpoch  # noqa: E402
from imdbviz.widgets.live import LivePlot, frontend_is_live  # noqa: E402
from imdbviz.plots import (plot_history, plot_metric, plot_seed_curves,  # noqa: E402
                           plot_sweep)

TINY = imdbviz.Config(top_words=100, maxlen=20, embedding_dim=4, filters=4, lstm_units=3,
                      dense_units=3, batch_size=64, epochs=3)


@pytest.fixture(scope="module")
def trained():
    """One short real training with every callback attached: (data, model, History,
    LivePlot(live=False), LivePlot(live=True))."""
    data = imdbviz.load_dataset(TINY, "sample", verbose=False)
    once = LivePlot(live=False, display=False)
    live = LivePlot(live=True, display=False, reference=POST_LOG)
    model = imdbviz.build_model(TINY)
    history = model.fit(data.x_train[:128], data.y_train[:128], epochs=2, batch_size=64,
                        validation_split=0.25, verbose=0,
                        callbacks=[EvaluateEachEpoch(data.x_test[:200], data.y_test[:200]),
                                   once, live])
    return data, model, history, once, live


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_post_log_is_a_keras_history_of_its_five_epochs():
    from imdbviz import experiments

    # the shape every curve plot takes, one value per epoch of the post's 5
    assert set(POST_LOG) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert {len(values) for values in POST_LOG.values()} == {5}
    # its "validation" was the test set: the last val_accuracy is the reported test accuracy
    assert POST_LOG["val_accuracy"][-1] == POST_TEST_ACCURACY
    # each loss is the binary cross-entropy of the same predictions as the accuracy beside it:
    # a misclassified review costs at least log 2, so loss >= (1 - accuracy) * log 2
    for loss, accuracy in (("loss", "accuracy"), ("val_loss", "val_accuracy")):
        for value, right in zip(POST_LOG[loss], POST_LOG[accuracy]):
            assert 0.5 < right < 1 and value >= (1 - right) * np.log(2)
    # a run that kept learning: both losses fell every epoch, so early stopping at our patience
    # would have trained all 5 epochs and kept the last, the one the post reported
    assert np.all(np.diff(POST_LOG["loss"]) < 0) and np.all(np.diff(POST_LOG["val_loss"]) < 0)
    record = {"history": POST_LOG}
    assert experiments.kept_epoch(record, imdbviz.SEED.patience) == experiments.best_epoch(
        record) == 5


def test_live_plot_collects_history_and_draws_once_when_not_live(trained):
    _data, _model, history, once, _live = trained
    assert once.frames == 1
    assert set(once.history) == {"loss", "accuracy", "val_loss", "val_accuracy", "test_loss",
                                 "test_accuracy"}
    for key, values in history.history.items():
        np.testing.assert_allclose(once.history[key], values, rtol=1e-6)
    panels = once.figure.drawn_["axes"]
    np.testing.assert_allclose(panels["loss"].drawn_["loss"].get_ydata(), history.history["loss"],
                               rtol=1e-6)
    np.testing.assert_allclose(panels["accuracy"].drawn_["val_accuracy"].get_ydata(),
                               history.history["val_accuracy"], rtol=1e-6)
    assert once.figure._suptitle.get_text().endswith("epoch 2")


def test_live_plot_redraws_after_every_epoch_when_live(trained):
    live = trained[4]
    assert live.frames == 2  # one frame per epoch, none extra at the end
    assert len(live.history["loss"]) == 2
    # the post's curves drawn as the reference on the loss Axes
    loss_ax = live.figure.drawn_["axes"]["loss"]
    np.testing.assert_allclose(loss_ax.drawn_["reference"]["loss"].get_ydata(), POST_LOG["loss"])


def test_live_plot_rejects_unknown_live_value():
    with pytest.raises(ValueError, match="live"):
        LivePlot(live="sometimes")


def test_frontend_is_not_live_in_tests_or_when_switched_off(monkeypatch):
    assert frontend_is_live() is False  # pytest, and no IPython kernel
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    monkeypatch.setenv("IMDBVIZ_LIVE", "0")
    assert frontend_is_live() is False
    assert LivePlot().live is False


def test_evaluate_each_epoch_adds_test_metrics_to_the_history(trained):
    data, model, history, _once, _live = trained
    assert len(history.history["test_accuracy"]) == 2
    loss, accuracy = model.evaluate(data.x_test[:200], data.y_test[:200], verbose=0)
    assert history.history["test_accuracy"][-1] == pytest.approx(accuracy, abs=1e-6)
    assert history.history["test_loss"][-1] == pytest.approx(loss, rel=1e-5)


def test_plot_metric_draws_train_and_validation():
    history = {"loss": [0.7, 0.5, 0.4], "val_loss": [0.6, 0.55, 0.6]}
    ax = plot_metric(history, "loss", best_epoch=2)
    assert len(ax.lines) == 3  # train, validation, best-epoch marker
    train, validation = ax.drawn_["loss"], ax.drawn_["val_loss"]
    np.testing.assert_allclose(train.get_xdata(), [1, 2, 3])
    np.testing.assert_allclose(train.get_ydata(), history["loss"])
    np.testing.assert_allclose(validation.get_ydata(), history["val_loss"])
    np.testing.assert_allclose(ax.drawn_["best_epoch"].get_xdata(), [2, 2])
    assert train.get_color() == validation.get_color()
    with pytest.raises(ValueError, match="accuracy"):
        plot_metric(history, "accuracy")


def test_plot_history_overlays_the_reference():
    ours = {k: [v + 0.01 for v in vs] for k, vs in POST_LOG.items()}
    figure = plot_history(ours, reference=POST_LOG)
    loss_ax, accuracy_ax = figure.drawn_["axes"].values()
    assert len(loss_ax.lines) == 4
    np.testing.assert_allclose(accuracy_ax.drawn_["accuracy"].get_ydata(), ours["accuracy"])
    reference = accuracy_ax.drawn_["reference"]["val_accuracy"]
    np.testing.assert_allclose(reference.get_ydata(), POST_LOG["val_accuracy"])
    assert reference.get_linestyle() == "--"


def test_plot_sweep_draws_curves_and_test_accuracies():
    histories = [{"val_accuracy": [0.7, 0.8]}, {"val_accuracy": [0.72, 0.81, 0.83]}]
    figure = plot_sweep([25, 50], histories, [0.80, 0.82], name="lstm_units")
    curves, dots = figure.drawn_["axes"].values()
    np.testing.assert_allclose(curves.drawn_["lines"][1].get_ydata(), [0.72, 0.81, 0.83])
    np.testing.assert_allclose(dots.drawn_["test_accuracy"].get_ydata(), [0.80, 0.82])


def test_plot_seed_curves_draws_each_seed_and_the_mean():
    histories = [{"val_loss": [0.6, 0.5, 0.55]}, {"val_loss": [0.7, 0.4]}]
    ax = plot_seed_curves(histories, "val_loss")
    first, second = ax.drawn_["seeds"]
    np.testing.assert_allclose(first.get_ydata(), [0.6, 0.5, 0.55])
    np.testing.assert_allclose(second.get_ydata(), [0.7, 0.4])
    np.testing.assert_allclose(ax.drawn_["mean"].get_ydata(), [0.65, 0.45, 0.55])  # over seeds
    band = ax.drawn_["range"].get_paths()[0].vertices
    assert band[:, 1].min() == pytest.approx(0.4) and band[:, 1].max() == pytest.approx(0.7)
    with pytest.raises(ValueError, match="same length"):
        plot_sweep([25], histories, [0.8])


def test_config_patience_stops_early_and_keeps_the_best_weights(trained):
    data = trained[0]
    config = TINY.replace(epochs=6, patience=1, learning_rate=0.05)
    result = imdbviz.fit(config, data, verbose=0)
    val_loss = result.history["val_loss"]
    best = int(np.argmin(val_loss))
    assert len(val_loss) == min(config.epochs, best + 1 + config.patience)
    assert result.metrics()["epochs_run"] == len(val_loss)
    # the weights kept are the best epoch's: the validation loss they give is the lowest one
    split = int(len(data.y_train) * (1 - config.validation_split))
    loss, _accuracy = result.model.evaluate(data.x_train[split:], data.y_train[split:],
                                            batch_size=1024, verbose=0)
    assert loss == pytest.approx(min(val_loss), rel=1e-4)


def test_config_patience_needs_a_validation_split():
    with pytest.raises(ValueError, match="validation_split"):
        imdbviz.Config(patience=2, validation_split=0.0)
    with pytest.raises(ValueError, match="patience"):
        imdbviz.Config(patience=-1)
