"""A class experiment: what one laptop cannot measure alone, a class measures together.

The teacher gives each student one value of a parameter (say ``lstm_units``) and a seed of
their own. Each student's run of notebook 07 with ``class_record_dir`` set writes one small
*class record* (``write_record``) into a folder the class shares; ``read_records`` reads the
folder back and ``class_results`` sets test accuracy against the parameter, per value: the
number of students, mean, standard deviation, standard error and 95% interval
(``imdbviz.stats.Spread``), and every student's point. What else differs between the records
(epochs, backend, ...) is reported, never silently averaged over; records on different data
are refused. ``write_results`` writes the table (CSV, markdown) and the plot
(``imdbviz.plots.plot_class_results``): ``imdbviz class-results FOLDER``.
"""
from __future__ import annotations

import datetime
import json
import os
import platform
import re
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import stats as _scipy_stats

from . import backend, files
from .config import Config
from .stats import CONFIDENCE, Spread, spread
from .tables import csv_text, format_rows

#: What a class record says it is (``"format"``), and the version of its layout.
FORMAT = "imdbviz class record"
FORMAT_VERSION = 1
#: The metrics a record takes from a run; ``test_accuracy`` is required.
METRICS = ("test_accuracy", "kept_epoch", "epochs_run", "train_seconds")
#: Record fields besides the config that must agree for runs to be the same experiment; a
#: difference is reported (``ClassResult.differences``).
SETTINGS = ("backend", "keras", "imdbviz_version")


class ClassRecordWarning(UserWarning):
    """A file of the class folder that is not a readable class record (it is skipped)."""


# ----------------------------------------------------------------------------- one record
def make_record(config: Config, metrics: dict, data=None, student: str | None = None) -> dict:
    """The class record of one run (a JSON-ready dict): the full ``config`` and its seed, the
    Keras backend and versions, the data (``data``: the ``imdbviz.Dataset`` it ran on: its
    kind, "sample" or "aclimdb", fingerprint and sizes), ``metrics`` (``METRICS``: test
    accuracy, required; kept epoch, epochs run, train seconds), the time and ``student``."""
    if not isinstance(config, Config):
        raise ValueError(f"config must be an imdbviz.Config, got {type(config).__name__}")
    unknown = sorted(set(metrics) - set(METRICS))
    if unknown:
        raise ValueError(f"unknown metrics {unknown}: a class record takes {list(METRICS)}")
    accuracy = metrics.get("test_accuracy")
    if isinstance(accuracy, bool) or not isinstance(accuracy, (int, float, np.number)) \
            or not 0.0 <= float(accuracy) <= 1.0:
        raise ValueError(f"metrics['test_accuracy'] must be a number from 0 to 1, got {accuracy!r}")
    if student is not None and not isinstance(student, str):
        raise ValueError(f"student must be a name (text) or None, got {student!r}")
    versions = backend.versions()

    def number(name, kind):
        value = metrics.get(name)
        return None if value is None else kind(value)

    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "student": (student or "").strip() or None,
        "config": config.to_dict(), "seed": config.seed,
        "backend": versions["backend"], "keras": versions["keras"], "versions": versions,
        "imdbviz_version": backend.package_version(),
        "data": data.source.kind if data is not None else None,
        "data_fingerprint": data.fingerprint if data is not None else None,
        "train_reviews": len(data.y_train) if data is not None else None,
        "test_reviews": len(data.y_test) if data is not None else None,
        "test_accuracy": float(accuracy), "kept_epoch": number("kept_epoch", int),
        "epochs_run": number("epochs_run", int), "train_seconds": number("train_seconds", float),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "written_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def _slug(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")[:40]


