"""The one place that knows which Keras backend runs: everything else in imdbviz goes through
``keras`` and ``keras.ops``. Keras has no backend-neutral gradient, so ``value_and_gradient``
has one branch per backend (TensorFlow, JAX)."""
from __future__ import annotations

import importlib.metadata

import numpy as np

#: The backend's own package, whose version a trained model depends on.
_PACKAGES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}


def name() -> str:
    """The Keras backend in use: ``"tensorflow"`` (the default) or ``"jax"`` (``KERAS_BACKEND``)."""
    import keras

    return keras.backend.backend()


def versions() -> dict:
    """The versions a trained model depends on: Keras, numpy, and the backend's package."""
    import keras

    package = _PACKAGES.get(name(), name())
    try:
        backend_version = importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        backend_version = "unknown"
    return {"backend": name(), package: backend_version, "keras": keras.__version__,
            "numpy": np.__version__}


def value_and_gradient(function, inputs) -> tuple[np.ndarray, np.ndarray]:
    """``function(inputs)`` and the gradient of its sum with respect to ``inputs``.

    ``function`` maps a float array ``(batch, ...)`` to ``(batch,)`` with Keras layers and
    ``keras.ops``; rows must not interact (true at inference), so the gradient of the sum is
    each row's own gradient. Returns numpy arrays: values ``(batch,)``, gradient like
    ``inputs``."""
    backend = name()
    if backend == "tensorflow":
        import tensorflow as tf

        inputs = tf.convert_to_tensor(np.asarray(inputs, dtype="float32"))
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            values = function(inputs)
        return np.asarray(values), np.asarray(tape.gradient(values, inputs))
    if backend == "jax":
        import jax
        import jax.numpy as jnp

        values, pullback = jax.vjp(function, jnp.asarray(inputs, dtype="float32"))
        (gradient,) = pullback(jnp.ones_like(values))
        return np.asarray(values), np.asarray(gradient)
    raise NotImplementedError(f"gradients on the {backend!r} Keras backend: use "
                              "KERAS_BACKEND=tensorflow or jax")
