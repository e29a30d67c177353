"""From review text to the model's input, by one path: every review, the whole corpus or a
sentence a student types, is tokenized (``vocab.tokenize``), looked up in a ``Vocabulary`` and
turned into a padded ``(reviews, maxlen)`` matrix by ``model_input``, the one place where
``Config.oov`` (skip or mark unknown words) and ``Config.padding`` / ``truncating`` apply.

``load_dataset(config, dataset)`` is the one function that resolves a data source, reads it and
encodes it. The corpus is tokenized once per dataset and kept in the cache
(``files.cache_dir()/corpus``), so that encoding it for another ``Config`` takes a second.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from . import files
from .config import SMALL, Config
from .data import DataError, DataSource, Reviews, offline, read_reviews, resolve_source
from .vocab import (FIRST_WORD_ID, OOV_ID, OOV_TOKEN, PAD_TOKEN, TOKENIZER_ID, Vocabulary,
                    rank_words, tokenize)



@dataclass(kw_only=True)
class Dataset:
    """Encoded and padded reviews, ready for the model.

    ``x_train`` / ``x_test``: ``(reviews, maxlen)`` int32; ``y_*``: ``(reviews,)`` 0/1;
    ``train_lengths`` / ``test_lengths``: the ids per review before padding or truncation (with
    ``oov="skip"``, known words only). ``reviews`` holds the raw text and ``corpus`` its tokens
    (both None for the ``keras`` source, which ships integers only); ``source`` says where the
    data came from and ``fingerprint`` identifies its content.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    vocab: Vocabulary
    config: Config
    source: DataSource
    train_lengths: np.ndarray
    test_lengths: np.ndarray
    fingerprint: str
    reviews: Reviews | None = field(default=None, repr=False)
    corpus: "TokenizedCorpus | None" = field(default=None, repr=False)

    def summary(self) -> str:
        return (f"{self.source.describe()}: {len(self.y_train):,} train / {len(self.y_test):,} "
                f"test reviews, vocabulary {len(self.vocab):,}, maxlen {self.config.maxlen}")

    def first(self, n: int) -> "Dataset":
        """The same data with only the first ``n`` training reviews (the test set whole)."""
        if not 1 <= n <= len(self.y_train):
            raise ValueError(f"n must be between 1 and {len(self.y_train)}, got {n}")
        if n == len(self.y_train):
            return self
        return dataclasses.replace(self, x_train=self.x_train[:n], y_train=self.y_train[:n],
                                   train_lengths=self.train_lengths[:n])

    def check_encoding(self, config: Config) -> None:
        """Raise a ValueError when this data was not encoded as ``config`` encodes."""
        differ = [f"{k} {v!r} (data) vs {config.encoding[k]!r} (config)"
                  for k, v in self.config.encoding.items() if v != config.encoding[k]]
        if differ:
            raise ValueError("the data was encoded for another config: " + "; ".join(differ)
                             + ". Load it with imdbviz.load_dataset(config, dataset).")


# ----------------------------------------------------------------------------- the one rule
def model_input(sequences, vocab: Vocabulary, config: Config = SMALL) -> np.ndarray:
    """Lists of word ids (``vocab``'s, unknown words as ``vocab.oov_index``) -> the model's
    input ``(len(sequences), maxlen)`` int32: unknown words left out when ``config.oov`` is
    "skip" (kept as ``<oov>`` for "mark"), then padded and truncated with
    ``keras.utils.pad_sequences`` as the config says (0 = padding)."""
    import keras

    if config.oov == "skip":
        sequences = [np.asarray(s)[np.asarray(s) != vocab.oov_index] for s in sequences]
    return keras.utils.pad_sequences(
        sequences, maxlen=config.maxlen, padding=config.padding,
        truncating=config.truncating, value=0, dtype="int32",
    )


#: A review of fewer known words than this is too short for a verdict to mean much: the model
#: reads it as almost nothing but padding (its prediction is flagged unreliable).
FEW_WORDS = 5


def words_read(x, vocab: Vocabulary) -> np.ndarray:
    """How many vocabulary words the model reads in each padded row of ``x`` ``(reviews,
    maxlen)``: padding, ``<oov>`` and ``<start>`` are not counted. Returns ``(reviews,)``."""
    x = np.atleast_2d(np.asarray(x))
    return np.count_nonzero(~np.isin(x, vocab.reserved_ids), axis=1)


