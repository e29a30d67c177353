"""Job functions for tests/test_jobs.py: top-level functions that the worker processes of a
Dask cluster on this machine import by name (from this folder, on the tests' ``sys.path``).
Each leaves a trace in ``folder`` that the test reads: which try it is, in which process."""
import json
import os
import time
from pathlib import Path


def _start_try(name: str, folder) -> int:
    """Mark a new try of job ``name`` (``<name>.try-<n>``, holding this pid); its number."""
    n = 1
    while True:
        try:
            with open(Path(folder) / f"{name}.try-{n}", "x") as marker:
                marker.write(str(os.getpid()))
            return n
        except FileExistsError:
            n += 1


def report(name: str, folder) -> dict:
    """Finish at once: the job's name, try and process."""
    return {"name": name, "try": _start_try(name, folder), "pid": os.getpid()}


def wait_on_first_try(name: str, folder, seconds: float = 90.0) -> dict:
    """On its first try, wait (for a test to kill this process) up to ``seconds``; later
    tries finish at once."""
    attempt = _start_try(name, folder)
    if attempt == 1:
        time.sleep(seconds)
    return {"name": name, "try": attempt, "pid": os.getpid()}


def fail(name: str, folder) -> dict:
    """Raise on every try."""
    attempt = _start_try(name, folder)
    raise ValueError(f"{name} is broken on purpose (try {attempt})")


def write_many(path, writer: str, copies: int, size: int) -> int:
    """Write the same record ``copies`` times through ``imdbviz.files.write_text`` (as a job
    writes its run record), each a complete JSON object of about ``size`` characters."""
    from imdbviz import files

    for copy in range(copies):
        files.write_text(path, json.dumps({"writer": writer, "copy": copy, "pad": "x" * size}))
    return copies
