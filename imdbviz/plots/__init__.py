"""Drawing only: every ``plot_*`` takes a result computed elsewhere in imdbviz, draws it on
``ax=None`` (a new figure when None) and returns the Axes, or the Figure when it needs several
Axes (``panels=None``), with ``drawn_``: what it drew by name (``style.drawn``; a Figure's
``drawn_["axes"]`` holds its panels). Modules by what they draw; the HTML renderers return
strings."""
from .classroom import *  # noqa: F401,F403  (a class experiment: accuracy against a parameter)
from .comparisons import *  # noqa: F401,F403  (spreads over seeds, the comparison table)
from .corpus import *  # noqa: F401,F403  (word frequencies, coverage, lengths)
from .curves import *  # noqa: F401,F403  (training curves, over seeds, sweeps)
from .html import *  # noqa: F401,F403  (reviews as HTML: reading, attributions, cards)
from .matrices import *  # noqa: F401,F403  (padded id matrices, word-vector rows)
from .sequences import *  # noqa: F401,F403  (tensors against the words of a review)
from .style import CONDITION_COLORS, NEGATIVE, POSITIVE, SENTIMENT_CMAP, condition_color  # noqa: F401
from .vectors import *  # noqa: F401,F403  (projections, neighbours, separation)
from .training import *  # noqa: F401,F403  (how training works: the sigmoid, gradient-descent steps)
