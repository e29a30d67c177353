"""Drawing only: every ``plot_*`` takes a result computed elsewhere in imdbviz, draws it on
``ax=None`` (a new figure when None) and returns the Axes (or Figure). One module per topic."""
from .text import *  # noqa: F401,F403  (notebooks 01-02: vocabulary, lengths, padding, embeddings)
from .layers import *  # noqa: F401,F403  (notebooks 03-04: conv/pool feature maps, LSTM)
from .training import *  # noqa: F401,F403  (notebook 05: training curves)
from .compare import *  # noqa: F401,F403  (notebook 06: baselines, errors, saliency)
