"""The one place that knows which Keras backend runs: everything else in imdbviz goes through
``keras`` and ``keras.ops``. Keras has no backend-neutral gradient, so ``value_and_gradient``
has one branch per backend (TensorFlow, JAX)."""
from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import warnings

import numpy as np

#: The backends Keras 3 knows, each with its own package (whose version a trained model
#: depends on).
_PACKAGES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch", "numpy": "numpy",
             "openvino": "openvino"}
#: The backends the course runs and tests on; TensorFlow is Keras' default.
SUPPORTED = ("tensorflow", "jax")
_HOW_TO_CHOOSE = ("imdbviz supports 'tensorflow' (the default) and 'jax' "
                  "(pip install \"imdbviz[jax]\"): set KERAS_BACKEND=tensorflow or "
                  "KERAS_BACKEND=jax")


class BackendError(ImportError):
    """The Keras backend asked for is unknown to Keras or not installed."""


def requested() -> tuple[str, str]:
    """The backend Keras will load and where that was said, read as Keras reads it (without
    importing it): ``KERAS_BACKEND``, else the ``"backend"`` of ``$KERAS_HOME/keras.json``
    (default ``~/.keras/keras.json``), else ``"tensorflow"``."""
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"], "KERAS_BACKEND"
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    config = os.path.join(home, "keras.json")
    try:
        with open(config, encoding="utf-8") as stream:
            name = json.load(stream).get("backend")
    except (OSError, ValueError, AttributeError):
        name = None
    return (name, config) if name else ("tensorflow", "Keras' default")


def check_requested() -> str:
    """Raise ``BackendError`` with a one-line message when the requested Keras backend is
    unknown or not installed; warn when it is installed but not one the course supports.
    Returns its name. Imports no backend."""
    name, where = requested()
    if name not in _PACKAGES:
        raise BackendError(f"the Keras backend {name!r} (asked for by {where}) is not one Keras "
                           f"knows ({', '.join(_PACKAGES)}); {_HOW_TO_CHOOSE}")
    if importlib.util.find_spec(_PACKAGES[name]) is None:
        raise BackendError(f"the Keras backend {name!r} (asked for by {where}) is not "
                           f"installed; {_HOW_TO_CHOOSE}")
    if name not in SUPPORTED:
        warnings.warn(f"the Keras backend {name!r} (asked for by {where}) is not one the course "
                      f"is tested on, and attributions need gradients it lacks; "
                      f"{_HOW_TO_CHOOSE}", stacklevel=2)
    return name


def name() -> str:
    """The Keras backend in use: ``"tensorflow"`` (the default) or ``"jax"`` (``KERAS_BACKEND``)."""
    import keras

    return keras.backend.backend()


def package_version() -> str:
    """imdbviz's own version, as installed (``pyproject.toml`` is its one home)."""
    try:
        return importlib.metadata.version("imdbviz")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree, not installed
        return "unknown"


def versions() -> dict:
    """The versions a trained model depends on: imdbviz, Keras, numpy, and the backend's
    package."""
    import keras

    package = _PACKAGES.get(name(), name())
    try:
        backend_version = importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        backend_version = "unknown"
    return {"backend": name(), package: backend_version, "keras": keras.__version__,
            "numpy": np.__version__, "imdbviz": package_version()}


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
