"""Check an installed imdbviz wheel as a Colab user meets it: run from outside the source tree.

    python scripts/check_wheel.py dist/imdbviz-0.1.0-py3-none-any.whl --notebook notebooks/01_*.ipynb

1. ``imdbviz`` is imported from the installed location, not from a source checkout;
2. every module and package data file that the wheel lists is installed, every module imports,
   and the wheel holds every module of the source tree it was built from (``--source``);
3. the notebook runs to the end with papermill against the installed package (on the bundled
   sample, offline, with a throw-away model cache), in a temporary folder.

Exits non-zero, saying what is missing, on the first failure.
"""
from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path


def wheel_modules(wheel: Path) -> tuple[list[str], list[str]]:
    """The ``imdbviz`` modules (dotted names) and the package data files a wheel holds."""
    names = zipfile.ZipFile(wheel).namelist()
    modules = sorted(n[:-3].replace("/", ".").removesuffix(".__init__") for n in names
                     if n.startswith("imdbviz/") and n.endswith(".py"))
    data = sorted(n for n in names if n.startswith("imdbviz/") and not n.endswith(".py"))
    return modules, data


def source_modules(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root.parent).with_suffix("")).replace(os.sep, ".")
                  .removesuffix(".__init__") for p in root.rglob("*.py")
                  if "__pycache__" not in p.parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path)
    parser.add_argument("--notebook", type=Path, required=True)
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args(argv)

    import imdbviz

    installed = Path(imdbviz.__file__).resolve().parent
    # The CI's virtual environment may sit inside the checkout (.ci/venv), so compare with the
    # source package itself, not with every folder below the checkout.
    if installed == (args.source.resolve() / "imdbviz") or "site-packages" not in installed.parts:
        sys.exit(f"imdbviz was imported from {installed}, not from an installed wheel")
    modules, data = wheel_modules(args.wheel)
    missing = sorted(set(source_modules(args.source / "imdbviz")) - set(modules))
    if missing:
        sys.exit(f"the wheel lacks these modules of the source tree: {missing}")
    for name in modules:
        importlib.import_module(name)
    absent = [f for f in data if not (installed.parent / f).is_file()]
    if absent or not any(f.startswith("imdbviz/_sample/") for f in data):
        sys.exit(f"package data missing from the install: {absent or 'imdbviz/_sample/'}")
    print(f"wheel: {len(modules)} modules import from {installed}; {len(data)} data files")

    import papermill

    with tempfile.TemporaryDirectory(prefix="imdbviz-wheel-") as folder:
        notebook = Path(folder) / args.notebook.name
        shutil.copy(args.notebook, notebook)
        os.environ.update(IMDBVIZ_OFFLINE="1", IMDBVIZ_CACHE=str(Path(folder) / "cache"),
                          IMDBVIZ_LIVE="0", MPLBACKEND="Agg")
        os.environ.pop("IMDBVIZ_DATA", None)
        papermill.execute_notebook(str(notebook), str(notebook), parameters={"dataset": "sample"},
                                   cwd=folder, progress_bar=False)
    print(f"wheel: {args.notebook.name} ran to the end against the installed package")
    return 0


if __name__ == "__main__":
    sys.exit(main())