def few_words_note(n: int) -> str:
    """What to say of a prediction from a review with ``n`` known words: "" when ``n >=
    FEW_WORDS``, else why it is unreliable."""
    if n >= FEW_WORDS:
        return ""
    if n == 0:
        return ("unreliable: none of its words is in the vocabulary, so the model reads only "
                "padding")
    return (f"unreliable: the model reads only {n} known word{'s' if n > 1 else ''} of it "
            f"(fewer than {FEW_WORDS}) and padding for the rest")


def repad(x: np.ndarray, padding: str) -> np.ndarray:
    """Padded rows ``(reviews, maxlen)`` with each row's words moved, in order, to the end
    (``padding="pre"``: the padding first) or to the start (``"post"``)."""
    if padding not in ("pre", "post"):
        raise ValueError(f"padding must be 'pre' or 'post', got {padding!r}")
    x = np.asarray(x)
    is_word = x != 0
    order = np.argsort(is_word if padding == "pre" else ~is_word, axis=1, kind="stable")
    return np.take_along_axis(x, order, axis=1)


def unpadded_lengths(sequences, vocab: Vocabulary, config: Config) -> np.ndarray:
    """How many ids of each sequence ``model_input`` keeps before padding/truncating."""
    if config.oov == "skip":
        return np.array([np.count_nonzero(np.asarray(s) != vocab.oov_index) for s in sequences])
    return np.array([len(s) for s in sequences])


# ----------------------------------------------------------------------------- raw text
def tokenize_reviews(texts) -> list[list[str]]:
    """Tokens of each raw review (a single string counts as one review); a review with no
    words raises ValueError, since there is nothing to predict from."""
    if isinstance(texts, str):
        texts = [texts]
    tokenized = []
    for i, text in enumerate(texts):
        tokens = tokenize(text) if isinstance(text, str) else []
        if not tokens:
            raise ValueError(f"review {i} ({text!r}) has no words: type at least one word to "
                             "predict its sentiment")
        tokenized.append(tokens)
    return tokenized


def encode_texts(texts, vocab: Vocabulary, config: Config = SMALL) -> np.ndarray:
    """Raw review texts -> ``(len(texts), maxlen)`` model input (see ``model_input``); a
    review with no words raises (one whose words are all unknown does not: with
    ``oov="skip"`` the model reads only padding)."""
    return model_input([vocab.encode_tokens(t) for t in tokenize_reviews(texts)], vocab, config)


@dataclass
class Reading:
    """How the model reads one raw review: every token of the text, in order, with
    ``status`` "read", "skipped" (outside the vocabulary, with ``oov="skip"``) or "truncated"
    (cut off to fit ``maxlen``), and ``position`` ``(tokens,)``: where a read token sits in
    the padded input row (-1 for the others). ``row`` ``(maxlen,)`` is that input row."""

    tokens: list
    status: list
    position: np.ndarray
    row: np.ndarray

    def skipped_before(self) -> dict:
        """``{position: "words"}``: the words not read just before the read word at
        ``position`` (``maxlen`` for those after the last read word). Truncated words are
        left out: they are not between read words."""
        out, pending = {}, []
        for token, status, where in zip(self.tokens, self.status, self.position):
            if status == "skipped":
                pending.append(token)
            elif status == "truncated":
                pending = []  # cut off before the words read: not between them
            elif pending:
                out[int(where)], pending = " ".join(pending), []
        if pending:
            out[len(self.row)] = " ".join(pending)
        return out


