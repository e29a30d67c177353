"""Reviews as HTML: how the model reads a review (skipped words greyed, not deleted), per-word
attributions as coloured words with their scale, and one review's card with each model's
verdict. Each function returns an HTML string (``IPython.display.HTML`` shows it)."""
from __future__ import annotations

import html

import numpy as np

from .style import SENTIMENT_CMAP

__all__ = ["reading_html", "reading_legend_html", "attribution_html", "scale_html", "review_card_html",
           "sentiment_colors", "faint_share", "attribution_pair_html"]

_BOX = ("line-height:1.9;font-family:sans-serif;font-size:13px;background:#ffffff;"
        "color:#000000;padding:4px 6px;border-radius:4px")  # light in dark themes too
_WORD = "padding:1px 3px;margin:1px;border-radius:3px;display:inline-block"
#: How ``reading_html`` shows each status: read words black; skipped words grey italics;
#: cut-off words red-brown and struck through (two looks no one confuses, neither blue nor
#: orange, which mean sentiment).
READING_STYLES = {"read": "color:#000000",
                  "skipped": "color:#8c8c8c;font-style:italic",
                  "truncated": "color:#a0522d;text-decoration:line-through"}
_NOT_READ = {"skipped": (READING_STYLES["skipped"],
                         "not read: outside the vocabulary (oov='skip')"),
             "truncated": (READING_STYLES["truncated"],
                           "not read: cut off by truncation to maxlen")}
_LEGEND = {"read": "read", "skipped": "skipped: not in the vocabulary",
           "truncated": "cut off: beyond maxlen"}


def sentiment_colors(scores, vmax: float | None = None) -> list[str]:
    """A hex colour per score on the sentiment scale centred on zero: ``-vmax`` orange
    (towards negative), 0 white, ``+vmax`` blue (towards positive); ``vmax`` defaults to the
    largest absolute score."""
    from matplotlib.colors import CenteredNorm, to_hex

    scores = np.asarray(scores, dtype=float)
    if vmax is None:
        vmax = float(np.max(np.abs(scores))) if scores.size else 0.0
    if vmax < 0:
        raise ValueError(f"vmax must be positive, got {vmax}")
    norm = CenteredNorm(vcenter=0.0, halfrange=max(vmax, 1e-12))
    return [to_hex(SENTIMENT_CMAP(norm(s))) for s in scores]


def faint_share(scores, vmax: float, below: float = 0.1) -> float:
    """The share of ``scores`` drawn near-white on the sentiment scale of ``vmax``: those with
    ``|score| < below * vmax``. Near 1, the scale is too wide for these scores: show them on
    their own scale (``vmax`` from their own largest absolute score)."""
    scores = np.abs(np.asarray(scores, dtype=float))
    if vmax <= 0:
        raise ValueError(f"vmax must be positive, got {vmax}")
    return float(np.mean(scores < below * vmax)) if scores.size else 0.0


def _text_color(background: str) -> str:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(background)
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "#000000"


def _not_read(token: str, why: str) -> str:
    style, note = _NOT_READ[why]
    return (f'<span style="{_WORD};{style}" title="{html.escape(token)}: {note}">'
            f"{html.escape(token)}</span>")


def reading_legend_html() -> str:
    """One line that shows each look of ``reading_html`` with what it means."""
    items = [f'<span style="{_WORD};{READING_STYLES[k]}">{html.escape(text)}</span>'
             for k, text in _LEGEND.items()]
    return f"<div style='{_BOX};font-size:12px'>" + " &middot; ".join(items) + "</div>"


def reading_html(reading, max_tokens: int | None = None, ends: int | None = None,
                 legend: bool = False) -> str:
    """How the model reads a review (``encoding.Reading``): the words it reads in black, with
    the words it skips (outside the vocabulary) in grey italics and those cut by truncation
    in red-brown, struck through, in their places (``READING_STYLES``). ``max_tokens`` shows
    only the last ones; ``ends`` only the first and the last ``ends`` tokens, with a "[... n
    tokens ...]" between; ``legend`` adds ``reading_legend_html`` above."""
    tokens = list(zip(reading.tokens, reading.status))
    gap = None
    if ends is not None and len(tokens) > 2 * ends:
        gap, tokens = (ends, len(tokens) - 2 * ends), tokens[:ends] + tokens[-ends:]
    elif max_tokens is not None and len(tokens) > max_tokens:
        tokens = [("...", "truncated")] + tokens[-max_tokens:]
    spans = [f'<span style="{_WORD};{READING_STYLES["read"]}">{html.escape(t)}</span>'
             if status == "read" else _not_read(t, status) for t, status in tokens]
    if gap is not None:
        spans.insert(gap[0], f'<span style="{_WORD};color:#555555">[... {gap[1]} tokens '
                             "...]</span>")
    return ((reading_legend_html() if legend else "")
            + f"<div style='{_BOX}'>" + " ".join(spans) + "</div>")


def scale_html(vmax: float, unit: str = "logit") -> str:
    """The colour scale of ``attribution_html``: from ``-vmax`` (orange, towards negative) to
    ``+vmax`` (blue, towards positive)."""
    stops = ", ".join(sentiment_colors(np.linspace(-vmax, vmax, 9), vmax))
    # 2 decimals, or up to 4 where 2 would misstate the scale's end by over 1% (0.046, not 0.05)
    digits = next((d for d in (2, 3) if abs(round(vmax, d) - vmax) <= 0.01 * abs(vmax)), 4)
    return ("<div style='font-family:sans-serif;font-size:12px;margin:4px 0'>"
            f"<span>towards negative {-vmax:+.{digits}f}</span> "
            f"<span style='display:inline-block;width:220px;height:12px;vertical-align:middle;"
            f"background:linear-gradient(to right, {stops});border:1px solid #ccc'></span> "
            f"<span>{vmax:+.{digits}f} towards positive</span> ({unit} units; white: no effect)</div>")


