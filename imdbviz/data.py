"""Where the reviews come from, and reading them as raw text (``Reviews``). Encoding them for
the model is ``imdbviz.encoding``'s job.

Sources (``dataset=``): ``"auto"``, ``"aclimdb"`` (the official Large Movie Review Dataset),
``"keras"`` (``keras.datasets.imdb``, the blog post's loader), ``"sample"`` (the real reviews
bundled with this package) or a path to an ``aclImdb_v1.tar.gz`` archive or ``aclImdb/`` folder.
"""
from __future__ import annotations

import hashlib
import os
import re
import tarfile
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .files import short_hash

OFFICIAL_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"
OFFICIAL_MD5 = "7c2ac02c03563afcf9b574c7e56c153a"
ARCHIVE_NAME = "aclImdb_v1.tar.gz"
#: Names under which an archive or folder is looked for in the Keras cache.
CACHED_NAMES = ("aclImdb", ARCHIVE_NAME, "aclImdb_v1_labeled.tar.gz")
SAMPLE_PATH = Path(__file__).parent / "_sample" / "aclImdb_sample.tar.gz"
CITATION = (
    "Andrew L. Maas, Raymond E. Daly, Peter T. Pham, Dan Huang, Andrew Y. Ng, and Christopher "
    "Potts. 2011. Learning Word Vectors for Sentiment Analysis. ACL 2011."
)
GET_DATA_HINT = (
    f"Download the official archive ({OFFICIAL_URL}, md5 {OFFICIAL_MD5}) with "
    "`imdbviz data --download`, or point IMDBVIZ_DATA at an aclImdb_v1.tar.gz or aclImdb/ folder."
)
REVIEW_PATH = re.compile(r"(?:^|/)(train|test)/(pos|neg)/(\d+)_(\d+)\.txt$")
_SHUFFLE_SEED = 2011  # fixed, so the same data always gives the same order and fingerprint


class DataError(ValueError):
    """The dataset is missing, corrupt or not in the expected layout; the message says what to do."""


@dataclass(frozen=True)
class DataSource:
    """What ``dataset=`` resolved to: ``kind`` is "aclimdb", "sample" or "keras"."""

    kind: str
    path: Path | None
    how: str  # how it was found, e.g. "IMDBVIZ_DATA", "Keras cache", "download", "bundled sample"

    def describe(self, with_path: bool = False) -> str:
        """E.g. ``aclimdb (IMDBVIZ_DATA, 28.8 MB)``; ``with_path`` adds where the file is
        (left out by default, so that notebook outputs hold no machine paths)."""
        size = ""
        if self.path is not None and self.path.is_file():
            size = f", {self.path.stat().st_size / 1e6:.1f} MB"
        where = f" at {self.path}" if with_path and self.path else ""
        return f"{self.kind} ({self.how}{size}){where}"


@dataclass(kw_only=True)
class Reviews:
    """Raw reviews of both splits, in a fixed shuffled order; labels 1 = positive, 0 = negative.

    ``train_files[i]`` is where ``train_texts[i]`` sits in the archive, e.g. ``train/pos/0_9.txt``
    (``_9`` is the star rating).
    """

    train_texts: list[str]
    train_labels: np.ndarray
    test_texts: list[str]
    test_labels: np.ndarray
    train_files: list[str]
    test_files: list[str]
    source: DataSource
    fingerprint: str = ""

    def __len__(self) -> int:
        return len(self.train_texts) + len(self.test_texts)


