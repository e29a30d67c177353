"""The package's imports flow one way (DESIGN.md's layers): every import of every module,
function-level ones included, read from the source with ``ast``; no import circle, and no
import from a lower layer into a higher one."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "imdbviz"

#: Layers, low to high. A module may import its own layer or lower ones, never higher.
LAYERS = [
    ("ground", {"config", "files", "backend", "tables", "blog_post", "stats", "jobs"}),
    ("data", {"data", "vocab", "encoding"}),
    ("model", {"model"}),
    ("training", {"batches", "train", "shipped", "runs", "experiments", "word2vec"}),
    ("analysis", {"tensors", "saliency", "embedding", "probes", "corpus", "baselines",
                  "comparison"}),
    ("plots", {"plots"}),
    ("widgets", {"widgets"}),
    ("face", {"claims", "exercises", "notebook_metrics", "notebook_files", "runner", "sweep", "cli",
              "classroom", "site", "assignments",
              "__init__", "__main__"}),
]
LAYER = {name: rank for rank, (_, names) in enumerate(LAYERS) for name in names}


def _module(path: Path) -> str:
    """``imdbviz/plots/curves.py`` -> ``plots.curves``; ``imdbviz/__init__.py`` -> ``__init__``."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if len(parts) > 1 and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _layer(module: str) -> int:
    top = module.split(".")[0]
    if top not in LAYER:
        pytest.fail(f"imdbviz/{module}: no layer; add it to LAYERS in {__file__}")
    return LAYER[top]


def _imports(path: Path) -> set[str]:
    """The package modules ``path`` imports, anywhere in the file (``"__init__"`` for the
    package itself)."""
    module = _module(path)
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    if module == "__init__":
        package = []
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)]
            elif node.module and node.module.split(".")[0] == "imdbviz":
                base, node_module = [], node.module.split(".", 1)[1:]
                target = ".".join(node_module)
                found.add(target or "__init__")
                continue
            else:
                continue
            target = ".".join(base + (node.module.split(".") if node.module else []))
            if node.module:
                found.add(target or "__init__")
            else:  # `from . import x, y`: each name may be a module
                for alias in node.names:
                    name = ".".join(base + [alias.name])
                    exists = (PACKAGE / Path(*name.split("."))).with_suffix(".py").exists() or \
                        (PACKAGE / Path(*name.split("."))).is_dir()
                    found.add(name if exists else (".".join(base) or "__init__"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "imdbviz":
                    found.add(".".join(alias.name.split(".")[1:]) or "__init__")
    return found - {module}


def _graph() -> dict[str, set[str]]:
    return {_module(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_a_layer():
    for module in _graph():
        _layer(module)


def test_no_import_goes_up_a_layer():
    upward = [f"{a} ({LAYERS[_layer(a)][0]}) imports {b} ({LAYERS[_layer(b)][0]})"
              for a, targets in _graph().items() for b in sorted(targets)
              if _layer(b) > _layer(a)]
    assert not upward, "imports against the flow:\n" + "\n".join(upward)


def test_nothing_inside_imports_the_package_itself():
    inside = [a for a, targets in _graph().items() if "__init__" in targets and a != "__init__"]
    assert not inside, f"these modules import imdbviz's __init__: {inside}"


def test_no_import_circle():
    graph = _graph()
    state, stack, circles = {}, [], []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                circles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not circles, "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)


def test_the_walk_sees_function_level_imports(tmp_path):
    """The checker itself: an import inside a function counts, a circle is found."""
    package = tmp_path / "imdbviz"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "train.py").write_text("def f():\n    from .runs import g\n")
    (package / "runs.py").write_text("from . import train\n")
    (package / "plots").mkdir()
    (package / "plots" / "__init__.py").write_text("")
    (package / "config.py").write_text("def f():\n    from .plots import curves\n")
    globals()["PACKAGE"] = package
    try:
        assert _imports(package / "train.py") == {"runs"}
        assert _imports(package / "runs.py") == {"train"}
        assert _imports(package / "config.py") == {"plots"}
        with pytest.raises(AssertionError, match="runs -> train -> runs"):
            test_no_import_circle()
        with pytest.raises(AssertionError, match="config \\(ground\\) imports plots"):
            test_no_import_goes_up_a_layer()
    finally:
        globals()["PACKAGE"] = Path(__file__).resolve().parent.parent / "imdbviz"
