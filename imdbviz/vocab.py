"""Text -> tokens -> integers and back: standardization, the vocabulary, decoding.

Two conventions live here:

* ours (``Vocabulary.build``): 0 = padding, 1 = out-of-vocabulary, then words ranked by
  training-set frequency (ties broken alphabetically); ``top_words`` counts the two reserved
  indices, so it equals the Embedding's ``input_dim``.
* ``keras.datasets.imdb`` (``Vocabulary.from_keras_word_index``): 0 = padding, 1 = start of
  review, 2 = out-of-vocabulary, and word rank r stored as r + 3 (``index_from=3``).
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import Iterable, Sequence

import numpy as np

from . import files

PAD_TOKEN, OOV_TOKEN, START_TOKEN, UNUSED_TOKEN = "<pad>", "<oov>", "<start>", "<unused>"
#: Our reserved ids: 0 pads, 1 stands for any word outside the vocabulary; words start at 2.
PAD_ID, OOV_ID = 0, 1
FIRST_WORD_ID = 2

_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# A word (letters/digits, with inner apostrophes as in "don't"), or a "!" or "?". Other
# punctuation is dropped: it says little about sentiment and would take up some of the
# model's `maxlen` positions (measured on the full data: 0.8133 test accuracy with every
# punctuation mark a token, 0.8186 with only "!" and "?").
_TOKEN = re.compile(r"\w+(?:'\w+)*|[!?]")
#: Identifies the tokenizer (its two patterns): cached tokenizations carry it in their name.
TOKENIZER_ID = files.short_hash(f"{_LINE_BREAK.pattern} {_TOKEN.pattern} lower")


def rank_words(counts) -> list:
    """The words of ``counts`` (word -> training count) by falling count, ties alphabetical:
    the order of our vocabulary."""
    return sorted(counts, key=lambda w: (-counts[w], w))


def standardize(text: str) -> str:
    """Lower-case the review and replace its HTML line breaks (``<br />``) by spaces."""
    text = text.lower()
    return _LINE_BREAK.sub(" ", text) if "<br" in text else text


def tokenize(text: str) -> list[str]:
    """Standardize, then split into words, each "!" and each "?" (other punctuation is dropped)."""
    return _TOKEN.findall(standardize(text))


class Vocabulary:
    """Maps tokens to integer indices and back.

    ``words[i]`` is the token of index ``i``; ``counts`` holds the training-set count of every
    token seen (also those that did not make the cut), for coverage and frequency plots.
    """

    def __init__(self, words: Sequence[str], oov_index: int = 1, counts: Counter | None = None,
                 start_index: int | None = None):
        self.words = list(words)
        self.oov_index = oov_index
        self.start_index = start_index
        self.counts = counts if counts is not None else Counter()
        reserved = {PAD_TOKEN, OOV_TOKEN, START_TOKEN, UNUSED_TOKEN}
        self.index = {w: i for i, w in enumerate(self.words) if w not in reserved}

    @classmethod
    def build(cls, tokenized_texts: Iterable[Sequence[str]], top_words: int) -> "Vocabulary":
        """Our vocabulary: the ``top_words - 2`` most frequent tokens after <pad> and <oov>."""
        counts = Counter(itertools.chain.from_iterable(tokenized_texts))
        kept = rank_words(counts)[: top_words - FIRST_WORD_ID]
        return cls([PAD_TOKEN, OOV_TOKEN, *kept], oov_index=OOV_ID, counts=counts)

    @classmethod
    def from_keras_word_index(cls, word_index: dict, top_words: int,
                              index_from: int = 3) -> "Vocabulary":
        """The vocabulary that ``keras.datasets.imdb.load_data(num_words=top_words)`` encodes with."""
        words = [PAD_TOKEN, START_TOKEN, OOV_TOKEN] + [UNUSED_TOKEN] * (top_words - 3)
        for word, rank in word_index.items():
            if rank + index_from < top_words:
                words[rank + index_from] = word
        return cls(words, oov_index=2, start_index=1)

    def __len__(self) -> int:
        return len(self.words)

    @property
    def reserved_ids(self) -> list[int]:
        """The ids that stand for no word: padding, ``<oov>`` and (Keras' convention) ``<start>``."""
        return [i for i in (PAD_ID, self.oov_index, self.start_index) if i is not None]

    @property
    def fingerprint(self) -> str:
        """A short hash of the word list (its ids): equal for the same encoding."""
        return files.short_hash("\n".join(self.words))

    def encode_tokens(self, tokens: Sequence[str]) -> list[int]:
        """Tokens -> indices; a token outside the vocabulary becomes ``oov_index``. (What the
        model reads is ``imdbviz.encoding.model_input`` of these: with ``Config.oov ==
        "skip"`` the ``oov_index`` entries are left out.)"""
        index, oov = self.index, self.oov_index
        return [index.get(t, oov) for t in tokens]

    def encode(self, text: str) -> list[int]:
        """One raw review -> its (unpadded) list of indices (see ``encode_tokens``)."""
        return self.encode_tokens(tokenize(text))

    def decode(self, ids: Iterable[int], skip_padding: bool = True) -> str:
        """Indices -> text; padding (0) is dropped unless ``skip_padding=False``."""
        out = []
        for i in np.asarray(ids).ravel().tolist():
            if i == 0 and skip_padding:
                continue
            out.append(self.words[i] if 0 <= i < len(self.words) else OOV_TOKEN)
        return " ".join(out)

    def coverage(self, sizes: Iterable[int]) -> np.ndarray:
        """Share of all training tokens kept by a vocabulary of each size (reserved indices
        counted as in ``top_words``), shape ``(len(sizes),)``."""
        freq = np.array(sorted(self.counts.values(), reverse=True), dtype=np.float64)
        cumulative = np.concatenate([[0.0], np.cumsum(freq)]) / max(freq.sum(), 1.0)
        kept = np.clip(np.asarray(list(sizes)) - 2, 0, len(freq))
        return cumulative[kept]
