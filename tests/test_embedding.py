"""imdbviz.embedding and its plots: real Keras layers, hand-made word vectors with known
answers, and the seed model trained on the bundled sample (from the model cache)."""
import math

import keras
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import imdbviz  # noqa: E402
from imdbviz import corpus, embedding  # noqa: E402
from imdbviz import plots  # noqa: E402
from imdbviz.vocab import Vocabulary  # noqa: E402

TOY_WORDS = ["<pad>", "<oov>", "good", "great", "bad", "awful"]
TOY_MATRIX = np.array([[1.0, 0.0],   # <pad>: same direction as "good", must never be a neighbour
                       [1.0, 0.1],   # <oov>
                       [1.0, 0.0],   # good
                       [0.9, 0.1],   # great
                       [-1.0, 0.0],  # bad
                       [-0.9, -0.2]])  # awful


@pytest.fixture(scope="module")
def toy_vocab():
    return Vocabulary(TOY_WORDS)


@pytest.fixture(scope="module")
def sample(sample_data):
    return sample_data


@pytest.fixture(scope="module")
def trained(seed_trained):
    return seed_trained


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ----------------------------------------------------------------------------- the lookup table
def test_embedding_matrix_of_the_seed_model():
    model = imdbviz.build_model(imdbviz.SEED)
    matrix = embedding.embedding_matrix(model)
    assert matrix.shape == (500, 32)
    assert matrix.size == 16_000 == embedding.embedding_layer(model).count_params()
    again = embedding.embedding_matrix(imdbviz.build_model(imdbviz.SEED))
    np.testing.assert_array_equal(matrix, again)  # same seed, same initial vectors


def test_one_hot_times_matrix_is_the_lookup(sample, trained):
    """On the trained model: one-hot rows (numpy's identity matrix) times the learned matrix
    are the word vectors, and the rest of the network reads them as the model reads the ids."""
    model = trained.model
    x = sample.x_test[:4]
    check = embedding.one_hot_vs_lookup(model, x)
    np.testing.assert_array_equal(check.one_hot, np.eye(500)[x])
    start = embedding.embedding_matrix(imdbviz.build_model(imdbviz.SEED))
    assert check.weights.shape == (500, 32) and not np.allclose(check.weights, start)  # learned
    assert check.by_product.shape == check.by_lookup.shape == (4, 100, 32)
    np.testing.assert_allclose(check.by_product, check.by_lookup, atol=1e-6)
    assert check.max_abs_difference < 1e-6
    vectors = keras.ops.convert_to_tensor(check.by_product)
    for layer in model.layers[1:]:
        vectors = layer(vectors)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(vectors),
                               model.predict(x, verbose=0), atol=1e-5)
    single = embedding.one_hot_vs_lookup(model, [2, 3])  # one review, no batch axis
    assert single.by_lookup.shape == (1, 2, 32)
    np.testing.assert_array_equal(single.by_lookup[0], check.weights[[2, 3]])


def test_one_hot_vs_lookup_bad_ids():
    model = imdbviz.build_model(imdbviz.SEED.replace(top_words=10, maxlen=4))
    with pytest.raises(ValueError, match="0..9"):
        embedding.one_hot_vs_lookup(model, [[1, 2, 10, 3]])
    with pytest.raises(ValueError, match="word indices"):
        embedding.one_hot_vs_lookup(model, [[0.5, 1.0, 2.0, 3.0]])


def test_a_model_without_embedding_is_refused():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="no Embedding"):
        embedding.embedding_matrix(model)


# ----------------------------------------------------------------------------- neighbours
def test_nearest_neighbours_known_answer(toy_vocab):
    near = embedding.nearest_neighbours(TOY_MATRIX, toy_vocab, "good", k=2)
    assert near.words == ["great", "awful"]  # reserved rows and the word itself left out
    np.testing.assert_allclose(near.similarities,
                               [0.9 / math.hypot(0.9, 0.1), -0.9 / math.hypot(0.9, 0.2)])
    far = embedding.nearest_neighbours(TOY_MATRIX, toy_vocab, "bad", k=3)
    assert far.words == ["awful", "great", "good"]
    ax = plots.plot_neighbours(near)
    np.testing.assert_allclose(ax.drawn_["similarities"].get_xdata(), near.similarities)
    low, high = ax.get_xlim()
    assert low < min(near.similarities) and max(near.similarities) < high <= 1.0


def test_cosine_similarity_of_a_zero_vector_is_zero():
    sims = embedding.cosine_similarities(np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]]), 1)
    np.testing.assert_allclose(sims, [0.0, 1.0, 1.0])


def test_nearest_neighbours_bad_input(toy_vocab):
    with pytest.raises(ValueError, match="not in the vocabulary"):
        embedding.nearest_neighbours(TOY_MATRIX, toy_vocab, "zzz")
    with pytest.raises(ValueError, match="one row per vocabulary"):
        embedding.nearest_neighbours(TOY_MATRIX[:4], toy_vocab, "good")
    with pytest.raises(ValueError, match="k must"):
        embedding.nearest_neighbours(TOY_MATRIX, toy_vocab, "good", k=0)


