"""Assignments from the committed notebooks, and their autograder (``imdbviz assign``,
``imdbviz grade``), built on otter-grader.

The exercises are marked in the notebooks by cell metadata, never by text a student reads past:
``metadata.imdbviz = {"exercise": k, "role": "answer" | "check" | "solution"}``. Each notebook's
answer key, ``notebooks/answer_keys/<notebook>.py``, holds per exercise the code that answers it,
the hidden tests the autograder runs after the whole notebook ran, and a deliberately wrong
answer (CI grades it to prove the tests can fail).

``build_assignments`` writes, per notebook: a student edition (the solutions removed, the exercise
cells' outputs cleared, everything else as committed), the solution notebook, and an otter-grader
autograder zip. ``grade`` runs the autograder on a folder of submitted notebooks (each in its own
process, with a time limit) and writes the scores per student and exercise as a CSV.
"""
from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import runpy
import subprocess
import sys
import tempfile
import textwrap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import files

#: Where each notebook's answer key lives, relative to the notebooks' folder.
KEYS_FOLDER = "answer_keys"
#: The course's repository, which a Gradescope-style grading image installs.
REPOSITORY = "git+https://github.com/imdbviz/imdbviz"
ROLES = ("answer", "check", "solution")


@dataclass(frozen=True)
class Exercise:
    """One exercise of a notebook's answer key.

    ``solution``: code added at the end of the exercise's answer cell, setting every name the
    cell leaves as ``None``. ``tests``: hidden tests, each a few lines of code run in the
    notebook's namespace after the whole notebook ran; an ``assert`` with a message that says what
    is wrong. ``wrong``: code that answers wrongly (the tests must fail on it)."""
    number: int
    solution: str
    tests: tuple[str, ...]
    wrong: str
    points: float = 1.0

    def __post_init__(self):
        if not self.tests:
            raise ValueError(f"exercise {self.number}: an answer key needs at least one hidden test")


def exercise_cells(nb) -> dict[int, dict[str, list[int]]]:
    """``{exercise: {"answer": [cell indices], "check": [...], "solution": [...]}}`` from the
    cells' ``metadata.imdbviz``."""
    found: dict[int, dict[str, list[int]]] = {}
    for index, cell in enumerate(nb.cells):
        mark = cell.get("metadata", {}).get("imdbviz", {})
        if "exercise" in mark and mark.get("role") in ROLES:
            found.setdefault(int(mark["exercise"]), {r: [] for r in ROLES})[mark["role"]].append(index)
    return dict(sorted(found.items()))


def key_path(notebook: Path) -> Path:
    return Path(notebook).parent / KEYS_FOLDER / f"{Path(notebook).stem}.py"


def load_key(notebook) -> list[Exercise]:
    """The answer key of ``notebook`` (``answer_keys/<stem>.py`` beside it), checked against the
    notebook's marked exercises."""
    notebook = Path(notebook)
    path = key_path(notebook)
    if not path.is_file():
        raise FileNotFoundError(f"{notebook.name} has no answer key: expected {path}")
    key = runpy.run_path(str(path)).get("EXERCISES")
    if not key or not all(isinstance(e, Exercise) for e in key):
        raise ValueError(f"{path} must define EXERCISES, a list of imdbviz.assignments.Exercise")
    marked = exercise_cells(nbformat.read(notebook, as_version=4))
    numbers = [e.number for e in key]
    if sorted(numbers) != list(marked):
        raise ValueError(f"{path} answers exercises {sorted(numbers)}, but {notebook.name} marks "
                         f"exercises {list(marked)} (cell metadata imdbviz.exercise)")
    for number, roles in marked.items():
        if not roles["answer"] or not roles["check"]:
            raise ValueError(f"{notebook.name}: exercise {number} needs an answer cell and a check "
                             "cell (metadata imdbviz.role)")
    return sorted(key, key=lambda e: e.number)


def student_edition(nb, name: str):
    """A copy of ``nb`` without the solution cells, its exercise cells' outputs cleared."""
    nb = copy.deepcopy(nb)
    kept = []
    for cell in nb.cells:
        role = cell.get("metadata", {}).get("imdbviz", {}).get("role")
        if role == "solution":
            continue
        if role in ("answer", "check") and cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        kept.append(cell)
    nb.cells = kept
    nb.metadata["imdbviz"] = {"assignment": name, "edition": "student"}
    nb.metadata["otter"] = {"assignment_name": name}  # otter refuses another assignment's notebook
    return nb


