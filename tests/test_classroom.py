"""A class experiment (`imdbviz.classroom`, `imdbviz class-results`): records of real short
trainings on the bundled sample, `lstm_units` 4 by three seeds and 8 by two, one student each,
gathered into a table whose numbers are checked against the record files (numpy, scipy), a plot
checked by the data it draws, and notebook 07 writing a record of its own run."""
import csv
import io
import json
import shutil
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy import stats as scipy_stats  # noqa: E402

import imdbviz  # noqa: E402
from imdbviz.classroom import (ClassRecordWarning, class_results, make_record,  # noqa: E402
                               read_records, write_record)
from imdbviz.cli import main  # noqa: E402
from imdbviz.experiments import kept_epoch  # noqa: E402
from imdbviz.notebook_metrics import read_metrics  # noqa: E402
from imdbviz.plots import plot_class_results  # noqa: E402
from imdbviz.runner import run_notebook  # noqa: E402

NOTEBOOK_07 = Path(__file__).resolve().parent.parent / "notebooks" / "07_training_curves.ipynb"
UNITS, SEEDS = (4, 8), {4: (1, 2, 3), 8: (1, 2)}
#: What TINY's encoding learns something with in seconds (TINY's own 2 epochs at batch 128 stay
#: at chance, 0.5, for every seed: a table of equal numbers would test nothing).
QUICK = {"epochs": 3, "batch_size": 64, "learning_rate": 0.01}


def _train_and_record(folder, config, data, student):
    """Train ``config`` on ``data`` for real and write its class record, as notebook 07 does."""
    result = imdbviz.fit(config, data, verbose=0)
    metrics = {"test_accuracy": result.test_accuracy,
               "kept_epoch": kept_epoch({"history": result.history}, config.patience),
               "epochs_run": len(result.history["loss"]), "train_seconds": result.train_seconds}
    return write_record(folder, config, metrics, student=student, data=data)


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory, tiny_config, tiny_data):
    """A class of five students on the sample: lstm_units 4 with seeds 1, 2 and 3, 8 with seeds 1
    and 2, each run trained for real (TINY's sizes, 3 epochs)."""
    folder = tmp_path_factory.mktemp("class")
    for units in UNITS:
        for seed in SEEDS[units]:
            config = tiny_config.replace(lstm_units=units, seed=seed, **QUICK)
            _train_and_record(folder, config, tiny_data, student=f"student {units}-{seed}")
    return folder


def _raw(folder) -> list[dict]:
    """The records as the files hold them, read without imdbviz."""
    return [json.loads(path.read_text()) for path in sorted(Path(folder).glob("class-*.json"))]


def _copy(folder, tmp_path) -> Path:
    return Path(shutil.copytree(folder, tmp_path / "copy"))


def test_the_table_holds_the_numbers_of_the_records(class_folder):
    raw = _raw(class_folder)
    assert len(raw) == 5 and {r["data"] for r in raw} == {"sample"}
    result = class_results(read_records(class_folder), "lstm_units")
    assert result.values == list(UNITS) and result.data.startswith("sample")
    rows = {row["lstm_units"]: row for row in result.rows()}
    for units, group in zip(UNITS, result.groups):
        accuracies = np.array([r["test_accuracy"] for r in raw if r["config"]["lstm_units"] == units])
        mean, sd = accuracies.mean(), accuracies.std(ddof=1)
        se = sd / np.sqrt(len(accuracies))
        half = scipy_stats.t.ppf(0.975, len(accuracies) - 1) * se
        row = rows[str(units)]
        assert row["students"] == group.n == len(accuracies) == len(SEEDS[units])
        assert row["mean test accuracy"] == pytest.approx(mean)
        assert row["SD"] == pytest.approx(sd) and row["SE"] == pytest.approx(se)
        assert (row["95% low"], row["95% high"]) == pytest.approx((mean - half, mean + half))
        assert sorted(group.accuracies) == pytest.approx(sorted(accuracies))
        assert sorted(group.seeds) == list(SEEDS[units])
        assert sd > 0.001  # the seeds disagree: the spread is measured, not zero
        assert sorted(group.students) == [f"student {units}-{seed}" for seed in SEEDS[units]]
    assert result.differences == {} and result.repeats == [] and result.notes() == []
    points = result.point_rows()
    assert len(points) == 5 and {p["file"] for p in points} == \
        {p.name for p in class_folder.glob("class-*.json")}


def test_a_record_holds_what_the_teacher_needs(class_folder):
    record = _raw(class_folder)[0]
    config = imdbviz.Config(**record["config"])
    assert record["seed"] == config.seed and config.lstm_units in UNITS
    assert record["data_fingerprint"] == imdbviz.load_dataset(config, "sample", verbose=False).fingerprint
    assert (record["train_reviews"], record["test_reviews"]) == (2000, 1000)
    assert record["backend"] == imdbviz.backend.name() and record["imdbviz_version"] == imdbviz.__version__
    assert 1 <= record["kept_epoch"] <= record["epochs_run"] <= config.epochs
    assert record["train_seconds"] > 0 and record["written_at"].endswith("+00:00")
    assert record["student"].startswith("student ")