# ----------------------------------------------------------------------------- projection
def test_project_2d_finds_the_main_direction():
    words = ["<pad>", "<oov>"] + [f"w{i}" for i in range(6)]
    vocab = Vocabulary(words)
    direction = np.array([1.0, -2.0, 0.5])
    position = np.arange(6, dtype=float)
    matrix = np.vstack([np.full((2, 3), 100.0),  # reserved rows: ignored by the PCA
                        position[:, None] * direction + 0.01 * np.eye(6, 3)])
    projection = embedding.project_2d(matrix, vocab)
    assert projection.coords.shape == (6, 2)
    assert projection.words.tolist() == words[2:] and projection.indices.tolist() == [2, 3, 4, 5,
                                                                                      6, 7]
    assert projection.explained_variance_ratio[0] > 0.99
    assert abs(projection.correlation(position)[0]) > 0.999
    with pytest.raises(ValueError, match="one number per"):
        projection.correlation(position[:3])
    ax = plots.plot_projection(projection, values=position, labels=["w0", "w5", "nope"])
    np.testing.assert_allclose(ax.drawn_["points"].get_offsets(), projection.coords)
    np.testing.assert_allclose(ax.drawn_["points"].get_array(), position)
    assert [t.get_text() for t in ax.drawn_["labels"].values()] == ["w0", "w5"]


def test_training_lines_words_up_by_sentiment(sample, trained):
    """Untrained vectors are random; trained ones order the words by their log-odds."""
    log_odds = corpus.word_log_odds(sample, sample.vocab)
    before = embedding.project_2d(embedding.embedding_matrix(imdbviz.build_model(imdbviz.SEED)),
                                  sample.vocab)
    after = embedding.project_2d(embedding.embedding_matrix(trained.model), sample.vocab)
    np.testing.assert_array_equal(after.indices, log_odds.indices)
    assert np.max(np.abs(before.correlation(log_odds.log_odds))) < 0.2
    assert np.max(np.abs(after.correlation(log_odds.log_odds))) > 0.4
    matrix = embedding.embedding_matrix(trained.model)
    near_great = embedding.nearest_neighbours(matrix, sample.vocab, "great", k=10)
    assert np.mean(log_odds.of(near_great.words)) > 0
    near_worst = embedding.nearest_neighbours(matrix, sample.vocab, "worst", k=10)
    assert np.mean(log_odds.of(near_worst.words)) < 0


# ----------------------------------------------------------------------------- projector files
def test_export_projector_known_content(toy_vocab, tmp_path):
    files = embedding.export_projector(TOY_MATRIX, toy_vocab, tmp_path / "new" / "projector")
    assert (files.rows, files.dim, files.columns) == (4, 2, ("word",))
    np.testing.assert_allclose(np.loadtxt(files.vectors, delimiter="\t"), TOY_MATRIX[2:])
    assert files.metadata.read_text().splitlines() == ["good", "great", "bad", "awful"]


def test_export_projector_with_log_odds(sample, tmp_path):
    model = imdbviz.build_model(imdbviz.SEED)
    matrix = embedding.embedding_matrix(model)
    log_odds = corpus.word_log_odds(sample, sample.vocab)
    files = embedding.export_projector(matrix, sample.vocab, tmp_path, log_odds=log_odds)
    vectors = np.loadtxt(files.vectors, delimiter="\t")
    assert vectors.shape == (498, 32) == (files.rows, files.dim)
    np.testing.assert_allclose(vectors, matrix[2:], rtol=1e-5, atol=1e-7)
    lines = files.metadata.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "word\tlog_odds" and len(lines) == 499
    assert lines[1].split("\t")[0] == sample.vocab.words[2]
    other = corpus.word_log_odds(sample, Vocabulary.build([["x"], ["y"]], 4))
    with pytest.raises(ValueError, match="another vocabulary"):
        embedding.export_projector(matrix, sample.vocab, tmp_path, log_odds=other)
    (tmp_path / "file").write_text("")
    with pytest.raises(ValueError, match="not a folder"):
        embedding.export_projector(matrix, sample.vocab, tmp_path / "file")


def test_plot_word_vectors_shows_the_rows(toy_vocab):
    ax = plots.plot_word_vectors(embedding.word_rows(TOY_MATRIX, toy_vocab, ["bad", "good"]))
    np.testing.assert_array_equal(ax.drawn_["image"].get_array(), TOY_MATRIX[[4, 2]])
    with pytest.raises(ValueError, match="vocabulary"):
        embedding.word_rows(TOY_MATRIX, toy_vocab, ["zzz"])


def test_separation_and_the_sentiment_probe(toy_vocab, sample, trained):
    s = embedding.separation(TOY_MATRIX, toy_vocab, ["good", "great"], ["bad", "awful"])
    assert s.within_positive == pytest.approx(0.9 / math.hypot(0.9, 0.1))
    assert s.between < -0.9 and s.gap > 1.8
    with pytest.raises(ValueError, match="at least 2 positive"):
        embedding.separation(TOY_MATRIX, toy_vocab, ["good"], ["bad", "awful"])
    log_odds = corpus.word_log_odds(sample, sample.vocab)
    trained_probe = embedding.sentiment_probe(embedding.embedding_matrix(trained.model),
                                              sample.vocab, log_odds)
    random_probe = embedding.sentiment_probe(
        np.random.default_rng(0).normal(size=(500, 32)), sample.vocab, log_odds)
    assert trained_probe > random_probe + 0.05  # training lines words up by sentiment
