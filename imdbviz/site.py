"""The course website (``imdbviz site OUT``): a static Jupyter Book 1.x site built from README.md
and the committed notebooks, offline.

The committed notebooks are never touched: ``write_sources`` copies them into a temporary folder
and injects there what the site adds (each notebook's measured run time, links to open it in
JupyterLab, Colab and Binder; text links instead of the remote badge images), writes the home
page from README.md, the teacher's page (its sessions table computed from the notebooks), the
table of contents and the configuration. ``build_site`` then runs Sphinx on that folder with
execution off. Jupyter Book and Sphinx are imported inside the functions that need them, so
``import imdbviz`` never needs them.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

REPOSITORY = "https://github.com/imdbviz/imdbviz"
COLAB_URL = "https://colab.research.google.com/github/imdbviz/imdbviz/blob/main/notebooks/{name}"
BINDER_URL = "https://mybinder.org/v2/gh/imdbviz/imdbviz/main?labpath=notebooks%2F{name}"
#: A live widget's view (as ``imdbviz.widgets.static``, not imported: it would load ipywidgets).
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
INSTALL_HINT = 'pip install "imdbviz[teacher]"'

#: The site's own sources that ship with the package: the teacher's page and its session notes.
SITE_DATA = Path(__file__).parent / "_site"
#: Where the committed notebooks' copies keep the pristine notebook offered for download.
ORIGINALS = "_originals"
TEACHERS_PAGE = "teachers"
SESSIONS_MARKER = "<!-- the sessions table -->"
#: The source folder of static files the site serves without loading them on every page.
VENDOR = "_vendor"

_NOTEBOOK_NAME = re.compile(r"^(\d\d)_\w+\.ipynb$")
_RAN_IN = re.compile(r"This notebook ran in (\d+) s\.")
_BADGE = re.compile(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)[ \t]*\n?")
_TEACH_MINUTES = re.compile(r"\*\*Time:\*\*[^\n]*?(?:one\s+(\d+)-minute|(\d+)\s+minutes)")
_EXERCISE = re.compile(r"^\*\*(?:Exercise\s+)?\d+\.", re.M)
_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(([^)\s]+)\)")
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


@dataclass(frozen=True)
class Session:
    """One notebook of the course, as the site presents it: ``number`` ("01"), ``title`` (its
    first heading without the number), ``run_seconds`` (the committed run, printed by its last
    cell; None when absent), ``teach_minutes`` (what its **Time:** line says; None when it says
    none), and counts of its visible code cells, collapsed (``hide-input``) cells, exercises."""
    path: Path
    number: str
    title: str
    run_seconds: int | None
    teach_minutes: int | None
    lesson_cells: int
    hidden_cells: int
    exercises: int

    @property
    def name(self) -> str:
        """The notebook's file name, e.g. ``01_encoding_and_padding.ipynb``."""
        return self.path.name

    @property
    def page(self) -> str:
        """The page's document name (the file name without ``.ipynb``)."""
        return self.path.stem


def is_hidden_input(cell) -> bool:
    """A code cell whose input the site collapses: tagged ``hide-input`` or marked
    ``metadata.jupyter.source_hidden`` (the claim checks and the prose written from numbers)."""
    return cell.cell_type == "code" and (
        "hide-input" in cell.metadata.get("tags", [])
        or bool(cell.metadata.get("jupyter", {}).get("source_hidden")))


