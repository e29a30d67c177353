"""The tensor explorer: pick a test review (or type your own), a layer and a filter or unit, and
see that tensor against the words of the review, with the running prediction.

The work is done by plain functions: ``explorer_view(source, state)`` computes everything a view
shows (an ``ExplorerView`` of arrays), ``imdbviz.plots.plot_explorer_view`` draws it. The
``Explorer`` class only wires ipywidgets controls to them.
"""
from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass, field

import numpy as np

from .. import tensors
from ..plots import plot_explorer_view, reading_html
from ..train import Predictor
from .static import figure_png, mimebundle

__all__ = ["ExplorerSource", "ExplorerState", "ExplorerView", "explorer_view", "Explorer",
           "explore", "view_png", "LAYER_CHOICES"]

#: (label shown in the dropdown, tensor name): every tensor ``tensors.review_map`` shows.
LAYER_CHOICES = tuple((f"{label} ({channel})", name)
                      for name, (label, channel) in tensors.REVIEW_TENSORS.items())


@dataclass
class ExplorerSource:
    """What the explorer looks into: ``predictor`` (a ``TrainResult``, or
    ``imdbviz.Predictor(model=..., vocab=..., config=...)``) and the reviews to pick from
    (``texts``, ``labels`` 1 = positive)."""

    predictor: Predictor
    texts: list = field(repr=False)
    labels: np.ndarray = field(repr=False)

    @classmethod
    def from_training(cls, result) -> "ExplorerSource":
        """From a ``TrainResult`` and the test reviews of the data it was trained on."""
        data = result.data
        if data.reviews is not None:
            texts, labels = list(data.reviews.test_texts), data.reviews.test_labels
        else:  # keras.datasets.imdb ships no text: decode the encoded reviews
            texts, labels = [result.vocab.decode(row) for row in data.x_test], data.y_test
        return cls(predictor=result, texts=texts, labels=np.asarray(labels))


@dataclass(frozen=True, kw_only=True)
class ExplorerState:
    """What the user picked: test review ``review``, or their own ``text`` when it is not blank;
    ``layer`` (a name of ``tensors.REVIEW_TENSORS``) and ``unit`` (filter / unit / dimension)."""

    review: int = 0
    text: str = ""
    layer: str = "conv"
    unit: int = 0


@dataclass
class ExplorerView:
    """Everything one view shows. ``values``, ``labels``, ``padding``, ``skipped``: the chosen
    tensor row against the positions of its layer; ``running``, ``step_labels``,
    ``step_padding``, ``step_skipped``: the probability of a positive review after each LSTM
    step; ``probability``: the model's prediction; ``label``: the true label of a test review
    (None for typed text); ``words``: how many words the model reads (at most ``maxlen``; with
    ``oov="skip"``, known words only); ``reading``: the review as the model reads it;
    ``message``: a warning to show, or ""."""

    state: ExplorerState
    title: str
    layer: str
    unit: int
    channel: str
    units: int
    values: np.ndarray
    labels: list
    padding: np.ndarray
    skipped: dict
    running: np.ndarray
    step_labels: list
    step_padding: np.ndarray
    step_skipped: dict
    probability: float
    label: int | None
    words: int
    reading: object = field(repr=False)
    message: str = ""


def explorer_view(source: ExplorerSource, state: ExplorerState) -> ExplorerView:
    """Compute the view for ``state``; a bad review number, layer, unit or an empty text raises
    ValueError with what to do."""
    if state.text.strip():
        text, label, name = state.text, None, "your text"
    else:
        if not 0 <= state.review < len(source.texts):
            raise ValueError(f"review must be between 0 and {len(source.texts) - 1}, "
                             f"got {state.review}")
        text, label = source.texts[state.review], int(source.labels[state.review])
        name = f"test review {state.review}"
    predictor = Predictor.check(source.predictor)
    units = tensors.channel_count(predictor.model, state.layer)  # checks the layer name
    if not 0 <= state.unit < units:
        raise ValueError(f"unit must be between 0 and {units - 1} for layer {state.layer!r}, "
                         f"got {state.unit}")
    read = predictor.read(text)  # raises on a text with no words
    fmap = tensors.review_map(predictor, read, state.layer)
    steps = tensors.lstm_steps(predictor, read)  # padding: every position the step pools is
    running = tensors.running_prediction(predictor.model, read.row[None])[0]
    probability = float(running[-1])
    words = int(np.count_nonzero(read.row))
    message = ""
    if words == 0:
        message = (f"None of these words is among the model's {len(predictor.vocab):,}: it reads "
                   f"only padding, and P(positive) = {probability:.3f} is what it says about an "
                   "empty review, not about your text.")
    truth = "" if label is None else f", truly {'positive' if label else 'negative'}"
    title = (f"{name}: {state.layer} {fmap.channel} {state.unit}; "
             f"P(positive) = {probability:.3f}{truth}")
    return ExplorerView(
        state=state, title=title, layer=state.layer, unit=state.unit, channel=fmap.channel,
        units=units, values=fmap.values[state.unit], labels=fmap.labels,
        padding=steps.padding if len(fmap.labels) == len(steps.labels) else fmap.padding,
        skipped=fmap.skipped, running=running, step_labels=steps.labels,
        step_padding=steps.padding, step_skipped=steps.skipped, probability=probability,
        label=label, words=words, reading=read, message=message)


