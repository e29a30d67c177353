"""plot_training and plot_curves_over_seeds (notebook 07), drawn from the History of a real Keras
fit with EarlyStopping on the bundled sample: the numbers drawn are the History's, each side
of a curve takes the series' colour, and the kept epoch is the one Keras restored."""
import matplotlib

matplotlib.use("Agg")

import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

import imdbviz  # noqa: E402
from imdbviz import experiments  # noqa: E402
from imdbviz.plots import (condition_color, curve_label, plot_curves_over_seeds,  # noqa: E402
                           plot_seed_pairs, plot_training)
from imdbviz.stats import spread  # noqa: E402

TINY = imdbviz.Config(top_words=100, maxlen=20, embedding_dim=4, filters=4, lstm_units=3,
                      dense_units=3, batch_size=32, epochs=6, learning_rate=0.05,
                      lr_schedule="constant")


@pytest.fixture(scope="module")
def runs():
    """Two seeds of a tiny model fitted with EarlyStopping(patience=1): [(History, kept epoch)]."""
    data = imdbviz.load_dataset(TINY, "sample", verbose=False)
    out = []
    for seed in (7, 1):
        model = imdbviz.build_model(TINY.replace(seed=seed))
        stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=1,
                                                restore_best_weights=True)
        history = model.fit(data.x_train[:400], data.y_train[:400], validation_split=0.25,
                            epochs=TINY.epochs, batch_size=TINY.batch_size, verbose=0,
                            callbacks=[stopper])
        out.append((history.history, stopper.best_epoch + 1))
    return out


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_training_draws_the_history_and_marks_the_epoch_keras_kept(runs):
    history, kept = runs[0]
    figure = plot_training(history, kept_epoch=kept, title="one run")
    assert set(figure.drawn_["axes"]) == {"loss", "accuracy"}
    for metric, ax in figure.drawn_["axes"].items():
        lines = ax.drawn_
        n = len(history[metric])
        np.testing.assert_allclose(lines["train"].get_ydata(), history[metric])
        np.testing.assert_allclose(lines["validation"].get_ydata(), history["val_" + metric])
        np.testing.assert_array_equal(lines["train"].get_xdata(), np.arange(1, n + 1))
        # train dark grey, validation green: the series' colours for the two sides of a curve
        assert to_rgba(lines["train"].get_color()) == to_rgba(condition_color("train"))
        assert to_rgba(lines["validation"].get_color()) == to_rgba(condition_color("validation"))
        assert list(lines["kept"].get_xdata()) == [kept, kept]
        assert lines["kept_point"].get_ydata()[0] == pytest.approx(history["val_" + metric][kept - 1])
        assert ax.get_xlabel() == "epoch" and ax.get_legend() is not None
    # the kept epoch is what kept_epoch replays from the History, and the lowest validation loss
    # before training stopped
    assert kept == experiments.kept_epoch({"history": history}, 1)
    assert kept == int(np.argmin(history["val_loss"])) + 1


def test_plot_training_refuses_an_epoch_that_was_not_trained(runs):
    history, _kept = runs[0]
    with pytest.raises(ValueError, match="not one of the"):
        plot_training(history, kept_epoch=len(history["loss"]) + 1)
    with pytest.raises(ValueError, match="not in the history"):
        plot_training(history, metrics=("auc",))


