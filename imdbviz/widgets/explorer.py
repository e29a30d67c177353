"""The tensor explorer: pick a test review (or type your own), a layer and a filter or unit, and
see that tensor against the words of the review, with the running prediction.

The work is done by plain functions: ``explorer_view(source, state)`` computes everything a view
shows (an ``ExplorerView`` of arrays), ``imdbviz.plots.plot_explorer_view`` draws it. The
``Explorer`` class only wires ipywidgets controls to them.
"""
from __future__ import annotations

import dataclasses
import html
import io
from dataclasses import dataclass, field

import numpy as np

from .. import inspect as ins
from ..train import encode_texts

__all__ = ["ExplorerSource", "ExplorerState", "ExplorerView", "explorer_view", "Explorer",
           "explore", "view_png", "LAYER_CHOICES"]

#: (label shown in the dropdown, ``inspect.review_map`` layer)
LAYER_CHOICES = (
    ("embedding (dimension)", "embedding"),
    ("conv (filter)", "conv"),
    ("pool (filter)", "pool"),
    ("LSTM hidden state h (unit)", "lstm_h"),
    ("LSTM cell state c (unit)", "lstm_c"),
    ("LSTM input gate i (unit)", "lstm_i"),
    ("LSTM forget gate f (unit)", "lstm_f"),
    ("LSTM candidate g (unit)", "lstm_g"),
    ("LSTM output gate o (unit)", "lstm_o"),
)


@dataclass
class ExplorerSource:
    """What the explorer looks into: a trained model, its vocabulary and config, and the reviews
    to pick from (``texts``, ``labels`` 1 = positive)."""

    model: object
    vocab: object
    config: object
    texts: list = field(repr=False)
    labels: np.ndarray = field(repr=False)

    @classmethod
    def from_training(cls, result, data) -> "ExplorerSource":
        """From a ``TrainResult`` and the ``Dataset`` it was trained on (its test reviews)."""
        if data.reviews is not None:
            texts, labels = list(data.reviews.test_texts), data.reviews.test_labels
        else:  # keras.datasets.imdb ships no text: decode the encoded reviews
            texts, labels = [result.vocab.decode(row) for row in data.x_test], data.y_test
        return cls(result.model, result.vocab, result.config, texts, np.asarray(labels))


@dataclass(frozen=True)
class ExplorerState:
    """What the user picked: test review ``review``, or their own ``text`` when it is not blank;
    ``layer`` (one of ``inspect.REVIEW_LAYERS``) and ``unit`` (filter / unit / dimension)."""

    review: int = 0
    text: str = ""
    layer: str = "conv"
    unit: int = 0


@dataclass
class ExplorerView:
    """Everything one view shows. ``values``, ``labels``, ``padding``: the chosen tensor row
    against the positions of its layer; ``running``, ``step_labels``, ``step_padding``: the
    probability of a positive review after each LSTM step; ``probability``: the model's
    prediction; ``label``: the true label of a test review (None for typed text); ``words``:
    how many words the model reads (at most ``maxlen``; with ``oov="skip"``, known words only)."""

    state: ExplorerState
    title: str
    values: np.ndarray
    labels: list
    padding: np.ndarray
    channel: str
    units: int
    running: np.ndarray
    step_labels: list
    step_padding: np.ndarray
    probability: float
    label: int | None
    words: int


