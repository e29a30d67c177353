"""The ``imdbviz`` command: ``data``, ``train``, ``predict`` (and ``run``, the notebooks;
``class-results``, a class experiment)."""
from __future__ import annotations

import argparse
import json
import sys


def _dataset(args) -> str:
    return args.data or args.dataset


def _add_data_options(parser):
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--dataset", default="auto",
                       help="auto (default), aclimdb, keras, sample, or a path")
    group.add_argument("--data", metavar="PATH",
                       help="an aclImdb_v1.tar.gz archive or aclImdb/ folder")


def cmd_data(args) -> int:
    from .data import download_official, resolve_source
    from .encoding import load_dataset

    if args.download:
        path = download_official()
        print(f"Downloaded and checked: {path}")
    source = resolve_source(_dataset(args), download=args.download or None)
    print(f"dataset={_dataset(args)!r} resolves to: {source.describe(with_path=True)}")
    if args.count:
        data = load_dataset(dataset=_dataset(args), verbose=False)
        print(f"{len(data.y_train):,} train / {len(data.y_test):,} test reviews")
    return 0


def cmd_train(args) -> int:
    from .config import PRESETS
    from .experiments import at_epoch, kept_epoch
    from .runs import trained_model

    config = PRESETS[args.preset]
    if args.epochs is not None:
        config = config.replace(epochs=args.epochs)
    if args.seed is not None:
        config = config.replace(seed=args.seed)
    result = trained_model(config, _dataset(args), retrain=True, verbose=0 if args.quiet else 1)
    if args.json:
        metrics = result.metrics()
        run = {"history": result.history}
        kept = kept_epoch(run, result.config.patience)  # the epoch whose weights fit keeps
        metrics.update(preset=args.preset, seed=result.config.seed,
                       dataset=result.data.source.describe(with_path=True), kept_epoch=kept,
                       validation_accuracy=(at_epoch(run, "val_accuracy", kept)
                                            if "val_accuracy" in result.history else None))
        print(json.dumps(metrics))
    return 0


def cmd_predict(args) -> int:
    from .config import PRESETS
    from .encoding import tokenize_reviews
    from .runs import trained_model

    texts = list(args.text)
    if args.file:
        stream = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")
        with stream:
            texts += [line.rstrip("\n") for line in stream if line.strip()]
    if not texts:
        raise ValueError("no review given: pass the text as arguments, or --file F (- for stdin)")
    tokenize_reviews(texts)  # refuse an empty review before loading (or training) a model
    result = trained_model(PRESETS[args.preset], _dataset(args), verbose=0 if args.json else 1)
    rows = result.predictions(texts).rows()
    if args.json:
        print(json.dumps(rows))
    else:
        for row in rows:
            print(f"{row['label']:8} {row['probability']:.3f}  {row['text'][:70]}")
            if not row["reliable"]:
                print(f"{'':15}^ {row['note']}")
    return 0


def cmd_run(args) -> int:
    from .runner import (default_out_dir, find_notebooks, parse_parameters, run_series,
                         summary_table)
    from .jobs import executor_from
    from .sweep import DEFAULT_SWEEP_NOTEBOOK, parse_sweep, run_sweep

    parameters = parse_parameters(args.parameters)
    if not args.sweep and (args.workers is not None or args.scheduler):
        raise ValueError("--workers and --scheduler run the runs of a --sweep side by side; "
                         "without --sweep the notebooks run one after another, in order")
    if args.sweep:
        name, values = parse_sweep(args.sweep)
        if args.inplace:
            raise ValueError("--sweep writes one notebook per value into --out; "
                             "it cannot be combined with --inplace")
        notebook = find_notebooks(args.notebooks, args.only or (DEFAULT_SWEEP_NOTEBOOK,))[0]
        runs, paths = run_sweep(notebook, name, values, parameters, args.out,
                                kernel_name=args.kernel, executor=executor_from(args))
        print(paths["md"].read_text())
        print(f"Sweep table: {paths['csv']} and {paths['md']}; plot: {paths['png']}")
    else:
        notebooks = find_notebooks(args.notebooks, args.only)
        out = args.out or (None if args.inplace else default_out_dir())
        runs = run_series(notebooks, parameters, out, inplace=args.inplace,
                          kernel_name=args.kernel, bake_parameters=args.bake_parameters,
                          allow_other_data=args.allow_other_data)
        print(summary_table(runs))
        if out is not None:
            print(f"Executed notebooks and summary.md / summary.csv in {out}")
    return 0 if all(run.status == "ok" for run in runs) else 1


