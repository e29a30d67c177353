"""The blog post's network: Embedding -> Conv1D -> MaxPooling1D -> LSTM -> Dropout -> Dense -> Dense.

``LAYER_NAMES`` is the one list of its layers' names, in order: everything that refers to a
layer (``imdbviz.tensors``, the explorer, the plots) takes its names from here.
"""
from __future__ import annotations

from .config import SEED, Config

#: Layer names, in order; the notebooks and ``imdbviz.tensors`` refer to layers by these names.
LAYER_NAMES = ("embedding", "conv", "pool", "lstm", "dropout", "dense", "output")
EMBEDDING, CONV, POOL, LSTM, DROPOUT, DENSE, OUTPUT = LAYER_NAMES


def build_model(config: Config = SEED, compile: bool = True, embedding_matrix=None,
                train_embedding: bool = True):
    """The post's Sequential model for ``config``, input ``(batch, maxlen)`` word indices,
    output ``(batch, 1)`` probability of a positive review.

    Weights are initialised from ``config.seed``; ``embedding_matrix`` ``(top_words,
    embedding_dim)`` replaces the Embedding's random start (e.g. word2vec vectors), and
    ``train_embedding=False`` freezes it. For ``SEED`` the layers hold 16,000 / 5,152 / 0 /
    16,600 / 0 / 1,275 / 26 parameters (39,053).
    """
    import keras

    keras.utils.set_random_seed(config.seed)
    dtype = config.precision  # "mixed_bfloat16": bfloat16 arithmetic, float32 weights
    model = keras.Sequential(
        [
            keras.Input(shape=(config.maxlen,), dtype="int32", name="word_ids"),
            keras.layers.Embedding(config.top_words, config.embedding_dim, name=EMBEDDING,
                                   dtype=dtype),
            keras.layers.Conv1D(config.filters, config.kernel_size, padding="same",
                                activation="relu", name=CONV, dtype=dtype),
            keras.layers.MaxPooling1D(config.pool_size, name=POOL, dtype=dtype),
            keras.layers.LSTM(config.lstm_units, name=LSTM, dtype=dtype),
            keras.layers.Dropout(config.dropout, name=DROPOUT, dtype=dtype),
            keras.layers.Dense(config.dense_units, activation="sigmoid", name=DENSE,
                               dtype=dtype),
            keras.layers.Dense(1, activation="sigmoid", name=OUTPUT, dtype="float32"),
        ],
        name="imdb_cnn_lstm",
    )
    embedding = model.get_layer(EMBEDDING)
    if embedding_matrix is not None:
        expected = (config.top_words, config.embedding_dim)
        if tuple(embedding_matrix.shape) != expected:
            raise ValueError(f"embedding_matrix has shape {tuple(embedding_matrix.shape)}; the "
                             f"Embedding needs {expected} = (top_words, embedding_dim)")
        embedding.set_weights([embedding_matrix])
    embedding.trainable = bool(train_embedding)
    if compile:
        compile_model(model, config)
    return model


def learning_rate(config: Config, steps_per_epoch: int | None = None):
    """The config's learning rate: a constant, or with ``lr_schedule="cosine"`` a
    ``keras.optimizers.schedules.CosineDecay`` from ``learning_rate`` down to 0 over the
    ``epochs * steps_per_epoch`` steps of training (constant when the steps are unknown)."""
    import keras

    if config.lr_schedule == "cosine" and steps_per_epoch:
        return keras.optimizers.schedules.CosineDecay(config.learning_rate,
                                                      config.epochs * steps_per_epoch)
    return config.learning_rate


def compile_model(model, config: Config, steps_per_epoch: int | None = None) -> None:
    """The post's compile (Adam, binary cross-entropy, accuracy) with the config's learning
    rate (and its schedule, for ``steps_per_epoch``) and gradient clipping."""
    import keras

    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate(config, steps_per_epoch),
                                        clipnorm=config.clipnorm or None),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )


def parameter_table(model) -> list[tuple[str, int]]:
    """``[(layer name, trainable + non-trainable parameters), ...]`` in layer order."""
    return [(layer.name, int(layer.count_params())) for layer in model.layers]
