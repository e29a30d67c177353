"""The course website (``imdbviz site OUT``), built once from the committed notebooks and README
and opened page by page in headless Chromium: no broken internal link or anchor, every local
image loads, nothing is loaded from the network, the claim-check cells' inputs are hidden while
the lesson's code shows, the widgets show their static pictures, and each notebook page gives
its measured run time and where to open it. Fast tests without the browser check the sources the
site is built from (table of contents, teacher's page, the notebook copies) and the errors.

The browser tests skip with the reason when Chromium, chromedriver or selenium is missing
(``apt-get install -y chromium chromium-driver``, ``pip install selenium``); everything skips
when Jupyter Book is not installed (``pip install "imdbviz[teacher]"``).
"""
import contextlib
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml

from imdbviz import site

pytest.importorskip("jupyter_book", reason='Jupyter Book is not installed '
                    '(pip install "imdbviz[teacher]")')

REPO = Path(__file__).parents[1]
NOTEBOOKS = REPO / "notebooks"
README = REPO / "README.md"
COMMITTED = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which(
    "google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")
#: The repr a live ipywidgets container leaves in text/plain: marks a widget's output.
WIDGET_REPR = re.compile(r"^(VBox|HBox|Box|GridBox|Tab|Accordion)\(children=")


def _ran_in(path: Path) -> int:
    """The seconds the committed notebook's last cell printed (read here independently)."""
    last = nbformat.read(path, as_version=4).cells[-1]
    text = "".join(o.get("text", "") for o in last.get("outputs", []))
    return int(re.search(r"This notebook ran in (\d+) s\.", text).group(1))


def _code_cells(path: Path) -> list:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def _words(text: str) -> str:
    return " ".join(text.split())


# --- the sources, without Sphinx or a browser -----------------------------------------------

@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """The book's sources written from the committed notebooks; the notebooks' bytes before."""
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in COMMITTED}
    folder = tmp_path_factory.mktemp("sources") / "book"
    sessions = site.write_sources(NOTEBOOKS, README, folder)
    return folder, sessions, before


def test_table_of_contents_lists_the_nine_notebooks_in_order(sources):
    folder, sessions, _ = sources
    toc = yaml.safe_load((folder / "_toc.yml").read_text())
    assert toc["root"] == "index"
    notebooks, teaching = toc["parts"]
    pages = [chapter["file"] for chapter in notebooks["chapters"]]
    assert pages == [p.stem for p in COMMITTED]
    assert len(pages) == 9 and [p[:2] for p in pages] == [f"0{i}" for i in range(1, 10)]
    assert [chapter["file"] for chapter in teaching["chapters"]] == ["teachers"]
    for page in pages + ["index", "teachers"]:
        assert (folder / page).with_suffix(".md" if page in ("index", "teachers")
                                          else ".ipynb").is_file()


def test_the_committed_notebooks_are_not_changed(sources):
    _, _, before = sources
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in COMMITTED} == before


def test_notebook_copies_carry_run_time_and_launch_links_not_badges(sources):
    folder, sessions, _ = sources
    for path in COMMITTED:
        first = nbformat.read(folder / path.name, as_version=4).cells[0].source
        assert first.startswith(nbformat.read(path, as_version=4).cells[0].source.split("\n")[0])
        assert f"About {_ran_in(path)} s on a 2-core laptop (full data)" in first
        assert (f"https://colab.research.google.com/github/imdbviz/imdbviz/blob/main/notebooks/"
                f"{path.name}") in first
        assert (f"https://mybinder.org/v2/gh/imdbviz/imdbviz/main?labpath=notebooks%2F"
                f"{path.name}") in first
        assert f"jupyter lab notebooks/{path.name}" in first
        assert "badge" not in first and "![" not in first  # remote badge images: gone
        # the download offered is the committed notebook itself
        assert (folder / site.ORIGINALS / path.name).read_bytes() == path.read_bytes()