def cmd_class_results(args) -> int:
    import warnings

    from .classroom import ClassRecordWarning, class_results, read_records, write_results

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ClassRecordWarning)
        records = read_records(args.folder)
    for warning in caught:
        if issubclass(warning.category, ClassRecordWarning):
            print(f"imdbviz class-results: {warning.message}", file=sys.stderr)
        else:
            warnings.showwarning(warning.message, warning.category, warning.filename,
                                 warning.lineno)
    result = class_results(records, args.parameter)
    paths = write_results(result, args.out or args.folder)
    print(result.markdown())
    print(f"Class table: {paths['csv']} and {paths['md']}; plot: {paths['png']}")
    return 0


def cmd_site(args) -> int:
    from .site import build_site

    out = build_site(args.out, notebooks=args.notebooks, readme=args.readme,
                     quiet=not args.verbose)
    print(f"The course website: {out / 'index.html'}")
    return 0


def cmd_assign(args) -> int:
    from .assignments import build_assignments, check_assignments
    from .runner import find_notebooks

    notebooks = find_notebooks(args.notebooks, args.only)
    built = build_assignments(notebooks, args.out)
    for a in built:
        print(f"{a.name}: {len(a.exercises)} exercises; student edition {a.student}, "
              f"autograder {a.autograder}")
    if args.check:
        problems = check_assignments(built, args.out, jobs=args.jobs, echo=print)
        for problem in problems:
            print(f"imdbviz assign --check: {problem}", file=sys.stderr)
        return 1 if problems else 0
    return 0


