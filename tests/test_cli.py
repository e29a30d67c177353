"""The ``imdbviz`` console script, run as a user runs it (a real subprocess)."""
import json
import os
import subprocess
import sys

import pytest


def imdbviz_cli(*args, stdin=None, env=None):
    return subprocess.run([sys.executable, "-m", "imdbviz.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def test_data_says_where_auto_resolves(tmp_path):
    done = imdbviz_cli("data", env={"KERAS_HOME": str(tmp_path), "IMDBVIZ_DATA": ""})
    assert done.returncode == 0, done.stderr
    assert "resolves to: sample (bundled sample, 1.7 MB) at " in done.stdout
    assert "imdbviz data --download" in done.stderr


def test_data_with_a_missing_path_fails_cleanly(tmp_path):
    done = imdbviz_cli("data", "--data", str(tmp_path / "none.tar.gz"))
    assert done.returncode == 2
    assert "does not exist" in done.stderr and "Traceback" not in done.stderr


def test_train_json_then_predict_uses_the_cached_model(tmp_path):
    env = {"IMDBVIZ_CACHE": str(tmp_path)}
    done = imdbviz_cli("train", "--preset", "seed", "--dataset", "sample", "--epochs", "1",
                       "--json", "--quiet", env=env)
    assert done.returncode == 0, done.stderr
    metrics = json.loads(done.stdout.strip().splitlines()[-1])
    assert metrics["params"] == 39_053 and metrics["epochs_run"] == 1
    assert metrics["kept_epoch"] == 1 and 0 < metrics["validation_accuracy"] < 1
    assert 0 < metrics["test_accuracy"] <= 1 and metrics["train_seconds"] > 0
    assert len(metrics["epoch_seconds"]) == 1

    # predict opens the SEED model shipped for the sample (trained --epochs 1 above is another
    # config); --file - reads one review per line from standard input
    done = imdbviz_cli("predict", "--dataset", "sample", "--json", "--file", "-", "Great!",
                       stdin="An awful, boring film.\n\nA masterpiece.\n")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    assert [r["text"] for r in rows] == ["Great!", "An awful, boring film.", "A masterpiece."]
    for row in rows:
        assert 0 < row["probability"] < 1
        assert row["label"] == ("positive" if row["probability"] >= 0.5 else "negative")
    again = imdbviz_cli("predict", "--dataset", "sample", "Great!")
    assert again.returncode == 0 and "loaded from the results shipped with imdbviz" in again.stdout


@pytest.mark.parametrize("args, message", [
    (["predict", "--dataset", "sample"], "no review given"),
    (["predict", "--dataset", "sample", "   "], "has no words"),
])
def test_predict_bad_input_is_a_clear_error(tmp_path, args, message):
    done = imdbviz_cli(*args, env={"IMDBVIZ_CACHE": str(tmp_path)})
    assert list(tmp_path.iterdir()) == []  # refused before any model was trained
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
