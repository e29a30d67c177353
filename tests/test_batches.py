"""Length-bucketed batches (``imdbviz.batches``) on the real sample: every review once per
epoch, its words untouched, each batch cut to its bucket; and ``fit`` trains on them."""
import numpy as np
import pytest

import imdbviz
from imdbviz import batches
from imdbviz.batches import LengthBatches, bucket_length, cut, review_lengths


def test_review_lengths_count_from_the_first_id_to_the_last():
    x = np.array([[0, 0, 5, 6], [7, 0, 3, 4], [0, 0, 0, 0], [0, 0, 0, 9]])
    assert review_lengths(x).tolist() == [2, 4, 0, 1]
    post = np.array([[5, 6, 0, 0], [7, 0, 3, 0], [0, 0, 0, 0]])
    assert review_lengths(post, "post").tolist() == [2, 3, 0]


@pytest.mark.parametrize("longest, expected", [(160, 200), (200, 200), (201, 250), (450, 450),
                                               (451, 500), (500, 500), (1, 50), (0, 50)])
def test_a_batch_is_padded_down_from_maxlen_in_width_steps(longest, expected):
    assert bucket_length(longest, 50, 500) == expected


def test_bucket_lengths_keep_the_pooling_windows_of_maxlen():
    """maxlen 101, width 4: lengths 101, 97, ... are all odd like maxlen, so every review
    meets the same pooling pairs (pool 2) as at maxlen."""
    assert {bucket_length(n, 4, 101) for n in range(102)} == set(range(5, 102, 4))
    assert bucket_length(3, 4, 3) == 3  # never longer than maxlen


def test_every_review_once_per_epoch_with_its_words(tiny_data):
    x, y = tiny_data.x_train, tiny_data.y_train
    data = LengthBatches(x[:1000], y[:1000], batch_size=64, width=10, seed=3)
    lengths = review_lengths(x[:1000])
    for _epoch in range(2):
        seen = np.concatenate(data.batches)
        assert sorted(seen.tolist()) == list(range(1000))
        for i, batch in enumerate(data.batches):
            xb, yb = data[i]
            width = xb.shape[1]
            assert width == bucket_length(lengths[batch].max(), 10, x.shape[1])
            assert width >= lengths[batch].max() and (x.shape[1] - width) % 10 == 0
            padded_back = np.zeros_like(x[batch])
            padded_back[:, x.shape[1] - width:] = xb
            np.testing.assert_array_equal(padded_back, x[batch])  # only padding was cut
            np.testing.assert_array_equal(yb, y[batch])
        first = [b.copy() for b in data.batches]
        data.on_epoch_end()
    assert any(not np.array_equal(a, b) for a, b in zip(first, data.batches))  # reshuffled


def test_batches_hold_reviews_of_one_bucket_and_save_positions(sample_data):
    data = LengthBatches(sample_data.x_train, sample_data.y_train, 64, width=10, seed=0)
    mixed = [b for b in data.batches if len(set(data.buckets[b])) > 1]
    assert len(mixed) <= len(set(data.buckets)) - 1  # only where one bucket ends
    held, padded = data.positions()
    maxlen = sample_data.config.maxlen
    share = sample_data.train_lengths.clip(max=maxlen).mean() / maxlen
    assert share <= held / padded <= share + 10 / maxlen
    assert held < padded


def test_the_first_two_batches_differ_in_size_and_length(sample_data):
    """Keras (TensorFlow) reads the input's shape off the first two batches."""
    data = LengthBatches(sample_data.x_train[:1000], sample_data.y_train[:1000], 64, width=10,
                         seed=1)
    assert len(set(data.batch_lengths)) > 2
    (x0, _), (x1, _) = data[0], data[1]
    assert x0.shape[0] == 1000 % 64 and x1.shape[0] == 64
    assert x0.shape[1] != x1.shape[1]


def test_unshuffled_batches_are_sorted_by_bucket_every_epoch():
    x = np.array([[0, 0, 0, 1], [2, 3, 4, 5], [0, 0, 0, 4]])
    data = LengthBatches(x, np.array([0, 1, 0]), batch_size=2, width=2, shuffle=False)
    assert [b.tolist() for b in data.batches] == [[1], [0, 2]]  # the smaller batch first
    data.on_epoch_end()
    assert [b.tolist() for b in data.batches] == [[1], [0, 2]]  # the smaller batch first


def test_post_padded_reviews_are_cut_at_the_end():
    x = np.array([[5, 6, 0, 0], [7, 0, 0, 0]])
    np.testing.assert_array_equal(cut(x, 2, "post"), [[5, 6], [7, 0]])


def test_bucket_width_must_fit_the_pooling():
    with pytest.raises(ValueError, match="multiple of Config.pool_size"):
        imdbviz.Config(bucket_width=5)


def test_a_config_without_buckets_keeps_its_fingerprint():
    """Records stored before the field existed keep their keys."""
    assert "bucket_width" not in imdbviz.SEED.identity()
    assert imdbviz.SEED.replace(bucket_width=2).fingerprint() != imdbviz.SEED.fingerprint()


