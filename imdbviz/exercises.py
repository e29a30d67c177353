"""Checks for the exercises at the end of each notebook.

A student writes an answer into a variable and runs ``check(answer, expected)``. An answer left
as ``None`` prints a reminder instead of failing, so a notebook runs top to bottom either way.
"""
from __future__ import annotations

import numpy as np


def check(answer, expected, tol: float = 0.0, hint: str = "") -> bool | None:
    """Print whether ``answer`` matches ``expected`` (numbers within ``tol``, arrays element-wise,
    anything else by ``==``); returns True / False, or None when there is no answer yet."""
    if answer is None:
        print("No answer yet: replace None with your answer and run this cell again."
              + (f" Hint: {hint}" if hint else ""))
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
