"""The one path from text to the model's input: the tokenized corpus (and its cache), the
vocabulary, skip/mark, padding, the Reading of a raw review, and load_dataset."""
import numpy as np
import pytest

import imdbviz
from imdbviz import Config, Vocabulary, tokenize
from imdbviz.encoding import (encode_reviews, encode_texts, model_input, reading,
                              tokenize_reviews, tokenized_corpus)


def _reference(reviews, config):
    """The slow, obvious encoding: build the vocabulary from token lists, encode every text."""
    vocab = Vocabulary.build([tokenize(t) for t in reviews.train_texts], config.top_words)
    skip = config.oov == "skip"
    rows = [[i for i in vocab.encode(t) if not (skip and i == vocab.oov_index)]
            for t in reviews.test_texts]
    return vocab, rows


@pytest.mark.parametrize("oov", ["skip", "mark"])
def test_the_corpus_encoding_equals_encoding_each_text(sample_reviews, oov):
    config = imdbviz.SEED.replace(oov=oov, top_words=300)
    data = encode_reviews(sample_reviews, config)
    vocab, rows = _reference(sample_reviews, config)
    assert data.vocab.words == vocab.words and data.vocab.counts == vocab.counts
    for row, ids, length in zip(data.x_test[:200], rows[:200], data.test_lengths[:200]):
        assert length == len(ids)
        np.testing.assert_array_equal(row[row != 0], ids[-config.maxlen:])
    assert (1 in data.x_train) == (oov == "mark")


def test_the_tokenized_corpus_is_cached_and_read_back_equal(sample_reviews, monkeypatch, tmp_path):
    monkeypatch.setenv("IMDBVIZ_CACHE", str(tmp_path))
    first = tokenized_corpus(sample_reviews)
    [stored] = (tmp_path / "corpus").glob(f"{sample_reviews.fingerprint}-*.npz")
    again = tokenized_corpus(sample_reviews)
    assert list(again.words) == list(first.words)
    for name in ("counts", "train_ranks", "train_offsets", "test_ranks", "test_offsets"):
        np.testing.assert_array_equal(getattr(again, name), getattr(first, name))
    assert again.tokens("test")[5] == tokenize(sample_reviews.test_texts[5])
    stored.write_bytes(b"damaged")  # a damaged entry is tokenized again, not trusted
    np.testing.assert_array_equal(tokenized_corpus(sample_reviews).counts, first.counts)


def test_skip_leaves_out_unknown_words_and_mark_keeps_them():
    vocab = Vocabulary.build([["good", "film", "good"]], top_words=4)
    ids = [vocab.encode_tokens(["a", "good", "zebra", "film"])]
    skip = Config(maxlen=5, pool_size=1)
    assert model_input(ids, vocab, skip).tolist() == [[0, 0, 0, 2, 3]]
    assert model_input(ids, vocab, skip.replace(oov="mark")).tolist() == [[0, 1, 2, 1, 3]]
    assert encode_texts("A good zebra film", vocab, skip).tolist() == [[0, 0, 0, 2, 3]]
    # a review of unknown words only is no error: the model reads padding only
    assert encode_texts(["zebra zebra"], vocab, skip).tolist() == [[0, 0, 0, 0, 0]]


def test_an_empty_review_is_refused_with_what_to_do():
    with pytest.raises(ValueError, match="review 1 .* has no words: type at least one word"):
        tokenize_reviews(["fine", "  ...  "])


@pytest.mark.parametrize("changes", [{}, {"oov": "mark"}, {"padding": "post", "truncating": "post"},
                                     {"maxlen": 12}])
def test_a_reading_places_each_token_where_the_model_reads_it(sample_data, changes):
    config = imdbviz.SEED.replace(**changes)
    for text in sample_data.reviews.test_texts[:40]:
        r = reading(text, sample_data.vocab, config)
        np.testing.assert_array_equal(r.row, encode_texts([text], sample_data.vocab, config)[0])
        ids = np.array(sample_data.vocab.encode_tokens(r.tokens))
        read = np.array([s == "read" for s in r.status])
        np.testing.assert_array_equal(r.row[r.position[read]], ids[read])
        assert read.sum() == np.count_nonzero(r.row)
        if config.oov == "mark":
            assert "skipped" not in r.status


def test_skipped_words_are_placed_before_the_word_they_preceded(sample_data):
    r = reading("Zyxxq great qqq film", sample_data.vocab, imdbviz.SEED)
    assert r.status == ["skipped", "read", "skipped", "read"]
    assert r.skipped_before() == {98: "zyxxq", 99: "qqq"}
    cut = reading("zyxxq great qqq film rrr bad", sample_data.vocab, imdbviz.SEED.replace(maxlen=2))
    assert cut.status == ["skipped", "truncated", "skipped", "read", "skipped", "read"]
    assert cut.skipped_before() == {0: "qqq", 1: "rrr"}  # zyxxq was cut off with "great"


def test_first_keeps_the_test_set_and_data_for_another_config_is_refused(sample_data):
    head = sample_data.first(100)
    assert head.x_train.shape == (100, 100) and head.x_test.shape == sample_data.x_test.shape
    with pytest.raises(ValueError, match="maxlen 100 .* vs 50"):
        sample_data.check_encoding(imdbviz.SEED.replace(maxlen=50))
    sample_data.check_encoding(imdbviz.SEED.replace(lstm_units=7))  # not an encoding field