def write_record(folder, config: Config, metrics: dict, student: str | None = None,
                 data=None) -> Path:
    """Write the class record of one run (``make_record``) into ``folder`` (created if need
    be) and return its path. Its name is new (time, student, seed and a random part), and the
    file appears complete or not at all (``imdbviz.files``), so any number of students may
    write into one shared folder at once without clashing or overwriting one another."""
    record = make_record(config, metrics, data=data, student=student)
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"class_record_dir {str(folder)!r} is a file: give a folder "
                                 "the class shares")
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S")
    who = _slug(student)
    while True:
        name = "-".join(part for part in ("class", stamp, who, f"seed{config.seed}",
                                          uuid.uuid4().hex[:12]) if part)
        path = folder / f"{name}.json"
        if not path.exists():
            break
    return files.write_text(path, json.dumps(record, indent=1) + "\n")


def _problem(record) -> str | None:
    """Why ``record`` (read from JSON) is not a class record this version reads, or None."""
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return f"not a class record (no \"format\": \"{FORMAT}\")"
    if not isinstance(record.get("format_version"), int) \
            or record["format_version"] > FORMAT_VERSION:
        return (f"format version {record.get('format_version')!r}, which this imdbviz does "
                f"not read (it reads {FORMAT_VERSION}): update imdbviz")
    if not isinstance(record.get("config"), dict) or not record["config"]:
        return "a class record without its config"
    accuracy = record.get("test_accuracy")
    if isinstance(accuracy, bool) or not isinstance(accuracy, (int, float)) \
            or not 0 <= accuracy <= 1:
        return f"test_accuracy {accuracy!r} is not a number from 0 to 1"
    if isinstance(record.get("seed"), bool) or not isinstance(record.get("seed"), int):
        return f"seed {record.get('seed')!r} is not a whole number"
    return None


def read_records(folder) -> list[dict]:
    """Every class record (``*.json``) in ``folder``, each with ``"file"``: its file name. A
    file that is not a readable class record (damaged, foreign, from a newer imdbviz) is
    skipped with a ``ClassRecordWarning`` that names it. A missing folder, or one without a
    single record, is an error that says what to do."""
    folder = Path(folder).expanduser()
    if not folder.exists():
        raise FileNotFoundError(
            f"no folder {str(folder)!r}: give the folder the students' runs of notebook 07 "
            "wrote their records into (its class_record_dir)")
    if not folder.is_dir():
        raise NotADirectoryError(f"{str(folder)!r} is a file, not the class's folder of records")
    paths = sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))
    records = []
    for path in paths:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            problem = _problem(record)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            problem = f"not readable JSON ({error})"
        if problem:
            warnings.warn(f"skipped {path}: {problem}", ClassRecordWarning, stacklevel=2)
            continue
        records.append({**record, "file": path.name})
    if not records:
        skipped = f" ({len(paths)} JSON file(s) skipped, see the warnings)" if paths else ""
        raise ValueError(
            f"no class records in {str(folder)!r}{skipped}: each student's run of notebook 07 "
            "with -p class_record_dir FOLDER writes one there")
    return records


