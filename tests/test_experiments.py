"""Runs over seeds: recipes, running, the cache of runs, the shipped results, what the spread
says; word2vec; negation probes; claims."""
import json

import numpy as np
import pytest

import imdbviz
import imdbviz.claims
from imdbviz import experiments, probes, shipped, word2vec
from imdbviz.experiments import Experiment, difference, seed_runs, spread


@pytest.fixture()
def own_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("IMDBVIZ_CACHE", str(tmp_path))
    return tmp_path


def test_an_experiment_is_its_recipe_whatever_its_name_and_seed(tiny_config):
    a = Experiment("a", tiny_config)
    assert a.key == Experiment("b", tiny_config.replace(seed=99)).key
    assert a.key != Experiment("a", tiny_config.replace(dropout=0.0)).key
    assert a.key != Experiment("a", tiny_config, train_fraction=0.5).key
    assert experiments.marked_oov(tiny_config).config.oov == "mark"
    post = experiments.post_protocol(tiny_config)
    assert (post.config.validation_split, post.config.patience, post.config.clipnorm) == (0, 0, 0)
    assert post.track_test
    with pytest.raises(ValueError, match="train_fraction"):
        Experiment("x", tiny_config, train_fraction=0)
    with pytest.raises(ValueError, match="embedding must be one of"):
        Experiment("x", tiny_config, embedding="glove")


def test_seed_runs_train_once_then_come_from_the_cache(own_cache, tiny_data, tiny_config, capsys):
    recipe = experiments.overfitting(tiny_config, dropout=0.0, reviews=0.5, epochs=3)
    runs = seed_runs(recipe, tiny_data, [1, 2])
    assert [r["seed"] for r in runs] == [1, 2] and runs[0]["train_reviews"] == 1000
    assert len(runs[0]["history"]["test_accuracy"]) == 3  # the test set after every epoch
    assert runs[0]["config"]["dropout"] == 0.0 and runs[0]["config"]["patience"] == 0
    assert runs[0]["history"]["loss"] != runs[1]["history"]["loss"]  # other seeds, other runs
    assert runs[1]["test_accuracy"] == pytest.approx(runs[1]["history"]["test_accuracy"][-1])
    assert "2 seeds" in capsys.readouterr().out
    again = seed_runs(recipe, tiny_data, [1, 2], verbose=False)
    assert again == runs  # read back from the cache, not trained
    assert len(list((own_cache / "runs").glob("*/record.json"))) == 2  # one entry per run


def test_word2vec_initialised_and_frozen_embeddings(own_cache, tiny_data, tiny_config):
    frozen = experiments.with_embedding(tiny_config, "word2vec-frozen", train_fraction=0.5)
    record, model = experiments.run(frozen, tiny_data, seed=3)
    vectors = word2vec.word2vec_for(tiny_data, word2vec.Word2VecParams(dim=8, seed=3))
    np.testing.assert_allclose(model.get_layer("embedding").get_weights()[0], vectors.matrix)
    assert record["word2vec_seconds"] > 0 and record["options"]["embedding"] == "word2vec-frozen"
    tuned = experiments.with_embedding(tiny_config, "word2vec-finetuned", train_fraction=0.5)
    _record, model = experiments.run(tuned, tiny_data, seed=3)
    assert not np.allclose(model.get_layer("embedding").get_weights()[0], vectors.matrix)