def find_notebooks(folder) -> list[Path]:
    """The course notebooks in ``folder`` (``NN_name.ipynb``), in order. Raises
    FileNotFoundError when the folder is missing or holds none."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"no notebooks folder {folder}: run `imdbviz site` in the "
                                "course's folder, or pass --notebooks PATH")
    found = sorted(p for p in folder.iterdir() if _NOTEBOOK_NAME.match(p.name))
    if not found:
        raise FileNotFoundError(f"{folder} holds no course notebook (NN_name.ipynb): pass the "
                                "course's notebooks/ folder with --notebooks")
    return found


def _source(cell) -> str:
    return "".join(cell.source) if isinstance(cell.source, list) else cell.source


def read_session(path) -> Session:
    """The ``Session`` of the notebook at ``path``, read from its committed cells and outputs."""
    path = Path(path)
    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as error:  # nbformat's read errors are ValueErrors
        raise ValueError(f"{path} is not a readable notebook ({error})") from error
    number = _NOTEBOOK_NAME.match(path.name).group(1)
    markdown = [_source(c) for c in notebook.cells if c.cell_type == "markdown"]
    title = next((line[2:].strip() for text in markdown for line in text.splitlines()
                  if line.startswith("# ")), path.stem)
    title = re.sub(rf"^{number}\s*[·:.\-–—]\s*", "", title)
    run_seconds = None
    for cell in reversed(notebook.cells):
        text = "".join(o.get("text", "") for o in cell.get("outputs", []))
        if (found := _RAN_IN.search(text)):
            run_seconds = int(found.group(1))
            break
    minutes = next((int(m.group(1) or m.group(2)) for text in markdown
                    if (m := _TEACH_MINUTES.search(text))), None)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    hidden = sum(is_hidden_input(c) for c in code)
    return Session(path=path, number=number, title=title, run_seconds=run_seconds,
                   teach_minutes=minutes, lesson_cells=len(code) - hidden, hidden_cells=hidden,
                   exercises=sum(len(_EXERCISE.findall(text)) for text in markdown))


def read_sessions(folder) -> list[Session]:
    """Every course notebook of ``folder`` as a ``Session``, in order."""
    return [read_session(path) for path in find_notebooks(folder)]


def benchmark_seconds(readme: str) -> dict[str, tuple[int, int]]:
    """The cold and warm seconds per notebook number from README's "Measured" section (the
    table of ``benchmarks/bench_notebooks.py``: ``| 01 encoding and padding | 18 | 12 |``)."""
    measured = readme.split("\n## Measured", 1)[-1] if "\n## Measured" in readme else ""
    return {m.group(1): (int(m.group(2)), int(m.group(3))) for m in re.finditer(
        r"^\|\s*(\d\d)\s[^|]*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*$", measured, re.M)}


def table_of_contents(sessions: list[Session]) -> dict:
    """The book's table of contents (``_toc.yml`` as a dict): the home page, the notebooks in
    order, then the teacher's page."""
    return {"format": "jb-book", "root": "index", "parts": [
        {"caption": "The notebooks", "numbered": False,
         "chapters": [{"file": s.page} for s in sessions]},
        {"caption": "Teaching", "chapters": [{"file": TEACHERS_PAGE}]},
    ]}


def run_time_text(session: Session) -> str:
    """"About 21 s on a 2-core laptop (full data)" from the committed run, or a plain note."""
    if session.run_seconds is None:
        return "not recorded (the committed notebook's last cell prints none)"
    return f"About {session.run_seconds} s on a 2-core laptop (full data)"


def launch_block(session: Session) -> str:
    """The markdown the site puts under a notebook's title: its run time and where to open it
    (JupyterLab on your machine, or a download of the notebook; Colab; Binder)."""
    name = session.name
    return (
        f":::{{admonition}} Run time: {run_time_text(session)}\n"
        ":class: tip imdbviz-launch\n\n"
        f"- **JupyterLab**, on your machine: `jupyter lab notebooks/{name}` in a clone of the "
        f"course (`git clone {REPOSITORY}`, then `pip install -e .`), or download "
        f"{{download}}`{name} <{ORIGINALS}/{name}>` and open it there.\n"
        f"- **Colab**: [open {name} in Colab]({COLAB_URL.format(name=name)}), then run "
        "`!pip install -q git+https://github.com/imdbviz/imdbviz` first.\n"
        f"- **Binder**: [open {name} on Binder]({BINDER_URL.format(name=name)}) "
        "(JupyterLab in the browser; it takes a few minutes to start).\n"
        ":::\n\n")


