import gzip
import shutil
import tarfile

import numpy as np
import pytest

import imdbviz
import imdbviz.claims
from imdbviz.data import (OFFICIAL_MD5, SAMPLE_PATH, DataError, download_official, md5_of,
                          read_aclimdb, resolve_source)
from imdbviz.encoding import encode_reviews


def test_sample_is_balanced_real_reviews(sample_reviews):
    assert len(sample_reviews.train_texts) == 2000 and len(sample_reviews.test_texts) == 1000
    assert sample_reviews.train_labels.mean() == 0.5 and sample_reviews.test_labels.mean() == 0.5
    # labels agree with the folder each review came from, and the order is shuffled
    for files, labels in ((sample_reviews.train_files, sample_reviews.train_labels),
                          (sample_reviews.test_files, sample_reviews.test_labels)):
        assert [f.split("/")[1] == "pos" for f in files] == [bool(v) for v in labels]
    assert 0.3 < sample_reviews.train_labels[:1000].mean() < 0.7
    assert any("<br />" in t for t in sample_reviews.train_texts)


def test_reading_is_deterministic_and_the_folder_equals_the_archive(sample_reviews, sample_folder):
    again = read_aclimdb(sample_folder.parent)
    assert again.fingerprint == sample_reviews.fingerprint
    assert again.train_texts == sample_reviews.train_texts
    assert read_aclimdb(sample_folder).fingerprint == sample_reviews.fingerprint


def test_encoded_dataset_shapes(sample_data):
    assert sample_data.x_train.shape == (2000, 100) and sample_data.x_test.shape == (1000, 100)
    assert sample_data.x_train.dtype == np.int32
    assert sample_data.x_train.max() == 499 and sample_data.x_train.min() == 0
    assert len(sample_data.vocab) == 500
    lengths = sample_data.train_lengths
    # pre padding: a review shorter than maxlen starts with exactly maxlen - length zeros
    short = np.flatnonzero(lengths < 100)[0]
    assert np.all(sample_data.x_train[short, : 100 - lengths[short]] == 0)
    assert np.all(sample_data.x_train[short, 100 - lengths[short]:] != 0)


def test_unknown_words_are_skipped_or_marked_as_config_oov_says(sample_reviews, sample_data):
    vocab, text = sample_data.vocab, sample_reviews.train_texts[0]
    known = [t for t in imdbviz.tokenize(text) if t in vocab.index]
    assert 1 not in sample_data.x_train  # SEED skips: no <oov> in the model's input
    np.testing.assert_array_equal(sample_data.x_train[0][-len(known[-100:]):],
                                  [vocab.index[t] for t in known[-100:]])
    marked = encode_reviews(sample_reviews, imdbviz.SEED.replace(oov="mark"))
    assert marked.vocab.words == vocab.words  # the same vocabulary, another encoding
    tokens = imdbviz.tokenize(text)[-100:]
    np.testing.assert_array_equal(marked.x_train[0][-len(tokens):],
                                  [vocab.index.get(t, 1) for t in tokens])
    assert (marked.train_lengths >= sample_data.train_lengths).all()
    assert marked.train_lengths.sum() > sample_data.train_lengths.sum()


def test_load_dataset_reports_its_source(capsys):
    imdbviz.load_dataset(imdbviz.Config(top_words=50, maxlen=10), "sample")
    out = capsys.readouterr().out
    assert "sample (bundled sample, 1.7 MB)" in out and "2,000 train / 1,000 test" in out
    assert "/work" not in out and "_sample" not in out  # no machine path


def test_auto_offline_falls_back_to_the_sample_with_a_short_notice(monkeypatch, tmp_path,
                                                                   capsys):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.delenv("IMDBVIZ_DATA", raising=False)
    source = resolve_source("auto")
    notice = capsys.readouterr().err
    assert source.kind == "sample"
    assert notice.count("\n") == 1 and "imdbviz data --download" in notice and "/" not in notice
    with pytest.raises(DataError, match="IMDBVIZ_OFFLINE=1"):
        resolve_source("aclimdb")


def test_auto_prefers_imdbviz_data_then_the_keras_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv("IMDBVIZ_DATA", str(SAMPLE_PATH))
    assert resolve_source("auto").path == SAMPLE_PATH and resolve_source().how == "IMDBVIZ_DATA"
    monkeypatch.delenv("IMDBVIZ_DATA")
    cached = tmp_path / "datasets" / "aclImdb_v1.tar.gz"
    cached.parent.mkdir()
    shutil.copy(SAMPLE_PATH, cached)
    assert resolve_source("auto").path == cached
    assert resolve_source("aclimdb").how == "Keras cache"


