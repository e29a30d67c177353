"""Test-wide settings, also inherited by the notebook kernels that nbval starts: never download,
and keep the models trained during one test run in a cache of their own."""
import os
import tempfile

os.environ.setdefault("IMDBVIZ_OFFLINE", "1")
os.environ.setdefault("IMDBVIZ_CACHE", tempfile.mkdtemp(prefix="imdbviz-test-cache-"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")

# A killed `imdbviz run --inplace` leaves a hidden `.NAME.running-PID.ipynb` beside the notebook:
# it is not a notebook of the series.
collect_ignore_glob = ["notebooks/.*.ipynb"]