def _rewrite_links(text: str, base: str, pages: dict[str, str], source_root: Path,
                   copy_to: Path) -> str:
    """Markdown links of ``text`` (a file in the repository folder ``base``) made to resolve in
    the site: a course notebook or README.md -> its page, a local image -> copied beside the
    page, any other relative file -> its page on GitHub. Absolute URLs and anchors stay."""
    def replace(match):
        bang, label, target = match.groups()
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            return match.group(0)
        path, _, anchor = target.partition("#")
        resolved = os.path.normpath(os.path.join(base, path)).replace(os.sep, "/")
        if resolved in pages:
            return f"{bang}[{label}]({pages[resolved]}{'#' + anchor if anchor else ''})"
        if bang and Path(resolved).suffix.lower() in _IMAGE_SUFFIXES and \
                (source_root / resolved).is_file():
            local = f"_images_src/{resolved}"
            (copy_to / local).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source_root / resolved, copy_to / local)
            return f"![{label}]({local})"
        kind = "raw" if bang else "blob"
        anchor = f"#{anchor}" if anchor else ""
        return f"{bang}[{label}]({REPOSITORY}/{kind}/main/{resolved}{anchor})"
    return _LINK.sub(replace, text)


def _link_notebook_names(text: str, sessions: list[Session]) -> str:
    """Each `NN_name.ipynb` in backticks (not already a link) of README.md -> a link to the
    notebook (``notebooks/NN_name.ipynb``, which ``_rewrite_links`` then points at its page)."""
    names = {s.name for s in sessions}
    return re.sub(r"(?<!\[)`(\d\d_\w+\.ipynb)`",
                  lambda m: f"[`{m.group(1)}`](notebooks/{m.group(1)})" if m.group(1) in names
                  else m.group(0), text)


def page_notebook(session: Session, pages: dict[str, str], source_root: Path, copy_to: Path):
    """The site's copy of ``session``'s notebook (an nbformat NotebookNode; the file is not
    changed): the badges in the first cell replaced by ``launch_block``, links made to resolve,
    live widget views and saved widget state dropped (their static pictures show), JSON meant
    for ``imdbviz run`` dropped where a text twin shows, and every collapsed cell tagged
    ``hide-input``."""
    notebook = nbformat.read(session.path, as_version=4)
    notebook.metadata.pop("widgets", None)
    first = next((c for c in notebook.cells if c.cell_type == "markdown"), None)
    if first is not None:
        text = _source(first)
        badge = _BADGE.search(text)
        if badge:
            text = (text[:badge.start()] + "\n" + launch_block(session)
                    + _BADGE.sub("", text[badge.start():]))
        else:  # no badges: right after the title line
            head, _, rest = text.partition("\n")
            text = f"{head}\n\n{launch_block(session)}{rest}"
        first.source = text
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = _rewrite_links(_source(cell), "notebooks", pages, source_root, copy_to)
        elif is_hidden_input(cell) and "hide-input" not in cell.metadata.get("tags", []):
            cell.metadata["tags"] = list(cell.metadata.get("tags", [])) + ["hide-input"]
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for machine_only in (WIDGET_VIEW, "application/json"):  # (record_metrics' JSON)
                if machine_only in data and len(data) > 1:
                    del data[machine_only]
    return notebook


def home_page(readme: str, sessions: list[Session], pages: dict[str, str], source_root: Path,
              copy_to: Path) -> str:
    """README.md as the site's home page: its links made to resolve, the notebook names in its
    table linked to their pages, and a pointer to the teacher's page."""
    text = _rewrite_links(_link_notebook_names(readme, sessions), "", pages, source_root, copy_to)
    return text.rstrip() + (f"\n\n## For teachers\n\nWhat each session covers, the assignments and"
                            f" the class experiment: [For teachers]({TEACHERS_PAGE}.md).\n")