def test_word2vec_vectors_are_seeded_and_keep_the_reserved_rows_stated(tiny_data):
    params = word2vec.Word2VecParams(dim=8, window=3, epochs=2, seed=5)
    tokens = tiny_data.corpus.tokens("train")
    a = word2vec.train_word2vec(tokens, tiny_data.vocab, params)
    b = word2vec.train_word2vec(tokens, tiny_data.vocab, params)
    np.testing.assert_array_equal(a.matrix, b.matrix)  # one worker and a seed: the same
    assert a.matrix.shape == (200, 8) and np.all(a.matrix[0] == 0)  # padding: the zero vector
    np.testing.assert_allclose(a.matrix[1], a.matrix[2:].mean(axis=0), rtol=1e-4, atol=1e-7)
    # scaled to Keras' random start (uniform on +/-0.05), directions kept
    assert a.matrix[2:].std() == pytest.approx(0.05 / np.sqrt(3), rel=1e-4)
    raw = word2vec.initial_embedding({w: a.matrix[i] * 7 for w, i in tiny_data.vocab.index.items()},
                                    tiny_data.vocab, 8, std=None)
    np.testing.assert_allclose(raw[2:], a.matrix[2:] * 7, rtol=1e-5)
    assert a.tokens == sum(t in tiny_data.vocab.index for review in tokens for t in review)
    other = word2vec.train_word2vec(tokens, tiny_data.vocab, params.__class__(dim=8, seed=6))
    assert not np.allclose(a.matrix[2:], other.matrix[2:])
    with pytest.raises(ValueError, match="window must be a whole number"):
        word2vec.Word2VecParams(window=0)
    with pytest.raises(ValueError, match="nothing to read"):
        word2vec.train_word2vec([["zzzz"]], tiny_data.vocab, params)


def test_spread_and_difference_say_when_seeds_cannot_tell():
    a = spread([{"test_accuracy": v, "experiment": "a"} for v in (0.80, 0.81, 0.82)])
    b = spread([{"test_accuracy": v, "experiment": "b"} for v in (0.70, 0.71, 0.72)])
    c = spread([{"test_accuracy": v, "experiment": "c"} for v in (0.79, 0.815, 0.83)])
    assert (a.mean, a.std, a.low, a.high) == pytest.approx((0.81, 0.01, 0.80, 0.82))
    assert difference(a, b).verdict == "higher" and difference(b, a).verdict == "lower"
    assert difference(a, c).verdict == "within noise"
    assert "0.8100 +/- 0.0100" in str(a)
    with pytest.raises(ValueError, match="no runs"):
        spread([])


def test_best_epoch_is_the_lowest_validation_loss():
    record = {"history": {"loss": [1, 0.5, 0.3], "val_loss": [0.6, 0.4, 0.5],
                          "test_accuracy": [0.7, 0.8, 0.75]}}
    assert experiments.best_epoch(record) == 2
    assert experiments.at_epoch(record, "test_accuracy", 2) == 0.8
    assert experiments.best_epoch({"history": {"loss": [1, 0.5]}}) == 2


@pytest.mark.parametrize("patience", [1, 2, 3])
@pytest.mark.parametrize("val_loss", [[0.6, 0.4, 0.5, 0.45, 0.3, 0.35],
                                      [0.48, 0.5, 0.49, 0.47, 0.46, 0.6, 0.61],
                                      [0.5, 0.5, 0.5, 0.4]])
def test_kept_epoch_replays_keras_early_stopping(val_loss, patience):
    """The epoch ``kept_epoch`` names is the one the real callback restores, fed the same
    validation losses epoch by epoch until it stops training."""
    import keras

    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                            restore_best_weights=True)
    stopper.set_model(model)
    model.stop_training = False  # as fit sets it
    stopper.on_train_begin()
    for epoch, loss in enumerate(val_loss):
        stopper.on_epoch_end(epoch, {"val_loss": loss})
        if model.stop_training:
            break
    record = {"history": {"loss": [1.0] * len(val_loss), "val_loss": val_loss}}
    assert experiments.kept_epoch(record, patience) == stopper.best_epoch + 1
    assert experiments.kept_epoch(record, 0) == len(val_loss)


