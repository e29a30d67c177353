"""The teacher's assignments (``imdbviz assign``, ``imdbviz grade``): the student editions built
from the committed notebooks, the answer keys, and the autograder (otter-grader) run on real
submissions of every notebook: the solutions get full marks, the unchanged student editions zero,
one wrong answer loses exactly its exercise, and a notebook that raises or lost a cell is still
graded, with a note. On the full data only the solutions are graded (the hidden tests hold there
too); the other submissions are graded on the bundled sample."""
import csv
import json
import os
import zipfile
from pathlib import Path

import nbformat
import pytest

from imdbviz import assignments, cli

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FULL = bool(os.environ.get("IMDBVIZ_DATA"))
pytest.importorskip("otter", reason='the assignments need otter-grader: pip install "imdbviz[teacher]"')


def _read(path):
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_exercise_is_marked_and_has_a_key(notebook):
    nb = _read(notebook)
    marked = assignments.exercise_cells(nb)
    assert marked, f"{notebook.name} marks no exercise"
    for number, roles in marked.items():
        assert len(roles["answer"]) == 1 and len(roles["check"]) == 1 \
            and len(roles["solution"]) == 1, (number, roles)
        answer, check, solution = (nb.cells[roles[r][0]] for r in ("answer", "check", "solution"))
        assert answer.cell_type == check.cell_type == "code"
        assert "= None" in answer.source                      # what the student fills in
        assert solution.cell_type == "markdown" and solution.source.startswith(
            "<details><summary>Solution</summary>") and solution.source.rstrip().endswith("</details>")
    key = assignments.load_key(notebook)
    assert [e.number for e in key] == list(marked)
    for exercise in key:
        assert exercise.tests and exercise.solution.strip() and exercise.wrong.strip()
        for test in exercise.tests:   # an empty answer fails with a message, not a TypeError
            assert "assert" in test


def test_a_key_that_answers_other_exercises_is_refused(tmp_path):
    notebook = tmp_path / "01_encoding_and_padding.ipynb"
    notebook.write_text((ROOT / "notebooks" / notebook.name).read_text())
    (tmp_path / "answer_keys").mkdir()
    (tmp_path / "answer_keys" / "01_encoding_and_padding.py").write_text(
        "from imdbviz.assignments import Exercise\n"
        "EXERCISES = [Exercise(1, 'answer_1 = 1', ('assert answer_1 == 1',), 'answer_1 = 2')]\n")
    with pytest.raises(ValueError, match=r"answers exercises \[1\], but .* marks exercises \[1, 2, 3, 4\]"):
        assignments.load_key(notebook)
    (tmp_path / "answer_keys" / "01_encoding_and_padding.py").unlink()
    with pytest.raises(FileNotFoundError, match="has no answer key"):
        assignments.load_key(notebook)
    with pytest.raises(ValueError, match="at least one hidden test"):
        assignments.Exercise(1, "answer_1 = 1", (), "answer_1 = 2")


def test_the_student_edition_drops_the_solutions_and_keeps_the_lesson():
    notebook = ROOT / "notebooks" / "03_embedding_layer.ipynb"
    committed = _read(notebook)
    student = assignments.student_edition(committed, notebook.stem)
    assert not any("<details><summary>Solution" in c.source for c in student.cells)
    marked = assignments.exercise_cells(committed)
    n_solutions = sum(len(r["solution"]) for r in marked.values())
    assert len(student.cells) == len(committed.cells) - n_solutions
    exercise_ids = {committed.cells[i].id for r in marked.values() for role in ("answer", "check")
                    for i in r[role]}
    for cell in student.cells:
        if cell.id in exercise_ids:
            assert cell.outputs == [] and cell.execution_count is None
    kept = {c.id: c for c in committed.cells}
    lesson = [c for c in student.cells if c.cell_type == "code" and c.id not in exercise_ids]
    assert sum(bool(c.outputs) for c in lesson) > 20        # the lesson reads without running
    assert all(c.outputs == kept[c.id].outputs for c in lesson)
    assert student.metadata["otter"]["assignment_name"] == notebook.stem
    assert committed.cells[marked[1]["solution"][0]].cell_type == "markdown"  # the input is untouched


def test_build_writes_student_solution_and_autograder(tmp_path):
    notebook = ROOT / "notebooks" / "01_encoding_and_padding.ipynb"
    out = tmp_path / "assignments"
    assert cli.main(["assign", str(out), str(notebook)]) == 0
    key = assignments.load_key(notebook)
    student, solution = _read(out / "student" / notebook.name), _read(out / "solutions" / notebook.name)
    for exercise in key:
        cell = solution.cells[assignments.exercise_cells(solution)[exercise.number]["answer"][0]]
        assert cell.source.rstrip().endswith(exercise.solution.strip())
    assert len(student.cells) == len(solution.cells)
    with zipfile.ZipFile(out / "autograder" / f"{notebook.stem}.zip") as z:
        tests = sorted(n for n in z.namelist() if n.startswith("tests/"))
        assert tests == [f"tests/ex{e.number}.py" for e in key]
        text = z.read("tests/ex1.py").decode()
        assert "'hidden': True" in text and "'all_or_nothing': True" in text
    assert json.loads((out / "assignments.json").read_text())[notebook.stem]["exercises"] == \
        [e.number for e in key]
    # a folder that holds something already is refused, and nothing is written into it
    assert cli.main(["assign", str(out), str(notebook)]) == 2


def test_grading_without_assignments_or_submissions_says_what_to_do(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path), "--assignments", str(tmp_path)]) == 2
    assert "build them first with `imdbviz assign OUT`" in capsys.readouterr().err
    with pytest.raises(FileNotFoundError, match="no .ipynb file"):
        assignments.find_submissions(tmp_path, ["01_encoding_and_padding"])


