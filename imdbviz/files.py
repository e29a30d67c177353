"""The files the package writes, and its cache of them.

Nothing is ever half-written: every file goes to a temporary name in the same folder first and
is renamed over its target (``os.replace``, atomic on one filesystem) only once it is complete.
A failure or an interrupt leaves the old file, or none, never a truncated one. ``cached`` is
the one disk cache (tokenized corpora, word2vec vectors, trained models, run records), keyed by
``short_hash``es; a cache that cannot be written costs time, never a run."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path, suffix: str = ""):
    """Yield a temporary path beside ``path``; when the block ends without an exception, rename
    it over ``path``. On an exception (also KeyboardInterrupt) the temporary file is removed and
    ``path`` is left as it was. ``suffix`` keeps an extension some writers need (``.png``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".tmp{suffix}",
                                    dir=path.parent)
    os.close(handle)
    try:
        yield Path(name)
        os.chmod(name, 0o666 & ~_umask())  # as an ordinary write would (mkstemp makes it 0600)
        os.replace(name, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def cache_dir() -> Path:
    """Where the package keeps what it computed once (trained models, tokenized corpora):
    ``$IMDBVIZ_CACHE``, else ``$XDG_CACHE_HOME/imdbviz`` (default ``~/.cache/imdbviz``)."""
    if os.environ.get("IMDBVIZ_CACHE"):
        return Path(os.environ["IMDBVIZ_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "imdbviz"


#: Whether this process said already that the cache cannot be written (it says so once).
_said_cache_unwritable = False


#: Hex digits kept of a sha256: every fingerprint and cache key of the package.
HASH_LENGTH = 16


def short_hash(value) -> str:
    """The first ``HASH_LENGTH`` hex digits of a sha256: of ``value``'s bytes (``str`` as
    UTF-8), of a running ``hashlib`` digest, or of anything else as JSON with sorted keys."""
    if hasattr(value, "hexdigest"):
        return value.hexdigest()[:HASH_LENGTH]
    if isinstance(value, str):
        value = value.encode()
    elif not isinstance(value, bytes):
        value = json.dumps(value, sort_keys=True).encode()
    return hashlib.sha256(value).hexdigest()[:HASH_LENGTH]


def cached(kind: str, key: str, read, compute, write, what: str):
    """The package's one disk cache: the entry ``cache_dir()/kind/key`` read back with
    ``read(path)``, else ``compute()`` stored with ``write(value, path)`` (which writes
    atomically) and returned. An absent or damaged entry is computed again (``read`` may raise
    OSError, ValueError, KeyError or TypeError). When the cache cannot be written (a read-only
    or full disk, a cache path that is a file) the value is simply not kept: said once per
    process on stderr, with the reason and what to do; ``what`` names the entry there."""
    global _said_cache_unwritable
    path = cache_dir() / kind / key
    try:
        return read(path)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    value = compute()
    try:
        write(value, path)
    except OSError as error:
        if not _said_cache_unwritable:
            _said_cache_unwritable = True
            print(f"imdbviz: {what} could not be cached in {cache_dir()} "
                  f"({error.strerror or error}): it is not kept, so the next run computes it "
                  "again. Set IMDBVIZ_CACHE to a folder you can write to.", file=sys.stderr)
    return value
