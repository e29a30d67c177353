"""The widgets and the committed notebooks in a real browser: JupyterLab on localhost, driven in
headless Chromium (selenium + chromedriver). The explorer's controls appear and a control change
redraws its picture in place; the review widget updates while one types, clears and resets;
a committed notebook opened without running anything shows its widgets' static pictures and is
not modified by being opened.

Skips with the reason when Chromium, chromedriver or selenium is missing. Install them with
``apt-get install -y chromium chromium-driver`` and ``pip install selenium``.
"""
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which(
    "google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                       "(apt-get install -y chromium chromium-driver)"),
    pytest.mark.skipif(CHROMEDRIVER is None, reason="chromedriver is not installed "
                       "(apt-get install -y chromium-driver)"),
]
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                                "(pip install selenium)")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

REPO = Path(__file__).parents[1]
EXPLORER_CELLS = [
    """import os
os.environ["IMDBVIZ_OFFLINE"] = "1"
import imdbviz
from imdbviz.widgets.explorer import Explorer, ExplorerSource, ExplorerState""",
    # a small untrained model on the bundled sample: no training, no cache needed
    """config = imdbviz.Config(maxlen=40, filters=6, lstm_units=5)
data = imdbviz.load_dataset(config, "sample", verbose=False)
net = imdbviz.Predictor(model=imdbviz.build_model(config), vocab=data.vocab, config=config)
source = ExplorerSource(net, data.reviews.test_texts[:50], data.reviews.test_labels[:50])
explorer = Explorer(source, ExplorerState(review=3, layer="conv", unit=2))
explorer""",
]
REVIEW_CELLS = [
    EXPLORER_CELLS[0],
    """from imdbviz.widgets import review_widget
config = imdbviz.Config(maxlen=40, filters=6, lstm_units=5)
data = imdbviz.load_dataset(config, "sample", verbose=False)
review_widget(imdbviz.Predictor(model=imdbviz.build_model(config), vocab=data.vocab, config=config))""",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, process, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"JupyterLab did not answer {url} within {timeout} s")


@pytest.fixture
def jupyterlab(tmp_path):
    """JupyterLab serving ``tmp_path/root`` with ``explorer.ipynb``, ``review.ipynb`` and a copy
    of the committed notebook 06; yields (base url, token, root)."""
    root = tmp_path / "root"
    root.mkdir()
    for name, cells in (("explorer.ipynb", EXPLORER_CELLS), ("review.ipynb", REVIEW_CELLS)):
        nb = new_notebook(cells=[new_code_cell(c) for c in cells])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, root / name)
    shutil.copy(REPO / "notebooks" / "06_lstm.ipynb", root / "committed.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, IMDBVIZ_OFFLINE="1", JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    log = open(tmp_path / "jupyterlab.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
         "--ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--ServerApp.allow_root=True", "--LabApp.expose_app_in_browser=True",
         f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
         "--ServerApp.disable_check_xsrf=False"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(f"{base}/api/status?token={token}", process)
        yield base, token, root
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER),
                              options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _image(driver, widget: str):
    images = driver.find_elements(By.CSS_SELECTOR, f".{widget} img")
    return images[0] if images else None


def _src(driver, widget: str):
    image = _image(driver, widget)
    return image.get_attribute("src") if image is not None else None


def _open(browser, base, token, name, run: bool = True):
    browser.get(f"{base}/lab/tree/{name}?token={token}")
    wait = WebDriverWait(browser, 180, poll_frequency=0.5,
                         ignored_exceptions=(StaleElementReferenceException,))
    wait.until(lambda d: d.execute_script(
        "const app = window.jupyterapp; if (!app) return false;"
        "const w = app.shell.currentWidget;"
        "return !!(w && w.sessionContext && w.sessionContext.session &&"
        " w.sessionContext.session.kernel && w.sessionContext.session.kernel.status === 'idle');"),
        "the notebook did not open with an idle kernel")
    if run:
        browser.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
    return wait


def test_explorer_renders_and_redraws_in_place_in_jupyterlab(jupyterlab, browser):
    base, token, _root = jupyterlab
    wait = _open(browser, base, token, "explorer.ipynb")
    explorer = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".imdbviz-explorer"),
                          "the explorer widget did not appear after Run All")[0]
    # the controls: review number, own text, layer dropdown, unit slider
    review = explorer.find_element(By.CSS_SELECTOR, "input[type='number']")
    assert review.get_attribute("value") == "3"
    assert explorer.find_elements(By.CSS_SELECTOR, "input[type='text']")
    layer = Select(explorer.find_element(By.CSS_SELECTOR, "select"))
    assert layer.first_selected_option.text == "conv (filter)"
    assert "LSTM forget gate f (unit)" in [o.text for o in layer.options]
    assert explorer.find_elements(By.CSS_SELECTOR, ".widget-slider, .slider-container")
    labels = " ".join(e.text for e in explorer.find_elements(By.CSS_SELECTOR, "label"))
    assert "layer" in labels and "unit" in labels
    # the first view is drawn, with the review's words above it
    first = wait.until(lambda d: _src(d, "imdbviz-explorer"), "the explorer drew no first view")
    image = _image(browser, "imdbviz-explorer")
    height = image.size["height"]
    assert height > 200
    # picking another layer redraws the picture in place: the same element, the same height
    layer.select_by_visible_text("LSTM cell state c (unit)")
    wait.until(lambda d: _src(d, "imdbviz-explorer") not in (None, first),
               "the view was not redrawn after picking another layer")
    assert _image(browser, "imdbviz-explorer") == image and image.size["height"] == height


def test_review_widget_updates_while_typing_and_clears(jupyterlab, browser):
    base, token, _root = jupyterlab
    wait = _open(browser, base, token, "review.ipynb")
    widget = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".imdbviz-review"),
                        "the review widget did not appear after Run All")[0]
    wait.until(lambda d: "P(positive)" in widget.text, "no first view")
    box = widget.find_element(By.CSS_SELECTOR, "textarea")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("a wonderful film")  # no Enter, no leaving the box: the view follows anyway
    wait.until(lambda d: "wonderful" in widget.find_element(By.CSS_SELECTOR, ".widget-html").text,
               "the view did not follow the typing")
    assert browser.switch_to.active_element == box  # still typing in the box
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    wait.until(lambda d: "Type a review" in widget.text, "clearing the text did not clear the view")
    wait.until(lambda d: not _image(d, "imdbviz-review").is_displayed(),
               "clearing the text did not clear the plot")
    prompts = Select(widget.find_element(By.CSS_SELECTOR, "select"))
    prompts.select_by_visible_text("sarcasm")
    wait.until(lambda d: "masterpiece" in box.get_attribute("value"), "the prompt was not used")
    wait.until(lambda d: Select(widget.find_element(By.CSS_SELECTOR, "select"))
               .first_selected_option.text == "pick a prompt...", "the menu did not reset")


def test_a_committed_notebook_shows_static_pictures_and_is_not_modified(jupyterlab, browser):
    base, token, root = jupyterlab
    before = (root / "committed.ipynb").read_bytes()
    _open(browser, base, token, "committed.ipynb", run=False)
    time.sleep(3)
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "Error displaying widget" not in page and "VBox(children" not in page
    pictures = browser.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output img")
    assert any((img.get_attribute("src") or "").startswith("data:image/png") for img in pictures)
    assert browser.execute_script(
        "return window.jupyterapp.shell.currentWidget.context.model.dirty") is False
    assert (root / "committed.ipynb").read_bytes() == before
