"""Checks for the exercises at the end of each notebook.

A student writes an answer into a variable and runs ``check(answer, expected)``. An answer left
as ``None`` prints a reminder instead of failing, so a notebook runs top to bottom either way.
"""
from __future__ import annotations

import numpy as np


#: What ``_resolve`` returns for an expected value that these parameters cannot compute.
_UNCHECKABLE = object()


def _resolve(expected):
    """``expected``, or its value when it is a function of no argument; ``_UNCHECKABLE`` (and a
    line that says so) when computing it fails under the notebook's parameters."""
    if not callable(expected):
        return expected
    try:
        return expected()
    except Exception as error:
        print(f"This exercise cannot be checked with these parameters ({type(error).__name__}:"
              f" {error}); run the notebook at its defaults to check your answer.")
        return _UNCHECKABLE


def check(answer, expected, tol: float = 0.0, hint: str = "") -> bool | None:
    """Print whether ``answer`` matches ``expected`` (numbers within ``tol``, arrays element-wise,
    anything else by ``==``); returns True / False, or None when there is no answer yet.
    ``expected`` may be a function of no argument, called only once there is an answer: an
    exercise that cannot be computed under the notebook's parameters (a word outside a small
    vocabulary, say) then says so instead of stopping the notebook."""
    if answer is None:
        print("No answer yet: replace None with your answer and run this cell again."
              + (f" Hint: {hint}" if hint else ""))
        return None
    expected = _resolve(expected)
    if expected is _UNCHECKABLE:
        return None
    try:
        if isinstance(expected, str) or isinstance(answer, str):
            ok = str(answer).strip().lower() == str(expected).strip().lower()
        else:
            ok = bool(np.allclose(np.asarray(answer, dtype=float), np.asarray(expected, dtype=float),
                                  atol=tol, rtol=0.0))
    except (TypeError, ValueError):
        ok = answer == expected
    print("Correct!" if ok else f"Not quite: {answer!r} is not the answer."
          + (f" Hint: {hint}" if hint else ""))
    return ok


def slice_accuracy(config, data, reviews: int, epochs: int, batch_size: int = 64,
                   test_reviews: int = 2000) -> float:
    """What notebook 02's quick fit measures: the post's network (``build_model(config)``,
    seeded by ``config.seed``) compiled as the post did (Adam at its default rate, binary
    cross-entropy, accuracy), fitted on the first ``reviews`` training reviews of ``data`` for
    ``epochs`` in batches of ``batch_size`` (the last 20% held out to validate), then its
    accuracy on the first ``test_reviews`` test reviews."""
    from .model import build_model

    model = build_model(config, compile=False)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(data.x_train[:reviews], data.y_train[:reviews], epochs=epochs,
              batch_size=batch_size, validation_split=0.2, verbose=0)
    return float(model.evaluate(data.x_test[:test_reviews], data.y_test[:test_reviews],
                                verbose=0)[1])


def check_direction(prediction, measured, baseline, what: str = "the test accuracy") -> bool | None:
    """A predict-then-measure check: ``prediction`` ("higher" or "not higher") against what the
    measurement says, ``measured`` above ``baseline`` or not. Prints both numbers; None (and
    a reminder) while the prediction or the measurement is missing."""
    if prediction is None:
        print('No prediction yet: write "higher" or "not higher" before you measure.')
        return None
    if str(prediction).strip().lower() not in ("higher", "not higher"):
        print(f'Answer "higher" or "not higher", not {prediction!r}.')
        return False
    if measured is None:
        print("Now measure: put your measured number in the answer variable and run this cell "
              "again.")
        return None
    said = "higher" if float(measured) > float(baseline) else "not higher"
    ok = str(prediction).strip().lower() == said
    print(f"{'Your prediction holds' if ok else 'The measurement says otherwise'}: {what} is "
          f"{float(measured):.4f} against {float(baseline):.4f}, {said}.")
    return ok


def check_sizes(answer, config, hint: str = "", **sizes) -> bool | None:
    """Notebook 02, exercise 1: ``answer`` ``(steps the LSTM reads, parameters in all)`` against
    ``build_model(config.replace(**sizes))``, the course's copy of the post's network. The
    network is built, and ``hint`` shown, only once there is an answer (a wrong one), so that
    the cell's output gives nothing away before the student predicts."""
    if answer is None:
        print("No answer yet: replace None with your prediction and run this cell again.")
        return None
    from .model import build_model

    model = build_model(config.replace(**sizes), compile=False)
    expected = (int(model.get_layer("pool").output.shape[1]), int(model.count_params()))
    return check(answer, expected, hint=hint)


