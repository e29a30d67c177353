"""Short texts: the trained network and the same-budget TF-IDF on test reviews cut to their
first (and their last) ``--words`` words, as a student types a short review into a widget.

    IMDBVIZ_CACHE=... python benchmarks/short_texts.py --data ../shared/data/aclImdb_v1_labeled.tar.gz \\
        --preset full --seed 7

The network is the one ``imdbviz train --preset P --seed S`` stored in the cache (run that
first, with the same ``IMDBVIZ_CACHE``). The baseline is TF-IDF of unigrams and bigrams with the
network's vocabulary budget (notebook 08's), fitted as the network is. A review is cut by the
course's tokenizer (``imdbviz.vocab.tokenize``): its first or last ``--words`` tokens, known to
the vocabulary or not. Prints one JSON object: test accuracy on whole reviews and on each cut.
"""
from __future__ import annotations

import argparse
import json
import sys


def cuts(texts, words: int) -> dict:
    """``{"first": [...], "last": [...]}``: each text as its first / last ``words`` tokens."""
    from imdbviz.vocab import tokenize

    tokens = [tokenize(t) for t in texts]
    return {"first": [" ".join(t[:words]) for t in tokens],
            "last": [" ".join(t[-words:]) for t in tokens]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="the aclImdb archive or folder")
    parser.add_argument("--preset", choices=["small", "full", "seed"], default="small")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--words", type=int, default=30)
    parser.add_argument("--tfidf", action="store_true", help="also the TF-IDF baseline")
    args = parser.parse_args(argv)
    import imdbviz
    from imdbviz import baselines
    from imdbviz.train import accuracy

    config = imdbviz.PRESETS[args.preset].replace(seed=args.seed)
    data = imdbviz.load_dataset(config, args.data, verbose=False)
    result = imdbviz.trained_model(config, data=data)
    texts = cuts(data.reviews.test_texts, args.words)
    out = {"preset": args.preset, "seed": args.seed, "words": args.words,
           "origin": result.origin, "network": result.test_accuracy}
    for side, cut_texts in texts.items():
        out[f"network_{side}"] = accuracy(result.predict(cut_texts), data.y_test)
    if args.tfidf:
        tfidf = baselines.fit_baseline("tfidf-2", data, config)
        out["tfidf"] = tfidf.test_accuracy
        for side, cut_texts in texts.items():
            out[f"tfidf_{side}"] = accuracy(tfidf.predict(cut_texts), data.y_test)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