def test_a_path_is_described_by_its_file_name(tmp_path):
    archive = tmp_path / "aclImdb_v1.tar.gz"
    shutil.copy(SAMPLE_PATH, archive)
    size = archive.stat().st_size / 1e6
    assert resolve_source(str(archive)).describe() == (
        f"aclimdb (dataset=aclImdb_v1.tar.gz, {size:.1f} MB)")
    assert str(tmp_path) not in resolve_source(str(archive)).describe()  # no machine path


def test_missing_path_and_unknown_source_are_clear_errors(monkeypatch, tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        imdbviz.load_dataset(dataset=str(tmp_path / "nope.tar.gz"))
    with pytest.raises(DataError, match="neither a source nor a path"):
        resolve_source("imdb")
    monkeypatch.setenv("IMDBVIZ_DATA", str(tmp_path / "gone"))
    with pytest.raises(DataError, match="IMDBVIZ_DATA points at"):
        resolve_source("auto")


def test_keras_source_offline_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.raises(DataError, match="IMDBVIZ_OFFLINE=1 is set"):
        imdbviz.load_dataset(dataset="keras")


def test_truncated_archive_is_a_clear_error(tmp_path):
    broken = tmp_path / "aclImdb_v1.tar.gz"
    broken.write_bytes(SAMPLE_PATH.read_bytes()[: SAMPLE_PATH.stat().st_size // 2])
    with pytest.raises(DataError, match="truncated or corrupt"):
        read_aclimdb(broken)


def test_a_file_that_is_no_archive_is_a_clear_error(tmp_path):
    junk = tmp_path / "aclImdb_v1.tar.gz"
    junk.write_bytes(gzip.compress(b"not a tar file at all" * 100))
    with pytest.raises(DataError, match="truncated or corrupt|not the Large Movie Review"):
        read_aclimdb(junk)


def test_folder_missing_a_split_names_it(sample_folder, tmp_path):
    copy = tmp_path / "aclImdb"
    shutil.copytree(sample_folder, copy)
    shutil.rmtree(copy / "test" / "neg")
    with pytest.raises(DataError, match="no reviews in test/neg/"):
        read_aclimdb(copy)


def test_archive_with_another_layout_is_refused(tmp_path):
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as archive:
        archive.add(SAMPLE_PATH, arcname="reviews/one.txt")
    with pytest.raises(DataError, match="not the Large Movie Review Dataset's layout"):
        read_aclimdb(other)


def test_download_with_a_wrong_md5_keeps_nothing(tmp_path):
    datasets = tmp_path / "datasets"
    with pytest.raises(DataError, match="md5 file hash does not match"):
        download_official(datasets, origin=SAMPLE_PATH.as_uri(), md5=OFFICIAL_MD5)
    assert not datasets.exists() or list(datasets.iterdir()) == []


def test_download_from_an_unreachable_origin_keeps_nothing(tmp_path):
    datasets = tmp_path / "datasets"
    with pytest.raises(DataError, match="Nothing was kept"):
        download_official(datasets, origin=(tmp_path / "missing.tar.gz").as_uri())
    assert not datasets.exists() or list(datasets.iterdir()) == []


def test_download_with_the_right_md5_lands_in_the_cache(tmp_path):
    path = download_official(tmp_path / "datasets", origin=SAMPLE_PATH.as_uri(),
                             md5=md5_of(SAMPLE_PATH))
    assert path.name == "aclImdb_v1.tar.gz" and md5_of(path) == md5_of(SAMPLE_PATH)


def test_full_archive_has_the_official_counts(full_data_path):
    reviews = imdbviz.load_reviews("auto")
    assert len(reviews.train_texts) == len(reviews.test_texts) == 25_000
    assert reviews.train_labels.sum() == reviews.test_labels.sum() == 12_500
    assert reviews.fingerprint == imdbviz.claims.FULL_DATA_FINGERPRINT


@pytest.mark.parametrize("record", ["imdbviz.data.Reviews", "imdbviz.encoding.Dataset",
                                    "imdbviz.train.TrainResult",
                                    "imdbviz.widgets.explorer.ExplorerState"])
def test_wide_records_are_built_with_keywords_only(record):
    """A new field cannot shift values into the wrong slots: positional construction is refused."""
    import dataclasses
    import importlib

    module, name = record.rsplit(".", 1)
    cls = getattr(importlib.import_module(module), name)
    fields = dataclasses.fields(cls)
    assert len(fields) >= 4 and all(f.kw_only for f in fields)
    with pytest.raises(TypeError, match="positional"):
        cls(*range(len(fields)))