# ----------------------------------------------------------------------------- finding the data
def keras_datasets_dir() -> Path:
    """``$KERAS_HOME/datasets`` (default ``~/.keras/datasets``), where Keras caches downloads."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets"


def offline() -> bool:
    """True when ``IMDBVIZ_OFFLINE`` is set: nothing may be downloaded."""
    return os.environ.get("IMDBVIZ_OFFLINE", "").strip().lower() not in ("", "0", "false", "no")


def download_official(datasets_dir: Path | None = None, origin: str = OFFICIAL_URL,
                      md5: str = OFFICIAL_MD5) -> Path:
    """Download the official archive into the Keras cache, checking its md5.

    On any failure (no network, wrong checksum, interruption) nothing is left behind.
    """
    import keras

    datasets_dir = Path(datasets_dir or keras_datasets_dir())
    target = datasets_dir / ARCHIVE_NAME
    existed = target.exists()
    try:
        path = keras.utils.get_file(
            ARCHIVE_NAME, origin, file_hash=md5, hash_algorithm="md5",
            cache_dir=str(datasets_dir.parent), cache_subdir=datasets_dir.name,
            extract=False,
        )
    except BaseException as error:  # also KeyboardInterrupt: never keep a half-written file
        if target.exists() and not (existed and md5_of(target) == md5):
            target.unlink()
        if isinstance(error, KeyboardInterrupt):
            raise
        raise DataError(
            f"Downloading {origin} failed: {error}. Nothing was kept in {datasets_dir}. "
            f"Check your connection, or download the archive yourself (md5 {md5}) and set "
            "IMDBVIZ_DATA to its path."
        ) from None
    return Path(path)


def md5_of(path: Path) -> str:
    """The md5 hex digest of a file (as the official archive's checksum is given)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "md5").hexdigest()


def _existing_path(path, how: str) -> DataSource:
    path = Path(path).expanduser()
    if not path.exists():
        raise DataError(f"{how} points at {path}, which does not exist. {GET_DATA_HINT}")
    return DataSource("aclimdb", path.resolve(), how)


def resolve_source(dataset="auto", download: bool | None = None) -> DataSource:
    """Decide where the reviews come from, without reading them.

    ``"auto"``: ``$IMDBVIZ_DATA``, else an archive or ``aclImdb/`` folder in the Keras cache,
    else a download of the official archive (skipped when ``IMDBVIZ_OFFLINE=1``), else the
    bundled sample, with a warning that says how to get the full data. ``"aclimdb"`` is the
    same without the fallback to the sample. ``download=False`` never downloads.
    """
    if isinstance(dataset, Path) or (isinstance(dataset, str) and dataset not in
                                     ("auto", "aclimdb", "keras", "sample")):
        if isinstance(dataset, str) and ("/" not in dataset and "\\" not in dataset
                                         and not dataset.endswith(".gz")):
            raise DataError(
                f"dataset={dataset!r} is neither a source nor a path: use 'auto', 'aclimdb', "
                "'keras', 'sample' or the path of an aclImdb_v1.tar.gz archive or aclImdb/ folder."
            )
        return _existing_path(dataset, f"dataset={Path(dataset).name}")
    if dataset == "sample":
        return DataSource("sample", SAMPLE_PATH, "bundled sample")
    if dataset == "keras":
        return DataSource("keras", keras_datasets_dir() / "imdb.npz", "keras.datasets.imdb")
    if os.environ.get("IMDBVIZ_DATA"):
        return _existing_path(os.environ["IMDBVIZ_DATA"], "IMDBVIZ_DATA")
    for name in CACHED_NAMES:
        candidate = keras_datasets_dir() / name
        if candidate.exists():
            return DataSource("aclimdb", candidate, "Keras cache")
    problem = "IMDBVIZ_OFFLINE=1 is set, so nothing was downloaded"
    if download is None:
        download = not offline()
    if download:
        try:
            return DataSource("aclimdb", download_official(), "download")
        except DataError as error:
            problem = str(error)
    if dataset == "aclimdb":
        raise DataError(f"The Large Movie Review Dataset was not found ({problem}). {GET_DATA_HINT}")
    why = "offline" if problem.startswith("IMDBVIZ_OFFLINE") else "the download failed"
    print(f"Note: using the bundled sample (3,000 of the 50,000 reviews; {why}); for the full "
          "data run `imdbviz data --download` or set IMDBVIZ_DATA.", file=sys.stderr)
    return DataSource("sample", SAMPLE_PATH, "bundled sample")


# ----------------------------------------------------------------------------- reading
def iter_archive(path: Path):
    """``(name, bytes)`` of every review file in a ``.tar.gz`` archive, in archive order."""
    try:
        with tarfile.open(path, "r|gz") as archive:  # streaming: one pass, fast
            for member in archive:
                if member.isfile() and REVIEW_PATH.search(member.name):
                    yield member.name, archive.extractfile(member).read()
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise DataError(
            f"{path} could not be read as a .tar.gz archive ({type(error).__name__}: {error}). "
            f"It is truncated or corrupt: delete it and get it again. {GET_DATA_HINT}"
        ) from None


def iter_folder(path: Path):
    """``(name, bytes)`` of every review file in an extracted ``aclImdb/`` folder."""
    root = path / "aclImdb" if (path / "aclImdb").is_dir() else path
    for split in ("train", "test"):
        for label in ("pos", "neg"):
            folder = root / split / label
            if folder.is_dir():
                for file in folder.iterdir():
                    yield f"{split}/{label}/{file.name}", file.read_bytes()


def read_aclimdb(path) -> Reviews:
    """Read every labeled review from an official-layout archive (``.tar.gz``) or folder.

    The layout is checked: ``aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt``.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path} does not exist. {GET_DATA_HINT}")
    found = {(s, l): [] for s in ("train", "test") for l in ("pos", "neg")}
    items = iter_folder(path) if path.is_dir() else iter_archive(path)
    for name, raw in items:
        match = REVIEW_PATH.search(name)
        if match:
            split, label, review_id, _rating = match.groups()
            found[split, label].append((int(review_id), match.group(0).lstrip("/"), raw))
    missing = [f"{s}/{l}/" for (s, l), files in found.items() if not files]
    if missing:
        raise DataError(
            f"{path} is not the Large Movie Review Dataset's layout: no reviews in "
            f"{', '.join(missing)} (expected aclImdb/{{train,test}}/{{pos,neg}}/<id>_<rating>.txt). "
            f"{GET_DATA_HINT}"
        )
    source = DataSource("sample" if path == SAMPLE_PATH else "aclimdb", path, "path")
    splits, digest = {}, hashlib.sha256()
    for split in ("train", "test"):
        rows = [(label, *row) for label in ("neg", "pos") for row in sorted(found[split, label])]
        order = np.random.default_rng(_SHUFFLE_SEED).permutation(len(rows))
        texts, labels, files = [], [], []
        for i in order:
            label, _id, name, raw = rows[i]
            texts.append(raw.decode("utf-8", errors="replace"))
            labels.append(1 if label == "pos" else 0)
            files.append(name)
            digest.update(name.encode() + b"\0" + raw + b"\0")
        splits[split] = texts, np.array(labels, dtype=np.int32), files
    (train_texts, train_labels, train_files), (test_texts, test_labels, test_files) = (
        splits["train"], splits["test"])
    return Reviews(train_texts=train_texts, train_labels=train_labels, test_texts=test_texts,
                   test_labels=test_labels, train_files=train_files, test_files=test_files,
                   source=source, fingerprint=short_hash(digest))


def read_reviews(source: DataSource) -> Reviews:
    """Read the raw reviews of a resolved source (not available for ``"keras"``)."""
    if source.kind == "keras":
        raise DataError("dataset='keras' ships integer sequences, not review text: "
                        "use 'auto', 'aclimdb' or 'sample' to read raw reviews.")
    reviews = read_aclimdb(source.path)
    reviews.source = source
    return reviews


def load_reviews(dataset="auto") -> Reviews:
    """Resolve ``dataset`` and read its raw reviews (not available for ``"keras"``)."""
    return read_reviews(resolve_source(dataset))