def answered(nb, key: list[Exercise], which: str = "solution", only: int | None = None):
    """A copy of the student edition ``nb`` with each exercise's ``which`` code ("solution" or
    "wrong") added at the end of its (last) answer cell; ``only``: that exercise only, the
    others answered with their solution."""
    nb = copy.deepcopy(nb)
    cells = exercise_cells(nb)
    for exercise in key:
        code = exercise.wrong if (which == "wrong" and only in (None, exercise.number)) \
            else exercise.solution
        cell = nb.cells[cells[exercise.number]["answer"][-1]]
        cell.source = cell.source.rstrip() + "\n\n" + code.strip() + "\n"
    return nb


def _raw(text: str):
    return nbformat.v4.new_raw_cell(text)


def _as_function(test: str, number: int) -> str:
    """A hidden test as one function and its call: otter runs a test as a doctest, which goes on
    after a failing line; in a function the first failing ``assert`` ends the test, its message
    is what the student reads, and the test's own names stay local."""
    body = textwrap.indent(textwrap.dedent(test).strip(), "    ")
    return f"def hidden_test_{number}_():\n{body}\nhidden_test_{number}_()"


def otter_master(nb, key: list[Exercise], name: str):
    """The otter-assign master notebook of one assignment: its answer cells with the key's
    solutions marked, and the hidden tests (otter's v1 format; only the tests are used)."""
    config = {"name": name, "requirements": None, "environment": None, "run_tests": False,
              "init_cell": False, "check_all_cell": False, "export_cell": False,
              "solutions_pdf": False, "generate": {"seed": None}}
    master = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))
    master.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3",
                                              "language": "python"})
    master.metadata.setdefault("language_info", {"name": "python"})
    master.cells.append(_raw("# ASSIGNMENT CONFIG\n" + "\n".join(
        f"{k}: {json.dumps(v)}" for k, v in config.items())))
    cells = exercise_cells(nb)
    for exercise in key:
        answer = nb.cells[cells[exercise.number]["answer"][-1]].source.rstrip()
        master.cells += [
            _raw(f"# BEGIN QUESTION\nname: ex{exercise.number}\npoints: {exercise.points}\n"
                 "all_or_nothing: true"),
            _raw("# BEGIN SOLUTION"),
            nbformat.v4.new_code_cell(f"{answer}\n# BEGIN SOLUTION NO PROMPT\n"
                                      f"{exercise.solution.strip()}\n# END SOLUTION"),
            _raw("# END SOLUTION"),
            _raw("# BEGIN TESTS"),
            *[nbformat.v4.new_code_cell('""" # BEGIN TEST CONFIG\nhidden: true\n'
                                        f'""" # END TEST CONFIG\n{_as_function(test, i)}')
              for i, test in enumerate(exercise.tests, 1)],
            _raw("# END TESTS"),
            _raw("# END QUESTION"),
        ]
    return master


@dataclass
class Assignment:
    """One notebook's assignment: ``student``, ``solution`` and ``autograder`` (zip) paths."""
    name: str
    student: Path
    solution: Path
    autograder: Path
    exercises: list[int] = field(default_factory=list)


def _otter_assign(master, name: str, zip_target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="imdbviz-assign-") as tmp:
        tmp = Path(tmp)
        nbformat.write(master, tmp / f"{name}.ipynb")
        done = subprocess.run([sys.executable, "-m", "otter", "assign", "--no-pdfs",
                               f"{name}.ipynb", "dist"], cwd=tmp, capture_output=True, text=True)
        zips = sorted((tmp / "dist" / "autograder").glob("*.zip"))
        if done.returncode != 0 or not zips:
            raise RuntimeError(f"otter assign failed for {name}:\n{done.stdout}\n{done.stderr}")
        files.write_bytes(zip_target, zips[0].read_bytes())


def _otter_available() -> None:
    try:
        import otter  # noqa: F401
    except ImportError:
        raise ImportError('the assignments need otter-grader: pip install "imdbviz[teacher]"') \
            from None


