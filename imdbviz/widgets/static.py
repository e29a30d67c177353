"""A widget's output that shows something without a live kernel.

A live widget needs the kernel that made it: GitHub, nbviewer, an untrusted JupyterLab or a
notebook reopened later cannot draw it. ``mimebundle`` puts a static picture of the widget's
current view (PNG and/or HTML) into the same output as the live view, so every viewer shows
one or the other: JupyterLab with the kernel the live widget, everything else the picture.
"""
from __future__ import annotations

import base64
import io

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def figure_png(figure, dpi: int = 80) -> bytes:
    """A matplotlib Figure as PNG bytes (any backend, so it draws the same everywhere)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def png_img(png: bytes, alt: str = "") -> str:
    """An ``<img>`` tag holding the PNG itself (a data URI)."""
    return (f'<img alt="{alt}" src="data:image/png;base64,'
            f'{base64.b64encode(png).decode()}"/>')


def mimebundle(widget, png: bytes | None = None, html: str | None = None) -> dict:
    """The live ``widget``'s mimebundle plus a static picture of its view: ``image/png``
    (base64, as nbformat stores it) and/or ``text/html``."""
    bundle = dict(widget._repr_mimebundle_() or {})
    if png is not None:
        bundle["image/png"] = base64.b64encode(png).decode()
    if html is not None:
        bundle["text/html"] = html
    return bundle
