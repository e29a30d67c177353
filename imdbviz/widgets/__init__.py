"""ipywidgets views built on ``imdbviz.tensors``, ``imdbviz.saliency`` and ``imdbviz.plots``;
their callbacks are plain functions (``explorer_view``, ``review_view``), unit-tested without a
browser. Each widget's output also carries a static picture of its view (``static``).

* ``explore(result)``: pick a review (or type one), a layer and a unit; see that tensor
  against the words, and the prediction (notebook 06).
* ``review_widget(result)``: write your own review; see the prediction, per-word
  attributions and the running LSTM sentiment (notebook 09).
* ``LivePlot``: a Keras callback that redraws the training curves after every epoch
  (notebook 07).
"""
from .explorer import Explorer, explore, explorer_view  # noqa: F401
from .live import LivePlot, frontend_is_live  # noqa: F401
from .review import ReviewWidget, review_view, review_widget  # noqa: F401