def test_shipped_results_are_used_only_for_their_data_and_vocabulary(
        own_cache, tmp_path, monkeypatch, tiny_data, tiny_config):
    """Write a shipped store with one run and its model, then look it up as a notebook does."""
    recipe = experiments.ours(tiny_config)
    record, model = experiments.run(recipe, tiny_data, seed=tiny_config.seed)
    record["model"] = "models/tiny.weights.h5"
    folder = tmp_path / "shipped"
    shipped.write([record], {"models/tiny.weights.h5": model}, folder=folder, meta={"command": "x"})
    monkeypatch.setattr(shipped, "FOLDER", folder)
    shipped._manifest.cache_clear()
    try:
        assert shipped.records(recipe.key, tiny_data.fingerprint) == [json.loads(json.dumps(record))]
        result = imdbviz.trained_model(tiny_config, data=tiny_data, verbose=0)
        assert result.origin == "shipped" and result.test_accuracy == record["test_accuracy"]
        np.testing.assert_allclose(result.model.predict(tiny_data.x_test[:5], verbose=0),
                                   model.predict(tiny_data.x_test[:5], verbose=0), atol=1e-6)
        assert seed_runs(recipe, tiny_data, [tiny_config.seed], verbose=False)[0]["seed"] == 7
        assert shipped.verify(tiny_data) == []
        # another seed is not shipped: trained
        other = imdbviz.trained_model(tiny_config.replace(seed=1), data=tiny_data, verbose=0)
        assert other.origin == "trained"
        # a record whose accuracy no longer matches its weights is reported
        record["test_accuracy"] += 0.1
        shipped.write([record], {"models/tiny.weights.h5": model}, folder=folder)
        assert "evaluates to" in shipped.verify(tiny_data)[0]
    finally:
        shipped._manifest.cache_clear()


def test_negation_pairs_and_effect():
    pairs = probes.negation_pairs(positive=("good",), negative=("bad",),
                                  templates=("It is {}.",))
    assert pairs.plain == ["It is good.", "It is bad."]
    assert pairs.negated == ["It is not good.", "It is not bad."]
    # a model that reads "not" perfectly, and one that ignores it
    perfect = probes.negation_effect("perfect", lambda texts: np.array(
        [(("good" in t) != ("not" in t)) * 0.8 + 0.1 for t in texts]), pairs)
    deaf = probes.negation_effect("deaf", lambda texts: np.array(
        [0.9 if "good" in t else 0.1 for t in texts]), pairs)
    assert (perfect.plain_right, perfect.moved, perfect.flipped) == (1.0, 1.0, 1.0)
    assert perfect.shift == pytest.approx(0.8)
    assert (deaf.plain_right, deaf.moved, deaf.flipped, deaf.shift) == (1.0, 0.0, 0.0, 0.0)
    assert perfect.by_sentiment(-1).p_plain.tolist() == [pytest.approx(0.1)]


def test_claims_on_the_sample_report_and_never_raise(sample_data, sample_folder, capsys):
    from imdbviz.claims import FULL_DATA_FINGERPRINT, Claims

    here = Claims(sample_data, imdbviz.SEED, n_seeds=(5, 5))  # as a notebook at its defaults
    assert not here.full_data and not here.applies and here.where == "not the full data"
    here.claim("two is more than one", 2 > 1)
    here.claim("one is more than two", 1 > 2, "1 vs 2")  # false: said, not raised
    assert here.checked == [("two is more than one", True), ("one is more than two", False)]
    out = capsys.readouterr().out
    assert "claim holds: two is more than one\n" in out
    assert "claim does not hold here: one is more than two (1 vs 2)" in out
    assert "this run uses not the full data" in out
    # the full data is known by its content, not by where it is read from: the sample read
    # from an extracted aclImdb folder, as the full data would be, is still the sample
    from_folder = imdbviz.load_dataset(imdbviz.SEED, sample_folder, verbose=False)
    assert (from_folder.source.kind, sample_data.source.kind) == ("aclimdb", "sample")
    assert from_folder.fingerprint == sample_data.fingerprint != FULL_DATA_FINGERPRINT
    assert not Claims(from_folder, imdbviz.SEED).applies
    other = Claims(sample_data, imdbviz.SEED.replace(maxlen=50), n_seeds=(2, 5), n_top=(5, 5))
    assert other.where == "not the full data and other parameters (maxlen=50, n_seeds=2)"