def cmd_grade(args) -> int:
    from .assignments import grade, write_grades

    graded = grade(args.submissions, args.assignments, jobs=args.jobs, timeout=args.timeout,
                   echo=print)
    path = write_grades(graded, args.csv)
    print(f"Scores of {len({g.student for g in graded})} students: {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from .jobs import add_cluster_options

    parser = argparse.ArgumentParser(prog="imdbviz", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    data = sub.add_parser("data", help="which data `dataset` resolves to, its path and size")
    _add_data_options(data)
    data.add_argument("--download", action="store_true",
                      help="download the official archive (md5-checked) into the Keras cache")
    data.add_argument("--count", action="store_true", help="also read it and count the reviews")
    data.set_defaults(func=cmd_data)

    train = sub.add_parser("train", help="train a preset from scratch (and cache it)")
    train.add_argument("--preset", choices=["small", "full", "seed"], default="small",
                       help="small (the post's sizes) or full (the tutorial's); seed is the old name of small")
    _add_data_options(train)
    train.add_argument("--epochs", type=int)
    train.add_argument("--seed", type=int, help="another seed than the preset's (7)")
    train.add_argument("--json", action="store_true",
                       help="print the metrics as one JSON object on the last line")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    train.set_defaults(func=cmd_train)

    predict = sub.add_parser("predict", help="sentiment of raw review texts (cached model)")
    predict.add_argument("text", nargs="*", help="review texts")
    predict.add_argument("--preset", choices=["small", "full", "seed"], default="small",
                       help="small (the post's sizes) or full (the tutorial's); seed is the old name of small")
    _add_data_options(predict)
    predict.add_argument("--file", help="one review per line; - reads standard input")
    predict.add_argument("--json", action="store_true")
    predict.set_defaults(func=cmd_predict)

    run = sub.add_parser(
        "run", help="execute the notebooks in order with papermill; print a summary table",
        description="Execute every notebook (or those named) in order with papermill, passing "
                    "the same parameters to each, and print a table of seconds, status and "
                    "metrics. Exit status 1 when a notebook failed.")
    run.add_argument("only", nargs="*", metavar="NOTEBOOK",
                     help="notebooks to run: names, paths or globs, e.g. 05 or '0[1-3]*' "
                          "(default: every notebook in --notebooks)")
    run.add_argument("-p", "--parameter", dest="parameters", nargs=2, action="append",
                     metavar=("NAME", "VALUE"),
                     help="a notebook parameter, e.g. -p dataset sample -p epochs 3 "
                          "(int, float, True/False/None, else text)")
    run.add_argument("--notebooks", default="notebooks",
                     help="folder holding the notebooks (default: notebooks, relative to the "
                          "current folder)")
    run.add_argument("--out", help="a new folder for the executed notebooks and summary "
                                   "(default: a new runs/<timestamp>/); one that already holds "
                                   "a run is refused")
    run.add_argument("--inplace", action="store_true",
                     help="regenerate the committed outputs: each notebook is executed into a "
                          "temporary file and replaces the original only when every cell ran; "
                          "parameters other than the notebook's defaults are refused")
    run.add_argument("--bake-parameters", action="store_true",
                     help="with --inplace: write the -p values into the notebooks anyway")
    run.add_argument("--allow-other-data", action="store_true",
                     help="with --inplace: regenerate the outputs from other data than the full "
                          "archive (e.g. the bundled sample), which is otherwise refused")
    run.add_argument("--sweep", metavar="NAME=V1,V2,...",
                     help="run the training notebook (07, or the first NOTEBOOK given) once per "
                          "value and write a comparison table (CSV, markdown) and plot (PNG)")
    run.add_argument("--kernel", help="Jupyter kernel name (default: the notebook's own)")
    add_cluster_options(run)  # --workers N, --scheduler URL: the runs of a --sweep
    run.set_defaults(func=cmd_run)

    classes = sub.add_parser(
        "class-results", help="gather a class's records of notebook 07 into a table and a plot",
        description="Read the class records in FOLDER (each student's run of notebook 07 with "
                    "-p class_record_dir FOLDER writes one), print test accuracy against the "
                    "parameter the class varied (students, mean, SD, SE, 95%% interval per "
                    "value) and write class_<parameter>.csv, .md and .png.")
    classes.add_argument("folder", metavar="FOLDER", help="the class's folder of records")
    classes.add_argument("--parameter", metavar="NAME",
                         help="the parameter the class varied, e.g. lstm_units (default: the "
                              "one that varies between the records)")
    classes.add_argument("--out", metavar="DIR",
                         help="where to write the table and plot (default: FOLDER)")
    classes.set_defaults(func=cmd_class_results)

    site = sub.add_parser(
        "site", help="build the course website (Jupyter Book) from the notebooks and README",
        description="Build a static website into OUT, offline, from the committed notebooks "
                    "(outputs as committed, nothing is run) and README.md: a page per notebook "
                    "and a page for teachers. Needs pip install \"imdbviz[teacher]\".")
    site.add_argument("out", metavar="OUT", help="a new (or empty) folder for the site")
    site.add_argument("--notebooks", default="notebooks",
                      help="folder holding the notebooks (default: notebooks)")
    site.add_argument("--readme", help="the home page (default: README.md beside --notebooks)")
    site.add_argument("--verbose", action="store_true", help="show Sphinx's progress")
    site.set_defaults(func=cmd_site)
    assign = sub.add_parser(
        "assign", help="student editions of the notebooks without solutions, and an autograder",
        description="For each notebook: a student edition (solutions removed, exercise outputs "
                    "cleared), the solution notebook and an otter-grader autograder (zip) with "
                    "the hidden tests of notebooks/answer_keys/. Needs imdbviz[teacher].")
    assign.add_argument("out", help="a new (or empty) folder for the assignments")
    assign.add_argument("only", nargs="*", metavar="NOTEBOOK",
                        help="notebooks to assign, e.g. 01 or '0[1-3]*' (default: all)")
    assign.add_argument("--notebooks", default="notebooks", help="folder holding the notebooks")
    assign.add_argument("--check", action="store_true",
                        help="then grade the solutions (full marks expected) and the student "
                             "editions (zero expected); exit status 1 otherwise")
    assign.add_argument("--jobs", type=int, default=1, help="notebooks graded at a time (--check)")
    assign.set_defaults(func=cmd_assign)

    grade = sub.add_parser(
        "grade", help="grade a folder of submitted notebooks: a CSV of scores per student",
        description="Run the autograders of `imdbviz assign` on every .ipynb under SUBMISSIONS "
                    "(SUBMISSIONS/<student>/<notebook>.ipynb, or <student>_<notebook>.ipynb): "
                    "each notebook is executed with the hidden tests, in its own process.")
    grade.add_argument("submissions", help="folder of submitted notebooks")
    grade.add_argument("--assignments", required=True, help="the folder `imdbviz assign` wrote")
    grade.add_argument("--csv", default="grades.csv", help="where to write the scores")
    grade.add_argument("--jobs", type=int, default=1,
                       help="submissions graded at a time (about one per 2 CPU cores)")
    grade.add_argument("--timeout", type=float, default=900,
                       help="seconds one submission may run before it is stopped (default 900)")
    grade.set_defaults(func=cmd_grade)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, OSError, ImportError) as error:  # DataError is a ValueError
        print(f"imdbviz {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM during `run --inplace`: no traceback
        print(f"imdbviz {args.command}: stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