def test_plot_curves_over_seeds_colours_each_condition_and_marks_each_seed(runs):
    histories = [h for h, _ in runs]
    kept = [k for _, k in runs]
    ax = plot_curves_over_seeds({"train": (histories, "loss"), "validation": (histories, "val_loss")},
                                kept={"validation": kept}, title="two seeds")
    assert ax.get_ylabel() == "training loss" and ax.get_title() == "two seeds"
    for label, key in (("train", "loss"), ("validation", "val_loss")):
        part = ax.drawn_[label]
        assert len(part["seeds"]) == 2
        assert to_rgba(part["mean"].get_color()) == to_rgba(condition_color(label))
        longest = max(len(h[key]) for h in histories)
        means = [np.mean([h[key][e] for h in histories if len(h[key]) > e]) for e in range(longest)]
        np.testing.assert_allclose(part["mean"].get_ydata(), means)
    dots = ax.drawn_["kept"]["validation"]
    np.testing.assert_array_equal(dots.get_xdata(), kept)
    np.testing.assert_allclose(dots.get_ydata(), [h["val_loss"][k - 1] for h, k in runs])
    assert to_rgba(dots.get_markerfacecolor()) == to_rgba(condition_color("validation"))
    assert "train" not in ax.drawn_["kept"]
    # the marked seeds' own lines are drawn less faint than the unmarked ones, so a dot is seen on its curve
    assert all(line.get_alpha() > 0.5 for line in ax.drawn_["validation"]["seeds"])
    assert all(line.get_alpha() < 0.5 for line in ax.drawn_["train"]["seeds"])
    # jitter moves the dots sideways only, never further than half an epoch, and apart from each other
    ax = plot_curves_over_seeds({"validation": (histories, "val_loss"), "no dropout": (histories, "val_loss")},
                                kept={"validation": kept, "no dropout": kept}, jitter=0.06,
                                legend_outside=True)
    xs = np.concatenate([ax.drawn_["kept"][label].get_xdata() for label in ("validation", "no dropout")])
    np.testing.assert_array_equal(np.round(xs), kept + kept)
    assert len(set(np.round(xs, 6))) == len(xs)
    np.testing.assert_allclose(ax.drawn_["kept"]["no dropout"].get_ydata(),
                               [h["val_loss"][k - 1] for h, k in runs])
    assert ax.get_legend().get_bbox_to_anchor().y0 < ax.get_window_extent().y0  # under the Axes
    # explicit colours win; a name outside the palette falls back to a neutral colour
    ax = plot_curves_over_seeds({"dropout 0.5": (histories, "val_loss")}, colors={"dropout 0.5": "0.3"})
    assert to_rgba(ax.drawn_["dropout 0.5"]["mean"].get_color()) == to_rgba("0.3")
    with pytest.raises(ValueError, match="epochs for"):
        plot_curves_over_seeds({"validation": (histories, "val_loss")}, kept={"validation": kept[:1]})


def test_curve_label_words_the_history_keys():
    assert curve_label("val_loss") == "validation loss"
    assert curve_label("accuracy") == "training accuracy"
    assert curve_label("auc") == "auc"


def test_plot_seed_pairs_joins_each_seeds_two_runs(runs):
    """Two spreads of the same seeds (here the last and the kept epoch's validation loss of the
    Keras runs above): a grey line joins each seed's two values, the first row hollow, the
    second filled."""
    records = [{"seed": seed, "history": h} for seed, (h, _k) in zip((7, 1), runs)]
    last = spread(records, lambda r: r["history"]["val_loss"][-1], name="last epoch")
    kept = spread(records, lambda r: min(r["history"]["val_loss"]), name="kept")
    ax = plot_seed_pairs(last, kept, xlabel="validation loss", title="seed by seed")
    assert set(ax.drawn_["pairs"]) == {7, 1}
    for seed, (h, _k) in zip((7, 1), runs):
        line = ax.drawn_["pairs"][seed]
        np.testing.assert_allclose(line.get_xdata(), [h["val_loss"][-1], min(h["val_loss"])])
        np.testing.assert_array_equal(line.get_ydata(), [0, 1])
    np.testing.assert_allclose(ax.drawn_["before"].get_xdata(), last.values)
    np.testing.assert_allclose(ax.drawn_["after"].get_xdata(), kept.values)
    assert to_rgba(ax.drawn_["before"].get_markerfacecolor()) == to_rgba("white")
    assert to_rgba(ax.drawn_["after"].get_markerfacecolor()) == to_rgba("black")
    np.testing.assert_allclose([m.get_xdata()[0] for m in ax.drawn_["means"]], [last.mean, kept.mean])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["last epoch", "kept"]
    assert ax.get_title() == "seed by seed"
    ax = plot_seed_pairs(last, kept, colors=("indigo", "tab:green"))  # the conditions' colours
    assert to_rgba(ax.drawn_["before"].get_markeredgecolor()) == to_rgba("indigo")
    assert to_rgba(ax.drawn_["before"].get_markerfacecolor()) == to_rgba("white")
    assert to_rgba(ax.drawn_["after"].get_markerfacecolor()) == to_rgba("tab:green")
    with pytest.raises(ValueError, match="know their seeds"):
        plot_seed_pairs(spread([{"history": h} for h, _ in runs], lambda r: 1.0, name="x"), kept)
