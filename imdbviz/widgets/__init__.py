"""ipywidgets views built on ``imdbviz.inspect`` and ``imdbviz.plots``; their callbacks are plain
functions, unit-tested without a browser."""
