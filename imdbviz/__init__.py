"""imdbviz: look inside a CNN-LSTM that classifies IMDB movie reviews (Keras 3)."""
import os as _os
import sys as _sys
from pathlib import Path as _Path

from . import backend as _backend

_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # keep TensorFlow's C++ start-up chatter quiet


def _import_keras_quietly():
    """Import Keras (and its backend) with the process's stderr silenced: TensorFlow's C++
    start-up lines (oneDNN, CUDA drivers) ignore TF_CPP_MIN_LOG_LEVEL and would land in every
    notebook's output; TensorFlow's notes about retracing are silenced too. Python errors
    still raise as usual."""
    if "keras" in _sys.modules:
        return
    _sys.stderr.flush()
    saved, devnull = _os.dup(2), _os.open(_os.devnull, _os.O_WRONLY)
    try:
        _os.dup2(devnull, 2)
        import keras  # noqa: F401
    finally:
        _os.dup2(saved, 2)
        _os.close(saved)
        _os.close(devnull)
    import logging

    logging.getLogger("tensorflow").setLevel(logging.ERROR)  # no notes about retracing


try:
    _backend.check_requested()  # one clear line, not Keras' traceback, for a missing backend
except _backend.BackendError as _error:
    # the console script, or `python -m imdbviz.cli` (argv[0] is "-m" while it is located):
    # one line, no traceback
    if _sys.argv and (_Path(_sys.argv[0]).name == "imdbviz" or _sys.argv[0] == "-m"):
        _sys.exit(f"imdbviz: error: {_error}")
    raise _backend.BackendError(str(_error)) from None  # a short traceback: import, this line
_import_keras_quietly()

__version__ = _backend.package_version()

from . import claims, exercises  # noqa: E402,F401  (used in every notebook)
from .config import FULL, PRESETS, SEED, SMALL, Config  # noqa: E402
from .data import DataError, Reviews, load_reviews, resolve_source  # noqa: E402
from .encoding import Dataset, encode_texts, load_dataset  # noqa: E402
from .model import LAYER_NAMES, build_model, parameter_table  # noqa: E402
from .runs import trained_model  # noqa: E402
from .train import Predictor, TrainResult, fit, predict_texts  # noqa: E402
from .vocab import Vocabulary, standardize, tokenize  # noqa: E402

__all__ = [
    "Config", "SMALL", "FULL", "SEED", "PRESETS", "DataError", "Dataset", "Reviews", "load_dataset",
    "load_reviews", "resolve_source", "encode_texts", "LAYER_NAMES", "build_model",
    "parameter_table", "Predictor", "TrainResult", "fit", "predict_texts", "trained_model",
    "Vocabulary", "standardize", "tokenize",
]