def test_teachers_table_comes_from_the_notebooks(sources):
    folder, sessions, _ = sources
    page = (folder / "teachers.md").read_text()
    rows = [line for line in page.splitlines() if re.match(r"^\| \d\d \|", line)]
    assert len(rows) == len(COMMITTED) == 9
    notes = json.loads((REPO / "imdbviz" / "_site" / "sessions.json").read_text())
    for row, path in zip(rows, COMMITTED):
        heading = next(line for c in nbformat.read(path, as_version=4).cells
                       if c.cell_type == "markdown" for line in c.source.splitlines()
                       if line.startswith("# "))
        assert row.startswith(f"| {path.name[:2]} |")
        assert heading.split("·", 1)[1].strip() in row
        assert f"({path.stem}.ipynb)" in row
        assert f"| {_ran_in(path)} s" in row
        assert re.search(r"\| \d+ min \|", row), f"no minutes to teach: {row}"
        assert notes[path.name[:2]]["live"] in row and notes[path.name[:2]]["read"] in row
    for command in ("imdbviz assign OUT", "imdbviz grade SUBMISSIONS --assignments OUT "
                    "--csv grades.csv", "-p class_record_dir records/",
                    "imdbviz class-results records/"):
        assert command in page


def test_home_page_links_resolve_or_go_to_github(tmp_path):
    sessions = site.read_sessions(NOTEBOOKS)
    pages = {f"notebooks/{s.name}": s.name for s in sessions} | {"README.md": "index.md"}
    readme = ("# Title\n\nSee [notebook 2](notebooks/02_build_the_model.ipynb#seeds), "
              "[the design](DESIGN.md), [the data](#the-data), "
              "[Keras](https://keras.io) and `01_encoding_and_padding.ipynb`.\n")
    page = site.home_page(readme, sessions, pages, REPO, tmp_path)
    assert "[notebook 2](02_build_the_model.ipynb#seeds)" in page
    assert "[the design](https://github.com/imdbviz/imdbviz/blob/main/DESIGN.md)" in page
    assert "[the data](#the-data)" in page and "[Keras](https://keras.io)" in page
    assert "[`01_encoding_and_padding.ipynb`](01_encoding_and_padding.ipynb)" in page
    assert "[For teachers](teachers.md)" in page


def test_a_widget_output_keeps_its_picture_not_its_live_view(tmp_path):
    """A widget output as a live kernel leaves it (live view + static picture): the site's
    copy keeps only the picture, whose mime type the HTML builder renders."""
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 01 · A widget"),
        nbformat.v4.new_code_cell("explore(result)", outputs=[nbformat.v4.new_output(
            "display_data", data={site.WIDGET_VIEW: {"model_id": "x", "version_major": 2,
                                                     "version_minor": 0},
                                  "image/png": "iVBORw0KGgo=", "text/plain": "VBox()"})])])
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    path = tmp_path / "01_widget.ipynb"
    nbformat.write(notebook, path)
    copy = site.page_notebook(site.read_session(path), {}, REPO, tmp_path)
    assert set(copy.cells[1].outputs[0].data) == {"image/png", "text/plain"}
    assert "widgets" not in copy.metadata
    config = site.site_config("t", local_mathjax=False)["sphinx"]["config"]
    assert [["*", site.WIDGET_VIEW, None]] == config["nb_mime_priority_overrides"]
    assert config["nb_ipywidgets_js"] == {}  # no require.js or widget manager from a CDN


def test_out_that_is_not_empty_is_refused(tmp_path, capsys):
    from imdbviz.cli import main

    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert main(["site", str(out), "--notebooks", str(NOTEBOOKS)]) == 2
    error = capsys.readouterr().err
    assert "imdbviz site: error:" in error and "not empty" in error and "new folder" in error
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert main(["site", str(out / "keep.txt"), "--notebooks", str(NOTEBOOKS)]) == 2
    assert "is a file" in capsys.readouterr().err


