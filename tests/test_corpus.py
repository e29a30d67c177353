"""imdbviz.corpus and its plots: numbers on tiny hand-made inputs with known answers and on the
bundled sample."""
import math
import statistics
from collections import Counter

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import imdbviz  # noqa: E402
from imdbviz import corpus  # noqa: E402
from imdbviz import plots  # noqa: E402
from imdbviz.vocab import Vocabulary, tokenize  # noqa: E402

# "a" x4, "b" x3, "c" x2, "d" x1: 10 tokens
TOY_TEXTS = ["a a b c", "a b b", "a c d"]
TOY_LABELS = np.array([1, 1, 0])


@pytest.fixture(scope="module")
def toy_vocab():
    return Vocabulary.build([tokenize(t) for t in TOY_TEXTS], top_words=4)  # keeps a, b


@pytest.fixture(scope="module")
def sample(sample_data):
    return sample_data


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ----------------------------------------------------------------------------- round trip
def test_round_trip_shows_oov_words(toy_vocab):
    trip = corpus.round_trip("A<br />d, e! B", toy_vocab, file="train/pos/1_9.txt")
    assert trip.standardized == "a d, e! b"
    assert trip.tokens == ["a", "d", "e", "!", "b"]
    assert trip.ids == [2, 1, 1, 1, 3]
    assert trip.decoded == "a <oov> <oov> <oov> b" == trip.expected
    assert trip.ok and trip.oov_tokens == ["d", "e", "!"]
    assert trip.file == "train/pos/1_9.txt"


def test_round_trip_on_a_sample_review(sample):
    text = next(t for t in sample.reviews.train_texts if "<br />" in t)
    trip = corpus.round_trip(text, sample.vocab)
    assert trip.ok
    assert "<br" not in trip.standardized
    assert len(trip.ids) == len(trip.tokens) > 0
    assert trip.decoded.count("<oov>") == len(trip.oov_tokens) > 0


def test_round_trip_rejects_non_text(toy_vocab):
    with pytest.raises(ValueError, match="text"):
        corpus.round_trip([1, 2], toy_vocab)


# ----------------------------------------------------------------------------- vocabulary coverage
def test_word_frequencies_rank_like_the_vocabulary(toy_vocab):
    freqs = corpus.word_frequencies(toy_vocab)
    assert freqs.words.tolist() == ["a", "b", "c", "d"]
    assert freqs.counts.tolist() == [4, 3, 2, 1]
    assert freqs.ranks.tolist() == [1, 2, 3, 4]
    assert freqs.kept == 2 and freqs.top_words == 4
    ax = plots.plot_word_frequencies(freqs)
    np.testing.assert_array_equal(ax.drawn_["counts"].get_ydata(), [4, 3, 2, 1])
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"


def test_word_frequencies_need_counts():
    with pytest.raises(ValueError, match="counts"):
        corpus.word_frequencies(Vocabulary(["<pad>", "<oov>", "x"]))


def test_coverage_curve_known_answer(toy_vocab):
    curve = corpus.coverage_curve(toy_vocab, marks={"two words": 4}, points=10)
    assert curve.sizes[0] == 3 and curve.sizes[-1] == 6  # 3 .. 4 distinct words + 2
    expected = {3: 0.4, 4: 0.7, 5: 0.9, 6: 1.0}
    for size, share in zip(curve.sizes, curve.shares):
        assert share == pytest.approx(expected[size])
    assert curve.marks == {"two words": (4, pytest.approx(0.7))}
    assert corpus.share_lost(toy_vocab, 4) == pytest.approx(0.3)
    ax = plots.plot_coverage(curve)
    np.testing.assert_allclose(ax.drawn_["shares"].get_ydata(), curve.shares)


@pytest.fixture(scope="module")
def train_tokens(sample):
    """The sample's training reviews tokenized here, from their raw text, by label."""
    return [(imdbviz.tokenize(text), label)
            for text, label in zip(sample.reviews.train_texts, sample.reviews.train_labels)]


