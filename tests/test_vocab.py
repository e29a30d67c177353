import numpy as np

from imdbviz import Config, Vocabulary, standardize, tokenize
from imdbviz.encoding import encode_reviews, model_input


def test_standardize_lowers_and_removes_line_breaks():
    assert standardize("Great<br /><br />FILM<BR>") == "great  film "


def test_tokenize_keeps_words_contractions_and_exclamations_only():
    assert tokenize("I didn't like it... at ALL!<br />2/10. Why?!") == [
        "i", "didn't", "like", "it", "at", "all", "!", "2", "10", "why", "?", "!"]
    assert tokenize("   ") == [] and tokenize("... -- ,") == []


def test_build_ranks_by_frequency_then_alphabet_and_counts_reserved_indices():
    vocab = Vocabulary.build([["b", "a", "c", "a"], ["b", "a", "d"]], top_words=4)
    assert vocab.words == ["<pad>", "<oov>", "a", "b"]
    assert len(vocab) == 4
    assert vocab.counts == {"a": 3, "b": 2, "c": 1, "d": 1}
    assert vocab.encode_tokens(["a", "c", "b", "zzz"]) == [2, 1, 3, 1]
    skip = Config(maxlen=4, pool_size=1, padding="post")
    assert model_input([[2, 1, 3, 1]], vocab, skip).tolist() == [[2, 3, 0, 0]]
    assert model_input([[2, 1, 3, 1]], vocab, skip.replace(oov="mark")).tolist() == [[2, 1, 3, 1]]


def test_a_word_that_looks_like_a_reserved_token_is_a_word():
    vocab = Vocabulary.build([["<pad>", "<pad>", "x"]], top_words=4)
    assert vocab.encode_tokens(["<pad>"]) == [1]  # reserved names are never vocabulary words
    vocab = Vocabulary.build([["<", "<", "x"]], top_words=4)
    assert vocab.encode_tokens(["<"]) == [2]


def test_encode_decode_round_trip_on_real_reviews(sample_data):
    vocab = sample_data.vocab
    for text in sample_data.reviews.test_texts[:50]:
        tokens = tokenize(text)
        expected = " ".join(t if t in vocab.index else "<oov>" for t in tokens)
        assert vocab.decode(vocab.encode(text)) == expected


def test_vocabulary_is_built_on_the_training_split_only(sample_reviews):
    data = encode_reviews(sample_reviews, Config(top_words=100000))
    train_tokens = {t for text in sample_reviews.train_texts for t in tokenize(text)}
    assert set(data.vocab.counts) == train_tokens
    test_only = {t for text in sample_reviews.test_texts for t in tokenize(text)} - train_tokens
    assert test_only and not test_only & set(data.vocab.index)


def test_pre_and_post_padding_and_truncating():
    vocab = Vocabulary.build([["a"]], top_words=3)
    seqs = [[5, 6, 7, 8, 9], [3]]
    pre = model_input(seqs, vocab, Config(maxlen=3, pool_size=1))
    np.testing.assert_array_equal(pre, [[7, 8, 9], [0, 0, 3]])
    post = model_input(seqs, vocab, Config(maxlen=3, pool_size=1, padding="post",
                                           truncating="post"))
    np.testing.assert_array_equal(post, [[5, 6, 7], [3, 0, 0]])
    assert pre.dtype == np.int32


def test_coverage_counts_the_reserved_indices():
    vocab = Vocabulary.build([["a"] * 6 + ["b"] * 3 + ["c"]], top_words=10)
    np.testing.assert_allclose(vocab.coverage([2, 3, 4, 5, 100]), [0, 0.6, 0.9, 1.0, 1.0])


def test_keras_convention_offsets_by_three():
    vocab = Vocabulary.from_keras_word_index({"the": 1, "and": 2, "film": 3, "rare": 600}, 7)
    assert vocab.words[:7] == ["<pad>", "<start>", "<oov>", "<unused>", "the", "and", "film"]
    assert vocab.decode([1, 4, 6, 2]) == "<start> the film <oov>"
    assert vocab.encode_tokens(["the", "rare"]) == [4, 2]
