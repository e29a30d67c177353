"""imdbviz: look inside a CNN-LSTM that classifies IMDB movie reviews (Keras 3)."""
import os as _os

_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # keep TensorFlow's C++ start-up chatter quiet

__version__ = "0.1.0"

from . import exercises  # noqa: E402,F401  (imdbviz.exercises.check in the notebooks)
from .config import FULL, PRESETS, SEED, Config  # noqa: E402
from .data import DataError, Dataset, Reviews, load_dataset, load_reviews, resolve_source  # noqa: E402
from .model import build_model, parameter_table  # noqa: E402
from .train import TrainResult, fit, predict_texts, trained_model  # noqa: E402
from .vocab import Vocabulary, standardize, tokenize  # noqa: E402

__all__ = [
    "Config", "SEED", "FULL", "PRESETS", "DataError", "Dataset", "Reviews", "load_dataset",
    "load_reviews", "resolve_source", "build_model", "parameter_table", "TrainResult", "fit",
    "predict_texts", "trained_model", "Vocabulary", "standardize", "tokenize",
]