def test_coverage_curve_on_the_sample_marks_seed_tutorial_and_current(sample, train_tokens):
    curve = corpus.coverage_curve(sample.vocab)
    assert set(curve.marks) == {"SMALL (500)", "tutorial (5,000)"}  # top_words is 500 already
    assert np.all(np.diff(curve.shares) >= 0)
    assert curve.shares[-1] == pytest.approx(1.0)
    # the share of the training tokens that are words of the model's vocabulary, and of the
    # 4,998 most frequent tokens (counted here)
    tokens = [t for review, _label in train_tokens for t in review]
    in_vocabulary = sum(sample.vocab.index.get(t, 0) > 1 for t in tokens) / len(tokens)
    top = sum(n for _w, n in Counter(tokens).most_common(4998)) / len(tokens)
    seed_share = curve.marks["SMALL (500)"][1]
    assert seed_share == pytest.approx(in_vocabulary)
    assert curve.marks["tutorial (5,000)"][1] == pytest.approx(top)
    assert 0.6 < seed_share < top < 1.0
    other = imdbviz.load_dataset(imdbviz.SEED.replace(top_words=2000), "sample", verbose=False)
    assert "top_words (2,000)" in corpus.coverage_curve(other.vocab).marks


def test_kept_words_known_answer(toy_vocab):
    # ranks: a 1, b 2, c 3, d 4; top_words counts the 2 reserved ids
    assert corpus.kept_words(toy_vocab, ["d", "a", "c", "b", "z"], 4) == ["a", "b"]
    assert corpus.kept_words(toy_vocab, ["d", "a", "c", "b", "z"], 5) == ["a", "c", "b"]
    assert corpus.kept_words(toy_vocab, ["d", "a", "c", "b", "z"], 100) == ["d", "a", "c", "b"]
    assert corpus.kept_words(toy_vocab, ["a"], 2) == []
    with pytest.raises(ValueError, match="no training counts"):
        corpus.kept_words(Vocabulary(["<pad>", "<oov>", "a"]), ["a"], 3)


def test_kept_words_answers_for_another_vocabulary_size(sample):
    words = ["the", "movie", "avoid", "recommended", "masterpiece", "unwatchable", "8", "10"]
    assert corpus.kept_words(sample.vocab, words, 500) == [w for w in words if w in sample.vocab.index]
    other = imdbviz.load_dataset(imdbviz.SMALL.replace(top_words=2000), "sample", verbose=False)
    assert corpus.kept_words(sample.vocab, words, 2000) == [w for w in words if w in other.vocab.index]
    assert corpus.coverage_curve(sample.vocab).top_words == len(sample.vocab) == 500


def test_token_differences_known_answer():
    ours = ["a", "b", "?", "wasn't", "c", "funny", "avoid"]
    theirs = ["a", "b", "wasnt", "c", "funnybr", "br", "avoid"]
    assert corpus.token_differences(ours, theirs) == [("? wasn't", "wasnt"), ("funny", "funnybr br")]
    assert corpus.token_differences(ours, ours) == []
    assert corpus.token_differences(["x"], []) == [("x", "")]


def test_skipped_lengths_count_the_known_words(sample, train_tokens):
    np.testing.assert_array_equal(corpus.skipped_lengths(sample, 500), sample.train_lengths)
    other = imdbviz.load_dataset(imdbviz.SMALL.replace(top_words=2000), "sample", verbose=False)
    lengths = corpus.skipped_lengths(sample, 2000)
    np.testing.assert_array_equal(lengths, other.train_lengths)
    by_hand = [sum(t in other.vocab.index for t in review) for review, _label in train_tokens]
    np.testing.assert_array_equal(lengths, by_hand)
    assert lengths.sum() > sample.train_lengths.sum()  # more known words, longer rows


# ----------------------------------------------------------------------------- lengths
def test_length_stats_known_answer():
    stats = corpus.length_stats([2, 5, 10, 20], maxlen=5)
    assert stats.share_truncated == 0.5  # 10 and 20
    assert stats.share_padded == 0.25  # 2
    assert stats.median == 7.5 and stats.mean == 9.25
    assert stats.tokens_kept == pytest.approx((2 + 5 + 5 + 5) / 37)
    ax = plots.plot_lengths(stats)
    assert ax.drawn_["maxlen"].get_xdata()[0] == 5
    assert sum(p.get_height() for p in ax.drawn_["histogram"]) == 4


