"""Rows of ``{column: value}`` as text: the one table formatter of the package (aligned text
for a notebook's output, markdown for a summary file, CSV for a spreadsheet)."""
from __future__ import annotations

import csv
import io


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    return "" if value is None else str(value)


def format_rows(rows: list[dict], markdown: bool = False) -> str:
    """``rows`` (the first row's keys are the columns) as aligned text, or as a markdown table;
    floats to 4 decimals, numbers right-aligned, a missing value empty."""
    if not rows:
        return ""
    columns = list(rows[0])
    body = [[_cell(row.get(c)) for c in columns] for row in rows]
    numeric = [all(isinstance(row.get(c), (int, float)) or row.get(c) is None for row in rows)
               for c in columns]
    if markdown:
        rule = "|" + "|".join("---:" if n else "---" for n in numeric) + "|"
        lines = ["| " + " | ".join(line).replace("\n", " ") + " |" for line in [columns, *body]]
        return "\n".join([lines[0], rule, *lines[1:]])
    widths = [max(len(line[i]) for line in [columns, *body]) for i in range(len(columns))]
    lines = ["  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(line, widths, numeric))
             for line in [columns, *body]]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def csv_text(rows: list[dict]) -> str:
    """``rows`` as CSV text, the first row's keys as the header."""
    text = io.StringIO()
    if rows:
        writer = csv.DictWriter(text, fieldnames=list(rows[0]), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return text.getvalue()