def build_assignments(notebooks, out) -> list[Assignment]:
    """For each notebook: ``out/student/<nb>.ipynb``, ``out/solutions/<nb>.ipynb`` and
    ``out/autograder/<nb>.zip``. ``out`` must be new or empty."""
    _otter_available()
    notebooks = [Path(n) for n in notebooks]
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: give a new folder for the assignments")
    keys = {n: load_key(n) for n in notebooks}  # every key is checked before anything is written
    built = []
    for notebook, key in keys.items():
        name = notebook.stem
        student = student_edition(nbformat.read(notebook, as_version=4), name)
        solution = answered(student, key)
        solution.metadata["imdbviz"]["edition"] = "solution"
        paths = Assignment(name, out / "student" / notebook.name, out / "solutions" / notebook.name,
                           out / "autograder" / f"{name}.zip", [e.number for e in key])
        for path, nb in ((paths.student, student), (paths.solution, solution)):
            files.write_text(path, nbformat.writes(nb) + "\n")
        _otter_assign(otter_master(student, key, name), name, paths.autograder)
        built.append(paths)
    files.write_text(out / "assignments.json", json.dumps(
        {a.name: {"exercises": a.exercises, "points": sum(e.points for e in keys[n])}
         for a, n in zip(built, notebooks)}, indent=1) + "\n")
    return built


# --- grading -----------------------------------------------------------------------------

@dataclass
class Graded:
    """One submission's result: score per exercise, and messages for the teacher."""
    student: str
    assignment: str
    path: Path
    scores: dict[int, float]
    possible: dict[int, float]
    messages: list[str]

    @property
    def total(self) -> float:
        return sum(self.scores.values())


def _assignment_of(path: Path, names: list[str]) -> str | None:
    try:
        mark = json.loads(path.read_text()).get("metadata", {}).get("imdbviz", {})
    except (OSError, ValueError):
        mark = {}
    if mark.get("assignment") in names:
        return mark["assignment"]
    by_name = [n for n in names if n in path.stem]
    if not by_name:
        numbers = set(re.findall(r"(?<!\d)(\d\d)(?!\d)", path.stem))
        by_name = [n for n in names if n[:2] in numbers]
    return by_name[0] if len(by_name) == 1 else None


def find_submissions(folder, names: list[str]) -> list[tuple[str, str, Path]]:
    """``(student, assignment, path)`` of every notebook under ``folder``: the student is the
    first sub-folder (``folder/<student>/<nb>.ipynb``) or, for files directly in ``folder``, the
    file name with the assignment's name removed."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of submitted notebooks")
    found = []
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        name = _assignment_of(path, names)
        relative = path.relative_to(folder)
        if len(relative.parts) > 1:
            student = relative.parts[0]
        else:
            stem = path.stem
            for token in (name, name and name[:2]):
                if token and token in stem:
                    stem = stem.replace(token, "", 1)
                    break
            student = stem.strip("-_ ") or path.stem
        found.append((student, name, path))
    if not found:
        raise FileNotFoundError(f"no .ipynb file under {folder}")
    return found


def _missing_cells(submission: Path, student: Path) -> list[str]:
    """What the submission deleted of the handed-out notebook, by cell id."""
    try:
        given = nbformat.read(student, as_version=4)
        got = nbformat.read(submission, as_version=4)
    except Exception as error:  # noqa: BLE001 -- unreadable: the grader reports it
        return [f"could not read the notebook ({type(error).__name__}: {error})"]
    ids = {cell.get("id") for cell in got.cells}
    marks = {}
    for number, roles in exercise_cells(given).items():
        for role, indices in roles.items():
            for i in indices:
                marks[given.cells[i].get("id")] = f"exercise {number}'s {role} cell"
    gone = [cell.get("id") for cell in given.cells if cell.get("id") not in ids]
    if not gone:
        return []
    named = [marks[i] for i in gone if i in marks]
    return [f"{len(gone)} cell(s) of the handed-out notebook deleted"
            + (f", among them {', '.join(named)}" if named else "")]


_WORKER = """
import json, re, sys
from otter.api import grade_submission
results = grade_submission(sys.argv[1], sys.argv[2], quiet=True)
errors = []
for i, cell in enumerate(results.notebook.cells if results.notebook else []):
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            errors.append(f"cell {i + 1} raised {output.get('ename')}: {output.get('evalue')}"[:300])
tests = {}
for name, result in results.results.items():
    failed = []
    for tc in result.test_case_results:
        if not tc.passed and tc.message.strip():
            lines = tc.message.strip().splitlines()
            raised = [l.strip() for l in lines if re.match(r"\s*[A-Za-z_.]*(Error|Exception)\b.*", l)]
            failed.append(raised[0] if raised else lines[-1].strip())
    tests[name] = {"score": result.score, "possible": result.possible, "failed": failed}
