"""The blog post's script, ported literally to Keras 3, reading the official archive.

The post loads ``keras.datasets.imdb`` (a download). Offline, ``load_imdb_like_keras`` below
rebuilds that encoding from the same ``aclImdb`` archive that imdbviz reads: lower-case, ``<br />``
and punctuation removed, words ranked by frequency over all 50,000 labeled reviews (as the Keras
file was built: "indexed by overall frequency in the dataset"), 1 = start of review, 2 = word
outside ``num_words``, rank r stored as r + 3. It is a close reconstruction, not a byte-for-byte
copy of ``imdb.npz``.

Below the loader, the post's code with only the Keras 3 spellings changed:
``keras.layers.Embedding`` without ``input_length``, ``keras.utils.pad_sequences``,
``epochs=`` (the post's old ``nb_epoch``). Its "validation data" is the test set, as in the post.

    python benchmarks/post_keras3.py --data ../shared/data/aclImdb_v1_labeled.tar.gz [--full]

The last line printed is a JSON object with the test accuracy and timings.
"""
import argparse
import json
import re
import sys
import time
from collections import Counter

START = time.perf_counter()

import numpy  # noqa: E402  (the post's imports, Keras 3 spelling)
import keras  # noqa: E402
from keras.models import Sequential  # noqa: E402
from keras.layers import Dense, LSTM, Dropout, Conv1D, MaxPooling1D, Embedding  # noqa: E402

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


def _words(text):
    return _NOT_WORD.sub(" ", _BREAK.sub(" ", text.lower())).split()


def load_imdb_like_keras(path, num_words, start_char=1, oov_char=2, index_from=3):
    """``keras.datasets.imdb.load_data(num_words=...)``'s encoding, rebuilt from the archive:
    ``((x_train, y_train), (x_test, y_test))`` with lists of word indices."""
    from imdbviz.data import read_aclimdb  # the same archive reader as imdbviz, for a fair timing

    reviews = read_aclimdb(path)
    train = [_words(t) for t in reviews.train_texts]
    test = [_words(t) for t in reviews.test_texts]
    counts = Counter(w for review in train + test for w in review)
    rank = {w: i + 1 for i, (w, _n) in enumerate(sorted(counts.items(),
                                                          key=lambda item: (-item[1], item[0])))}

    def encode(review):
        ids = [rank[w] + index_from for w in review]
        return [start_char] + [i if i < num_words else oov_char for i in ids]

    return ((numpy.array([encode(r) for r in train], dtype=object), reviews.train_labels),
            (numpy.array([encode(r) for r in test], dtype=object), reviews.test_labels))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="aclImdb_v1.tar.gz archive or folder")
    parser.add_argument("--full", action="store_true",
                        help="the source tutorial's sizes: 5000 words, 500 tokens, LSTM(100)")
    parser.add_argument("--verbose", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=5, help="the post's 5 (issue 16 times FULL at 3)")
    args = parser.parse_args(argv)
    top_words, max_review_length, lstm_units = (5000, 500, 100) if args.full else (500, 100, 50)

    # ---------------------------------------------------------------- the post, Keras 3
    # fix random seed for reproducibility
    numpy.random.seed(7)
    # load the dataset but only keep the top n words, zero the rest
    (X_train, y_train), (X_test, y_test) = load_imdb_like_keras(args.data, num_words=top_words)
    # truncate and pad input sequences
    X_train = keras.utils.pad_sequences(X_train, maxlen=max_review_length)
    X_test = keras.utils.pad_sequences(X_test, maxlen=max_review_length)
    data_seconds = time.perf_counter() - START
    # create the model
    embedding_vecor_length = 32
    model = Sequential()
    model.add(keras.Input(shape=(max_review_length,)))
    model.add(Embedding(top_words, embedding_vecor_length))
    model.add(Conv1D(filters=32, kernel_size=5, padding='same', activation='relu'))
    model.add(MaxPooling1D(pool_size=2))
    model.add(LSTM(lstm_units))
    model.add(Dropout(0.2))
    model.add(Dense(25, activation='sigmoid'))
    model.add(Dense(1, activation='sigmoid'))
    model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
    model.summary() if args.verbose else None
    fit_start = time.perf_counter()
    history = model.fit(X_train, y_train, validation_data=(X_test, y_test), epochs=args.epochs,
                        batch_size=64, verbose=args.verbose)
    fit_seconds = time.perf_counter() - fit_start
    # Final evaluation of the model
    scores = model.evaluate(X_test, y_test, verbose=0)
    print("Accuracy: %.2f%%" % (scores[1] * 100))
    # ---------------------------------------------------------------- end of the post
    print(json.dumps({
        "test_accuracy": float(scores[1]), "test_loss": float(scores[0]),
        "train_seconds": fit_seconds, "epoch_seconds": fit_seconds / args.epochs,
        "epochs_run": args.epochs,
        "data_seconds": data_seconds, "params": int(model.count_params()),
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