@pytest.fixture(scope="module")
def bucketed(tiny_data, tiny_config):
    """TINY with length-bucketed batches (a masked model) on 1,000 reviews: a partial last
    batch, validation on the last 200."""
    config = tiny_config.replace(bucket_width=10, batch_size=64)
    return imdbviz.fit(config, tiny_data.first(1000), verbose=0)


def test_fit_trains_on_length_batches_and_validates_on_the_held_out_reviews(bucketed, tiny_data):
    assert len(bucketed.history["val_loss"]) == bucketed.config.epochs
    assert np.isfinite(bucketed.history["loss"]).all()
    # validation and test read in buckets: the same as padded to maxlen, the mask makes it so
    val_loss, _ = bucketed.model.evaluate(tiny_data.x_train[800:1000],
                                          tiny_data.y_train[800:1000], verbose=0)
    assert val_loss == pytest.approx(bucketed.history["val_loss"][-1], rel=1e-4)
    test_loss, test_accuracy = bucketed.model.evaluate(tiny_data.x_test, tiny_data.y_test,
                                                       verbose=0)
    assert (bucketed.test_loss, bucketed.test_accuracy) == pytest.approx(
        (test_loss, test_accuracy), rel=1e-4)


def test_a_bucketed_model_masks_its_padding_with_the_post_s_parameters(bucketed, tiny_config):
    from imdbviz.model import masks_padding

    model = bucketed.model
    assert masks_padding(model) and not masks_padding(imdbviz.build_model(tiny_config))
    assert imdbviz.parameter_table(model) == imdbviz.parameter_table(
        imdbviz.build_model(tiny_config))


def test_a_prediction_is_the_same_alone_in_a_bucketed_batch_and_padded_to_maxlen(bucketed,
                                                                                 tiny_data):
    """The LSTM skips the padding and the convolution reads it as zeros: how much padding a
    review has changes nothing (within float tolerance), on either backend."""
    model, x = bucketed.model, tiny_data.x_test[:200]
    maxlen = x.shape[1]
    padded = model.predict(x, verbose=0)[:, 0]
    lengths = review_lengths(x)
    own = np.array([bucket_length(n, 10, maxlen) for n in lengths])
    in_buckets = np.empty_like(padded)
    for length in np.unique(own):
        in_buckets[own == length] = model.predict(cut(x[own == length], length), verbose=0)[:, 0]
    np.testing.assert_allclose(in_buckets, padded, atol=1e-5)
    for i in range(10):  # alone: no padding but what keeps the pooling pairs of maxlen
        n = max(int(lengths[i]) + (maxlen - int(lengths[i])) % 2, 2)
        alone = model.predict(x[i:i + 1, maxlen - n:], verbose=0)[0, 0]
        assert alone == pytest.approx(padded[i], abs=1e-5)
    texts = tiny_data.reviews.test_texts[:20]
    np.testing.assert_allclose([bucketed.predict([t])[0] for t in texts], bucketed.predict(texts),
                               atol=1e-5)


def test_the_analyses_read_a_masked_model_as_it_predicts(bucketed, tiny_data, tmp_path):
    """Logits, the LSTM unrolled in numpy, the running prediction, integrated gradients'
    completeness, and a saved and reloaded model."""
    import keras

    from imdbviz import saliency, tensors

    model, x = bucketed.model, tiny_data.x_test[:20]
    p = model.predict(x, verbose=0)[:, 0]
    np.testing.assert_allclose(1 / (1 + np.exp(-saliency.logits(model, x))), p, atol=1e-5)
    trace = tensors.lstm_trace(model, x)
    np.testing.assert_allclose(trace.h[:, -1], tensors.layer_outputs(model, x)["lstm"], atol=1e-5)
    skipped = tensors.positions(model).lstm_skip_mask(x)
    assert skipped.any() and (~skipped).any()
    np.testing.assert_allclose(tensors.running_prediction(model, x)[:, -1], p, atol=1e-4)
    scores, logits, base = saliency.integrated_gradients(model, x[:4])
    np.testing.assert_allclose(scores.sum(axis=1), logits - base, atol=0.01)
    model.save(tmp_path / "model.keras")
    again = keras.saving.load_model(tmp_path / "model.keras")
    np.testing.assert_allclose(again.predict(x, verbose=0)[:, 0], p, atol=1e-6)


def test_length_batches_learn_as_well_as_padded_ones(tiny_data, tiny_config):
    """Same epochs, same data: bucketed training reaches the padded one's held-out accuracy
    (within 0.03 on the sample)."""
    config = tiny_config.replace(epochs=4, maxlen=80, validation_split=0.2, patience=0)
    data = imdbviz.load_dataset(config, "sample", verbose=False)
    padded = imdbviz.fit(config, data, verbose=0).history["val_accuracy"][-1]
    bucketed = imdbviz.fit(config.replace(bucket_width=10), data, verbose=0)
    assert bucketed.history["val_accuracy"][-1] >= padded - 0.03
    assert batches.LengthBatches(data.x_train, data.y_train, 128, 10).positions()[0] < \
        data.x_train.size