def check_prediction(guess, answer, expected, tol: float = 0.0, guess_tol: float | None = None,
                     baseline=None, hint: str = "", what: str = "the measurement") -> bool | None:
    """A predict-then-measure check. The student first writes ``guess`` (a number, or, when
    ``baseline`` is given, "higher" or "lower" than ``baseline``), then measures ``answer``.
    Prints whether ``answer`` matches ``expected`` (within ``tol``; ``expected`` may be a function
    of no argument, as in ``check``) and how the guess compares with the measurement: within
    ``guess_tol`` of it (a number), or on the right side of ``baseline``. Returns whether the
    measurement is right (the guess is reported, never graded); None while the guess or the
    answer is missing."""
    if guess is None:
        print("No guess yet: write your prediction first, before you measure anything.")
        return None
    directional = baseline is not None
    if directional and str(guess).strip().lower() not in ("higher", "lower"):
        print(f'Guess "higher" or "lower", not {guess!r}.')
        return None
    if not directional:
        try:
            float(guess)
        except (TypeError, ValueError):
            print(f"Guess a number, not {guess!r}.")
            return None
    if answer is None:
        print(f"Your guess is {guess!r}. Now measure: replace None with your measurement and run "
              "this cell again." + (f" Hint: {hint}" if hint else ""))
        return None
    expected = _resolve(expected)
    if expected is _UNCHECKABLE:
        return None
    ok = check(answer, expected, tol=tol, hint=hint)
    if not ok:
        return ok
    measured = float(expected)
    if directional:
        said = "higher" if measured > float(baseline) else "lower"
        held = str(guess).strip().lower() == said
        print(f"{'Your prediction held' if held else 'Your prediction did not hold'}: {what} is "
              f"{measured:.4g} against {float(baseline):.4g}, {said}.")
    else:
        off = abs(float(guess) - measured)
        close = guess_tol is None or off <= guess_tol
        print(f"Your guess {float(guess):.4g} was {'close' if close else 'off'}: {off:.4g} from "
              f"{what}, {measured:.4g}.")
    return ok


def expected_share_truncated(data, maxlen: int, top_words: int | None = None) -> float:
    """Notebook 01, exercises 2 and 3: the share of training reviews longer than ``maxlen``
    ids with unknown words left out, for the vocabulary of ``data`` or, with ``top_words``, for
    one of that size built on the same training reviews (``corpus.skipped_lengths``)."""
    from .corpus import skipped_lengths

    lengths = (np.asarray(data.train_lengths) if top_words is None
               else skipped_lengths(data, top_words))
    return float(np.mean(lengths > maxlen))


def expected_post_ids(words, word_index: dict, top_words: int) -> list[int]:
    """Notebook 01, exercise 4: the ids ``keras.datasets.imdb.load_data(num_words=top_words)``
    gives ``words``. When both of its files are in the Keras cache, read from Keras' own output
    (each word's id in the reviews loaded without a limit, looked up at the same place in the
    reviews loaded with ``num_words``); otherwise its documented rule, as
    ``Vocabulary.from_keras_word_index`` applies it (rank + 3, and 2 from ``top_words`` on)."""
    from .corpus import keras_imdb_files
    from .vocab import Vocabulary

    if keras_imdb_files().available:
        import keras

        (every, _), _ = keras.datasets.imdb.load_data()
        (limited, _), _ = keras.datasets.imdb.load_data(num_words=top_words)
        ids = []
        for word in words:
            wanted = word_index[word] + 3
            for full, cut in zip(every, limited):
                where = np.flatnonzero(np.asarray(full) == wanted)
                if where.size:
                    ids.append(int(np.asarray(cut)[where[0]]))
                    break
            else:
                raise ValueError(f"{word!r} occurs in no training review of keras.datasets.imdb")
        return ids
    return Vocabulary.from_keras_word_index(word_index, top_words).encode_tokens(list(words))


