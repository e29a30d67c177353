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


def _label_overlaps(ax):
    """Pairs of word labels whose text boxes overlap, as drawn."""
    from matplotlib.text import Text

    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [Text.get_window_extent(a, renderer) for a in ax.drawn_["labels"].values()]
    return sum(boxes[i].overlaps(boxes[j]) for i in range(len(boxes))
               for j in range(i + 1, len(boxes)))


def test_spread_labels_moves_crowded_labels_apart_and_keeps_their_points():
    words = ["great", "excellent", "wonderful", "best", "awful", "worst", "far"]
    coords = np.array([[0.0, 0.0], [0.01, 0.0], [0.0, 0.01], [0.01, 0.01], [0.02, 0.0],
                       [0.02, 0.01], [1.0, 1.0]])  # six words on almost one point, one far away
    projection = embedding.Projection2D(coords=coords, words=np.array(words, dtype=object),
                                        indices=np.arange(2, 9),
                                        explained_variance_ratio=np.array([0.5, 0.2]))
    ax = plots.plot_projection(projection, labels=words)
    points = {w: a.xy for w, a in ax.drawn_["labels"].items()}
    assert _label_overlaps(ax) > 0  # the test's premise: the labels start on top of each other
    plots.spread_labels(ax)
    assert _label_overlaps(ax) == 0
    assert {w: a.xy for w, a in ax.drawn_["labels"].items()} == points
    assert [t.get_text() for t in ax.drawn_["labels"].values()] == words
    frame = ax.get_window_extent()
    renderer = ax.figure.canvas.get_renderer()
    for label in ax.drawn_["labels"].values():  # inside the axes
        from matplotlib.text import Text

        box = Text.get_window_extent(label, renderer)
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1
        assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1
    assert len(ax.texts) == len(words)  # the old labels are gone, not hidden under the new


def test_the_probe_is_scikit_learns_cross_validated_logistic_regression(sample, trained):
    """What notebook 03 shows on the page (PCA, LogisticRegression, cross_val_score) is what
    project_2d and sentiment_probe compute."""
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    matrix = embedding.embedding_matrix(trained.model)
    log_odds = corpus.word_log_odds(sample, sample.vocab)
    np.testing.assert_allclose(PCA(n_components=2).fit_transform(matrix[log_odds.indices]),
                               embedding.project_2d(matrix, sample.vocab).coords, atol=1e-9)
    strong = np.abs(log_odds.log_odds) > 0.5
    x, y = matrix[log_odds.indices[strong]], (log_odds.log_odds[strong] > 0).astype(int)
    scores = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
                             x, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
    assert scores.mean() == embedding.sentiment_probe(matrix, sample.vocab, log_odds)
    assert embedding.sentiment_probe(matrix, sample.vocab, log_odds, threshold=0.0) != scores.mean()


# ----------------------------------------------------------------------------- notebook 03's control
def test_matched_random_positions_known_answer():
    x = np.array([[0, 0, 5, 6, 7],
                  [0, 3, 5, 5, 4],
                  [0, 0, 0, 5, 9]])
    chosen = x == 5
    for seed in range(20):
        mask = embedding.matched_random_positions(x, chosen, seed=seed)
        assert mask.sum(axis=1).tolist() == [1, 2, 1]  # as many as chosen in each row
        assert not (mask & chosen).any() and not (mask & (x == 0)).any()
        assert mask[2].tolist() == [False, False, False, False, True]  # the only other word
    draws = {tuple(embedding.matched_random_positions(x, chosen, seed=s)[0]) for s in range(20)}
    assert draws == {(False, False, False, True, False), (False, False, False, False, True)}
    few = embedding.matched_random_positions(np.array([[0, 5, 5, 5, 9]]), np.array([[0, 1, 1, 1, 0]]))
    assert few.tolist() == [[False, False, False, False, True]]  # fewer others: all of them
    with pytest.raises(ValueError, match="same shape"):
        embedding.matched_random_positions(x, chosen[:2])


def test_matched_random_positions_on_the_sample_reviews(sample):
    """Notebook 03's control: as many random other words as each test review has numbers."""
    digits = [i for w, i in sample.vocab.index.items() if w.isdigit()]
    x = sample.x_test
    numbers = np.isin(x, digits)
    assert numbers.any(axis=1).sum() > 50  # the premise: the sample's reviews hold numbers
    mask = embedding.matched_random_positions(x, numbers, seed=0)
    others = (x != 0) & ~numbers
    np.testing.assert_array_equal(mask.sum(axis=1),
                                  np.minimum(numbers.sum(axis=1), others.sum(axis=1)))
    assert not (mask & ~others).any()
    np.testing.assert_array_equal(mask, embedding.matched_random_positions(x, numbers, seed=0))
    assert (mask != embedding.matched_random_positions(x, numbers, seed=1)).any()


def test_plot_weight_rows_is_not_coloured_as_sentiment(toy_vocab):
    from matplotlib.colors import to_rgba

    rows = embedding.word_rows(TOY_MATRIX, toy_vocab, ["bad", "good", "great"])
    ax = plots.plot_weight_rows(rows, title="trained")
    image = ax.drawn_["image"]
    np.testing.assert_array_equal(image.get_array(), TOY_MATRIX[[4, 2, 3]])
    assert image.get_clim() == (-1.0, 1.0)
    cmap = image.get_cmap()
    for end in (cmap(0.0), cmap(1.0)):  # neither end is the sentiment blue or orange
        for sentiment in (plots.POSITIVE, plots.NEGATIVE):
            assert np.abs(np.subtract(end, to_rgba(sentiment))).max() > 0.2
    assert "not sentiment" in ax.drawn_["colorbar"].ax.get_ylabel()


def test_plot_neighbour_leans_colours_each_neighbour_by_its_lean(toy_vocab):
    from matplotlib.colors import to_rgba

    near = [embedding.nearest_neighbours(TOY_MATRIX, toy_vocab, w, k=3) for w in ("good", "bad")]
    leans = {"good": 1.2, "great": 0.8, "bad": -1.0, "awful": -1.5}
    figure = plots.plot_neighbour_leans(near, leans, which="trained")
    panels = figure.drawn_["axes"]
    assert list(panels) == ["good", "bad"]
    for n in near:
        ax = panels[n.word]
        dots = ax.drawn_["dots"]
        np.testing.assert_allclose(dots.get_offsets()[:, 0], n.similarities)
        want = [to_rgba(plots.POSITIVE if leans[w] > 0 else plots.NEGATIVE) for w in n.words]
        np.testing.assert_allclose(dots.get_facecolors(), want)
        assert [t.get_text() for t in ax.get_yticklabels()] == n.words
        assert ax.get_title().startswith("trained")
        assert f"its lean {leans[n.word]:+.2f}" in ax.get_title()
    low, high = panels["good"].get_xlim()
    assert panels["bad"].get_xlim() == (low, high)  # one shared axis
    every = np.concatenate([n.similarities for n in near])
    assert low < every.min() and every.max() <= high <= 1.0
