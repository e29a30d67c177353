"""imdbviz.tensors on real (small) Keras models: layer outputs, position bookkeeping, the LSTM
unrolled in numpy against Keras, the running prediction, top n-grams per filter."""
import keras
import numpy as np
import pytest

import imdbviz
from imdbviz import tensors as ins
from imdbviz.encoding import reading
from imdbviz.vocab import Vocabulary

TINY = imdbviz.Config(top_words=20, maxlen=12, embedding_dim=4, filters=3, kernel_size=3,
                      pool_size=2, lstm_units=5, dense_units=4)


def randomised(config, seed=0):
    """A built model whose weights are all random (so every gate and bias matters)."""
    model = imdbviz.build_model(config, compile=False)
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0, 0.7, w.shape).astype("float32") for w in model.get_weights()])
    return model


@pytest.fixture(scope="module")
def tiny():
    return randomised(TINY)


@pytest.fixture(scope="module")
def tiny_x():
    rng = np.random.default_rng(1)
    x = rng.integers(1, TINY.top_words, size=(6, TINY.maxlen)).astype("int32")
    x[0, :5] = 0  # pre-padded
    x[1, 7:] = 0  # post-padded
    return x


@pytest.fixture(scope="module")
def tiny_vocab():
    return Vocabulary(["<pad>", "<oov>"] + [f"w{i}" for i in range(2, TINY.top_words)])


@pytest.fixture(scope="module")
def tiny_predictor(tiny, tiny_vocab):
    return imdbviz.Predictor(model=tiny, vocab=tiny_vocab, config=TINY)


def test_layer_outputs_shapes_and_final_output(tiny, tiny_x):
    out = ins.layer_outputs(tiny, tiny_x)
    assert list(out) == list(imdbviz.model.LAYER_NAMES)
    assert out["embedding"].shape == (6, 12, 4)
    assert out["conv"].shape == (6, 12, 3)
    assert out["pool"].shape == (6, 6, 3)
    assert out["lstm"].shape == (6, 5)
    np.testing.assert_allclose(out["dropout"], out["lstm"])  # identity at inference
    np.testing.assert_allclose(out["output"], tiny.predict(tiny_x, verbose=0), atol=1e-6)
    # the embedding output is a row lookup
    emb = tiny.get_layer("embedding").get_weights()[0]
    np.testing.assert_allclose(out["embedding"][2], emb[tiny_x[2]], atol=1e-7)


@pytest.mark.parametrize("bad, message", [
    (np.zeros(12, dtype=int), "batch of padded reviews"),
    (np.zeros((2, 11), dtype=int), "expects 12"),
    (np.full((2, 12), 20), "outside 0..19"),
    (np.full((2, 12), 0.5), "integer word indices"),
])
def test_layer_outputs_rejects_bad_batches(tiny, bad, message):
    with pytest.raises(ValueError, match=message):
        ins.layer_outputs(tiny, bad)


@pytest.mark.parametrize("kernel_size", [3, 4, 5])
def test_conv_and_pool_windows_are_the_true_receptive_fields(kernel_size):
    """Change one word, see which conv / pooled positions change: exactly those whose window
    holds that word."""
    config = TINY.replace(kernel_size=kernel_size)
    model = randomised(config, seed=kernel_size)
    pos = ins.positions(model)
    assert pos.conv_left == (kernel_size - 1) // 2
    assert (pos.conv_length, pos.pooled_length) == (12, 6)
    x = np.full((1, 12), 3, dtype="int32")
    base = ins.layer_outputs(model, x)
    for j in range(12):
        changed = x.copy()
        changed[0, j] = 9
        out = ins.layer_outputs(model, changed)
        conv_moved = np.abs(out["conv"][0] - base["conv"][0]).max(axis=1) > 0
        pool_moved = np.abs(out["pool"][0] - base["pool"][0]).max(axis=1) > 0
        in_conv = (pos.conv_windows[:, 0] <= j) & (j < pos.conv_windows[:, 1])
        in_pool = (pos.pool_windows[:, 0] <= j) & (j < pos.pool_windows[:, 1])
        assert np.all(conv_moved <= in_conv)  # nothing outside the window reacts
        assert np.all(pool_moved <= in_pool)
        # a relu may hide a change, but most windows holding j do react
        assert conv_moved.sum() >= 1
    np.testing.assert_array_equal(pos.pool_conv[:3], [[0, 2], [2, 4], [4, 6]])


