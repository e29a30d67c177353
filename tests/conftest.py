"""Shared fixtures: the bundled sample read and encoded once, and real models trained on it
once, per test session (tests share them through these fixtures, not through the disk cache)."""
import os
import tarfile
from pathlib import Path

import nbformat
import pytest

import imdbviz
from imdbviz import baselines
from imdbviz.data import SAMPLE_PATH

#: A small real model: trains in seconds on the sample, every layer of the post's network.
TINY = imdbviz.Config(top_words=200, maxlen=40, embedding_dim=8, filters=4, lstm_units=4,
                      dense_units=3, epochs=2, batch_size=128)


@pytest.fixture(scope="session")
def sample_reviews():
    return imdbviz.load_reviews("sample")


@pytest.fixture(scope="session")
def sample_data():
    """The sample encoded for SEED."""
    return imdbviz.load_dataset(imdbviz.SEED, "sample", verbose=False)


@pytest.fixture(scope="session")
def tiny_config():
    return TINY


@pytest.fixture(scope="session")
def tiny_data():
    return imdbviz.load_dataset(TINY, "sample", verbose=False)


@pytest.fixture(scope="session")
def tiny_trained(tiny_data):
    """TINY trained on the sample (2 epochs), once."""
    return imdbviz.fit(TINY, tiny_data, verbose=0)


@pytest.fixture(scope="session")
def seed_trained(sample_data):
    """SEED trained on the sample with the course's recipe, once: a model that has learned
    something."""
    return imdbviz.fit(imdbviz.SEED, sample_data, verbose=0)


@pytest.fixture(scope="session")
def sample_baselines(sample_data):
    """Bag-of-words unigrams and TF-IDF uni+bigrams fitted on the sample like the SEED network,
    reading the whole review and reading what the network reads: ``{(kind, reads): result}``."""
    return {(kind, reads): baselines.fit_baseline(kind, sample_data, imdbviz.SEED, reads=reads)
            for kind in ("bow-1", "tfidf-2") for reads in baselines.READS}


@pytest.fixture(scope="session")
def write_notebook():
    """``write_notebook(path, parameters, *cells)``: a notebook of a ``parameters`` cell (its
    source) and code cells, written to ``path``, which it returns."""
    def write(path, parameters: str, *cells: str):
        nb = nbformat.v4.new_notebook()
        params = nbformat.v4.new_code_cell(parameters)
        params.metadata["tags"] = ["parameters"]
        nb.cells = [params, *(nbformat.v4.new_code_cell(c) for c in cells)]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, str(path))
        return path

    return write


@pytest.fixture(scope="session")
def sample_folder(tmp_path_factory) -> Path:
    """The bundled sample extracted to an ``aclImdb/`` folder."""
    root = tmp_path_factory.mktemp("sample")
    with tarfile.open(SAMPLE_PATH) as archive:
        archive.extractall(root, filter="data")
    return root / "aclImdb"


@pytest.fixture(scope="session")
def full_data_path():
    """The full Large Movie Review Dataset (``IMDBVIZ_DATA``); skips the test without it."""
    path = os.environ.get("IMDBVIZ_DATA")
    if not path:
        pytest.skip("full-data tier: set IMDBVIZ_DATA to the aclImdb archive")
    return path
