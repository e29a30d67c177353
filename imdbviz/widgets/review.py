"""'Write your own review': type a review, see the prediction, which words pushed it (saliency)
and how the LSTM's opinion moved along the review (running sentiment).

``review_view(text, model, vocab, config)`` is the callback, a plain function (text -> result)
that never raises on what a student types; ``review_widget`` wires it to ipywidgets.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np

from ..inspect import positions, running_prediction
from ..saliency import Saliency, explain_texts
from ..train import encode_texts
from ..vocab import tokenize

__all__ = ["PROMPTS", "DEFAULT_REVIEW", "EMPTY_MESSAGE", "ReviewView", "review_view",
           "review_html", "review_widget"]

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
    to do) when the text has no words. ``running`` ``(steps,)``: P(positive) after each LSTM
    step whose words belong to the review (steps over padding only are left out);
    ``step_labels``: the words each of those steps covers."""

    text: str
    message: str
    prediction: float | None = None
    saliency: Saliency | None = None
    running: np.ndarray = field(default_factory=lambda: np.zeros(0))
    step_labels: list = field(default_factory=list)


def _step_words(model, saliency: Saliency) -> tuple[np.ndarray, list[str]]:
    """The LSTM steps that cover words of the review, and those words as labels. A pooled step
    is labelled with the words under the centres of the conv positions it pools."""
    pos = positions(model)
    centers = pos.conv_centers
    first = centers[pos.pool_conv[:, 0]]
    stop = centers[pos.pool_conv[:, 1] - 1] + 1
    word_at = dict(zip(saliency.positions.tolist(), saliency.tokens))
    steps, labels = [], []
    for t, (a, b) in enumerate(zip(first, stop)):
        words = [word_at[p] for p in range(a, b) if p in word_at]
        if words:
            steps.append(t)
            labels.append(" ".join(words))
    return np.array(steps, dtype=int), labels


def review_view(text, model, vocab, config) -> ReviewView:
    """The callback: prediction, saliency and running sentiment of ``text`` for the model.
    Empty text (or no words at all) gives a ReviewView with a friendly ``message``."""
    if not isinstance(text, str) or not tokenize(text):
        return ReviewView(text if isinstance(text, str) else "", EMPTY_MESSAGE)
    saliency = explain_texts(model, vocab, config, [text])[0]
    running = running_prediction(model, encode_texts([text], vocab, config))[0]
    steps, labels = _step_words(model, saliency)
    verdict = "positive" if saliency.prediction > 0.5 else "negative"
    message = f"P(positive) = {saliency.prediction:.3f}: the network says {verdict}."
    tokens = tokenize(text)
    if config.oov == "skip":
        skipped = [t for t in tokens if t not in vocab.index]
        n_words = len(tokens) - len(skipped)
        if skipped:
            shown = ", ".join(skipped[:8]) + (", ..." if len(skipped) > 8 else "")
            message += (f" {len(skipped)} of its {len(tokens)} words are outside the "
                        f"{len(vocab):,}-word vocabulary, so the network skips them: {shown}.")
    else:
        n_words, unknown = len(tokens), int(np.sum(~saliency.in_vocabulary))
        if unknown:
            message += (f" {unknown} of the words it reads are outside its {len(vocab):,}-word "
                        "vocabulary (in italics): it sees each of them as the same <oov> word.")
    if n_words > config.maxlen:
        message += (f" Only {config.maxlen} of the {n_words} tokens are read "
                    f"(truncating='{config.truncating}').")
    return ReviewView(text, message, saliency.prediction, saliency, running[steps], labels)


def review_html(view: ReviewView) -> str:
    """The message and the saliency-coloured words of a ReviewView, as HTML."""
    from ..plots.compare import saliency_html

    head = f"<p><b>{html.escape(view.message)}</b></p>"
    if view.saliency is None:
        return head
    legend = ("<p style='font-size:12px;color:#555'>Colour = gradient x input: "
              "<span style='color:#b2182b'><b>red</b></span> pushed towards negative, "
              "<span style='color:#2166ac'><b>blue</b></span> towards positive.</p>")
    return head + saliency_html(view.saliency, caption=False) + legend


def review_widget(model, vocab, config, text: str = DEFAULT_REVIEW):
    """A text box with prompt examples; shows ``review_view`` of what is typed (updated when
    the box loses focus or a prompt is picked). Returns an ``ipywidgets.VBox``."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import clear_output, display

    from ..plots.compare import plot_running_sentiment

    prompts = widgets.Dropdown(options=[("pick a prompt...", "")] + list(
        (name, value) for name, value in PROMPTS.items()), description="Try:")
    box = widgets.Textarea(value=text, placeholder="Write your own review here",
                           continuous_update=False,
                           layout=widgets.Layout(width="100%", height="70px"))
    shown = widgets.HTML()
    plot = widgets.Output()

    def update(_change=None):
        view = review_view(box.value, model, vocab, config)
        shown.value = review_html(view)
        with plot:
            clear_output(wait=True)
            if len(view.running):
                fig, ax = plt.subplots(figsize=(max(5, 0.45 * len(view.running) + 2), 3))
                plot_running_sentiment(view, ax=ax)
                fig.tight_layout()
                plt.close(fig)
                display(fig)

    def pick(change):
        if change["new"]:
            box.value = change["new"]

    box.observe(update, names="value")
    prompts.observe(pick, names="value")
    update()
    return widgets.VBox([prompts, box, shown, plot])