# ----------------------------------------------------------------------------- the class
def _key(value) -> str:
    """A value as comparable text (1 and 1.0 are one value; a list is hashable)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, sort_keys=True)


def _label(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _sorted_values(values) -> list:
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    return sorted(values, key=(lambda v: v) if numbers else _key)


def _distinct(records, get) -> list:
    """The distinct values ``get(record)`` takes over ``records``, sorted."""
    found = {}
    for record in records:
        value = get(record)
        found.setdefault(_key(value), value)
    return _sorted_values(list(found.values()))


def _varying(records) -> dict:
    """``{config field: [its values]}`` for the fields other than the seed that differ."""
    names = sorted({name for r in records for name in r["config"]} - {"seed"})
    values = {name: _distinct(records, lambda r, n=name: r["config"].get(n)) for name in names}
    return {name: found for name, found in values.items() if len(found) > 1}


def _data_of(record) -> str:
    kind = record.get("data") or "unknown data"
    fingerprint = record.get("data_fingerprint")
    return f"{kind} (fingerprint {fingerprint})" if fingerprint else kind


def _check_one_data_set(records) -> None:
    """Refuse records on different data: a mean over them measures no one thing."""
    groups = {}
    for record in records:
        groups.setdefault(record.get("data_fingerprint") or record.get("data"), []).append(record)
    if len(groups) > 1:
        parts = [f"{len(group)} on {_data_of(group[0])}"
                 + (f" ({', '.join(r['file'] for r in group[:3])}"
                    f"{', ...' if len(group) > 3 else ''})" if "file" in group[0] else "")
                 for group in groups.values()]
        raise ValueError(
            "these records ran on different data: " + "; ".join(parts) + ". A class table "
            "compares the values of one parameter on one data set: put each data set's records "
            "in a folder of its own (each record's \"data\" says which) and gather each folder "
            "on its own.")


@dataclass
class ClassGroup:
    """The students' runs of one ``value`` of the parameter: ``spread`` (their test
    accuracies, a ``Spread`` with ``n``, ``mean``, ``std``, ``stderr``), and per run, in the
    same order, ``students`` (names, None when not given), ``seeds`` and ``files``."""

    value: object
    spread: Spread
    students: tuple
    seeds: tuple
    files: tuple = ()

    @property
    def n(self) -> int:
        return self.spread.n

    @property
    def accuracies(self) -> np.ndarray:
        return self.spread.values

    @property
    def interval(self) -> tuple[float, float] | None:
        """The ``CONFIDENCE`` (95%) interval of the mean, ``mean +/- t * stderr`` (Student's t
        with ``n - 1`` degrees of freedom); None for one student (no spread to measure)."""
        if self.n < 2:
            return None
        half = float(_scipy_stats.t.ppf(0.5 + CONFIDENCE / 2, self.n - 1)) * self.spread.stderr
        return (self.spread.mean - half, self.spread.mean + half)


@dataclass
class ClassResult:
    """Test accuracy against ``parameter``: ``groups`` (one ``ClassGroup`` per value, in
    order), the ``data`` they all ran on, ``differences`` ``{field: [values]}`` (config fields
    other than ``parameter`` and the seed, and ``SETTINGS``, that differ between the records:
    averaged over within a value, so the class should know) and ``repeats`` (``(value, seed,
    count)``: one value run with one seed by several students, the same run again rather
    than new evidence)."""

    parameter: str
    groups: list[ClassGroup]
    data: str
    differences: dict = field(default_factory=dict)
    repeats: list = field(default_factory=list)

    @property
    def values(self) -> list:
        return [group.value for group in self.groups]

    @property
    def n_records(self) -> int:
        return sum(group.n for group in self.groups)

    def rows(self) -> list[dict]:
        """One row per value: students, mean, SD, SE, the 95% interval, the seeds (SD, SE and
        interval empty for a value one student ran)."""
        rows = []
        for group in self.groups:
            several = group.n > 1
            low, high = group.interval or (None, None)
            rows.append({
                self.parameter: _label(group.value), "students": group.n,
                "mean test accuracy": group.spread.mean,
                "SD": group.spread.std if several else None,
                "SE": group.spread.stderr if several else None,
                "95% low": low, "95% high": high,
                "seeds": ", ".join(str(s) for s in group.seeds)})
        return rows

    def point_rows(self) -> list[dict]:
        """One row per record: the value, student, seed, test accuracy and file."""
        return [{self.parameter: _label(group.value),
                 "student": (student or "").replace("|", "/"),  # a markdown table's rule
                 "seed": seed, "test accuracy": float(accuracy), "file": name}
                for group in self.groups
                for student, seed, accuracy, name in zip(
                    group.students, group.seeds, group.accuracies,
                    group.files or ("",) * group.n)]

    def notes(self) -> list[str]:
        """What the reader of the table must know: what else differs, repeated seeds, values
        with a single student."""
        notes = [f"The records differ in {name} too ({', '.join(_label(v) for v in values)}): "
                 f"each mean mixes them, so a difference between values of {self.parameter} "
                 f"may come from {name} instead. Gather runs that differ only in "
                 f"{self.parameter} and the seed."
                 for name, values in self.differences.items()]
        notes += [f"{self.parameter}={_label(value)} with seed {seed} was run {count} times: "
                  f"the same run again, not {count} independent results (give each student a "
                  "seed of their own)." for value, seed, count in self.repeats]
        notes += [f"{self.parameter}={_label(g.value)}: one student, so no spread and no "
                  "interval." for g in self.groups if g.n == 1]
        return notes

    def markdown(self) -> str:
        """The table, what its columns mean, the notes, and every student's result."""
        text = [f"**Test accuracy against {self.parameter}**: {self.n_records} runs on "
                f"{self.data}.", "", format_rows(self.rows(), markdown=True), "",
                "SD: how far one run strays from its value's mean; SE = SD / sqrt(students): "
                "how far the mean strays; 95% low/high: mean +/- t x SE (Student's t, "
                "students - 1 degrees of freedom)."]
        text += ["", *[f"- {note}" for note in self.notes()]] if self.notes() else []
        text += ["", "Every run:", "", format_rows(self.point_rows(), markdown=True)]
        return "\n".join(text) + "\n"

    def csv(self) -> str:
        return csv_text(self.rows())