def view_png(view: ExplorerView, dpi: int = 80) -> bytes:
    """The view drawn by ``plot_explorer_view`` as PNG bytes."""
    from matplotlib.figure import Figure

    return figure_png(plot_explorer_view(view, Figure(figsize=(12, 5.6))), dpi=dpi)


class Explorer:
    """ipywidgets controls wired to ``explorer_view`` and ``plot_explorer_view``; display
    ``explorer.widget`` (or the Explorer itself in a notebook cell: then its output also
    carries a static picture of the view, for viewers without a kernel)."""

    def __init__(self, source: ExplorerSource, state: ExplorerState = ExplorerState()):
        import ipywidgets as w

        self.source = source
        self.state = state
        self.review = w.BoundedIntText(value=state.review, min=0, max=len(source.texts) - 1,
                                       description="test review",
                                       style={"description_width": "initial"})
        self.text = w.Text(value=state.text, placeholder="or type your own review here",
                           description="own text", continuous_update=False,
                           layout=w.Layout(width="50%"))
        self.layer = w.Dropdown(options=list(LAYER_CHOICES), value=state.layer,
                                description="layer", layout=w.Layout(width="360px"))
        units = tensors.channel_count(source.predictor.model, state.layer)
        self.unit = w.IntSlider(value=state.unit, min=0, max=units - 1, description="unit",
                                continuous_update=False)
        self.status = w.HTML()
        self.words = w.HTML(layout=w.Layout(max_height="90px", overflow="auto",
                                            border="1px solid #ddd"))
        self.image = w.Image(format="png", layout=w.Layout(width="960px", height="460px",
                                                           object_fit="contain"))
        self.widget = w.VBox([w.HBox([self.review, self.text]), w.HBox([self.layer, self.unit]),
                              self.status, self.words, self.image])
        self.widget.add_class("imdbviz-explorer")
        self.view = None
        self.computed = 0  # views computed, one per user change
        self._quiet = False
        for control in (self.review, self.text, self.layer, self.unit):
            control.observe(self._changed, names="value")
        self.refresh()

    def _changed(self, change):
        if self._quiet:
            return
        if change["owner"] is self.layer:  # units differ per layer: may move the slider
            self._quiet = True
            try:
                self.unit.max = tensors.channel_count(self.source.predictor.model,
                                                      self.layer.value) - 1
            finally:
                self._quiet = False
        self.state = dataclasses.replace(self.state, review=int(self.review.value),
                                         text=self.text.value, layer=self.layer.value,
                                         unit=int(self.unit.value))
        self.refresh()

    def refresh(self):
        """Recompute and redraw the view for ``self.state`` (the picture is replaced in place);
        errors and warnings are shown, not raised."""
        self.status.value = "<i>computing...</i>"
        try:
            self.view = explorer_view(self.source, self.state)
        except ValueError as error:
            self.status.value = f"<b style='color:#c45a00'>{html.escape(str(error))}</b>"
            return
        self.computed += 1
        self.image.value = view_png(self.view)
        self.words.value = reading_html(self.view.reading)
        self.status.value = (f"<b style='color:#c45a00'>{html.escape(self.view.message)}</b>"
                             if self.view.message else "")

    def _repr_mimebundle_(self, **kwargs):
        return mimebundle(self.widget, png=bytes(self.image.value) or None)


def explore(result, review: int = 0, layer: str = "conv", unit: int = 0) -> Explorer:
    """The explorer on ``result`` (a ``TrainResult``) and the test reviews it was tested on."""
    return Explorer(ExplorerSource.from_training(result),
                    ExplorerState(review=review, layer=layer, unit=unit))