def test_missing_notebooks_folder_is_a_clear_error(tmp_path, capsys):
    from imdbviz.cli import main

    assert main(["site", str(tmp_path / "site"), "--notebooks", str(tmp_path / "nope")]) == 2
    assert "no notebooks folder" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_without_jupyter_book_the_package_works_and_site_says_what_to_install(tmp_path):
    """A fresh Python: importing the package (and its site module) loads no Jupyter Book or
    Sphinx; where ``import jupyter_book`` fails (as without the ``teacher`` extra), ``imdbviz
    site`` says what to install, without a traceback, and writes nothing."""
    code = ("import sys, imdbviz, imdbviz.site, imdbviz.cli\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('sphinx', 'jupyter_book', 'myst_nb', 'sphinx_book_theme')))\n"
            "sys.modules['jupyter_book'] = None  # import jupyter_book now fails\n"
            f"sys.exit(imdbviz.cli.main(['site', {str(tmp_path / 'site')!r}]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=300)
    assert done.stdout.strip() == "[]"
    assert done.returncode == 2, done.stderr
    assert 'pip install "imdbviz[teacher]"' in done.stderr
    assert "imdbviz site: error:" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()


# --- the built site, in a browser ------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site, built once by the command line; (folder, Sphinx's stderr)."""
    from imdbviz.cli import main

    out = tmp_path_factory.mktemp("site") / "site"
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        status = main(["site", str(out), "--notebooks", str(NOTEBOOKS), "--readme", str(README)])
    assert status == 0, stderr.getvalue()
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]  # nothing left beside it
    return out, stderr.getvalue()


def test_build_gives_no_sphinx_warning(built):
    _, stderr = built
    assert "WARNING" not in stderr and "ERROR" not in stderr, stderr


def _browser(tmp_path):
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("Chromium or chromedriver is not installed "
                    "(apt-get install -y chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver",
                                    reason="selenium is not installed (pip install selenium)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 "--allow-file-access-from-files", f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER),
                            options=options)


#: One call per page: links, local images, remote assets, the cells and what of them shows.
PAGE_STATE = """
// drawn: not inside a closed <details> (whose content Chromium skips), not display:none
const shown = e => !!e && e.checkVisibility({visibilityProperty: true})
    && !e.closest('details:not([open])') && e.getClientRects().length > 0;
const images = Array.from(document.images)
    .filter(i => !/^https?:/i.test(i.getAttribute('src') || ''));
return {
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
  images: images.map(i => [i.getAttribute('src').slice(0, 80), i.complete, i.naturalWidth]),
  remote: Array.from(document.querySelectorAll('script[src], link[rel=stylesheet], img[src]'))
    .map(e => e.getAttribute('src') || e.getAttribute('href'))
    .filter(u => /^(https?:)?\\/\\//i.test(u)),
  cells: Array.from(document.querySelectorAll('div.cell')).map(cell => {
    const input = cell.querySelector('.cell_input'), output = cell.querySelector('.cell_output');
    const code = input && input.querySelector('pre');
    return {input: code ? code.textContent : '', inputShown: shown(input),
            outputShown: shown(output),
            pictures: output ? Array.from(output.querySelectorAll('img'))
              .filter(i => shown(i) && i.complete).map(i => i.naturalWidth) : []};
  }),
  launch: (() => { const e = document.querySelector('.imdbviz-launch');
                   return e && shown(e) ? e.innerText : ''; })(),
};
"""


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id" and value)


def _ids_of(path: Path) -> set:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.ids


@pytest.fixture(scope="module")
def pages(built, tmp_path_factory):
    """Every page of the site opened in Chromium: {page name: PAGE_STATE}."""
    from selenium.webdriver.support.ui import WebDriverWait

    out, _ = built
    driver = _browser(tmp_path_factory.mktemp("chromium"))
    states = {}
    try:
        for path in sorted(out.glob("*.html")):
            driver.get(path.as_uri())
            WebDriverWait(driver, 60, poll_frequency=0.2).until(lambda d: d.execute_script(
                "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager');"
                "return document.readyState === 'complete' &&"
                " Array.from(document.images).every(i => i.complete);"))
            states[path.name] = driver.execute_script(PAGE_STATE)
    finally:
        driver.quit()
    return states


def test_every_page_is_opened(built, pages):
    out, _ = built
    expected = {f"{p.stem}.html" for p in COMMITTED} | {"index.html", "teachers.html"}
    assert expected <= set(pages)


def test_no_broken_internal_link(built, pages):
    out, _ = built
    ids = {}
    broken = []
    for page, state in pages.items():
        for href in state["links"]:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue  # an external address (http, https, mailto)
            target = (out / page).parent / unquote(parts.path) if parts.path else out / page
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page}: {href} (no file)")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _ids_of(target)
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{page}: {href} (no anchor)")
    assert not broken, "\n".join(broken)
    assert sum(len(s["links"]) for s in pages.values()) > 100  # the check saw the links