def class_results(records: list[dict], parameter: str | None = None) -> ClassResult:
    """Test accuracy against ``parameter`` over class ``records`` (``read_records``).
    ``parameter=None``: the one config field besides the seed that varies between the
    records (a ValueError names them when none or several vary). Records on different data
    are refused; other differences are reported in ``differences``."""
    records = list(records)
    if not records:
        raise ValueError("no class records to gather")
    _check_one_data_set(records)
    varying = _varying(records)
    known = sorted({name for r in records for name in r["config"]})
    if parameter is None:
        if not varying:
            raise ValueError(
                f"no parameter varies between these {len(records)} records, only their seeds: "
                "name the parameter to tabulate them anyway (--parameter NAME)")
        if len(varying) > 1:
            listed = "; ".join(f"{name}: {', '.join(_label(v) for v in values)}"
                               for name, values in varying.items())
            raise ValueError(
                f"several parameters vary between the records ({listed}): name the one the "
                "class varied (--parameter NAME); the others are then reported as differences")
        parameter = next(iter(varying))
    elif parameter == "seed":
        raise ValueError("the seed is what varies between the students of one value: name "
                         "the parameter the class varied (e.g. lstm_units)")
    elif parameter not in known:
        raise ValueError(f"{parameter!r} is not a parameter of these records; they have: "
                         f"{', '.join(known)}")
    differences = {name: values for name, values in varying.items() if name != parameter}
    for name in SETTINGS:
        values = _distinct(records, lambda r, n=name: r.get(n))
        if len(values) > 1:
            differences[name] = values
    groups, repeats = [], []
    for value in _distinct(records, lambda r: r["config"].get(parameter)):
        runs = [r for r in records if _key(r["config"].get(parameter)) == _key(value)]
        seeds = [r["seed"] for r in runs]
        repeats += [(value, seed, seeds.count(seed)) for seed in sorted(set(seeds))
                    if seeds.count(seed) > 1]
        groups.append(ClassGroup(
            value, spread(runs, "test_accuracy", name=f"{parameter}={_label(value)}"),
            tuple(r.get("student") for r in runs), tuple(seeds),
            tuple(r.get("file", "") for r in runs)))
    return ClassResult(parameter, groups, _data_of(records[0]), differences, repeats)


def write_results(result: ClassResult, out) -> dict:
    """Write ``class_<parameter>.csv``, ``.md`` and ``.png`` (``plot_class_results``) into
    ``out`` (created if need be); returns ``{"csv": path, "md": path, "png": path}``."""
    from matplotlib.figure import Figure  # not pyplot: no window, no backend switched

    from .plots import plot_class_results

    out = Path(out).expanduser()
    stem = f"class_{result.parameter}"
    paths = {kind: out / f"{stem}.{kind}" for kind in ("csv", "md", "png")}
    files.write_text(paths["csv"], result.csv())
    files.write_text(paths["md"], result.markdown())
    figure = Figure(figsize=(7.0, 4.5))
    plot_class_results(result, ax=figure.subplots())
    with files.atomic_path(paths["png"], suffix=".png") as tmp:
        figure.savefig(tmp, dpi=100, bbox_inches="tight")
    return paths
