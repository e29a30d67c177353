"""The ``imdbviz`` command: ``data``, ``train``, ``predict`` (and ``run``, the notebooks)."""
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
    from .data import download_official, load_dataset, resolve_source

    if args.download:
        path = download_official()
        print(f"Downloaded and checked: {path}")
    source = resolve_source(_dataset(args), download=args.download or None)
    print(f"dataset={_dataset(args)!r} resolves to: {source.describe()}")
    if args.count:
        data = load_dataset(dataset=_dataset(args), verbose=False)
        print(f"{len(data.y_train):,} train / {len(data.y_test):,} test reviews")
    return 0


def cmd_train(args) -> int:
    from .config import PRESETS
    from .train import trained_model

    config = PRESETS[args.preset]
    if args.epochs is not None:
        config = config.replace(epochs=args.epochs)
    result = trained_model(config, _dataset(args), retrain=True, verbose=0 if args.quiet else 1)
    if args.json:
        metrics = result.metrics()
        metrics.update(preset=args.preset, dataset=result.data.source.describe(),
                       validation_accuracy=result.history.get("val_accuracy", [None])[-1])
        print(json.dumps(metrics))
    return 0


def cmd_predict(args) -> int:
    from .config import PRESETS
    from .train import trained_model

    texts = list(args.text)
    if args.file:
        stream = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")
        with stream:
            texts += [line.rstrip("\n") for line in stream if line.strip()]
    if not texts:
        raise ValueError("no review given: pass the text as arguments, or --file F (- for stdin)")
    result = trained_model(PRESETS[args.preset], _dataset(args), verbose=0 if args.json else 1)
    probabilities = result.predict(texts)
    rows = [{"text": t, "probability": round(float(p), 4),
             "label": "positive" if p >= 0.5 else "negative"} for t, p in zip(texts, probabilities)]
    if args.json:
        print(json.dumps(rows))
    else:
        for row in rows:
            print(f"{row['label']:8} {row['probability']:.3f}  {row['text'][:70]}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="imdbviz", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    data = sub.add_parser("data", help="which data `dataset` resolves to, its path and size")
    _add_data_options(data)
    data.add_argument("--download", action="store_true",
                      help="download the official archive (md5-checked) into the Keras cache")
    data.add_argument("--count", action="store_true", help="also read it and count the reviews")
    data.set_defaults(func=cmd_data)

    train = sub.add_parser("train", help="train a preset from scratch (and cache it)")
    train.add_argument("--preset", choices=["seed", "full"], default="seed")
    _add_data_options(train)
    train.add_argument("--epochs", type=int)
    train.add_argument("--json", action="store_true",
                       help="print the metrics as one JSON object on the last line")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    train.set_defaults(func=cmd_train)

    predict = sub.add_parser("predict", help="sentiment of raw review texts (cached model)")
    predict.add_argument("text", nargs="*", help="review texts")
    predict.add_argument("--preset", choices=["seed", "full"], default="seed")
    _add_data_options(predict)
    predict.add_argument("--file", help="one review per line; - reads standard input")
    predict.add_argument("--json", action="store_true")
    predict.set_defaults(func=cmd_predict)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, OSError) as error:  # DataError is a ValueError
        print(f"imdbviz {args.command}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
