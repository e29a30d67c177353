"""Test-wide settings: never download, and keep trained models in one cache for the session."""
import os

os.environ.setdefault("IMDBVIZ_OFFLINE", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")