def test_claims_on_the_full_data_raise_only_at_the_default_parameters(full_data_path, capsys):
    from imdbviz.claims import ClaimError, Claims

    data = imdbviz.load_dataset(imdbviz.SEED, full_data_path, verbose=False)
    claims = Claims(data, imdbviz.SEED, n_seeds=(5, 5))
    assert claims.full_data and claims.applies
    assert claims.where == "the full data at the default parameters"
    claims.claim("two is more than one", 2 > 1)
    with pytest.raises(ClaimError, match="'one is more than two'.*1 vs 2"):
        claims.claim("one is more than two", 1 > 2, "1 vs 2")
    assert claims.checked == [("two is more than one", True), ("one is more than two", False)]
    for other in (Claims(data, imdbviz.SEED, n_seeds=(2, 5)),
                  Claims(data, imdbviz.SEED.replace(maxlen=50))):
        assert other.full_data and not other.applies
        other.claim("one is more than two", 1 > 2)  # other parameters: only said
    assert capsys.readouterr().out.count("claim does not hold here: one is more than two") == 2


def test_the_shipped_results_for_the_sample_match_todays_code(sample_data):
    """Every run shipped for the bundled sample: its config still valid with the same
    fingerprint, its vocabulary the one today's code builds, its weights evaluating to its
    recorded accuracy. (The same check on the full data runs in the full-data tier.)"""
    assert shipped.verify(sample_data) == []
    keys = {r["key"] for r in shipped.records(data_fingerprint=sample_data.fingerprint)}
    for experiment, seeds, keep in experiments.course_experiments(imdbviz.SEED, imdbviz.FULL):
        assert experiment.key in keys, f"{experiment.name} is not shipped: run scripts/reproduce_results.py"


def test_the_shipped_results_for_the_full_data_match_todays_code(full_data_path):
    data = imdbviz.load_dataset(imdbviz.SEED, full_data_path, verbose=False)
    assert data.fingerprint == imdbviz.claims.FULL_DATA_FINGERPRINT
    assert shipped.verify(data) == []
    keys = {r["key"] for r in shipped.records(data_fingerprint=data.fingerprint)}
    assert all(e.key in keys for e, _s, _k in experiments.course_experiments(imdbviz.SEED, imdbviz.FULL))


def test_notebook_04s_runs_on_a_tenth_of_the_reviews_ship_ten_seeds():
    """The comparison five seeds could not decide (notebook 04, a tenth of the reviews) ships ten
    seeds per run, on the sample and on the full data."""
    plan = experiments.course_experiments(imdbviz.SMALL, imdbviz.FULL)
    tenth = [(e, seeds) for e, seeds, _keep in plan
             if e.embedding in experiments.EMBEDDINGS and e.train_fraction == 0.1]
    assert len(tenth) == 6 and all(tuple(seeds) == experiments.TEN_SEEDS for _e, seeds in tenth)
    assert len(set(experiments.TEN_SEEDS)) == 10 and experiments.TEN_SEEDS[:5] == experiments.SEEDS
    for experiment, seeds in tenth:
        by_data = {}
        for r in shipped.records():
            if r["key"] == experiment.key:
                by_data.setdefault(r["data_fingerprint"], set()).add(r["seed"])
        assert len(by_data) == 2 and all(set(seeds) <= found for found in by_data.values()), \
            (experiment.name, by_data)