def reading(text: str, vocab: Vocabulary, config: Config = SMALL) -> Reading:
    """``Reading`` of ``text``: which tokens the model reads and where (the same rule as
    ``model_input``, whose row it returns too)."""
    [tokens] = tokenize_reviews([text])
    ids = np.asarray(vocab.encode_tokens(tokens))
    kept = ids != vocab.oov_index if config.oov == "skip" else np.ones(len(ids), dtype=bool)
    order = np.cumsum(kept) - 1  # rank of each kept token among the kept ones
    n = int(kept.sum())
    first = max(n - config.maxlen, 0) if config.truncating == "pre" else 0
    inside = kept & (order >= first) & (order < first + config.maxlen)
    offset = config.maxlen - min(n, config.maxlen) if config.padding == "pre" else 0
    position = np.where(inside, order - first + offset, -1)
    status = ["read" if i else ("skipped" if not k else "truncated")
              for i, k in zip(inside, kept)]
    return Reading(tokens=tokens, status=status, position=position,
                   row=model_input([ids], vocab, config)[0])


# ----------------------------------------------------------------------------- the corpus
@dataclass
class TokenizedCorpus:
    """Every review of a dataset tokenized once, as ranks into ``words``.

    ``words`` ``(distinct tokens,)``: every training token ranked by training frequency (ties
    alphabetical), then the tokens seen only in test reviews; ``counts``: training count of
    each (0 for test-only tokens). ``train_ranks`` / ``test_ranks``: every review's tokens,
    concatenated, as positions in ``words``; review ``i`` is ``ranks[offsets[i]:offsets[i+1]]``.
    """

    words: np.ndarray
    counts: np.ndarray
    train_ranks: np.ndarray
    train_offsets: np.ndarray
    test_ranks: np.ndarray
    test_offsets: np.ndarray

    def _known(self, top_words: int) -> int:
        """How many words a vocabulary of ``top_words`` keeps (training words only)."""
        return min(top_words - FIRST_WORD_ID, int(np.count_nonzero(self.counts)))

    def vocabulary(self, top_words: int) -> Vocabulary:
        """``Vocabulary.build``'s vocabulary of ``top_words`` for these training reviews."""
        seen = self.counts > 0
        counts = Counter(dict(zip(self.words[seen].tolist(), self.counts[seen].tolist())))
        kept = self.words[:self._known(top_words)].tolist()
        return Vocabulary([PAD_TOKEN, OOV_TOKEN, *kept], oov_index=OOV_ID, counts=counts)

    def ids(self, split: str, top_words: int) -> list[np.ndarray]:
        """Each review of ``split`` as ids of ``vocabulary(top_words)``, unknown words 1."""
        ranks, offsets = self._split(split)
        ids = np.where(ranks < self._known(top_words), ranks + FIRST_WORD_ID, OOV_ID)
        return np.split(ids.astype(np.int32), offsets[1:-1])

    def _split(self, split: str) -> tuple[np.ndarray, np.ndarray]:
        if split not in ("train", "test"):
            raise ValueError(f"split must be 'train' or 'test', got {split!r}")
        return ((self.train_ranks, self.train_offsets) if split == "train"
                else (self.test_ranks, self.test_offsets))

    def tokens(self, split: str) -> list[list[str]]:
        """Each review of ``split`` as its list of tokens (for word2vec and the baselines)."""
        ranks, offsets = self._split(split)
        words = self.words[ranks].tolist()
        return [words[a:b] for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist())]


def _tokenize_corpus(reviews: Reviews) -> TokenizedCorpus:
    index: dict[str, int] = {}
    splits = {}
    for split, texts in (("train", reviews.train_texts), ("test", reviews.test_texts)):
        flat, offsets = [], [0]
        for text in texts:
            tokens = tokenize(text)
            flat.extend(index.setdefault(t, len(index)) for t in tokens)
            offsets.append(len(flat))
        splits[split] = np.array(flat, dtype=np.int64), np.array(offsets, dtype=np.int64)
    words = np.array(list(index), dtype=object)
    counts = np.bincount(splits["train"][0], minlength=len(words))
    order = [index[w] for w in rank_words(dict(zip(words.tolist(), counts.tolist())))]
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return TokenizedCorpus(
        words=words[order], counts=counts[order],
        train_ranks=rank[splits["train"][0]].astype(np.int32), train_offsets=splits["train"][1],
        test_ranks=rank[splits["test"][0]].astype(np.int32), test_offsets=splits["test"][1])


