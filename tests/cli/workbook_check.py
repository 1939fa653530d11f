#!/usr/bin/env python3
"""`negsim results export ID --xlsx FILE` as a spreadsheet reader gets it.

  workbook_check.py --negsim BIN SCENARIO

Runs SCENARIO into a fresh results database, exports the run as a workbook
and opens it as what it is, a zip archive of XML parts (Python's zipfile,
no spreadsheet library): the sheets are Outcomes, Terms, Drivers,
Assumptions and Provenance in that order; the Outcomes sheet holds each
outcome of summary.json with its probability, interval and count as numbers
(probabilities formatted as percentages); the Assumptions sheet names the
scenario's uncertain inputs by key path; the Provenance sheet has the seed and
branches. Also: the file is refused over the results database (exit 2), and
a second export replaces the first whole (no temporary file is left).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
SHEETS = ["Outcomes", "Terms", "Drivers", "Assumptions", "Provenance"]


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def negsim(binary, *args, expect=0):
    done = subprocess.run([binary, *args], capture_output=True, text=True)
    if done.returncode != expect:
        fail(f"negsim {' '.join(args)}: exit {done.returncode}, expected {expect}\n{done.stderr}")
    return done


def read_workbook(path):
    """Sheet names in order, and each sheet's cells as {ref: (value, style)}."""
    with zipfile.ZipFile(path) as z:
        check(z.testzip() is None, "the workbook's zip archive is damaged")
        book = ET.fromstring(z.read("xl/workbook.xml"))
        names = [s.get("name") for s in book.find("m:sheets", NS)]
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
        styles = ET.fromstring(z.read("xl/styles.xml"))
        formats = {int(f.get("numFmtId")): f.get("formatCode")
                   for f in styles.iter(f"{{{NS['m']}}}numFmt")}
        xfs = [int(x.get("numFmtId", "0"))
               for x in styles.find("m:cellXfs", NS).findall("m:xf", NS)]
        sheets = {}
        for i, name in enumerate(names, start=1):
            cells = {}
            root = ET.fromstring(z.read(f"xl/worksheets/sheet{i}.xml"))
            for c in root.iter(f"{{{NS['m']}}}c"):
                v = c.find("m:v", NS)
                if v is None:
                    continue
                value = shared[int(v.text)] if c.get("t") == "s" else float(v.text)
                style = int(c.get("s", "0"))
                fmt = formats.get(xfs[style]) if style < len(xfs) else None
                cells[c.get("r")] = (value, fmt)
            sheets[name] = cells
        return names, sheets


def column(cells, row, letter):
    return cells.get(f"{letter}{row}", (None, None))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--negsim", required=True)
    parser.add_argument("scenario")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="negsim-workbook-") as tmp:
        db = os.path.join(tmp, "results.db")
        out = os.path.join(tmp, "out")
        book = os.path.join(tmp, "briefing.xlsx")
        negsim(args.negsim, "run", args.scenario, "--branches", "5000", "--seed", "11",
               "--db", db, "--out", out, "--quiet")
        summary = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
        for _ in range(2):  # the second replaces the first
            negsim(args.negsim, "results", "export", "1", "--db", db, "--xlsx", book)
        check(not [n for n in os.listdir(tmp) if ".tmp-" in n], "a temporary file was left")
        names, sheets = read_workbook(book)
        check(names == SHEETS, f"sheets {names}, expected {SHEETS}")

        outcomes = sheets["Outcomes"]
        check(column(outcomes, 3, "A")[0] == "Outcome", "the Outcomes header is not on row 3")
        for i, o in enumerate(summary["outcomes"]):
            row = 4 + i
            check(column(outcomes, row, "B")[0] == o["id"],
                  f"Outcomes B{row}: {column(outcomes, row, 'B')[0]!r}, expected {o['id']!r}")
            probability, fmt = column(outcomes, row, "C")
            check(isinstance(probability, float) and abs(probability - o["probability"]) < 1e-12,
                  f"Outcomes C{row}: {probability!r}, expected {o['probability']}")
            check(fmt == "0.0%", f"Outcomes C{row} is formatted {fmt!r}, not as a percentage")
            low, high = column(outcomes, row, "D")[0], column(outcomes, row, "E")[0]
            check(abs(low - o["ci95"][0]) < 1e-12 and abs(high - o["ci95"][1]) < 1e-12,
                  f"Outcomes D{row}:E{row}: {low}, {high}, expected {o['ci95']}")
            check(column(outcomes, row, "F")[0] == o["count"],
                  f"Outcomes F{row}: {column(outcomes, row, 'F')[0]}, expected {o['count']}")

        paths = {value for value, _ in sheets["Assumptions"].values() if isinstance(value, str)}
        check("parties.russia.capability" in paths,
              "the Assumptions sheet does not name parties.russia.capability")

        provenance = {}
        for ref, (value, _) in sheets["Provenance"].items():
            m = re.fullmatch(r"A(\d+)", ref)
            if m:
                provenance[value] = column(sheets["Provenance"], int(m.group(1)), "B")[0]
        check(provenance.get("Seed") == 11, f"Provenance seed: {provenance.get('Seed')!r}")
        check(provenance.get("Branches") == 5000,
              f"Provenance branches: {provenance.get('Branches')!r}")
        check(provenance.get("Scenario id") == summary["scenario"]["id"],
              f"Provenance scenario id: {provenance.get('Scenario id')!r}")

        refused = negsim(args.negsim, "results", "export", "1", "--db", db, "--xlsx", db, expect=2)
        expected = (f"negsim: error: --xlsx would write '{db}', which is one of this command's "
                    f"inputs ('{db}'); choose another path\n")
        check(refused.stderr == expected, f"refusal said {refused.stderr!r}, expected {expected!r}")
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
