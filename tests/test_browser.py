"""The tensor explorer in a real browser: JupyterLab on localhost, a notebook that creates the
explorer, run in headless Chromium (selenium + chromedriver); the widget's controls must appear
on the page and a control change must redraw the view.

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
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

EXPLORER_CELLS = [
    """import os
os.environ["IMDBVIZ_OFFLINE"] = "1"
import imdbviz
from imdbviz.widgets.explorer import Explorer, ExplorerSource, ExplorerState""",
    # a small untrained model on the bundled sample: no training, no cache needed
    """config = imdbviz.Config(maxlen=40, filters=6, lstm_units=5)
data = imdbviz.load_dataset(config, "sample", verbose=False)
model = imdbviz.build_model(config)
source = ExplorerSource(model, data.vocab, config, data.reviews.test_texts[:50],
                        data.reviews.test_labels[:50])
explorer = Explorer(source, ExplorerState(review=3, layer="conv", unit=2))
explorer""",
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
    """JupyterLab serving ``tmp_path/root`` with ``explorer.ipynb``; yields (base url, token)."""
    root = tmp_path / "root"
    root.mkdir()
    nb = new_notebook(cells=[new_code_cell(c) for c in EXPLORER_CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, root / "explorer.ipynb")
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
        yield base, token
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


def _explorer_image(driver):
    images = driver.find_elements(By.CSS_SELECTOR, ".imdbviz-explorer img")
    return images[0].get_attribute("src") if images else None


def test_explorer_renders_and_responds_in_jupyterlab(jupyterlab, browser):
    base, token = jupyterlab
    browser.get(f"{base}/lab/tree/explorer.ipynb?token={token}")
    wait = WebDriverWait(browser, 180, poll_frequency=0.5,
                         ignored_exceptions=(StaleElementReferenceException,))
    # the notebook is open and its kernel has started
    wait.until(lambda d: d.execute_script(
        "const app = window.jupyterapp; if (!app) return false;"
        "const w = app.shell.currentWidget;"
        "return !!(w && w.sessionContext && w.sessionContext.session &&"
        " w.sessionContext.session.kernel && w.sessionContext.session.kernel.status === 'idle');"),
        "the notebook did not open with an idle kernel")
    browser.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")

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
    # the first view is drawn, and picking another layer redraws it from the kernel
    first = wait.until(_explorer_image, "the explorer drew no first view")
    assert first.startswith("data:image/png")
    layer.select_by_visible_text("LSTM cell state c (unit)")
    wait.until(lambda d: _explorer_image(d) not in (None, first),
               "the view was not redrawn after picking another layer")