json.dump({"tests": tests, "errors": errors}, open(sys.argv[3], "w"))
"""


def grade_one(submission, autograder, timeout: float = 900) -> dict:
    """Run otter's autograder on one submitted notebook in a separate process.
    ``{"tests": {"exN": {"score", "possible", "failed"}}, "errors": [...]}``; a submission that
    runs past ``timeout`` seconds or crashes the grader gets ``{"tests": {}, "errors": [why]}``."""
    with tempfile.TemporaryDirectory(prefix="imdbviz-grade-") as tmp:
        target = Path(tmp) / "result.json"
        try:
            done = subprocess.run([sys.executable, "-c", _WORKER, str(Path(submission).resolve()),
                                   str(Path(autograder).resolve()), str(target)],
                                  cwd=tmp, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"tests": {}, "errors": [f"stopped after {timeout:.0f} s (a cell that never "
                                            "ends?): nothing could be graded"]}
        if done.returncode != 0 or not target.exists():
            last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            return {"tests": {}, "errors": [f"the grader could not run this notebook: {last}"]}
        return json.loads(target.read_text())


def grade(submissions, assignments, jobs: int = 1, timeout: float = 900, echo=None) -> list[Graded]:
    """Grade every notebook under ``submissions`` with the autograders that
    ``build_assignments`` wrote into ``assignments``; ``jobs`` submissions at a time."""
    assignments = Path(assignments)
    index = assignments / "assignments.json"
    if not index.is_file():
        raise FileNotFoundError(f"{assignments} holds no assignments (no assignments.json): "
                                "build them first with `imdbviz assign OUT`")
    known = json.loads(index.read_text())
    found = find_submissions(submissions, list(known))

    def one(item):
        student, name, path = item
        if name is None:
            return Graded(student, "?", path, {}, {}, [
                f"{path.name}: which notebook is this? (no imdbviz assignment metadata, and its "
                "name matches none of the assignments)"])
        messages = _missing_cells(path, assignments / "student" / f"{name}.ipynb")
        result = grade_one(path, assignments / "autograder" / f"{name}.zip", timeout)
        messages += result["errors"]
        scores, possible = {}, {}
        for number in known[name]["exercises"]:
            test = result["tests"].get(f"ex{number}")
            scores[number] = float(test["score"]) if test else 0.0
            possible[number] = float(test["possible"]) if test else 1.0
            if test and test["failed"] and scores[number] < possible[number]:
                failed = [m.strip() for m in test["failed"]]
                first = next((m for m in failed if m.startswith("AssertionError")), failed[0])
                messages.append(f"exercise {number}: {first}"[:300])
        graded = Graded(student, name, path, scores, possible, messages)
        if echo:
            echo(f"{student:>20}  {name}: {graded.total:g} / {sum(possible.values()):g}"
                 + (f"  ({len(messages)} note(s))" if messages else ""))
        return graded

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, found))


def grades_table(graded: list[Graded]) -> str:
    """The scores as CSV text: one row per student, one column per exercise (``01 ex1``), the
    total, the points possible, and the notes."""
    columns = sorted({(g.assignment, n) for g in graded for n in g.scores})
    students = sorted({g.student for g in graded})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["student"] + [f"{a[:2]} ex{n}" for a, n in columns]
                    + ["total", "possible", "notes"])
    for student in students:
        mine = [g for g in graded if g.student == student]
        score = {(g.assignment, n): s for g in mine for n, s in g.scores.items()}
        writer.writerow([student] + [f"{score[c]:g}" if c in score else "" for c in columns]
                        + [f"{sum(g.total for g in mine):g}",
                           f"{sum(sum(g.possible.values()) for g in mine):g}",
                           " | ".join(f"{g.assignment[:2]}: {m}" for g in mine
                                      for m in g.messages)])
    return buffer.getvalue()


def check_assignments(built: list[Assignment], out, jobs: int = 1, echo=None) -> list[str]:
    """Grade the solution notebooks (full marks expected) and the unchanged student editions
    (zero expected) of ``built``; the problems found, as sentences (none: the keys hold)."""
    import shutil

    problems = []
    with tempfile.TemporaryDirectory(prefix="imdbviz-check-") as tmp:
        for a in built:
            for edition, path in (("solution", a.solution), ("student", a.student)):
                target = Path(tmp) / edition / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        for g in grade(tmp, out, jobs=jobs, echo=echo):
            possible = sum(g.possible.values())
            if g.student == "solution" and g.total < possible:
                problems.append(f"{g.assignment}'s solution scores {g.total:g} of {possible:g}: "
                                + "; ".join(g.messages))
            if g.student == "student" and g.total > 0:
                problems.append(f"{g.assignment}'s unanswered student edition scores {g.total:g}")
    return problems


def write_grades(graded: list[Graded], path) -> Path:
    path = Path(path)
    files.write_text(path, grades_table(graded))
    return path


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use `imdbviz assign` and `imdbviz grade`")
