"""Inputs nobody tuned for (issue: bad input, part 3): a Keras backend that is missing or
unknown, a review with no word the model knows, a cache that cannot be written."""
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import imdbviz
from imdbviz import encoding, experiments, files, word2vec
from imdbviz.cli import main
from imdbviz.plots import attribution_html
from imdbviz.saliency import explain_texts

KOREAN = "정말 재미있는 영화"  # "a really fun film": every word outside an English vocabulary
LONG = ("A wonderful film: the acting is great, the story is moving and the music is "
        "beautiful. I loved every minute of it and would see it again.")


# ----------------------------------------------------------------------------- the backend
def _missing_backend() -> str:
    """A backend Keras knows whose package is not installed here."""
    for name in ("torch", "openvino"):
        if importlib.util.find_spec(name) is None:
            return name
    pytest.skip("torch and openvino are both installed: no known backend is missing")


def _run(args, **env):
    environment = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    return subprocess.run(args, capture_output=True, text=True, timeout=300,
                          env={**environment, **env})


@pytest.mark.parametrize("kind", ["missing", "unknown"])
def test_a_backend_that_is_missing_or_unknown_is_one_line_from_the_cli(kind):
    name = _missing_backend() if kind == "missing" else "pytorch"
    why = "is not installed" if kind == "missing" else "is not one Keras knows"
    commands = [[sys.executable, "-m", "imdbviz.cli", "data", "--dataset", "sample"]]
    script = Path(sys.executable).parent / "imdbviz"  # the console script, where installed
    if script.exists():
        commands.append([str(script), "data", "--dataset", "sample"])
    for command in commands:
        done = _run(command, KERAS_BACKEND=name)
        assert done.returncode != 0
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr  # no traceback
        assert lines[0].startswith(f"imdbviz: error: the Keras backend {name!r} (asked for by "
                                   f"KERAS_BACKEND) {why}")
        assert "'tensorflow' (the default) and 'jax'" in lines[0]


def test_a_missing_backend_on_import_names_it_and_what_the_course_supports(tmp_path):
    name = _missing_backend()
    (tmp_path / "keras.json").write_text(json.dumps({"backend": name}))
    done = _run([sys.executable, "-c", "import imdbviz"], KERAS_HOME=str(tmp_path))
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"imdbviz.backend.BackendError: the Keras backend {name!r} (asked "
                           f"for by {tmp_path / 'keras.json'}) is not installed")
    assert "No module named" not in done.stderr  # Keras' own traceback is never reached
    assert len(done.stderr.splitlines()) < 10


def test_the_backend_keras_reads_is_the_one_checked(tmp_path, monkeypatch):
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert imdbviz.backend.requested() == ("tensorflow", "Keras' default")
    (tmp_path / "keras.json").write_text(json.dumps({"backend": "jax"}))
    assert imdbviz.backend.requested() == ("jax", str(tmp_path / "keras.json"))
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    assert imdbviz.backend.check_requested() == "tensorflow"


# ----------------------------------------------------------------------------- unknown words
def test_words_read_counts_vocabulary_words_only(tiny_data):
    vocab = tiny_data.vocab
    x = encoding.encode_texts([KOREAN, "the the movie", LONG], vocab, tiny_data.config)
    expected = [sum(vocab.index.get(t, 1) > 1 for t in imdbviz.tokenize(text))
                for text in (KOREAN, "the the movie", LONG)]
    assert encoding.words_read(x, vocab).tolist() == expected
    assert expected[0] == 0 and expected[1] == 3 and expected[2] >= encoding.FEW_WORDS
    marked = encoding.encode_texts([KOREAN], vocab, tiny_data.config.replace(oov="mark"))
    assert np.count_nonzero(marked) == 3 and encoding.words_read(marked, vocab).tolist() == [0]


def test_a_review_of_unknown_words_is_flagged_not_trusted(tiny_trained):
    result = tiny_trained
    predictions = result.predictions([KOREAN, "the movie", LONG])
    assert predictions.words_read[0] == 0 and predictions.words_read[1] == 2
    assert predictions.reliable.tolist() == [False, False, True]
    assert "reads only padding" in predictions.notes[0]
    assert "reads only 2 known words of it" in predictions.notes[1] and predictions.notes[2] == ""
    with pytest.warns(UserWarning, match=r"review\(s\) \[0\] hold no word"):
        probabilities = result.predict([KOREAN, LONG])
    np.testing.assert_allclose(probabilities, predictions.probability[[0, 2]], rtol=1e-5)