def session_notes() -> dict:
    """The teacher's notes per notebook number (``imdbviz/_site/sessions.json``): what to run
    live in class, what to read, and the minutes to teach where the notebook says none."""
    return json.loads((SITE_DATA / "sessions.json").read_text(encoding="utf-8"))


def sessions_table(sessions: list[Session], benchmark: dict[str, tuple[int, int]],
                   notes: dict) -> str:
    """The teacher's table, one row per notebook (markdown): its title (linked to its page) and
    cells, the minutes to teach it, its seconds to run, what to run live and what to read."""
    rows = ["| | notebook | teach | run | run live in class | read |",
            "|---|---|---:|---|---|---|"]
    for s in sessions:
        note = notes.get(s.number, {})
        minutes = s.teach_minutes or note.get("minutes")
        run = f"{s.run_seconds} s" if s.run_seconds is not None else "—"
        if s.number in benchmark:
            run += " (cold {}, warm {})".format(*benchmark[s.number])
        rows.append(" | ".join([
            f"| {s.number}",
            f"[{s.title}]({s.page}.ipynb): {s.lesson_cells} code cells, {s.exercises} exercises, "
            f"{s.hidden_cells} collapsed checks",
            f"{minutes} min" if minutes else "—", run,
            note.get("live", "—"), note.get("read", "—") + " |"]))
    return "\n".join(rows)


def teachers_page(sessions: list[Session], readme: str) -> str:
    """The teacher's page: ``imdbviz/_site/teachers.md`` with its sessions table filled in."""
    template = (SITE_DATA / "teachers.md").read_text(encoding="utf-8")
    table = sessions_table(sessions, benchmark_seconds(readme), session_notes())
    return template.replace(SESSIONS_MARKER, table)


def _mathjax_static() -> Path | None:
    """A local copy of MathJax 2 (the package jupyter-server-mathjax), or None."""
    try:
        import jupyter_server_mathjax
    except ImportError:
        return None
    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    return static if (static / "MathJax.js").is_file() else None


def site_config(title: str, local_mathjax: bool) -> dict:
    """The book's ``_config.yml`` (a dict): execution off, nothing fetched at build time, the
    widgets' static pictures preferred to their live views, no widget JavaScript from a CDN, and
    MathJax from the site itself when ``local_mathjax``."""
    sphinx = {
        # a widget output's live view needs its kernel: render its static picture instead
        "nb_mime_priority_overrides": [["*", WIDGET_VIEW, None]],
        "nb_ipywidgets_js": {},  # no require.js / widget manager from a CDN
        "myst_heading_anchors": 3,
        "html_show_copyright": False,
        "html_last_updated_fmt": None,
    }
    if local_mathjax:
        sphinx.update({
            "html_static_path": [VENDOR],  # copied into the site's _static/
            "mathjax_path": "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe",
            "mathjax3_config": None,
            "myst_update_mathjax": False,
            "mathjax2_config": {"HTML-CSS": {"availableFonts": [], "webFont": "STIX-Web",
                                             "imageFont": None},
                                "showMathMenu": False, "messageStyle": "none"},
        })
    return {
        "title": title,
        "author": "the imdbviz authors",
        "copyright": "",
        "only_build_toc_files": True,
        "exclude_patterns": ["_build", ORIGINALS, VENDOR, "_images_src", "**.ipynb_checkpoints"],
        "execute": {"execute_notebooks": "off"},
        "parse": {"myst_enable_extensions": ["colon_fence", "dollarmath", "linkify"]},
        "html": {"use_repository_button": True, "home_page_in_navbar": True,
                 "use_multitoc_numbering": False},
        "repository": {"url": REPOSITORY, "branch": "main", "path_to_book": ""},
        "launch_buttons": {"notebook_interface": "jupyterlab"},
        "sphinx": {"config": sphinx},
    }