def test_padding_masks_for_pre_padding():
    pos = ins.Positions(maxlen=10, kernel_size=5, conv_stride=1, conv_padding="same",
                        pool_size=2, pool_stride=2)
    x = np.array([[0, 0, 0, 0, 0, 0, 4, 5, 6, 7]])
    # conv position 3 reads words 1..5 (all padding); position 4 reads words 2..6 (word 6 real)
    np.testing.assert_array_equal(pos.conv_padding_mask(x)[0], [1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    # pooled position 1 reads words 0..5 (conv 2, 3): padding; pooled 2 reads words 2..7
    np.testing.assert_array_equal(pos.pool_padding_mask(x)[0], [1, 1, 0, 0, 0])


def test_pool_winners_pick_the_values_keras_keeps(tiny, tiny_x):
    out = ins.layer_outputs(tiny, tiny_x)
    winners = ins.pool_winners(out["conv"], 2)
    assert winners.shape == (6, 6, 3)
    np.testing.assert_array_equal(np.take_along_axis(out["conv"], winners, axis=1), out["pool"])
    assert np.all((winners // 2) == np.arange(6)[None, :, None])
    with pytest.raises(ValueError, match="batch, positions, filters"):
        ins.pool_winners(out["conv"][0], 2)


def test_lstm_trace_equals_keras_at_every_step(tiny, tiny_x):
    trace = ins.lstm_trace(tiny, tiny_x)
    for name in "hcifgo":
        assert getattr(trace, name).shape == (6, 6, 5)
    out = ins.layer_outputs(tiny, tiny_x)
    np.testing.assert_allclose(trace.h[:, -1], out["lstm"], atol=1e-5)
    # every step: a Keras LSTM with the same weights returning its sequences and final state
    lstm = tiny.get_layer("lstm")
    seq = keras.layers.LSTM(5, return_sequences=True, return_state=True)
    seq.build((None, 6, 3))
    seq.set_weights(lstm.get_weights())
    h_all, _, c_last = seq(out["pool"])
    np.testing.assert_allclose(trace.h, np.asarray(h_all), atol=1e-5)
    np.testing.assert_allclose(trace.c[:, -1], np.asarray(c_last), atol=1e-5)
    # gates are in range and tie the states together
    assert trace.i.min() >= 0 and trace.f.max() <= 1 and np.abs(trace.g).max() <= 1
    np.testing.assert_allclose(trace.c[:, 1], trace.f[:, 1] * trace.c[:, 0]
                               + trace.i[:, 1] * trace.g[:, 1], atol=1e-12)
    np.testing.assert_allclose(trace.h, trace.o * np.tanh(trace.c), atol=1e-12)


def test_lstm_trace_on_the_trained_sample_model(sample_data, seed_trained):
    """The real thing: the course's model trained on the bundled sample."""
    result = seed_trained
    x = sample_data.x_test[:16]
    trace = ins.lstm_trace(result.model, x)
    assert trace.h.shape == (16, imdbviz.SEED.maxlen // imdbviz.SEED.pool_size,
                             imdbviz.SEED.lstm_units)
    np.testing.assert_allclose(trace.h[:, -1], ins.layer_outputs(result.model, x)["lstm"],
                               atol=1e-5)
    running = ins.running_prediction(result.model, x)
    np.testing.assert_allclose(running[:, -1], result.model.predict(x, verbose=0)[:, 0],
                               atol=1e-5)


def test_lstm_step_one_step_equals_keras(tiny):
    lstm = tiny.get_layer("lstm")
    kernel, recurrent, bias = lstm.get_weights()
    x_t = np.random.default_rng(2).normal(size=(4, 3)).astype("float32")
    h, c, (i, f, g, o) = ins.lstm_step(x_t, np.zeros((4, 5)), np.zeros((4, 5)), kernel,
                                       recurrent, bias)
    np.testing.assert_allclose(h, np.asarray(lstm(x_t[:, None, :])), atol=1e-6)
    np.testing.assert_allclose(c, i * g, atol=1e-12)  # c_0 = 0: only the write survives


def test_running_prediction_ends_at_the_models_prediction(tiny, tiny_x):
    running = ins.running_prediction(tiny, tiny_x)
    assert running.shape == (6, 6)
    assert np.all((running > 0) & (running < 1))
    np.testing.assert_allclose(running[:, -1], tiny.predict(tiny_x, verbose=0)[:, 0], atol=1e-5)
    # step t is the head on h_t: a single review cut after its third step says the same
    trace = ins.lstm_trace(tiny, tiny_x)
    np.testing.assert_allclose(ins.head_predictions(tiny, trace.h[:, 2:3])[:, 0], running[:, 2],
                               atol=1e-6)
    with pytest.raises(ValueError, match="batch, steps, units"):
        ins.head_predictions(tiny, trace.h[0])


def test_top_ngrams_finds_the_planted_word(tiny_vocab):
    """Filter 0 only sees embedding dimension 0 at its centre tap; only word 7 has it."""
    model = randomised(TINY, seed=3)
    emb = np.zeros((20, 4), dtype="float32")
    emb[:, 1:] = np.random.default_rng(4).normal(size=(20, 3))
    emb[7, 0] = 5.0
    kernel, bias = model.get_layer("conv").get_weights()
    kernel[:, :, 0] = 0.0
    kernel[1, 0, 0] = 1.0
    bias[0] = 0.0
    model.get_layer("embedding").set_weights([emb])
    model.get_layer("conv").set_weights([kernel, bias])
    rng = np.random.default_rng(5)
    x = rng.integers(2, 20, size=(40, 12)).astype("int32")
    x[x == 7] = 8
    x[[3, 17, 29], [4, 0, 11]] = 7
    top = ins.top_ngrams(imdbviz.Predictor(model=model, vocab=tiny_vocab, config=TINY), x, k=3, batch_size=8,
                         chunk_values=16 * 12 * 3)  # chunks of 16 reviews
    assert top.activations.shape == (3, 3)
    np.testing.assert_allclose(top.activations[0], [5.0, 5.0, 5.0], atol=1e-5)
    assert sorted(top.reviews[0].tolist()) == [3, 17, 29]
    assert all("w7" in ngram for ngram in top.ngrams[0])
    assert top.ngrams[0][top.reviews[0].tolist().index(17)] == "w7 " + tiny_vocab.words[x[17, 1]]


def test_top_ngrams_equals_a_brute_force_search(tiny, tiny_predictor, tiny_x):
    rng = np.random.default_rng(6)
    x = np.concatenate([tiny_x, rng.integers(0, 20, size=(30, 12)).astype("int32")])
    x[10] = 0  # an all-padding review is never a top n-gram
    top = ins.top_ngrams(tiny_predictor, x, k=4, batch_size=5, chunk_values=7 * 12 * 3)
    conv = ins.layer_outputs(tiny, x)["conv"]
    pos = ins.positions(tiny)
    for f in range(3):
        candidates = []
        for r in range(len(x)):
            if r == 10:
                continue
            values = np.where(pos.conv_padding_mask(x[r:r + 1])[0], -np.inf, conv[r, :, f])
            candidates.append((values.max(), r))
        candidates.sort(key=lambda vr: -vr[0])
        expected = [v for v, _ in candidates[:4]]
        np.testing.assert_allclose(top.activations[f], expected, rtol=1e-5, atol=1e-5)
        assert 10 not in top.reviews[f]
    assert len(top.rows()) == 3 and top.rows()[0].startswith("filter   0: ")
    with pytest.raises(ValueError, match="k must be at least 1"):
        ins.top_ngrams(tiny_predictor, x, k=0)


def test_review_map_lays_tensors_against_words(tiny, tiny_predictor, tiny_x, tiny_vocab):
    row = tiny_x[0]  # five padding words first
    conv = ins.review_map(tiny_predictor, row, "conv")
    assert conv.values.shape == (3, 12) and conv.channel == "filter"
    assert conv.labels[5] == tiny_vocab.words[row[5]]
    np.testing.assert_array_equal(conv.padding, [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    np.testing.assert_allclose(conv.values, ins.layer_outputs(tiny, tiny_x[:1])["conv"][0].T)
    pool = ins.review_map(tiny_predictor, row, "pool")
    assert pool.values.shape == (3, 6)
    assert pool.labels[0] == "<pad>"
    assert pool.labels[3] == f"{tiny_vocab.words[row[6]]} {tiny_vocab.words[row[7]]}"
    np.testing.assert_array_equal(pool.padding, [1, 1, 0, 0, 0, 0])
    gate = ins.review_map(tiny_predictor, row, "lstm_f")
    np.testing.assert_allclose(gate.values, ins.lstm_trace(tiny, tiny_x[:1]).f[0].T)
    assert ins.channel_count(tiny, "lstm_c") == 5 and ins.channel_count(tiny, "embedding") == 4
    with pytest.raises(ValueError, match="layer must be one of"):
        ins.review_map(tiny_predictor, row, "dense")
    with pytest.raises(TypeError, match=r"imdbviz.Predictor\(model=\.\.\., vocab=\.\.\., config=\.\.\.\)"):
        ins.review_map(tiny, row, "conv")  # the words need the vocabulary too
    assert set(ins.REVIEW_TENSORS) >= {name for name in imdbviz.LAYER_NAMES[:3]}


def test_a_reading_shows_the_skipped_words_between_the_positions(seed_trained, sample_data):
    text = "Zyxxq great qqq film rrr"
    read = reading(text, sample_data.vocab, imdbviz.SEED)
    conv = ins.review_map(seed_trained, read, "conv")
    np.testing.assert_allclose(conv.values, ins.review_map(seed_trained, read.row, "conv").values)
    assert ins.review_map(seed_trained, text, "conv").skipped == conv.skipped  # a text is read
    assert conv.labels[-2:] == ["great", "film"]
    assert conv.skipped == {97.5: "zyxxq", 98.5: "qqq", 99.5: "rrr"}
    steps = ins.step_labels(seed_trained, read)
    assert steps.labels[-1] == "great film"
    assert steps.padding[:-2].all() and not steps.padding[-2:].any()  # the conv reaches 2 back
    # between steps 48 and 49 (positions 98/99 are the last step's two words)
    assert sorted(steps.skipped.values()) == ["qqq", "rrr", "zyxxq"]
    assert all(47.4 < x < 50 for x in steps.skipped)


def test_pooling_says_what_each_pool_keeps(tiny, tiny_predictor, tiny_x):
    p = ins.pooling(tiny_predictor, tiny_x[0], 2)
    out = ins.layer_outputs(tiny, tiny_x[:1])
    np.testing.assert_allclose(p.conv, out["conv"][0, :, 2])
    np.testing.assert_allclose(p.pooled, out["pool"][0, :, 2])
    np.testing.assert_allclose(p.conv[p.winners], p.pooled)
    np.testing.assert_array_equal(p.starts, [0, 2, 4, 6, 8, 10])
    with pytest.raises(ValueError, match="filter must be between 0 and 2"):
        ins.pooling(tiny_predictor, tiny_x[0], 3)


@pytest.mark.parametrize("kernel_size", [1, 4, 5])
def test_top_ngrams_conv_by_lookup_equals_keras(kernel_size, tiny_x):
    """top_ngrams computes the convolution as per-word table lookups: same numbers as Keras."""
    model = randomised(TINY.replace(kernel_size=kernel_size), seed=10 + kernel_size)
    conv_of = ins._conv_by_lookup(model, ins.positions(model))
    np.testing.assert_allclose(conv_of(tiny_x), ins.layer_outputs(model, tiny_x)["conv"],
                               rtol=1e-5, atol=1e-5)


def test_keras_lstm_fed_one_step_at_a_time_gives_every_cell_state(tiny, tiny_x):
    """What notebook 06 shows on the page: a Keras LSTM with the trained weights, fed one step at
    a time with its state handed back in (``initial_state``), gives ``c`` after every step, the
    same as ``lstm_trace``."""
    pooled = ins.layer_outputs(tiny, tiny_x)["pool"]
    every_step = keras.layers.LSTM(5, return_sequences=True, return_state=True)
    every_step.build(pooled.shape)
    every_step.set_weights(tiny.get_layer("lstm").get_weights())
    state = [np.zeros((len(tiny_x), 5), "float32")] * 2
    c_seq = []
    for t in range(pooled.shape[1]):
        _, h_t, c_t = every_step(pooled[:, t:t + 1], initial_state=state)
        state = [h_t, c_t]
        c_seq.append(np.asarray(c_t))
    np.testing.assert_allclose(np.stack(c_seq, axis=1), ins.lstm_trace(tiny, tiny_x).c, atol=1e-5)


def test_forget_half_lives_from_the_forget_gate_on_words(tiny, tiny_x):
    half = ins.forget_half_lives(tiny, tiny_x)
    assert half.shape == (5,) and np.all(half > 0)
    trace = ins.lstm_trace(tiny, tiny_x)
    on_words = ~ins.positions(tiny).pool_padding_mask(tiny_x)
    assert not on_words.all()  # the padded rows have steps that are left out
    mean_f = np.array([trace.f[:, :, u][on_words].mean() for u in range(5)])
    np.testing.assert_allclose(half, np.log(0.5) / np.log(mean_f))
    np.testing.assert_allclose(mean_f ** half, 0.5)  # after that many steps, half is kept
    # a larger forget-gate bias (Keras' columns i | f | g | o) keeps memory longer in every unit
    longer = randomised(TINY)
    kernel, recurrent, bias = longer.get_layer("lstm").get_weights()
    bias[5:10] += 2.0
    longer.get_layer("lstm").set_weights([kernel, recurrent, bias])
    assert np.all(ins.forget_half_lives(longer, tiny_x) > half)
    with pytest.raises(ValueError, match="no words"):
        ins.forget_half_lives(tiny, np.zeros_like(tiny_x))


def test_random_window_scores_average_the_words_of_random_windows(tiny, tiny_x):
    values = np.arange(TINY.top_words, dtype=float)
    scores = ins.random_window_scores(tiny, tiny_x, values, k=4, draws=200, seed=3)
    assert scores.shape == (200,)
    # the same seed, the same draws; another seed, other draws
    np.testing.assert_array_equal(scores, ins.random_window_scores(tiny, tiny_x, values, 4, 200, 3))
    assert not np.array_equal(scores, ins.random_window_scores(tiny, tiny_x, values, 4, 200, 4))
    # each draw is a mean of word values: inside the words' range, padding (id 0) never counted
    words = tiny_x[tiny_x != 0]
    assert words.min() <= scores.min() and scores.max() <= words.max()
    # a constant value for every word (and another for padding) gives that constant
    constant = np.full(TINY.top_words, 2.0)
    constant[0] = -50.0
    np.testing.assert_allclose(ins.random_window_scores(tiny, tiny_x, constant, 5, 50), 2.0)
    # on average, the mean value of the words the windows read (many draws)
    many = ins.random_window_scores(tiny, tiny_x, values, k=20, draws=2000, seed=0)
    windows = ins.positions(tiny).conv_windows
    reads = ~ins.positions(tiny).conv_padding_mask(tiny_x)
    window_means = [values[w[w != 0]].mean() for r, p in zip(*np.nonzero(reads))
                    for w in [tiny_x[r, windows[p, 0]:windows[p, 1]]]]
    assert abs(many.mean() - np.mean(window_means)) < 0.5
    with pytest.raises(ValueError, match="no window"):
        ins.random_window_scores(tiny, np.zeros_like(tiny_x), values, 3)


def test_pool_ties_marks_the_pools_without_a_single_winner():
    conv = np.array([[0, 0, 1, 2, 3, 3, 5, 4, 9]], dtype="float32")[:, :, None]  # (1, 9, 1)
    ties = ins.pool_ties(conv, 2)
    assert ties.shape == (1, 4, 1)
    assert ties[0, :, 0].tolist() == [True, False, True, False]
    winners = ins.pool_winners(conv, 2)[0, :, 0]
    assert winners.tolist() == [0, 3, 4, 6]  # on a tie pool_winners names the first
    out = np.asarray(keras.layers.MaxPooling1D(2)(conv))
    np.testing.assert_allclose(out[0, :, 0], conv[0, winners, 0])
    with pytest.raises(ValueError):
        ins.pool_ties(conv[0], 2)


def test_lstm_steps_has_one_definition_of_a_padding_step(seed_trained):
    """A step is padding when every position it pools is padding: exactly the steps labelled
    <pad>, and the steps a masked LSTM skips; step_labels' wider test (the conv window) keeps
    the step just before the words out of its padding."""
    read = seed_trained.read("Zyxxq great qqq film rrr")
    steps = ins.lstm_steps(seed_trained, read)
    old = ins.step_labels(seed_trained, read)
    assert steps.labels == old.labels and steps.skipped == old.skipped
    np.testing.assert_array_equal(steps.padding, ~steps.about_words)
    assert steps.padding[:-1].all() and not steps.padding[-1]  # one step holds "great film"
    assert not old.padding[-2] and steps.padding[-2]  # <pad>-labelled: padding here, not there
    np.testing.assert_array_equal(
        steps.padding, ins.positions(seed_trained.model).lstm_skip_mask(read.row[None])[0])
    # a padded row gives the same as its reading; a review that fills maxlen has no padding
    np.testing.assert_array_equal(ins.lstm_steps(seed_trained, read.row).padding, steps.padding)
    full = seed_trained.read(" ".join(["great film"] * 60))
    assert not ins.lstm_steps(seed_trained, full).padding.any()


def test_with_forget_bias_changes_only_the_forget_gate(tiny, tiny_x):
    from imdbviz.exercises import with_forget_bias

    before = [w.copy() for w in tiny.get_weights()]
    longer = with_forget_bias(tiny, 2.0)
    for a, b in zip(before, tiny.get_weights()):  # the model itself is left as it was
        np.testing.assert_array_equal(a, b)
    kernel, recurrent, bias = tiny.get_layer("lstm").get_weights()
    k2, r2, b2 = longer.get_layer("lstm").get_weights()
    np.testing.assert_array_equal(kernel, k2)
    np.testing.assert_array_equal(recurrent, r2)
    np.testing.assert_allclose(b2 - bias, np.repeat([0.0, 2.0, 0.0, 0.0], 5))  # i | f | g | o
    assert np.all(ins.forget_half_lives(longer, tiny_x) > ins.forget_half_lives(tiny, tiny_x))
    assert longer.predict(tiny_x, verbose=0).shape == (len(tiny_x), 1)
