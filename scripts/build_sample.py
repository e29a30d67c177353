"""Build the bundled sample, imdbviz/_sample/aclImdb_sample.tar.gz, from the official archive.

Picks, deterministically, TRAIN/2 positive + TRAIN/2 negative training reviews and TEST/2 + TEST/2
test reviews (a seeded random choice among each folder's files sorted by id) and writes them,
byte for byte, in the official ``aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt`` layout, with
a README that cites the dataset.

    python scripts/build_sample.py ../shared/data/aclImdb_v1_labeled.tar.gz
"""
import argparse
import io
import tarfile
from pathlib import Path

import numpy as np

from imdbviz.data import CITATION, REVIEW_PATH, SAMPLE_PATH, iter_archive, iter_folder
from imdbviz.files import write_bytes

README = """Bundled sample of the Large Movie Review Dataset v1.0 (Maas et al., ACL 2011)
===========================================================================

{n_train} training and {n_test} test reviews, balanced between positive and negative, chosen
with seed {seed} by scripts/build_sample.py from the official archive
(https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz). Each review is byte for byte
the official one, in the official layout. It lets the course run without a download; results on
it are not comparable with results on the full 25,000/25,000 reviews.

Cite the dataset: {citation}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="official aclImdb_v1.tar.gz (or extracted folder)")
    parser.add_argument("--train", type=int, default=2000)
    parser.add_argument("--test", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2011)
    parser.add_argument("--out", type=Path, default=SAMPLE_PATH)
    args = parser.parse_args()
    source = Path(args.source)
    files = {}
    for name, raw in (iter_folder(source) if source.is_dir() else iter_archive(source)):
        split, label, review_id, _ = REVIEW_PATH.search(name).groups()
        files.setdefault((split, label), []).append((int(review_id), name.split("/")[-1], raw))
    rng = np.random.default_rng(args.seed)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=9) as out:
        def add(name, data):
            info = tarfile.TarInfo(f"aclImdb/{name}")
            info.size, info.mtime, info.mode = len(data), 1303862400, 0o644
            out.addfile(info, io.BytesIO(data))
        text = README.format(n_train=args.train, n_test=args.test, seed=args.seed,
                             citation=CITATION)
        add("README", text.encode())
        for split, count in (("train", args.train), ("test", args.test)):
            for label in ("neg", "pos"):
                rows = sorted(files[split, label])
                for i in sorted(rng.choice(len(rows), count // 2, replace=False)):
                    add(f"{split}/{label}/{rows[i][1]}", rows[i][2])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(args.out, buffer.getvalue())  # a temporary name, then renamed: never half a file
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
