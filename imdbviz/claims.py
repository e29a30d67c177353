"""Claims are code: a sentence of a notebook that states a result is checked by the notebook.

A notebook's prose is written for the full Large Movie Review Dataset at the notebook's default
parameters. There, ``Claims.claim(statement, holds)`` *asserts*: a change that makes a sentence
false fails the notebook's test (CI's full-data tier). On the bundled sample, or under other
parameters, the same call only reports whether the statement holds here too, without failing:
numbers there differ, and that is expected.

In a notebook a claim cell is collapsed out of the student's way, and it shows one short line,
"✓ 3 claims hold", updated as its claims are checked; the statements and their evidence travel
in that output's metadata (``"imdbviz": {"claims": [...]}``), where the tests read them. Outside
a notebook each claim prints its own line.

    claims = Claims(data, config, preset=imdbviz.SMALL, n_seeds=(n_seeds, 5))
    claims.claim("skipping unknown words beats marking them", skip.mean > mark.mean,
                 f"{skip.mean:.4f} against {mark.mean:.4f}")
"""
from __future__ import annotations

from .config import SMALL, Config

#: ``Reviews.fingerprint`` of the full Large Movie Review Dataset (its 50,000 labeled reviews,
#: from the official archive or its labeled copy alike).
FULL_DATA_FINGERPRINT = "d3117c5b6f0913e7"


class ClaimError(AssertionError):
    """A sentence of the notebook is false on the data it was written for."""


class Claims:
    """Checks the notebook's statements. ``applies`` is True on the full data with ``config``
    equal to ``preset`` and every notebook parameter given as ``name=(value, default)`` at its
    default: only then does a false claim raise ``ClaimError``."""

    def __init__(self, data, config: Config, preset: Config = SMALL, **parameters):
        self.full_data = getattr(data, "fingerprint", None) == FULL_DATA_FINGERPRINT
        differ = [f"{k}={getattr(config, k)!r}" for k in config.to_dict()
                  if getattr(config, k) != getattr(preset, k)]
        differ += [f"{name}={value!r}" for name, (value, default) in parameters.items()
                   if value != default]
        self.changed = differ
        self.applies = self.full_data and not differ
        self.checked: list[tuple[str, bool]] = []
        self._cell = None  # (execution count, display handle, [claims held in that cell])

    @property
    def where(self) -> str:
        """Why the claims do or do not apply here, in words."""
        if self.applies:
            return "the full data at the default parameters"
        reasons = ([] if self.full_data else ["not the full data"]) + (
            [f"other parameters ({', '.join(self.changed)})"] if self.changed else [])
        return " and ".join(reasons)

    def claim(self, statement: str, holds, evidence="") -> None:
        """Check ``statement`` (the sentence of the prose) against ``holds`` (the computed
        truth), printing the ``evidence``; raise on the full data at default parameters when it
        is false, else only say so. ``checked`` keeps every statement with whether it held.

        ``holds`` and ``evidence`` may be functions of no argument (``lambda: ...``): then a
        claim whose inputs do not exist under other parameters (a word outside a small
        vocabulary, say) is reported as not checkable here instead of stopping the notebook."""
        try:
            holds = bool(holds() if callable(holds) else holds)
            evidence = evidence() if callable(evidence) else evidence
        except Exception as error:
            if self.applies:
                raise
            self.checked.append((statement, False))
            print(f"claim not checkable here: {statement} ({type(error).__name__}: {error}); "
                  f"this run uses {self.where}.")
            return
        self.checked.append((statement, holds))
        detail = f" ({evidence})" if evidence else ""
        if holds:
            self._held(statement, evidence, detail)
        elif self.applies:
            raise ClaimError(
                f"The notebook says: {statement!r}, and on the full data at the default "
                f"parameters it no longer holds{detail}. Fix the analysis, or the sentence.")
        else:
            print(f"claim does not hold here: {statement}{detail}. The sentence was written "
                  f"for the full data at the default parameters; this run uses {self.where}.")

    def _held(self, statement: str, evidence, detail: str) -> None:
        """Say that ``statement`` held: one line per notebook cell, updated, with the
        statements in its metadata; outside a notebook kernel, a line per claim."""
        shell = _kernel_shell()
        if shell is None:
            print(f"claim holds: {statement}{detail}")
            return
        from IPython.display import display

        if self._cell is None or self._cell[0] != shell.execution_count:
            self._cell = (shell.execution_count, None, [])
        count, handle, held = self._cell
        held.append({"statement": statement, "evidence": str(evidence)})
        n = len(held)
        data = {"text/plain": f"\u2713 {n} claim{'s' if n > 1 else ''} of the text above "
                              f"hold{'' if n > 1 else 's'} ({_short_where(self)})"}
        metadata = {"imdbviz": {"claims": list(held)}}
        if handle is None:
            handle = display(data, raw=True, metadata=metadata, display_id=True)
            self._cell = (count, handle, held)
        else:
            handle.update(data, raw=True, metadata=metadata)


def _short_where(claims: Claims) -> str:
    return "full data, default parameters" if claims.applies else claims.where


def _kernel_shell():
    """The IPython kernel's shell when running in a notebook, else None."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return None
    shell = get_ipython()
    return shell if getattr(shell, "kernel", None) is not None else None