def attribution_html(attribution, vmax: float | None = None, caption: bool = True,
                     reading=None) -> str:
    """A ``saliency.Attribution`` as coloured words on the sentiment scale (``vmax``: pass the
    same value to reviews shown side by side), each word's score in its tooltip; with
    ``reading`` (``encoding.Reading`` of the same text) the words the model did not read are
    shown greyed in their places. With ``caption``: the prediction (and the true label)."""
    colors = sentiment_colors(attribution.scores, vmax=vmax)
    read = []
    for token, score, color, known in zip(attribution.tokens, attribution.scores, colors,
                                          attribution.in_vocabulary):
        style = f"background-color:{color};color:{_text_color(color)};{_WORD}"
        note = "" if known else " (read as <oov>)"
        read.append(f'<span style="{style}{"" if known else ";font-style:italic"}" '
                    f'data-score="{score:.6g}" title="{html.escape(token)}: {score:+.4g}'
                    f'{html.escape(note)}">{html.escape(token)}</span>')
    if reading is not None:
        spans, words = [], iter(read)
        for token, status in zip(reading.tokens, reading.status):
            spans.append(next(words) if status == "read" else _not_read(token, status))
    else:
        spans = read
    head = ""
    if caption:
        head = f"<div style='margin-bottom:4px'>{_verdict(attribution)}</div>"
    return f"<div style='{_BOX}'>{head}" + " ".join(spans) + "</div>"


def review_card_html(card) -> str:
    """One review (``comparison.ReviewCard``): its true label, each model's P(positive) marked
    right or wrong, and its (shortened) text. A card with ``read_from`` shows the text before
    it in grey, then a mark "the network reads from here", then the rest in black."""
    truth = "positive" if card.label == 1 else "negative"
    verdicts = []
    for name, p in card.predictions.items():
        right = (p > 0.5) == (card.label == 1)
        mark = "right" if right else "<b>wrong</b>"  # no colour: blue and orange mean sentiment
        verdicts.append(f"{html.escape(name)}: P(positive) = {p:.3f} ({mark})")
    return ("<div style='border:1px solid #ddd;border-radius:4px;padding:6px;margin:4px 0;"
            "font-family:sans-serif;font-size:13px'>"
            f"<div><b>test review {card.index}, true label: {truth}</b> &middot; "
            + " &middot; ".join(verdicts) + "</div>"
            f"<div style='margin-top:4px;color:#333'>{_card_text(card)}</div></div>")


def _card_text(card) -> str:
    """A card's text as HTML, split at ``read_from`` when the card has one."""
    start = getattr(card, "read_from", None)
    if start is None:
        return html.escape(card.text)
    return (f"<span style='color:#8a8a8a'>{html.escape(card.text[:start])}</span>"
            "<span style='font-size:11px;font-weight:bold;color:#444;border:1px solid #999;"
            "border-radius:3px;padding:0 3px;margin:0 3px;white-space:nowrap'>"
            "&#9654; the network reads from here</span>"
            f"<span style='color:#111'>{html.escape(card.text[start:])}</span>")


def _verdict(attribution) -> str:
    """The prediction of an ``Attribution`` (and its true label, and its few-words note)."""
    p = attribution.probability
    head = f"<b>P(positive) = {p:.3f}: predicted {'positive' if p > 0.5 else 'negative'}</b>"
    if attribution.label is not None:
        truth = "positive" if attribution.label == 1 else "negative"
        head += f" &middot; true label: {truth} ({'right' if attribution.correct else 'WRONG'})"
    if attribution.note:
        head += f" &middot; <i>{html.escape(attribution.note)}</i>"
    return head


def attribution_pair_html(left, right, vmax_left: float, vmax_right: float, reading=None,
                          titles=("integrated gradients", "occlusion"), header: str = "") -> str:
    """Two ``saliency.Attribution`` of the same review side by side: an HTML table of two
    columns, each method with its own colour scale (``scale_html``) above its words, the
    prediction (and true label) once above both, after ``header`` (HTML). ``reading``: as for
    ``attribution_html`` (greys the words the model did not read)."""
    if not np.array_equal(left.positions, right.positions):
        raise ValueError("the two attributions are of different reviews")
    cells = "".join(
        "<td style='vertical-align:top;width:50%;padding:0 6px'>"
        f"<div style='font-family:sans-serif;font-size:13px'><b>{html.escape(title)}</b></div>"
        + scale_html(vmax) + attribution_html(attribution, vmax=vmax, caption=False,
                                              reading=reading) + "</td>"
        for title, attribution, vmax in ((titles[0], left, vmax_left),
                                         (titles[1], right, vmax_right)))
    head = (header + " &middot; " if header else "") + _verdict(left)
    return (f"<div style='font-family:sans-serif;font-size:13px;margin:10px 0 2px'>{head}</div>"
            "<table style='width:100%;border-collapse:collapse;table-layout:fixed'><tr>"
            + cells + "</tr></table>")