def test_the_parameter_that_varies_is_found(class_folder):
    assert class_results(read_records(class_folder)).parameter == "lstm_units"


def test_one_value_only_asks_for_the_parameter(class_folder):
    records = [r for r in read_records(class_folder) if r["config"]["lstm_units"] == 4]
    with pytest.raises(ValueError, match="no parameter varies between these 3 records"):
        class_results(records)
    [group] = class_results(records, "lstm_units").groups
    assert group.n == 3
    with pytest.raises(ValueError, match="'units' is not a parameter of these records.*lstm_units"):
        class_results(records, "units")
    with pytest.raises(ValueError, match="the seed is what varies"):
        class_results(records, "seed")


def test_other_differences_are_named_not_averaged_silently(class_folder, tmp_path, tiny_config,
                                                          tiny_data):
    folder = _copy(class_folder, tmp_path)
    late = tiny_config.replace(lstm_units=8, seed=4, **{**QUICK, "epochs": 1})
    _train_and_record(folder, late, tiny_data, "late")
    records = read_records(folder)
    with pytest.raises(ValueError, match=r"several parameters vary.*epochs: 1, 3; lstm_units: 4, 8"):
        class_results(records)
    result = class_results(records, "lstm_units")
    assert result.differences == {"epochs": [1, 3]}
    assert any("differ in epochs too (1, 3)" in note for note in result.notes())
    assert "differ in epochs too" in result.markdown()
    by_epochs = class_results(records, "epochs")
    assert [g.n for g in by_epochs.groups] == [1, 5] and by_epochs.differences == {"lstm_units": [4, 8]}


def test_records_on_other_data_are_refused(class_folder, tmp_path):
    folder = _copy(class_folder, tmp_path)
    record = _raw(folder)[0]  # the same run as a student would record it on the full archive
    record.update(data="aclimdb", data_fingerprint="0123456789abcdef", train_reviews=25000)
    (folder / "class-full-data.json").write_text(json.dumps(record))
    with pytest.raises(ValueError, match=r"different data: 5 on sample .*; 1 on aclimdb "
                                         r"\(fingerprint 0123456789abcdef\) \(class-full-data.json\)"):
        class_results(read_records(folder))


def test_a_seed_run_twice_is_flagged(class_folder, tmp_path, tiny_config):
    folder = _copy(class_folder, tmp_path)
    again = next(r for r in _raw(folder) if r["config"]["lstm_units"] == 4 and r["seed"] == 2)
    (folder / "class-again.json").write_text(json.dumps({**again, "student": "copycat"}))
    result = class_results(read_records(folder))
    assert result.repeats == [(4, 2, 2)]
    assert any("lstm_units=4 with seed 2 was run 2 times" in note for note in result.notes())


def test_a_damaged_or_foreign_file_is_skipped_with_a_warning(class_folder, tmp_path):
    folder = _copy(class_folder, tmp_path)
    (folder / "broken.json").write_text('{"format": "imdbviz class record", "config": {')
    (folder / "summary.json").write_text(json.dumps({"notebooks": 9}))
    future = {**_raw(folder)[0], "format_version": 99}
    (folder / "future.json").write_text(json.dumps(future))
    with pytest.warns(ClassRecordWarning) as caught:
        records = read_records(folder)
    said = [str(w.message) for w in caught]
    assert len(records) == 5 and len(said) == 3
    assert any("broken.json: not readable JSON" in s for s in said)
    assert any("summary.json: not a class record" in s for s in said)
    assert any("future.json: format version 99" in s for s in said)


def test_a_missing_or_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no folder .*class_record_dir"):
        read_records(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="no class records in .*class_record_dir FOLDER"):
        read_records(tmp_path)
    (tmp_path / "notes.json").write_text("[1, 2]")
    with pytest.warns(ClassRecordWarning), \
            pytest.raises(ValueError, match=r"1 JSON file\(s\) skipped"):
        read_records(tmp_path)


def test_thirty_students_write_into_one_folder_at_once(tmp_path, tiny_config, tiny_data):
    folder = tmp_path / "shared"
    write = lambda _: write_record(folder, tiny_config, {"test_accuracy": 0.5}, student="same name",
                                   data=tiny_data)
    with ThreadPoolExecutor(8) as pool:
        paths = list(pool.map(write, range(30)))
    assert len(set(paths)) == 30 and sorted(folder.iterdir()) == sorted(paths)  # no temporary left
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClassRecordWarning)
        assert len(read_records(folder)) == 30


