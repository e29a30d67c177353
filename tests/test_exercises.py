"""The exercise checks of notebook 02: the quick fit it measures against is the one a student
writes by hand (real data, a real Keras model), and the predict-then-measure check."""
import keras
import pytest

from imdbviz import exercises


def _by_hand(config, data, reviews, epochs, batch_size, test_reviews):
    """What a student writes: seed, the post's layers, compile, fit, evaluate."""
    keras.utils.set_random_seed(config.seed)
    model = keras.Sequential([
        keras.Input(shape=(config.maxlen,), dtype="int32"),
        keras.layers.Embedding(config.top_words, config.embedding_dim),
        keras.layers.Conv1D(config.filters, config.kernel_size, padding="same", activation="relu"),
        keras.layers.MaxPooling1D(config.pool_size),
        keras.layers.LSTM(config.lstm_units),
        keras.layers.Dropout(config.dropout),
        keras.layers.Dense(config.dense_units, activation="sigmoid"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(data.x_train[:reviews], data.y_train[:reviews], epochs=epochs, batch_size=batch_size,
              validation_split=0.2, verbose=0)
    return model.evaluate(data.x_test[:test_reviews], data.y_test[:test_reviews], verbose=0)[1]


def test_slice_accuracy_is_the_fit_a_student_writes(tiny_config, tiny_data):
    args = (tiny_config, tiny_data, 300, 2, 32)
    measured = exercises.slice_accuracy(*args, test_reviews=200)
    assert isinstance(measured, float) and 0.0 <= measured <= 1.0
    assert measured == pytest.approx(_by_hand(*args, 200), abs=1e-6)


def test_check_direction_compares_the_prediction_with_the_measurement(capsys):
    assert exercises.check_direction(None, 0.7, 0.6) is None
    assert "No prediction yet" in capsys.readouterr().out
    assert exercises.check_direction("higher", None, 0.6) is None
    assert "Now measure" in capsys.readouterr().out
    assert exercises.check_direction("Higher ", 0.7, 0.6) is True
    assert "0.7000 against 0.6000, higher" in capsys.readouterr().out
    assert exercises.check_direction("higher", 0.6, 0.6) is False
    assert exercises.check_direction("not higher", 0.55, 0.6) is True
    assert exercises.check_direction("maybe", 0.7, 0.6) is False
    assert 'not \'maybe\'' in capsys.readouterr().out


def test_check_prediction_records_the_guess_then_checks_the_measurement(capsys):
    check = exercises.check_prediction
    assert check(None, 0.3, 0.3) is None
    assert "No guess yet" in capsys.readouterr().out
    assert check(0.2, None, 0.3) is None
    assert "Your guess is 0.2. Now measure" in capsys.readouterr().out
    assert check("a lot", 0.3, 0.3) is None
    assert "Guess a number" in capsys.readouterr().out
    assert check(0.25, 0.301, 0.3, tol=0.005, guess_tol=0.1) is True
    out = capsys.readouterr().out
    assert "Correct!" in out and "Your guess 0.25 was close: 0.05 from" in out
    assert check(0.9, 0.3, 0.3, guess_tol=0.1) is True
    assert "Your guess 0.9 was off: 0.6 from" in capsys.readouterr().out
    assert check(0.3, 0.5, 0.3, tol=0.005) is False
    assert "Not quite" in capsys.readouterr().out
    # a direction against a baseline; an expected value computed only once there is an answer
    calls = []
    assert check("lower", None, lambda: calls.append(1), baseline=0.5) is None and not calls
    assert check("Higher ", 0.8, lambda: 0.8, baseline=0.6) is True
    assert "Your prediction held: the measurement is 0.8 against 0.6, higher" in capsys.readouterr().out
    assert check("higher", 0.4, 0.4, baseline=0.6) is True
    assert "did not hold" in capsys.readouterr().out
    assert check("maybe", 0.4, 0.4, baseline=0.6) is None
    assert check("higher", 0.4, lambda: 1 / 0, baseline=0.6) is None
    assert "cannot be checked" in capsys.readouterr().out


def test_notebook_01_expected_answers_are_independent_counts(sample_data):
    import numpy as np

    import imdbviz

    other = imdbviz.load_dataset(imdbviz.SMALL.replace(top_words=1000), "sample", verbose=False)
    # exercises 2 and 3: the reviews longer than maxlen, at this and at another vocabulary size
    assert exercises.expected_share_truncated(sample_data, 200) == pytest.approx(
        np.mean(sample_data.train_lengths > 200))
    longer = np.mean(other.train_lengths > 100)
    assert exercises.expected_share_truncated(sample_data, 100, top_words=1000) == pytest.approx(longer)
    assert longer > exercises.expected_share_truncated(sample_data, 100)


def test_expected_post_ids_follow_the_loaders_rule(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))  # no cached files: the documented rule
    word_index = {"the": 1, "and": 2, "works": 495, "side": 496, "b": 497, "rare": 600}
    assert exercises.expected_post_ids(["works", "side", "b", "rare", "the"], word_index, 500) == \
        [498, 499, 2, 2, 4]


def test_check_sizes_builds_the_changed_network_only_once_answered(capsys):
    import imdbviz

    config = imdbviz.SMALL
    hint = "pooling divides the positions"
    assert exercises.check_sizes(None, config, hint=hint, kernel_size=3, pool_size=4) is None
    assert hint not in capsys.readouterr().out  # no hint before a prediction
    steps = config.maxlen // 4  # section 2's formulas, with kernel_size 3
    params = (config.top_words * config.embedding_dim
              + 3 * config.embedding_dim * config.filters + config.filters
              + 4 * (config.filters + config.lstm_units + 1) * config.lstm_units
              + config.lstm_units * config.dense_units + config.dense_units + config.dense_units + 1)
    assert (steps, params) == (25, 37_005)
    assert exercises.check_sizes((steps, params), config, hint=hint, kernel_size=3, pool_size=4)
    assert "Correct!" in capsys.readouterr().out
    assert exercises.check_sizes((50, params), config, hint=hint, kernel_size=3, pool_size=4) is False
    assert hint in capsys.readouterr().out  # a wrong answer gets the hint
    assert exercises.check_sizes((steps, 39_053), config, kernel_size=3, pool_size=4) is False


def test_expected_closer_is_the_nearer_word_by_cosine_and_names_missing_words(tiny_data, capsys):
    """Notebook 04, exercise 1: the word nearer by cosine in a real vocabulary's matrix; a word
    outside the vocabulary raises, and ``check`` then says it cannot check instead of stopping."""
    import numpy as np

    vocab = tiny_data.vocab
    word, a, b = vocab.words[2], vocab.words[3], vocab.words[4]
    matrix = np.zeros((len(vocab), 3), dtype="float32")
    matrix[2], matrix[3], matrix[4] = [1, 0, 0], [0.9, 0.1, 0], [0, 1, 0]
    assert exercises.expected_closer(matrix, vocab, word, a, b) == a
    matrix[3], matrix[4] = [0, 0, 1], [1, 0.1, 0]
    assert exercises.expected_closer(matrix, vocab, word, a, b) == b
    with pytest.raises(ValueError, match="xqzv"):
        exercises.expected_closer(matrix, vocab, word, "xqzv", b)
    assert exercises.check("worse", lambda: exercises.expected_closer(matrix, vocab, word, "xqzv", b)) is None
    assert "cannot be checked" in capsys.readouterr().out


def test_expected_known_words_cut_counts_the_known_words_truncation_drops(sample_data):
    """Notebook 01, exercise 1: counted again token by token, with a vocabulary of 1,000 words
    built by ``load_dataset`` on the same training reviews."""
    import imdbviz

    other = imdbviz.load_dataset(imdbviz.SMALL.replace(top_words=1000), "sample", verbose=False)
    rows = [imdbviz.tokenize(text) for text in sample_data.reviews.test_texts]
    known = [[t in other.vocab.index for t in row] for row in rows]
    total = sum(map(sum, known))
    for oov, truncating, keep in (("mark", "pre", lambda k: k[-60:]), ("mark", "post", lambda k: k[:60]),
                                  ("skip", "pre", lambda k: [x for x in k if x][-60:])):
        cut = 1 - sum(sum(keep(k)) for k in known) / total
        assert exercises.expected_known_words_cut(sample_data, 1000, 60, oov, truncating) == pytest.approx(cut)
    marked = exercises.expected_known_words_cut(sample_data, 1000, 60, "mark")
    skipped = exercises.expected_known_words_cut(sample_data, 1000, 60, "skip")
    assert 0 < skipped < marked < 1  # the <oov> marks take positions that known words lose
    assert exercises.expected_known_words_cut(sample_data, 1000, 10_000, "mark") == 0.0
    with pytest.raises(ValueError):
        exercises.expected_known_words_cut(sample_data, 1000, 60, "keep")


def test_check_list_prediction_records_the_guess_then_checks_the_run(capsys):
    check = exercises.check_list_prediction
    assert check(None, [1, 2], [1, 2]) is None
    assert "No guess yet" in capsys.readouterr().out
    assert check(498, [1, 2], [1, 2]) is None
    assert "Guess a list" in capsys.readouterr().out
    calls = []
    assert check([498, 499, 500], None, lambda: calls.append(1), hint="section 7") is None and not calls
    assert "Your guess is [498, 499, 500]. Now run" in capsys.readouterr().out
    assert check([498, 499, 500], [498, 499, 2], [498, 499, 2], labels=["works", "side", "b"]) is True
    out = capsys.readouterr().out
    assert "Correct!" in out and "held for 2 of 3" in out and "b: you said 500, it is 2" in out
    assert check([498, 499, 2], [498, 499, 2], lambda: [498, 499, 2]) is True
    assert "held for 3 of 3" in capsys.readouterr().out
    assert check([498, 499, 2], [498, 499, 500], [498, 499, 2]) is False
    assert "Not quite" in capsys.readouterr().out
    assert check([1, 2], [1, 2], lambda: 1 / 0) is None
    assert "cannot be checked" in capsys.readouterr().out