def test_saliency_views_say_a_review_is_unreliable(tiny_trained):
    result = tiny_trained
    unknown, long = explain_texts(result, [KOREAN, LONG])
    assert unknown.words_read == 0 and len(unknown.tokens) == 0
    assert "reads only padding" in unknown.note and long.note == ""
    assert "reads only padding" in attribution_html(unknown)
    assert "unreliable" not in attribution_html(long)


def test_predict_cli_marks_a_review_with_no_known_word(capsys):
    # the SEED model shipped for the sample: no training
    assert main(["predict", "--dataset", "sample", "--json", KOREAN, LONG]) == 0
    rows = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [r["words_read"] for r in rows][0] == 0 and rows[1]["words_read"] >= 5
    assert [r["reliable"] for r in rows] == [False, True]
    assert "reads only padding" in rows[0]["note"] and "note" not in rows[1]
    assert main(["predict", "--dataset", "sample", KOREAN, LONG]) == 0
    lines = capsys.readouterr().out.splitlines()
    verdicts = [i for i, line in enumerate(lines) if line.startswith(("positive", "negative"))]
    assert lines[verdicts[0] + 1].strip().startswith("^ unreliable: none of its words")
    assert verdicts[1] == len(lines) - 1  # the long review: no mark


# ----------------------------------------------------------------------------- the cache
@pytest.fixture
def unwritable_cache(tmp_path, monkeypatch):
    """A cache folder that cannot be made: its path runs through a regular file (a real
    NotADirectoryError, also for root, for whom a read-only folder is still writable)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("IMDBVIZ_CACHE", str(blocker / "cache"))
    monkeypatch.setattr(files, "_said_cache_unwritable", False)
    return blocker / "cache"


def _said(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if "could not be cached" in line]


def test_training_with_an_unwritable_cache_succeeds_and_says_so_once(unwritable_cache, tiny_data,
                                                                     tiny_config, capsys):
    config = tiny_config.replace(epochs=1)
    for _ in range(2):
        result = imdbviz.trained_model(config, data=tiny_data, retrain=True, verbose=0)
        assert result.origin == "trained" and 0 <= result.test_accuracy <= 1
    [said] = _said(capsys)  # two trainings, one line
    assert said.startswith("imdbviz: the trained model could not be cached in "
                           f"{unwritable_cache} (Not a directory)")
    assert "Set IMDBVIZ_CACHE to a folder you can write to" in said


def test_every_cache_degrades_the_same_way(unwritable_cache, sample_reviews, tiny_data,
                                           tiny_config, capsys, monkeypatch):
    corpus = encoding.tokenized_corpus(sample_reviews)
    assert len(corpus.words) > 0
    assert "the tokenized corpus could not be cached" in _said(capsys)[0]

    monkeypatch.setattr(files, "_said_cache_unwritable", False)
    vectors = word2vec.word2vec_for(tiny_data, word2vec.Word2VecParams(dim=4, epochs=1, seed=1))
    assert vectors.matrix.shape == (len(tiny_data.vocab), 4)
    assert "the word2vec vectors could not be cached" in _said(capsys)[0]

    monkeypatch.setattr(files, "_said_cache_unwritable", False)
    experiment = experiments.Experiment("tiny", tiny_config.replace(epochs=1),
                                        train_fraction=0.25)
    [record] = experiments.seed_runs(experiment, tiny_data, [3], verbose=False)
    assert record["seed"] == 3 and 0 <= record["test_accuracy"] <= 1
    assert "the run record could not be cached" in _said(capsys)[0]
    assert not unwritable_cache.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_read_only_cache_folder(tmp_path, monkeypatch, sample_reviews, capsys):
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv("IMDBVIZ_CACHE", str(folder))
    monkeypatch.setattr(files, "_said_cache_unwritable", False)
    encoding.tokenized_corpus(sample_reviews)
    assert "(Permission denied)" in _said(capsys)[0]