def tokenized_corpus(reviews: Reviews) -> TokenizedCorpus:
    """The reviews tokenized (``vocab.tokenize``), from the cache when this content was
    tokenized before by the same tokenizer, else computed and cached."""
    def read(path):
        with np.load(path, allow_pickle=False) as stored:
            arrays = {k: stored[k] for k in stored.files}
        words = np.array(str(arrays.pop("words")).split("\n"), dtype=object)
        return TokenizedCorpus(words=words, **arrays)

    def write(corpus, path):
        arrays = {k: getattr(corpus, k) for k in corpus.__dataclass_fields__}
        arrays["words"] = np.array("\n".join(corpus.words))  # tokens never hold a line break
        with files.atomic_path(path, suffix=".npz") as tmp:
            np.savez(tmp, **arrays)

    return files.cached("corpus", f"{reviews.fingerprint}-{TOKENIZER_ID}.npz", read,
                        lambda: _tokenize_corpus(reviews), write, what="the tokenized corpus")


def encode_reviews(reviews: Reviews, config: Config = SMALL) -> Dataset:
    """Build the vocabulary on the training split only, then encode both splits for
    ``config`` (``model_input``)."""
    corpus = tokenized_corpus(reviews)
    vocab = corpus.vocabulary(config.top_words)
    train, test = corpus.ids("train", config.top_words), corpus.ids("test", config.top_words)
    return Dataset(
        x_train=model_input(train, vocab, config), y_train=reviews.train_labels,
        x_test=model_input(test, vocab, config), y_test=reviews.test_labels,
        vocab=vocab, config=config, source=reviews.source,
        train_lengths=unpadded_lengths(train, vocab, config),
        test_lengths=unpadded_lengths(test, vocab, config),
        fingerprint=reviews.fingerprint, reviews=reviews, corpus=corpus,
    )


def reencoded(data: Dataset, config: Config) -> Dataset:
    """``data`` when it is encoded as ``config`` encodes, else the same reviews encoded for
    ``config`` (from the tokenized corpus: a second or so)."""
    if data.config.encoding == config.encoding:
        return data
    if data.reviews is None:
        return _keras_dataset(config, data.source)
    return encode_reviews(data.reviews, config)


# ----------------------------------------------------------------------------- keras.datasets
def _keras_dataset(config: Config, source: DataSource) -> Dataset:
    """``keras.datasets.imdb`` (the post's loader): integers only, its own vocabulary."""
    import keras

    if offline() and not (source.path and source.path.exists()):
        raise DataError(
            f"dataset='keras' needs keras.datasets.imdb's download ({source.path} is not cached) "
            "and IMDBVIZ_OFFLINE=1 is set. Use dataset='aclimdb' or 'sample' instead.")
    try:
        # oov_char=None: keras leaves out the words beyond num_words instead of marking them 2
        (xtr, ytr), (xte, yte) = keras.datasets.imdb.load_data(
            num_words=config.top_words, oov_char=None if config.oov == "skip" else 2)
        word_index = keras.datasets.imdb.get_word_index()
    except Exception as error:
        raise DataError(
            f"keras.datasets.imdb could not be loaded ({error}). It downloads on first use: check "
            "your connection, or use dataset='aclimdb' or 'sample'.") from None
    vocab = Vocabulary.from_keras_word_index(word_index, config.top_words)
    fingerprint = files.short_hash(f"keras.datasets.imdb {config.top_words} {config.oov}")
    mark = config.replace(oov="mark")  # keras already skipped, if asked to
    return Dataset(
        x_train=model_input(list(xtr), vocab, mark), y_train=ytr.astype(np.int32),
        x_test=model_input(list(xte), vocab, mark), y_test=yte.astype(np.int32),
        vocab=vocab, config=config, source=source,
        train_lengths=np.array([len(s) for s in xtr]), test_lengths=np.array([len(s) for s in xte]),
        fingerprint=fingerprint,
    )


def load_dataset(config: Config = SMALL, dataset="auto", verbose: bool = True) -> Dataset:
    """Resolve ``dataset`` (see ``data.resolve_source``), read it and encode it for ``config``;
    prints which source was used and its size."""
    source = resolve_source(dataset)
    if source.kind == "keras":
        data = _keras_dataset(config, source)
    else:
        data = encode_reviews(read_reviews(source), config)
    if verbose:
        print("Data:", data.summary())
    return data