def test_claims_in_a_notebook_show_one_line_per_cell_and_keep_the_statements():
    import nbclient
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in (
        "import imdbviz\nfrom imdbviz.claims import Claims\n"
        "class Data: fingerprint = 'not the full data'\n"
        "claims = Claims(Data(), imdbviz.SMALL)",
        "claims.claim('two is more than one', 2 > 1, '2 vs 1')\nclaims.claim('three is odd', True)",
        "claims.claim('one is one', True)\nclaims.claim('one is more than two', 1 > 2)")])
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    two, mixed = nb.cells[1].outputs, nb.cells[2].outputs
    assert len(two) == 1 and two[0].data["text/plain"] == \
        "\u2713 2 claims of the text above hold (not the full data)"
    assert two[0].metadata["imdbviz"]["claims"] == [
        {"statement": "two is more than one", "evidence": "2 vs 1"},
        {"statement": "three is odd", "evidence": ""}]
    assert mixed[0].data["text/plain"].startswith("\u2713 1 claim of the text above holds")
    assert "claim does not hold here: one is more than two" in mixed[1].text


def test_word2vec_frozen_at_its_own_scale(own_cache, tiny_data, tiny_config):
    """The own-scale variant reads word2vec's vectors as gensim made them, frozen; the other
    word2vec variants read the same directions scaled to Keras' random start."""
    params = word2vec.Word2VecParams(dim=8, seed=3)
    scaled = word2vec.word2vec_for(tiny_data, params)
    own = word2vec.word2vec_for(tiny_data, params, std=None)
    factor = own.matrix[2:].std() / scaled.matrix[2:].std()
    assert factor > 2  # word2vec's own vectors are larger than Keras' start
    np.testing.assert_allclose(own.matrix, scaled.matrix * factor, rtol=1e-4, atol=1e-6)
    recipe = experiments.with_embedding(tiny_config, experiments.OWN_SCALE, train_fraction=0.5)
    frozen = experiments.with_embedding(tiny_config, "word2vec-frozen", train_fraction=0.5)
    assert recipe.options["word2vec_std"] is None and frozen.options["word2vec_std"] > 0
    assert recipe.key != frozen.key
    record, model = experiments.run(recipe, tiny_data, seed=3)
    layer = model.get_layer("embedding")
    assert not layer.trainable
    np.testing.assert_allclose(layer.get_weights()[0], own.matrix)  # never moved, own scale
    assert record["options"]["embedding"] == experiments.OWN_SCALE


def test_the_own_scale_comparison_is_paired_with_learned_and_frozen():
    plan = {e.key: (e, seeds) for e, seeds, _keep in
            experiments.course_experiments(imdbviz.SMALL, imdbviz.FULL)}
    small = {kind: experiments.with_embedding(imdbviz.SMALL, kind).key
             for kind in experiments.EMBEDDING_KINDS}
    seeds = {kind: set(plan[key][1]) for kind, key in small.items()}
    assert len(seeds[experiments.OWN_SCALE]) >= 5
    assert seeds[experiments.OWN_SCALE] == seeds["word2vec-frozen"] == seeds["learned"]
    assert set(experiments.CONDITIONS) == set(experiments.EMBEDDING_KINDS)
    from imdbviz.plots.style import condition_color
    colours = {condition_color(name) for name in experiments.CONDITIONS.values()}
    # own scale: black, no orange-family colour (orange means negative), apart from frozen's brown
    assert colours == {"tab:green", "tab:purple", "tab:brown", "black"}


def test_shipped_seeds_are_those_seed_runs_reads_without_training(sample_data):
    """The seeds whose runs ship for the sample are read, never trained; on other data none ship."""
    from imdbviz import runs as runs_module

    recipe = experiments.with_embedding(imdbviz.SMALL, "word2vec-frozen", 1.0)
    shipped = experiments.shipped_seeds(recipe, sample_data, experiments.SEEDS)
    expected = runs_module.shipped_records(recipe.key, sample_data)
    assert shipped == [s for s in experiments.SEEDS if s in expected]
    assert shipped, "the sample ships notebook 04's frozen runs"
    other = experiments.with_embedding(imdbviz.SMALL.replace(dropout=0.37), "word2vec-frozen", 1.0)
    assert experiments.shipped_seeds(other, sample_data, experiments.SEEDS) == []
