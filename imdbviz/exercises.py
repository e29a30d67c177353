"""Checks for the exercises at the end of each notebook.

A student writes an answer into a variable and runs ``check(answer, expected)``. An answer left
as ``None`` prints a reminder instead of failing, so a notebook runs top to bottom either way.
"""
from __future__ import annotations

import numpy as np


def check(answer, expected, tol: float = 0.0, hint: str = "") -> bool | None:
    """Print whether ``answer`` matches ``expected`` (numbers within ``tol``, arrays element-wise,
    anything else by ``==``); returns True / False, or None when there is no answer yet.
    ``expected`` may be a function of no argument, called only once there is an answer: an
    exercise that cannot be computed under the notebook's parameters (a word outside a small
    vocabulary, say) then says so instead of stopping the notebook."""
    if answer is None:
        print("No answer yet: replace None with your answer and run this cell again."
              + (f" Hint: {hint}" if hint else ""))
        return None
    if callable(expected):
        try:
            expected = expected()
        except Exception as error:
            print(f"This exercise cannot be checked with these parameters ({type(error).__name__}:"
                  f" {error}); run the notebook at its defaults to check your answer.")
            return None
    try:
        if isinstance(expected, str) or isinstance(answer, str):
            ok = str(answer).strip().lower() == str(expected).strip().lower()
        else:
            ok = bool(np.allclose(np.asarray(answer, dtype=float), np.asarray(expected, dtype=float),
                                  atol=tol, rtol=0.0))
    except (TypeError, ValueError):
        ok = answer == expected
    print("Correct!" if ok else f"Not quite: {answer!r} is not the answer."
          + (f" Hint: {hint}" if hint else ""))
    return ok