def test_submissions_are_named_by_folder_or_file(tmp_path):
    names = ["01_encoding_and_padding", "02_build_the_model"]
    (tmp_path / "ada").mkdir()
    for path in (tmp_path / "ada" / "01_encoding_and_padding.ipynb",
                 tmp_path / "bob_02_build_the_model.ipynb", tmp_path / "carol-02.ipynb",
                 tmp_path / "mystery.ipynb"):
        nbformat.write(nbformat.v4.new_notebook(), path)
    found = {(s, a) for s, a, _ in assignments.find_submissions(tmp_path, names)}
    assert found == {("ada", names[0]), ("bob", names[1]), ("carol", names[1]), ("mystery", None)}


def test_the_grades_table_has_a_row_per_student_and_a_column_per_exercise():
    graded = [assignments.Graded("ada", "01_x", Path("a"), {1: 1.0, 2: 0.0}, {1: 1.0, 2: 1.0}, ["n"]),
              assignments.Graded("ada", "02_y", Path("b"), {1: 1.0}, {1: 1.0}, []),
              assignments.Graded("bob", "01_x", Path("c"), {1: 0.0, 2: 1.0}, {1: 1.0, 2: 1.0}, [])]
    rows = list(csv.DictReader(assignments.grades_table(graded).splitlines()))
    assert [r["student"] for r in rows] == ["ada", "bob"]
    assert rows[0] == {"student": "ada", "01 ex1": "1", "01 ex2": "0", "02 ex1": "1", "total": "2",
                       "possible": "3", "notes": "01: n"}
    assert rows[1]["02 ex1"] == "" and rows[1]["total"] == "1"


# --- the autograder on real submissions (each one a whole notebook run) -------------------

@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """Every notebook's assignment, and per notebook the submissions of "solution" (the key's
    answers), "blank" (the student edition as handed out) and "one_wrong" (one exercise answered
    with its key's wrong code, another exercise in each notebook); notebook 01 also "broken" (a
    cell raises, another was deleted). Graded once, two at a time, through the command line."""
    tmp = tmp_path_factory.mktemp("grading")
    out, subs = tmp / "assignments", tmp / "submitted"
    assert cli.main(["assign", str(out)] + [str(n) for n in NOTEBOOKS]) == 0
    wrong = {}
    for i, notebook in enumerate(NOTEBOOKS):
        key = assignments.load_key(notebook)
        student = _read(out / "student" / notebook.name)
        variants = {"solution": assignments.answered(student, key)}
        if not FULL:
            wrong[notebook.stem] = key[i % len(key)].number
            variants["blank"] = student
            variants["one_wrong"] = assignments.answered(student, key, "wrong",
                                                         only=wrong[notebook.stem])
            if notebook.name.startswith("01"):
                broken = assignments.answered(student, key)
                cells = assignments.exercise_cells(broken)
                broken.cells[cells[1]["answer"][0]].source += "\nraise RuntimeError('my mistake')\n"
                del broken.cells[cells[3]["answer"][0]]
                variants["broken"] = broken
        for name, nb in variants.items():
            (subs / name).mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, subs / name / notebook.name)
    grades = tmp / "grades.csv"
    assert cli.main(["grade", str(subs), "--assignments", str(out), "--csv", str(grades),
                     "--jobs", "2"]) == 0
    rows = {r["student"]: r for r in csv.DictReader(grades.read_text().splitlines())}
    keys = {n.stem: assignments.load_key(n) for n in NOTEBOOKS}
    return rows, keys, wrong


def _scores(row, notebook, key):
    return {e.number: row[f"{notebook[:2]} ex{e.number}"] for e in key}


def test_the_solutions_get_full_marks(graded_class):
    rows, keys, _ = graded_class
    solution = rows["solution"]
    for notebook, key in keys.items():
        assert set(_scores(solution, notebook, key).values()) == {"1"}, (notebook, solution["notes"])
    assert solution["total"] == solution["possible"] == str(sum(len(k) for k in keys.values()))
    assert solution["notes"] == ""


@pytest.mark.skipif(FULL, reason="graded on the bundled sample only (the full-data tier grades the solutions)")
def test_the_handed_out_notebooks_score_zero_and_say_why(graded_class):
    rows, keys, _ = graded_class
    blank = rows["blank"]
    for notebook, key in keys.items():
        assert set(_scores(blank, notebook, key).values()) == {"0"}, notebook
    assert blank["total"] == "0"
    notes = blank["notes"].split(" | ")
    assert len(notes) == sum(len(k) for k in keys.values())     # one note per exercise
    assert all("AssertionError" in n and "could not run" not in n for n in notes), notes


@pytest.mark.skipif(FULL, reason="graded on the bundled sample only")
def test_one_wrong_answer_loses_exactly_its_exercise(graded_class):
    rows, keys, wrong = graded_class
    row = rows["one_wrong"]
    for notebook, key in keys.items():
        scores = _scores(row, notebook, key)
        assert scores == {n: "0" if n == wrong[notebook] else "1" for n in scores}, (notebook, row["notes"])
    assert int(row["total"]) == int(row["possible"]) - len(keys)


@pytest.mark.skipif(FULL, reason="graded on the bundled sample only")
def test_a_notebook_that_raises_or_lost_a_cell_is_still_graded(graded_class):
    rows, keys, _ = graded_class
    row = rows["broken"]
    scores = _scores(row, "01", keys["01_encoding_and_padding"])
    assert scores == {1: "1", 2: "1", 3: "0", 4: "1"}, row["notes"]
    assert "raised RuntimeError: my mistake" in row["notes"]
    assert "exercise 3's answer cell" in row["notes"] and "deleted" in row["notes"]
    assert "exercise 3: " in row["notes"]
