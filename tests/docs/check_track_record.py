#!/usr/bin/python3
"""Checks that the track record quoted in docs/validation.md is what the
command it names prints today.

    check_track_record.py NEGSIM DOC

Runs `negsim backtest scenarios/history` from the repository root (with the
command's own seed and branches, as the page says) and requires each table of
the report's sections "Scores", "Calibration" and "Cases" to appear in DOC
line for line. Prints the first table that does not and exits 1; a change
that moves the record updates the page in the same commit.
"""

import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECTIONS = ["Scores", "Calibration", "Cases"]


def first_table(lines, heading):
    """The lines of the first Markdown table after the line `## heading`."""
    try:
        at = lines.index("## " + heading)
    except ValueError:
        sys.exit(f"check_track_record: the report has no section '## {heading}'")
    table = []
    for line in lines[at + 1:]:
        if line.startswith("|"):
            table.append(line)
        elif table or line.startswith("#"):
            break
    if not table:
        sys.exit(f"check_track_record: the report's section '{heading}' has no table")
    return table


def contains(lines, block):
    n = len(block)
    return any(lines[i:i + n] == block for i in range(len(lines) - n + 1))


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    negsim, doc = argv[1], argv[2]
    out = tempfile.mkdtemp(prefix="negsim-track-record-")
    try:
        done = subprocess.run([negsim, "backtest", "scenarios/history", "--out", out, "--no-db",
                               "--quiet"], capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            print(f"negsim backtest failed ({done.returncode}):\n{done.stderr}", file=sys.stderr)
            return 1
        with open(os.path.join(out, "backtest.md"), encoding="utf-8") as f:
            report = f.read().splitlines()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    with open(doc, encoding="utf-8") as f:
        page = f.read().splitlines()
    failed = 0
    for heading in SECTIONS:
        table = first_table(report, heading)
        if contains(page, table):
            print(f"{doc}: the {heading} table matches the report")
            continue
        failed += 1
        print(f"{doc}: the {heading} table differs from today's "
              f"`negsim backtest scenarios/history`; it is now:\n" + "\n".join(table),
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
