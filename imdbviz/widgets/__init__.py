"""ipywidgets views built on ``imdbviz.inspect`` and ``imdbviz.plots``; their callbacks are plain
functions (``explorer_view``, ``review_view``), unit-tested without a browser.

* ``explore(result, data)``: pick a review (or type one), a layer and a unit; see that tensor
  against the words, and the prediction (notebook 04).
* ``review_widget(model, vocab, config)``: write your own review; see the prediction, per-word
  saliency and the running LSTM sentiment (notebook 06).
"""
from .explorer import Explorer, explore, explorer_view  # noqa: F401
from .review import review_view, review_widget  # noqa: F401