def explorer_view(source: ExplorerSource, state: ExplorerState) -> ExplorerView:
    """Compute the view for ``state``; a bad review number, layer, unit or an empty text raises
    ValueError with what to do."""
    if state.text.strip():
        x = encode_texts([state.text], source.vocab, source.config)  # raises on no words
        label, name = None, "your text"
    else:
        if not 0 <= state.review < len(source.texts):
            raise ValueError(f"review must be between 0 and {len(source.texts) - 1}, "
                             f"got {state.review}")
        x = encode_texts([source.texts[state.review]], source.vocab, source.config)
        label, name = int(source.labels[state.review]), f"test review {state.review}"
    units = ins.channel_count(source.model, state.layer)  # checks the layer name
    if not 0 <= state.unit < units:
        raise ValueError(f"unit must be between 0 and {units - 1} for layer {state.layer!r}, "
                         f"got {state.unit}")
    fmap = ins.review_map(source.model, x[0], source.vocab, state.layer)
    step_labels, step_padding = ins.step_labels(source.model, x[0], source.vocab)
    running = ins.running_prediction(source.model, x)[0]
    probability = float(running[-1])
    truth = "" if label is None else f", truly {'positive' if label else 'negative'}"
    title = (f"{name}: {state.layer} {fmap.channel} {state.unit}; "
             f"P(positive) = {probability:.3f}{truth}")
    return ExplorerView(state, title, fmap.values[state.unit], fmap.labels, fmap.padding,
                        fmap.channel, units, running, step_labels, step_padding, probability,
                        label, int(np.count_nonzero(x[0])))


def view_png(view: ExplorerView, dpi: int = 80) -> bytes:
    """The view drawn by ``plot_explorer_view`` as PNG bytes (works with any matplotlib
    backend, so the widget draws the same in JupyterLab, Colab and headless runs)."""
    from matplotlib.figure import Figure

    from ..plots import plot_explorer_view

    figure = plot_explorer_view(view, Figure(figsize=(12, 5.6)))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


class Explorer:
    """ipywidgets controls wired to ``explorer_view`` and ``plot_explorer_view``; display
    ``explorer.widget`` (or the Explorer itself in a notebook cell)."""

    def __init__(self, source: ExplorerSource, state: ExplorerState = ExplorerState()):
        import ipywidgets as w

        self.source = source
        self.state = state
        self.review = w.BoundedIntText(value=state.review, min=0, max=len(source.texts) - 1,
                                       description="test review", style={"description_width":
                                                                         "initial"})
        self.text = w.Text(value=state.text, placeholder="or type your own review here",
                           description="own text", continuous_update=False,
                           layout=w.Layout(width="50%"))
        self.layer = w.Dropdown(options=list(LAYER_CHOICES), value=state.layer,
                                description="layer")
        units = ins.channel_count(source.model, state.layer)
        self.unit = w.IntSlider(value=state.unit, min=0, max=units - 1, description="unit",
                                continuous_update=False)
        self.message = w.HTML()
        self.output = w.Output()
        self.widget = w.VBox([w.HBox([self.review, self.text]), w.HBox([self.layer, self.unit]),
                              self.message, self.output])
        self.widget.add_class("imdbviz-explorer")
        for control in (self.review, self.text, self.layer, self.unit):
            control.observe(self._changed, names="value")
        self.view = None
        self.refresh()

    def _changed(self, change):
        if change["owner"] is self.layer:  # units differ per layer
            units = ins.channel_count(self.source.model, self.layer.value)
            self.unit.max = units - 1
        self.state = dataclasses.replace(self.state, review=int(self.review.value),
                                         text=self.text.value, layer=self.layer.value,
                                         unit=int(self.unit.value))
        self.refresh()

    def refresh(self):
        """Recompute and redraw the view for ``self.state``; errors are shown, not raised."""
        from IPython.display import Image

        try:
            self.view = explorer_view(self.source, self.state)
        except ValueError as error:
            self.message.value = f"<b style='color:#b00'>{html.escape(str(error))}</b>"
            return
        self.message.value = ""
        self.output.outputs = ()  # set as widget state: works with and without a live frontend
        self.output.append_display_data(Image(data=view_png(self.view), format="png"))

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def explore(result, data, review: int = 0, layer: str = "conv", unit: int = 0) -> Explorer:
    """The explorer on ``result`` (a ``TrainResult``) and the test reviews of ``data``."""
    return Explorer(ExplorerSource.from_training(result, data),
                    ExplorerState(review=review, layer=layer, unit=unit))
