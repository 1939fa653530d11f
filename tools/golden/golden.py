#!/usr/bin/env python3
"""Golden regression outputs, after OpenMC's results_true.dat.

Every shipped scenario is run with a fixed seed and branch count, and its
summary.json, with the fields that describe the run rather than the result
removed (date, threads, wall time, file path), is kept in tests/golden/. A few
traces are kept beside them, and the backtest of the historical cases
(backtest.json of `negsim backtest scenarios/history` at its default seed and
branches, the figures docs/validation.md quotes). The test suite reruns each
case and compares the text exactly: a change that claims "same numbers" must
leave every file byte-identical, and a change that moves figures on purpose
regenerates them in the same commit, so that the diff shows what moved.

  golden.py check --negsim BIN CASE     rerun one case and compare (a test)
  golden.py regenerate --negsim BIN     rewrite every golden file
  golden.py list                        the cases, one per line
"""
import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(ROOT, "tests", "golden")
BRANCHES = 20000
SEED = 7
# Fields that say how and when a run was made, not what it found.
VOLATILE = {"date", "threads", "wall_seconds"}
VOLATILE_SCENARIO = {"file"}
# (scenario, branch) pairs told by `negsim trace` at SEED.
TRACES = [
    ("scenarios/abu_dhabi_2026.yaml", 0),
    ("scenarios/abu_dhabi_2026.yaml", 17),
    ("scenarios/abu_dhabi_2026.yaml", 123),
    ("scenarios/examples/split_the_pie.yaml", 0),
    ("scenarios/examples/mediated_three_party.yaml", 3),
    ("scenarios/examples/all_state_kinds.yaml", 5),
]
# Scenarios also run with --drivers (paired runs without each shock).
DRIVERS = ["scenarios/examples/mediated_three_party.yaml"]
# Libraries of historical cases scored by `negsim backtest` with its own
# defaults (not SEED), so that the golden file holds the figures a user gets
# from the plain command.
BACKTESTS = ["scenarios/history"]


def scenarios():
    found = []
    for folder, dirs, files in os.walk(os.path.join(ROOT, "scenarios")):
        dirs[:] = sorted(d for d in dirs if d != "batches")
        for name in sorted(files):
            # NAME.observed.yaml records what happened in a historical case; not a scenario.
            if name.endswith((".yaml", ".yml")) and not name.endswith(
                    (".observed.yaml", ".observed.yml")):
                found.append(os.path.relpath(os.path.join(folder, name), ROOT))
    return sorted(found)


def cases():
    out = [("summary", s) for s in scenarios()]
    out += [("drivers", s) for s in DRIVERS]
    out += [("trace", f"{s}#{b}") for s, b in TRACES]
    out += [("backtest", d) for d in BACKTESTS]
    return out


def case_name(kind, what):
    base = what.replace("scenarios/", "").replace(".yaml", "").replace("/", "__")
    if kind == "trace":
        path, branch = base.split("#")
        return f"trace__{path}__branch{branch}.txt"
    return f"{kind}__{base}.json"


def normalise(summary):
    for key in VOLATILE:
        summary.pop(key, None)
    for key in VOLATILE_SCENARIO:
        summary.get("scenario", {}).pop(key, None)
    return json.dumps(summary, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def produce(negsim, kind, what):
    if kind == "trace":
        path, branch = what.split("#")
        done = subprocess.run([negsim, "trace", os.path.join(ROOT, path), "--branch", branch,
                               "--seed", str(SEED)], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"golden: negsim trace {path} --branch {branch} failed:\n{done.stderr}")
        return done.stdout
    out = tempfile.mkdtemp(prefix="negsim-golden-")
    if kind == "backtest":
        try:
            # Run from ROOT with the relative path, so that the file names the
            # report records are the same on every machine.
            done = subprocess.run([negsim, "backtest", what, "--out", out, "--no-db", "--quiet"],
                                  capture_output=True, text=True, cwd=ROOT)
            if done.returncode != 0:
                sys.exit(f"golden: negsim backtest {what} failed ({done.returncode}):\n"
                         f"{done.stderr}")
            with open(os.path.join(out, "backtest.json"), encoding="utf-8") as f:
                return json.dumps(json.load(f), sort_keys=True, indent=1, ensure_ascii=False) + "\n"
        finally:
            shutil.rmtree(out, ignore_errors=True)
    try:
        args = [negsim, "run", os.path.join(ROOT, what), "--branches", str(BRANCHES), "--seed",
                str(SEED), "--out", out, "--no-db", "--quiet"]
        if kind == "drivers":
            args.append("--drivers")
        done = subprocess.run(args, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"golden: negsim run {what} failed ({done.returncode}):\n{done.stderr}")
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            return normalise(json.load(f))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def check(negsim, kind, what):
    name = case_name(kind, what)
    path = os.path.join(GOLDEN, name)
    if not os.path.exists(path):
        sys.exit(f"golden: no golden file {os.path.relpath(path, ROOT)} for {what}; "
                 f"run tools/golden/golden.py regenerate")
    with open(path, encoding="utf-8") as f:
        expected = f.read()
    actual = produce(negsim, kind, what)
    if actual == expected:
        print(f"golden: {name} identical")
        return
    diff = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                f"golden/{name}", "this build", n=2)
    sys.stdout.writelines(list(diff)[:200])
    sys.exit(f"golden: {name} differs from the golden file. If the change is meant to move "
             f"figures, run tools/golden/golden.py regenerate and commit the diff with the reason.")


def regenerate(negsim):
    os.makedirs(GOLDEN, exist_ok=True)
    wanted = set()
    for kind, what in cases():
        name = case_name(kind, what)
        wanted.add(name)
        text = produce(negsim, kind, what)
        with open(os.path.join(GOLDEN, name), "w", encoding="utf-8") as f:
            f.write(text)
        print(f"golden: wrote {name}")
    for name in sorted(os.listdir(GOLDEN)):
        if name not in wanted and name != "README.md":
            os.remove(os.path.join(GOLDEN, name))
            print(f"golden: removed {name} (no such case any more)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check")
    c.add_argument("--negsim", required=True)
    c.add_argument("kind", choices=["summary", "drivers", "trace", "backtest"])
    c.add_argument("what")
    r = sub.add_parser("regenerate")
    r.add_argument("--negsim", default=os.path.join(ROOT, "build", "default", "tools", "negsim"))
    sub.add_parser("list")
    args = parser.parse_args()
    if args.command == "check":
        check(args.negsim, args.kind, args.what)
    elif args.command == "regenerate":
        regenerate(args.negsim)
    else:
        for kind, what in cases():
            print(kind, what)


if __name__ == "__main__":
    main()
