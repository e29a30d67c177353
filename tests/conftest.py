"""Shared fixtures: the bundled sample, read and encoded once per test session."""
import os
import tarfile
from pathlib import Path

import pytest

import imdbviz
from imdbviz.data import SAMPLE_PATH

FULL_DATA = os.environ.get("IMDBVIZ_DATA")


@pytest.fixture(scope="session")
def sample_reviews():
    return imdbviz.load_reviews("sample")


@pytest.fixture(scope="session")
def sample_data():
    return imdbviz.load_dataset(imdbviz.SEED, "sample", verbose=False)


@pytest.fixture(scope="session")
def sample_folder(tmp_path_factory) -> Path:
    """The bundled sample extracted to an ``aclImdb/`` folder."""
    root = tmp_path_factory.mktemp("sample")
    with tarfile.open(SAMPLE_PATH) as archive:
        archive.extractall(root, filter="data")
    return root / "aclImdb"