def test_bad_input_to_write_record_says_what_is_wrong(tmp_path, tiny_config):
    with pytest.raises(ValueError, match="test_accuracy'\\] must be a number from 0 to 1"):
        write_record(tmp_path, tiny_config, {"test_accuracy": 73.3})
    with pytest.raises(ValueError, match="must be a number from 0 to 1, got None"):
        write_record(tmp_path, tiny_config, {"kept_epoch": 2})
    with pytest.raises(ValueError, match="unknown metrics \\['accuracy'\\]"):
        write_record(tmp_path, tiny_config, {"test_accuracy": 0.7, "accuracy": 0.7})
    with pytest.raises(ValueError, match="must be an imdbviz.Config"):
        make_record(tiny_config.to_dict(), {"test_accuracy": 0.7})
    (tmp_path / "file").write_text("")
    with pytest.raises(NotADirectoryError, match="is a file"):
        write_record(tmp_path / "file", tiny_config, {"test_accuracy": 0.7})
    assert not list(tmp_path.glob("*.json"))


def test_the_plot_draws_every_student_and_each_mean(class_folder):
    raw = _raw(class_folder)
    ax = plot_class_results(class_results(read_records(class_folder)))
    for units in UNITS:
        accuracies = [r["test_accuracy"] for r in raw if r["config"]["lstm_units"] == units]
        assert sorted(ax.drawn_["students"][units].get_ydata()) == pytest.approx(sorted(accuracies))
        low, high = ax.drawn_["intervals"][units].get_segments()[0][:, 1]
        assert (low + high) / 2 == pytest.approx(np.mean(accuracies))
    means = [np.mean([r["test_accuracy"] for r in raw if r["config"]["lstm_units"] == u]) for u in UNITS]
    np.testing.assert_allclose(ax.drawn_["means"].get_ydata(), means)
    assert ax.get_xlabel() == "lstm_units"
    plt.close(ax.figure)


def test_the_command_gathers_a_folder(class_folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["class-results", str(class_folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| lstm_units | students | mean test accuracy |" in printed and "Every run:" in printed
    rows = list(csv.DictReader(io.StringIO((out / "class_lstm_units.csv").read_text())))
    raw = _raw(class_folder)
    for row, units in zip(rows, UNITS):
        accuracies = [r["test_accuracy"] for r in raw if r["config"]["lstm_units"] == units]
        assert (row["lstm_units"], row["students"]) == (str(units), str(len(accuracies)))
        assert float(row["mean test accuracy"]) == pytest.approx(np.mean(accuracies))
        assert float(row["SE"]) == pytest.approx(np.std(accuracies, ddof=1) / np.sqrt(len(accuracies)))
    assert (out / "class_lstm_units.md").read_text().startswith("**Test accuracy against lstm_units**")
    assert (out / "class_lstm_units.png").read_bytes()[:4] == b"\x89PNG"
    # by default next to the records, which a second gathering still reads alone
    folder = _copy(class_folder, tmp_path)
    (folder / "broken.json").write_text("{")
    for _ in range(2):
        assert main(["class-results", str(folder), "--parameter", "lstm_units"]) == 0
        said = capsys.readouterr().err
        assert said.startswith("imdbviz class-results: skipped ") and "broken.json" in said
    assert {p.name for p in folder.glob("class_lstm_units.*")} == {
        "class_lstm_units.csv", "class_lstm_units.md", "class_lstm_units.png"}


def test_the_command_says_what_is_wrong(tmp_path, capsys):
    assert main(["class-results", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.startswith("imdbviz class-results: error: no folder")
    assert main(["class-results", str(tmp_path)]) == 2
    assert "error: no class records in" in capsys.readouterr().err


def test_notebook_07_writes_the_record_of_its_run(tmp_path, monkeypatch):
    """One student's run of notebook 07 on the sample (seed 3; the comparisons over seeds come
    from the shipped results): its record is the run the notebook records for `imdbviz run`
    (same test accuracy, kept epoch and epochs)."""
    monkeypatch.setenv("IMDBVIZ_CACHE", str(tmp_path / "cache"))
    shared = tmp_path / "class"
    parameters = {"dataset": "sample", "seed": 3, "class_record_dir": str(shared)}
    run = run_notebook(NOTEBOOK_07, tmp_path / "07.ipynb", parameters)
    assert run.status == "ok", run.error
    [record] = read_records(shared)
    assert imdbviz.Config(**record["config"]) == imdbviz.Config.from_params(parameters)
    assert record["data"] == "sample" and record["seed"] == 3
    for name in ("test_accuracy", "kept_epoch", "epochs_run"):
        assert record[name] == pytest.approx(run.metrics[name])
    assert read_metrics(run.output)["test_accuracy"] == pytest.approx(record["test_accuracy"])
    printed = "".join("".join(o.get("text", "")) for c in json.loads(run.output.read_text())["cells"]
                      for o in c.get("outputs", []))
    assert f"Your result for the class: {shared / record['file']}" in printed
