"""The blog post's network: Embedding -> Conv1D -> MaxPooling1D -> LSTM -> Dropout -> Dense -> Dense.

``LAYER_NAMES`` is the one list of its layers' names, in order: everything that refers to a
layer (``imdbviz.tensors``, the explorer, the plots) takes its names from here.
``check_input`` is the one check of what the model reads: a ``(batch, maxlen)`` id array.
"""
from __future__ import annotations

import keras
import numpy as np

from .config import SMALL, Config

#: Layer names, in order; the notebooks and ``imdbviz.tensors`` refer to layers by these names.
LAYER_NAMES = ("embedding", "conv", "pool", "lstm", "dropout", "dense", "output")
EMBEDDING, CONV, POOL, LSTM, DROPOUT, DENSE, OUTPUT = LAYER_NAMES


@keras.saving.register_keras_serializable(package="imdbviz")
class MaskedConv1D(keras.layers.Conv1D):
    """``Conv1D`` that reads the masked positions (padding) as zero vectors and passes the mask
    on, so the padding id's vector never reaches a word's window (``padding="same"`` keeps the
    length, so the mask fits the output as it is)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is not None:
            inputs = inputs * keras.ops.cast(mask, inputs.dtype)[:, :, None]
        return super().call(inputs)

    def compute_mask(self, inputs, mask=None):
        return mask


@keras.saving.register_keras_serializable(package="imdbviz")
class MaskedMaxPooling1D(keras.layers.MaxPooling1D):
    """``MaxPooling1D`` that passes on a mask of its own steps: a step is padding when every
    position it pools is padding (the LSTM then skips it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):  # takes the mask that a caller (saliency) passes on
        return super().call(inputs)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        words = keras.ops.cast(mask, "float32")[:, :, None]
        pooled = keras.ops.max_pool(words, self.pool_size, self.strides, self.padding)
        return keras.ops.squeeze(pooled, -1) > 0


def masks_padding(model) -> bool:
    """True for a model built with ``Config.bucket_width`` (its LSTM skips the padding)."""
    return bool(getattr(embedding_layer(model), "mask_zero", False))


def build_model(config: Config = SMALL, compile: bool = True, embedding_matrix=None,
                train_embedding: bool = True):
    """The post's Sequential model for ``config``, input ``(batch, maxlen)`` word indices,
    output ``(batch, 1)`` probability of a positive review.

    Weights are initialised from ``config.seed``; ``embedding_matrix`` ``(top_words,
    embedding_dim)`` replaces the Embedding's random start (e.g. word2vec vectors), and
    ``train_embedding=False`` freezes it. For ``SMALL`` the layers hold 16,000 / 5,152 / 0 /
    16,600 / 0 / 1,275 / 26 parameters (39,053).

    With ``config.bucket_width`` (length-bucketed training) the same layers mask the padding:
    ``Embedding(mask_zero=True)``, a ``MaskedConv1D`` that reads padding as zeros and a
    ``MaskedMaxPooling1D`` that hands the LSTM a mask of its steps, so the LSTM skips the
    padding and a review's prediction is the same whatever its padding (the same parameters).
    """
    keras.utils.set_random_seed(config.seed)
    dtype = config.precision  # "mixed_bfloat16": bfloat16 arithmetic, float32 weights
    masked = bool(config.bucket_width)
    conv = MaskedConv1D if masked else keras.layers.Conv1D
    pool = MaskedMaxPooling1D if masked else keras.layers.MaxPooling1D
    model = keras.Sequential(
        [
            keras.Input(shape=(config.maxlen,), dtype="int32", name="word_ids"),
            keras.layers.Embedding(config.top_words, config.embedding_dim, name=EMBEDDING,
                                   dtype=dtype, mask_zero=masked),
            conv(config.filters, config.kernel_size, padding="same", activation="relu",
                 name=CONV, dtype=dtype),
            pool(config.pool_size, name=POOL, dtype=dtype),
            # cuDNN (a TensorFlow GPU) takes masks of right-padded reviews only: not these
            keras.layers.LSTM(config.lstm_units, name=LSTM, dtype=dtype,
                              use_cudnn=False if masked else "auto"),
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

    if config.lr_schedule == "cosine" and steps_per_epoch:
        return keras.optimizers.schedules.CosineDecay(config.learning_rate,
                                                      config.epochs * steps_per_epoch)
    return config.learning_rate


def compile_model(model, config: Config, steps_per_epoch: int | None = None) -> None:
    """The post's compile (Adam, binary cross-entropy, accuracy) with the config's learning
    rate (and its schedule, for ``steps_per_epoch``) and gradient clipping."""

    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate(config, steps_per_epoch),
                                        clipnorm=config.clipnorm or None),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )


def parameter_table(model) -> list[tuple[str, int]]:
    """``[(layer name, trainable + non-trainable parameters), ...]`` in layer order."""
    return [(layer.name, int(layer.count_params())) for layer in model.layers]


def embedding_layer(model):
    """The model's Embedding layer: the one named "embedding", else the first Embedding."""

    for layer in model.layers:
        if layer.name == EMBEDDING:
            return layer
    for layer in model.layers:
        if isinstance(layer, keras.layers.Embedding):
            return layer
    raise ValueError(f"model {model.name!r} has no Embedding layer: pass a model built with "
                     "imdbviz.build_model or imdbviz.trained_model(...).model")


def check_input(model, x, any_length: bool = False) -> np.ndarray:
    """``x`` as the int32 ``(batch, maxlen)`` array of word ids that ``model`` reads, else a
    ValueError that says what to pass: two axes, ``maxlen`` positions (any number with
    ``any_length=True``, for the Embedding alone), whole numbers in ``0..top_words - 1``."""
    x = np.asarray(x)
    try:
        maxlen = model.inputs[0].shape[1]
    except (AttributeError, IndexError, ValueError):  # a model not built on an Input
        maxlen = None
    if x.ndim != 2:
        raise ValueError(
            f"x must be a batch of padded reviews, shape (batch, {maxlen or 'maxlen'}); got "
            f"shape {x.shape}. For one review pass x[i:i + 1] (or x_row[None]).")
    if not any_length and maxlen is not None and x.shape[1] != maxlen:
        raise ValueError(f"x has {x.shape[1]} positions per review but the model expects "
                         f"{maxlen}: encode texts with the model's config (Predictor.encode)")
    if x.size and not np.issubdtype(x.dtype, np.integer) and (
            not np.issubdtype(x.dtype, np.number) or not np.all(np.mod(x, 1) == 0)):
        raise ValueError("x must hold integer word indices (see Vocabulary.encode)")
    top_words = embedding_layer(model).input_dim
    if x.size and (x.min() < 0 or x.max() >= top_words):
        raise ValueError(f"x holds word indices outside 0..{top_words - 1} (min {x.min()}, max "
                         f"{x.max()}): encode the text with the model's vocabulary")
    return x.astype("int32")