def test_length_stats_on_the_sample(sample, train_tokens):
    """Against the known words of each raw review (counted here) and the padded rows the
    model reads."""
    known = [sum(sample.vocab.index.get(t, 0) > 1 for t in review) for review, _ in train_tokens]
    stats = corpus.length_stats(sample.train_lengths, sample.config.maxlen)
    np.testing.assert_array_equal(stats.lengths, known)
    assert stats.mean == pytest.approx(statistics.mean(known))
    assert stats.median == statistics.median(known)
    read = np.count_nonzero(sample.x_train, axis=1)  # the words each row holds
    assert stats.share_truncated == pytest.approx(np.mean(read < known))  # lost some words
    assert stats.share_padded == pytest.approx(np.mean(sample.x_train[:, 0] == 0))
    assert stats.tokens_kept == pytest.approx(read.sum() / sum(known))
    assert 0.1 < stats.share_truncated < 0.9 and 0.1 < stats.share_padded < 0.9
    # a truncated review fills the row: no padding in it
    assert np.all(sample.x_train[sample.train_lengths >= 100, 0] != 0)


@pytest.mark.parametrize("lengths, maxlen", [([], 5), ([[1, 2]], 5), ([3, 4], 0), ([3], 2.5)])
def test_length_stats_bad_input(lengths, maxlen):
    with pytest.raises(ValueError):
        corpus.length_stats(lengths, maxlen)


# ----------------------------------------------------------------------------- padding
def test_compare_padding_known_answer():
    comparison = corpus.compare_padding([[1, 2, 3], [4, 5, 6, 7, 8, 9]], maxlen=4)
    np.testing.assert_array_equal(comparison.matrix("pre", "pre"), [[0, 1, 2, 3], [6, 7, 8, 9]])
    np.testing.assert_array_equal(comparison.matrix("post", "post"), [[1, 2, 3, 0], [4, 5, 6, 7]])
    np.testing.assert_array_equal(comparison.matrix("post", "pre"), [[1, 2, 3, 0], [6, 7, 8, 9]])
    np.testing.assert_array_equal(comparison.matrix("pre", "post"), [[0, 1, 2, 3], [4, 5, 6, 7]])
    with pytest.raises(ValueError, match="padding"):
        comparison.matrix("middle", "pre")
    fig = plots.plot_padding_comparison(comparison)
    image = fig.drawn_["axes"]["pre", "pre"].drawn_["image"].get_array()
    assert image.mask.tolist() == [[True, False, False, False], [False] * 4]  # padding masked
    np.testing.assert_array_equal(image.data, comparison.matrix("pre", "pre"))


def test_pre_padding_matches_the_dataset(sample):
    picks = corpus.padding_examples(sample.train_lengths, sample.config.maxlen, n=6)
    assert len(picks) == 6
    lengths = sample.train_lengths[picks]
    assert np.all(lengths[:3] < 100) and np.all(lengths[3:] > 100)
    sequences = [[i for i in sample.vocab.encode(sample.reviews.train_texts[j]) if i != 1]
                 for j in picks]
    comparison = corpus.compare_padding(sequences, sample.config.maxlen)
    np.testing.assert_array_equal(comparison.matrix("pre", "pre"), sample.x_train[picks])
    # "pre" truncating keeps the end of a long review
    assert comparison.matrix("pre", "pre")[-1].tolist() == sequences[-1][-100:]


def test_compare_padding_bad_input():
    with pytest.raises(ValueError, match="maxlen"):
        corpus.compare_padding([[1]], 0)
    with pytest.raises(ValueError, match="empty"):
        corpus.compare_padding([], 3)