def with_forget_bias(model, added: float):
    """Notebook 06, exercise 2: a copy of ``model`` (same layers, the trained weights) with
    ``added`` on the forget gate's bias of every unit of its LSTM (layer ``"lstm"``; Keras
    orders the bias ``i | f | g | o``, so the forget gate's is the second quarter)."""
    import keras

    changed = keras.models.clone_model(model)
    changed.set_weights(model.get_weights())
    lstm = changed.get_layer("lstm")
    kernel, recurrent, bias = lstm.get_weights()
    units = len(bias) // 4
    bias[units:2 * units] += added
    lstm.set_weights([kernel, recurrent, bias])
    return changed


def expected_closer(matrix, vocab, word: str = "better", a: str = "worse", b: str = "best") -> str:
    """Notebook 04, exercise 1: which of ``a`` and ``b`` is closer to ``word`` by cosine
    similarity in ``matrix`` (an Embedding's weights, rows in ``vocab``'s ids). Raises
    ValueError, naming the words, when one is outside the vocabulary (``check`` then says the
    exercise cannot be checked with these parameters)."""
    from .embedding import cosine_similarities

    missing = [w for w in (word, a, b) if w not in vocab.index]
    if missing:
        raise ValueError(f"{', '.join(map(repr, missing))} not in the {len(vocab)}-word vocabulary "
                         "(raise top_words)")
    sims = cosine_similarities(matrix, vocab.index[word])
    return a if sims[vocab.index[a]] > sims[vocab.index[b]] else b


def expected_known_words_cut(data, top_words: int, maxlen: int, oov: str = "mark",
                             truncating: str = "pre", split: str = "test") -> float:
    """Notebook 01, exercise 1: the share of all the known words of ``split``'s reviews (words
    of a ``top_words`` vocabulary built on the same training reviews) that truncation to
    ``maxlen`` ids cuts off, unknown words kept as ``<oov>`` (``oov="mark"``: they take
    positions) or left out (``"skip"``), cut at the start (``truncating="pre"``) or the end."""
    if oov not in ("mark", "skip") or truncating not in ("pre", "post"):
        raise ValueError(f"oov must be 'mark' or 'skip' and truncating 'pre' or 'post', got "
                         f"{oov!r}, {truncating!r}")
    from .vocab import OOV_ID

    known = kept = 0
    for ids in data.corpus.ids(split, top_words):
        row = ids if oov == "mark" else ids[ids != OOV_ID]
        row = row[len(row) - maxlen:] if truncating == "pre" and len(row) > maxlen else row[:maxlen]
        known += int(np.count_nonzero(ids != OOV_ID))
        kept += int(np.count_nonzero(row != OOV_ID))
    return 1.0 - kept / known


def check_list_prediction(guess, answer, expected, labels=None, hint: str = "",
                          what: str = "the ids") -> bool | None:
    """A predict-then-run check for a list: the student first writes ``guess`` (a list), then
    runs the code and writes its result in ``answer``. Prints whether ``answer`` equals
    ``expected`` (``expected`` may be a function of no argument, as in ``check``) and, entry by
    entry (named by ``labels``), where the guess held and where it did not. Returns whether the
    run's result is right (the guess is reported, never graded); None while the guess or the
    answer is missing."""
    if guess is None:
        print("No guess yet: write your prediction first, before you run anything.")
        return None
    if isinstance(guess, (str, bytes)) or not hasattr(guess, "__len__"):
        print(f"Guess a list, not {guess!r}.")
        return None
    if answer is None:
        print(f"Your guess is {list(guess)!r}. Now run: replace None with what the code gives and "
              "run this cell again." + (f" Hint: {hint}" if hint else ""))
        return None
    expected = _resolve(expected)
    if expected is _UNCHECKABLE:
        return None
    ok = check(list(answer), list(expected), hint=hint)
    if not ok:
        return ok
    expected = list(expected)
    labels = list(labels) if labels is not None else [f"#{k}" for k in range(len(expected))]
    if len(guess) != len(expected):
        print(f"Your guess has {len(guess)} entries; {what} are {len(expected)}: {expected!r}.")
        return ok
    missed = [f"{label}: you said {g!r}, it is {e!r}"
              for label, g, e in zip(labels, list(guess), expected) if g != e]
    print(f"Your prediction held for {len(expected) - len(missed)} of {len(expected)}"
          + (": " + "; ".join(missed) if missed else "") + ".")
    return ok
