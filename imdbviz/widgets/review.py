"""'Write your own review': type a review, see the prediction, which words pushed it
(integrated gradients of the logit) and how the LSTM's opinion moved along the review.

``review_view(predictor, text)`` is the callback, a plain function (text -> result) that never
raises on what a student types; ``review_widget(predictor)`` wires it to ipywidgets. The
predictor is a ``TrainResult`` or ``imdbviz.Predictor(model=..., vocab=..., config=...)``.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np

from .. import tensors
from ..plots import attribution_html, plot_running_sentiment, scale_html
from ..saliency import Attribution, explain
from ..train import Predictor
from ..vocab import tokenize
from .static import figure_png, mimebundle, png_img

__all__ = ["PROMPTS", "DEFAULT_REVIEW", "EMPTY_MESSAGE", "ReviewView", "review_view",
           "review_html", "review_png", "ReviewWidget", "review_widget"]

#: Reviews to start from: negation and sarcasm are hard for a model that adds up word evidence.
PROMPTS = {
    "negation: not good": "This movie is not good.",
    "negation: not bad": "This movie is not bad at all.",
    "sarcasm": "Oh great, another masterpiece. I especially loved falling asleep halfway "
               "through. Brilliant.",
    "mixed": "The acting was brilliant but the story was boring and far too long.",
    "praise": "One of the best films I have ever seen: moving, funny and beautifully acted.",
}
DEFAULT_REVIEW = PROMPTS["negation: not good"]
EMPTY_MESSAGE = ("Type a review (a few words are enough), e.g. \u201cnot good\u201d, "
                 "to see what the network thinks of it.")


@dataclass
class ReviewView:
    """What the widget shows for one text. ``prediction`` is None (and ``message`` says what
    to do) when the text has no words. ``attribution``: integrated gradients of the logit;
    ``reading``: the text as the model reads it; ``running`` ``(steps,)``: P(positive) after
    each LSTM step that reads words of the review (steps over padding only are left out), with
    ``step_labels`` the words each covers and ``step_skipped`` the words skipped between."""

    text: str
    message: str
    prediction: float | None = None
    attribution: Attribution | None = None
    reading: object = None
    running: np.ndarray = field(default_factory=lambda: np.zeros(0))
    step_labels: list = field(default_factory=list)
    step_skipped: dict = field(default_factory=dict)


def review_view(predictor, text, steps: int = 32) -> ReviewView:
    """The callback: prediction, attribution and running sentiment of ``text`` for
    ``predictor`` (a ``TrainResult`` or ``Predictor``). Empty text (or no words at all) gives
    a ReviewView with a friendly ``message``."""
    vocab, config = Predictor.check(predictor).vocab, predictor.config
    if not isinstance(text, str) or not tokenize(text):
        return ReviewView(text=text if isinstance(text, str) else "", message=EMPTY_MESSAGE)
    read = predictor.read(text)
    [attribution] = explain(predictor, read.row[None], steps=steps)
    running = tensors.running_prediction(predictor.model, read.row[None])[0]
    labels = tensors.step_labels(predictor, read)
    keep = np.flatnonzero(labels.about_words)
    p = attribution.probability
    message = f"P(positive) = {p:.3f}: the network says {'positive' if p > 0.5 else 'negative'}."
    skipped = [t for t, s in zip(read.tokens, read.status) if s == "skipped"]
    if skipped:
        shown = ", ".join(skipped[:8]) + (", ..." if len(skipped) > 8 else "")
        message += (f" {len(skipped)} of its {len(read.tokens)} words are outside the "
                    f"{len(vocab):,}-word vocabulary, so the network skips them (grey): {shown}.")
    if not np.count_nonzero(read.row):
        message += (" It reads only padding: this is what it says about an empty review.")
    elif attribution.note:
        message += f" The verdict is {attribution.note}."
    unknown = int(np.sum(~attribution.in_vocabulary))
    if unknown:
        message += (f" {unknown} of the words it reads are outside its {len(vocab):,}-word "
                    "vocabulary (in italics): it sees each of them as the same <oov> word.")
    truncated = read.status.count("truncated")
    if truncated:
        message += (f" The first {truncated} words are cut off: it reads {config.maxlen} "
                    f"(truncating='{config.truncating}').")
    first = keep[0] if len(keep) else len(labels.labels)
    return ReviewView(
        text=text, message=message, prediction=p, attribution=attribution, reading=read,
        running=running[keep], step_labels=[labels.labels[i] for i in keep],
        step_skipped={x - first: w for x, w in labels.skipped.items() if x > first - 0.5})


def review_html(view: ReviewView) -> str:
    """The message and the attribution-coloured words of a ReviewView, as HTML."""
    head = f"<p><b>{html.escape(view.message)}</b></p>"
    if view.attribution is None:
        return head
    vmax = float(np.max(np.abs(view.attribution.scores))) if len(view.attribution.scores) else 1
    return (head + attribution_html(view.attribution, vmax=vmax, caption=False,
                                    reading=view.reading)
            + scale_html(vmax) + "<p style='font-size:12px;color:#555'>Colour: integrated "
            "gradients, how much each word moved the logit from an empty review's.</p>")


def review_png(view: ReviewView, dpi: int = 100) -> bytes | None:
    """The running sentiment of a ReviewView as PNG bytes (None when there is nothing to draw),
    at a readable size (``plots.plot_running_sentiment``)."""
    from matplotlib.figure import Figure

    if not len(view.running):
        return None
    figure = Figure(figsize=(max(6.0, 0.9 * len(view.running) + 2.5), 3.8), layout="constrained")
    plot_running_sentiment(view.running, view.step_labels, skipped=view.step_skipped,
                           ax=figure.subplots(),
                           title="running sentiment: P(positive) after each LSTM step")
    return figure_png(figure, dpi=dpi)


class ReviewWidget:
    """A prompt menu and a text box; shows ``review_view`` of what is typed, updated while
    typing (after ``delay`` seconds without a key), on Enter, or when a prompt is picked.
    Display it (or ``.widget``) in a notebook cell; its output also carries a static picture
    of the current view for viewers without a kernel."""

    def __init__(self, predictor, text: str = DEFAULT_REVIEW, delay: float = 0.4):
        import ipywidgets as w

        self.predictor, self.delay = Predictor.check(predictor), delay
        self.prompts = w.Dropdown(options=[("pick a prompt...", "")] + list(PROMPTS.items()),
                                  description="Try:")
        self.box = w.Textarea(value=text, placeholder="Write your own review here",
                              continuous_update=True,
                              layout=w.Layout(width="100%", height="70px"))
        self.shown = w.HTML()
        self.image = w.Image(format="png", layout=w.Layout(object_fit="contain"))
        self.widget = w.VBox([self.prompts, self.box, self.shown, self.image])
        self.widget.add_class("imdbviz-review")
        self.view = None
        self.updates = 0
        self._pending = None
        self.box.observe(self._typed, names="value")
        self.prompts.observe(self._picked, names="value")
        self.update()

    def update(self):
        """Recompute the view of the text in the box and show it."""
        self._pending = None
        self.view = review_view(self.predictor, self.box.value)
        self.updates += 1
        self.shown.value = review_html(self.view)
        png = review_png(self.view)
        self.image.value = png or b""
        self.image.layout.display = None if png else "none"  # a cleared text clears the plot

    def _typed(self, change):
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        if change["new"].endswith("\n") or not change["new"].strip():
            self.update()  # Enter, or a cleared box: at once
            return
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, the tests): update at once
            self.update()
            return
        self._pending = loop.call_later(self.delay, self.update)

    def _picked(self, change):
        if change["new"]:
            self.box.value = change["new"]
            self.prompts.value = ""  # the menu is ready for the next pick

    def _repr_mimebundle_(self, **kwargs):
        png = bytes(self.image.value) if self.image.value else None
        return mimebundle(self.widget, html=self.shown.value + (png_img(png) if png else ""))


def review_widget(predictor, text: str = DEFAULT_REVIEW) -> ReviewWidget:
    """The 'write your own review' widget for ``predictor``, a ``TrainResult`` or
    ``Predictor`` (see ``ReviewWidget``)."""
    return ReviewWidget(predictor, text)
