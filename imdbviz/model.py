"""The blog post's network: Embedding -> Conv1D -> MaxPooling1D -> LSTM -> Dropout -> Dense -> Dense."""
from __future__ import annotations

from .config import SEED, Config

#: Layer names, in order; the notebooks and ``inspect`` refer to layers by these names.
LAYER_NAMES = ("embedding", "conv", "pool", "lstm", "dropout", "dense", "output")


def build_model(config: Config = SEED, compile: bool = True):
    """The post's Sequential model for ``config``, input ``(batch, maxlen)`` word indices,
    output ``(batch, 1)`` probability of a positive review.

    Weights are initialised from ``config.seed``. For ``SEED`` the layers hold 16,000 / 5,152 /
    0 / 16,600 / 0 / 1,275 / 26 parameters (39,053).
    """
    import keras

    keras.utils.set_random_seed(config.seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(config.maxlen,), dtype="int32", name="word_ids"),
            keras.layers.Embedding(config.top_words, config.embedding_dim, name="embedding"),
            keras.layers.Conv1D(config.filters, config.kernel_size, padding="same",
                                activation="relu", name="conv"),
            keras.layers.MaxPooling1D(config.pool_size, name="pool"),
            keras.layers.LSTM(config.lstm_units, name="lstm"),
            keras.layers.Dropout(config.dropout, name="dropout"),
            keras.layers.Dense(config.dense_units, activation="sigmoid", name="dense"),
            keras.layers.Dense(1, activation="sigmoid", name="output"),
        ],
        name="imdb_cnn_lstm",
    )
    if compile:
        model.compile(
            optimizer=keras.optimizers.Adam(learning_rate=config.learning_rate,
                                            clipnorm=config.clipnorm or None),
            loss="binary_crossentropy",
            metrics=["accuracy"],
        )
    return model


def parameter_table(model) -> list[tuple[str, int]]:
    """``[(layer name, trainable + non-trainable parameters), ...]`` in layer order."""
    return [(layer.name, int(layer.count_params())) for layer in model.layers]