# ----------------------------------------------------------------------------- keras convention
def test_keras_imdb_files_are_only_looked_for(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    files = corpus.keras_imdb_files()
    assert files.npz == tmp_path / "datasets" / "imdb.npz"
    assert not files.available
    (tmp_path / "datasets").mkdir()
    files.npz.write_bytes(b"x")
    assert not files.available  # the word index is missing too
    files.word_index.write_text("{}")
    assert files.available


def test_keras_convention_on_our_ranks(toy_vocab):
    ranks = corpus.word_ranks(toy_vocab)
    assert ranks == {"a": 1, "b": 2, "c": 3, "d": 4}
    keras_vocab = Vocabulary.from_keras_word_index(ranks, top_words=6)
    ids = corpus.keras_encode("a b c d", keras_vocab)
    assert ids == [1, 4, 5, 2, 2]  # start, rank + 3, out of vocabulary
    assert toy_vocab.encode("a b c d") == [2, 3, 1, 1]
    assert keras_vocab.decode(ids) == "<start> a b <oov> <oov>"
    with pytest.raises(ValueError, match="start"):
        corpus.keras_encode("a", toy_vocab)


# ----------------------------------------------------------------------------- log-odds
def test_word_log_odds_known_answer(toy_vocab):
    lo = corpus.word_log_odds((TOY_TEXTS, TOY_LABELS), toy_vocab, a=1.0)
    assert lo.words.tolist() == ["a", "b"] and lo.indices.tolist() == [2, 3]
    assert lo.pos_counts.tolist() == [3, 3] and lo.neg_counts.tolist() == [1, 0]
    # V = 2 words; pos total 6, neg total 1
    expected_a = math.log(4 / 8) - math.log(2 / 3)
    expected_b = math.log(4 / 8) - math.log(1 / 3)
    np.testing.assert_allclose(lo.log_odds, [expected_a, expected_b])
    assert lo.most(1) == [("b", pytest.approx(expected_b))]
    assert lo.most(1, positive=False)[0][0] == "a"
    np.testing.assert_allclose(lo.of(["b"]), [expected_b])
    with pytest.raises(ValueError, match="vocabulary"):
        lo.of(["zzz"])


def test_word_log_odds_bad_input(toy_vocab):
    with pytest.raises(ValueError, match="labels"):
        corpus.word_log_odds((TOY_TEXTS, [1, 0]), toy_vocab)
    with pytest.raises(ValueError, match="smoothing"):
        corpus.word_log_odds((TOY_TEXTS, TOY_LABELS), toy_vocab, a=0)
    with pytest.raises(ValueError, match="Dataset"):
        corpus.word_log_odds("reviews", toy_vocab)


def test_word_log_odds_on_the_sample(sample, train_tokens):
    lo = corpus.word_log_odds(sample, sample.vocab)
    assert len(lo.words) == len(sample.vocab) - 2
    assert lo.of(["great"])[0] > 0.3 and lo.of(["bad"])[0] < -0.3
    assert lo.of(["the"])[0] == pytest.approx(0, abs=0.2)
    same = corpus.word_log_odds(sample.reviews, sample.vocab)
    np.testing.assert_array_equal(same.pos_counts, lo.pos_counts)
    # counts of each word in the positive and the negative raw reviews (counted here), and
    # the smoothed log-odds of the docstring's formula on them
    by_label = {label: Counter() for label in (0, 1)}
    for review, label in train_tokens:
        by_label[label].update(review)
    pos = np.array([by_label[1][w] for w in lo.words])
    neg = np.array([by_label[0][w] for w in lo.words])
    np.testing.assert_array_equal(lo.pos_counts, pos)
    np.testing.assert_array_equal(lo.neg_counts, neg)
    v = len(lo.words)
    np.testing.assert_allclose(lo.log_odds, np.log((pos + 1) / (pos.sum() + v))
                               - np.log((neg + 1) / (neg.sum() + v)), rtol=1e-10)


def test_example_review(sample):
    reviews = sample.reviews
    i = corpus.example_review(reviews)
    assert "<br" in reviews.train_texts[i] and 40 <= len(tokenize(reviews.train_texts[i])) <= 120
    assert corpus.example_review(reviews, reviews.train_files[7]) == 7
    with pytest.raises(ValueError, match="review_file"):
        corpus.example_review(reviews, "train/pos/nope.txt")


def test_known_probe_words_fall_back_to_the_most_telling_ones(sample):
    lo = corpus.word_log_odds(sample, sample.vocab)
    assert lo.known(["great", "zzzq", "bad"]) == ["great", "bad"]  # in order, unknown left out
    with pytest.warns(UserWarning, match=r"only 1 of \['great', 'zzzq'\] in this vocabulary"):
        instead = lo.known(["great", "zzzq"], side=1, n=4)
    assert instead == [w for w, _ in lo.most(4)]
    assert min(lo.of(instead)) > max(np.delete(lo.log_odds, np.isin(lo.words, instead)))
    with pytest.warns(UserWarning):
        both = lo.known([], n=2)
    assert both == [w for w, _ in lo.most(2)] + [w for w, _ in lo.most(2, positive=False)]
    assert (lo.of(both[:2]) > 0).all() and (lo.of(both[2:]) < 0).all()