def test_every_local_image_loads_and_nothing_comes_from_the_network(pages):
    failed = [f"{page}: {src}" for page, state in pages.items()
              for src, complete, width in state["images"] if not complete or width == 0]
    assert not failed, "\n".join(failed)
    assert sum(len(s["images"]) for s in pages.values()) > 20  # the notebooks' figures
    remote = {page: state["remote"] for page, state in pages.items() if state["remote"]}
    assert not remote, f"pages that load from the network: {remote}"


def test_claim_checks_are_hidden_and_the_lesson_shows(pages):
    for path in COMMITTED:
        cells = _code_cells(path)
        state = pages[f"{path.stem}.html"]["cells"]
        assert len(state) == len(cells), path.name
        hidden = [i for i, c in enumerate(cells) if "hide-input" in c.metadata.get("tags", [])]
        lesson = [i for i, c in enumerate(cells) if i not in hidden and c.source.strip()]
        assert hidden and lesson, path.name
        for i, cell in enumerate(cells):
            assert _words(state[i]["input"]) == _words(cell.source), f"{path.name} cell {i}"
        for i in hidden:
            assert not state[i]["inputShown"], f"{path.name}: a claim check's input shows: " \
                                               f"{cells[i].source[:80]!r}"
            if any(o.get("output_type") == "stream" for o in cells[i].outputs):
                assert state[i]["outputShown"], f"{path.name}: its one-line result is hidden"
        for i in lesson:
            assert state[i]["inputShown"], f"{path.name}: a lesson cell is hidden: " \
                                           f"{cells[i].source[:80]!r}"


def test_widgets_show_their_static_pictures(pages):
    seen = 0
    for path in COMMITTED:
        state = pages[f"{path.stem}.html"]["cells"]
        for i, cell in enumerate(_code_cells(path)):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if site.WIDGET_VIEW in data or WIDGET_REPR.match(data.get("text/plain", "")):
                    seen += 1
                    assert state[i]["outputShown"], f"{path.name} cell {i}: widget hidden"
                    assert state[i]["pictures"] and min(state[i]["pictures"]) > 0, \
                        f"{path.name} cell {i}: the widget's static picture does not show"
    assert seen >= 2  # notebook 06's explorer and notebook 09's review widget


def test_each_notebook_page_gives_run_time_and_where_to_open_it(built, pages):
    out, _ = built
    for path in COMMITTED:
        state = pages[f"{path.stem}.html"]
        launch = state["launch"]
        assert f"About {_ran_in(path)} s on a 2-core laptop (full data)" in launch, path.name
        assert f"jupyter lab notebooks/{path.name}" in launch
        assert (f"https://colab.research.google.com/github/imdbviz/imdbviz/blob/main/notebooks/"
                f"{path.name}") in state["links"]
        assert (f"https://mybinder.org/v2/gh/imdbviz/imdbviz/main?labpath=notebooks%2F"
                f"{path.name}") in state["links"]
        downloads = [h for h in state["links"] if h.startswith("_downloads/")
                     and h.endswith(path.name)]
        assert downloads and (out / downloads[0]).read_bytes() == path.read_bytes()


def test_math_renders_from_the_site_itself(built, tmp_path):
    """Notebook 03's formulas are typeset by the site's own MathJax, offline."""
    pytest.importorskip("jupyter_server_mathjax", reason="no local MathJax "
                        '(pip install "imdbviz[teacher]")')
    from selenium.webdriver.support.ui import WebDriverWait

    out, _ = built
    page = next(out.glob("03_*.html"))
    assert '_static/mathjax/MathJax.js' in page.read_text()
    driver = _browser(tmp_path)
    try:
        driver.get(page.as_uri())
        WebDriverWait(driver, 60, poll_frequency=0.2).until(lambda d: d.execute_script(
            "return document.querySelectorAll('.math .MathJax, .math .MathJax_Display').length"
            " > 0"), "MathJax typeset nothing")
    finally:
        driver.quit()