def write_sources(notebooks, readme, folder) -> list[Session]:
    """Write the book's sources into ``folder`` (a new or empty folder): ``index.md`` from
    ``readme``, one notebook copy per session, ``teachers.md``, ``_toc.yml`` and
    ``_config.yml``. Returns the sessions, in order. Touches neither ``notebooks`` nor
    ``readme``."""
    import yaml  # a dependency of nbformat's jsonschema stack and of Jupyter Book

    folder = Path(folder)
    sessions = read_sessions(notebooks)
    readme = Path(readme)
    if not readme.is_file():
        raise FileNotFoundError(f"no README at {readme}: pass the course's README.md "
                                "with --readme")
    readme_text = readme.read_text(encoding="utf-8")
    source_root = readme.parent
    pages = {f"notebooks/{s.name}": s.name for s in sessions}
    pages[os.path.relpath(readme, source_root)] = "index.md"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ORIGINALS).mkdir(exist_ok=True)
    for session in sessions:
        shutil.copyfile(session.path, folder / ORIGINALS / session.name)
        nbformat.write(page_notebook(session, pages, source_root, folder),
                       folder / session.name)
    (folder / "index.md").write_text(
        home_page(readme_text, sessions, pages, source_root, folder), encoding="utf-8")
    (folder / f"{TEACHERS_PAGE}.md").write_text(teachers_page(sessions, readme_text),
                                                encoding="utf-8")
    mathjax = _mathjax_static()
    if mathjax is not None:  # not under _static/, whose every .js Jupyter Book would load
        shutil.copytree(mathjax, folder / VENDOR / "mathjax")
    title = next((line[2:].strip() for line in readme_text.splitlines()
                  if line.startswith("# ")), "imdbviz")
    (folder / "_toc.yml").write_text(yaml.safe_dump(table_of_contents(sessions),
                                                    sort_keys=False), encoding="utf-8")
    (folder / "_config.yml").write_text(
        yaml.safe_dump(site_config(title, mathjax is not None), sort_keys=False,
                       allow_unicode=True), encoding="utf-8")
    return sessions


def _refuse_non_empty(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        what = "a file" if not out.is_dir() else "a folder that is not empty"
        raise ValueError(f"{out} is {what}: pass a new folder for the site "
                         "(it is never written over)")


def build_site(out, notebooks="notebooks", readme=None, quiet: bool = True) -> Path:
    """Build the course website into ``out`` (a new or empty folder) from the notebooks in
    ``notebooks`` and ``readme`` (default: README.md beside the notebooks folder). Open
    ``out/index.html``. The site is built in a temporary folder beside ``out`` and renamed to
    ``out`` only when complete. Raises ValueError when ``out`` is not empty, when Jupyter Book
    is not installed, or when Sphinx fails."""
    out = Path(out).resolve()
    _refuse_non_empty(out)
    try:
        from jupyter_book.sphinx import build_sphinx
    except ImportError as error:
        raise ValueError(f"the course website needs Jupyter Book 1.x ({error}): "
                         f"{INSTALL_HINT}") from error
    notebooks = Path(notebooks)
    readme = Path(readme) if readme is not None else notebooks.resolve().parent / "README.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="imdbviz-site-") as work:
        source = Path(work) / "book"
        write_sources(notebooks, readme, source)
        built = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
        try:
            # into built/html: MyST-NB writes its jupyter_execute/ beside the output folder,
            # which is then inside built/ and goes with it
            status = build_sphinx(source, built / "html", path_config=str(source / "_config.yml"),
                                  doctreedir=str(Path(work) / "doctrees"), freshenv=True,
                                  noconfig=True,
                                  confoverrides={"latex_individualpages": False},
                                  quiet=quiet, builder="html")
            if status != 0:
                raise ValueError(f"Sphinx could not build the site ({status}); "
                                 "its messages are above")
            _refuse_non_empty(out)  # still new or empty: nothing to write over
            os.replace(built / "html", out)
        finally:
            shutil.rmtree(built, ignore_errors=True)
    return out
