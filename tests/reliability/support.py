"""What the reliability suites share: running negsim as an analyst's script
does (its own process, pipes, signals), scratch folders, and the checks made
after every fault: the database's integrity, no temporary file left, and every
output set complete and from one run."""

import csv
import json
import os
import re
import signal
import sqlite3
import subprocess
import tempfile
import time
import unittest

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NEGSIM = os.path.abspath(
    os.environ.get("NEGSIM", os.path.join(SOURCE, "build", "default", "tools", "negsim")))
ABU_DHABI = os.path.join(SOURCE, "scenarios", "abu_dhabi_2026.yaml")
MEDIATED = os.path.join(SOURCE, "scenarios", "examples", "mediated_three_party.yaml")
MINIMAL = os.path.join(SOURCE, "tests", "data", "good", "minimal.yaml")
BUSY = os.path.join(SOURCE, "tests", "data", "runner", "busy_talks.yaml")

ENV = dict(os.environ, NEGSIM_NO_PROGRESS="1")
ENV.pop("CI", None)


class Result:
    def __init__(self, code, out, err, seconds):
        self.code, self.out, self.err, self.seconds = code, out, err, seconds

    def __repr__(self):
        return f"exit {self.code}\n--- stdout\n{self.out[-2000:]}\n--- stderr\n{self.err[-3000:]}"


def negsim(*args, cwd=None, stdout=None, timeout=300, stdin=subprocess.DEVNULL):
    """Runs negsim to the end. `stdout` may be an open file or fd (e.g. /dev/full)."""
    start = time.monotonic()
    p = subprocess.run([NEGSIM, *map(str, args)], cwd=cwd, env=ENV, stdin=stdin,
                       stdout=stdout if stdout is not None else subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    out = p.stdout.decode("utf-8", "replace") if p.stdout is not None else ""
    return Result(p.returncode if p.returncode >= 0 else 128 - p.returncode, out,
                  p.stderr.decode("utf-8", "replace"), time.monotonic() - start)


def start(*args, cwd=None, stdout=subprocess.DEVNULL):
    """Starts negsim in the background; stderr to a pipe read by finish()."""
    return subprocess.Popen([NEGSIM, *map(str, args)], cwd=cwd, env=ENV,
                            stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE)


def wait_for_handlers(p, signals=(signal.SIGINT, signal.SIGTERM, signal.SIGHUP), timeout=60):
    """Waits until process p catches `signals`, as Linux shows in /proc/PID/status
    (SigCgt). Until main() installs its handlers no program can handle a signal,
    and on a loaded machine starting a process can take longer than any fixed
    delay. Returns False if p ended first."""
    mask = 0
    for s in signals:
        mask |= 1 << (int(s) - 1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if p.poll() is not None:
            return False
        try:
            with open(f"/proc/{p.pid}/status") as status:
                caught = next((int(line.split()[1], 16) for line in status
                               if line.startswith("SigCgt:")), 0)
        except OSError:
            return False
        if caught & mask == mask:
            return True
        time.sleep(0.002)
    raise AssertionError(f"negsim did not install its signal handlers within {timeout} s")


def finish(p, timeout=300):
    start_time = time.monotonic()
    _, err = p.communicate(timeout=timeout)
    code = p.returncode if p.returncode >= 0 else 128 - p.returncode
    return Result(code, "", err.decode("utf-8", "replace"), time.monotonic() - start_time)


def into_closed_pipe(*args, cwd=None):
    """negsim ARGS | true, without the race: the reader is gone before it starts."""
    r, w = os.pipe()
    os.close(r)
    try:
        return negsim(*args, cwd=cwd, stdout=w)
    finally:
        os.close(w)


# ------------------------------------------------------------ what a fault may leave

TEMPORARY = re.compile(r"^\..*\.tmp-\d+-|^\.negsim-staging-")


def temporaries(root):
    """Every temporary file or staging directory under `root`."""
    found = []
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            if TEMPORARY.match(name):
                found.append(os.path.join(folder, name))
    return found


def integrity(db):
    """PRAGMA integrity_check of the database (read-only), 'ok' when sound."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def rows(db, sql, *params):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def run_set_seed(folder):
    """The seed of the run whose summary.json, summary.md and outcomes.csv are in
    `folder`, after checking that all three are complete and from that run (the
    same seed, branches and scenario hash), or None when there is no set."""
    names = ["summary.json", "summary.md", "outcomes.csv"]
    present = [n for n in names if os.path.exists(os.path.join(folder, n))]
    if not present:
        return None
    assert present == names, f"{folder}: an incomplete set: {present}"
    with open(os.path.join(folder, "summary.json")) as f:
        j = json.load(f)  # complete JSON
    with open(os.path.join(folder, "summary.md")) as f:
        md = f.read()
    with open(os.path.join(folder, "outcomes.csv"), newline="") as f:
        table = list(csv.DictReader(f))
    assert "## Provenance" in md, f"{folder}: summary.md is cut short"
    md_seed = re.search(r"\| Seed \| (\d+) \|", md)
    assert md_seed and int(md_seed.group(1)) == j["seed"], f"{folder}: summary.md of another run"
    assert table, f"{folder}: outcomes.csv has no rows"
    for row in table:
        assert int(row["seed"]) == j["seed"], f"{folder}: outcomes.csv of another run"
        assert int(row["branches"]) == j["branches"], f"{folder}: outcomes.csv of another run"
    return j["seed"]


class Scratch(unittest.TestCase):
    """Each test in a fresh folder, removed at the end."""

    def setUp(self):
        self._dir = tempfile.TemporaryDirectory(prefix="negsim-reliability-")
        self.dir = self._dir.name

    def tearDown(self):
        # A read-only folder a test made must be writable again to be removed.
        for folder, dirs, _ in os.walk(self.dir):
            for d in dirs:
                try:
                    os.chmod(os.path.join(folder, d), 0o755)
                except OSError:
                    pass
        self._dir.cleanup()

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write(self, name, text):
        with open(self.path(name), "w") as f:
            f.write(text)
        return self.path(name)

    def assertNoTemporaries(self, root=None):
        self.assertEqual(temporaries(root or self.dir), [])

    def assertSound(self, db):
        self.assertEqual(integrity(db), "ok")


def slow_scenario(path, parties=200, horizon=10000):
    """Talks that can never agree, played to a long horizon: tens of
    milliseconds a branch, hours for one wave of 65,536 branches."""
    blocks = []
    for i in range(parties):
        ideal, red = (1, 0.9) if i % 2 else (0, 0.1)
        blocks.append(f"  - id: p{i}\n    role: principal\n    demands:\n"
                      f"      share: {{ideal: {ideal}, red_line: {red}}}\n")
    with open(path, "w") as f:
        f.write("scenario:\n  id: slow\n  title: Slow\n  as_of: 2026-01-01\n"
                f"  horizon: {horizon}\n"
                "issues:\n  - {id: share, kind: continuous, range: {low: 0, high: 1}}\n"
                "parties:\n" + "".join(blocks) +
                "process:\n  initial: talks\n  states:\n    - {id: talks, kind: bargaining}\n"
                "    - {id: deal, kind: terminal, outcome: agreement}\n"
                "  transitions:\n    - {from: talks, to: deal, on: accepted}\n")
    return path


def wait_for(predicate, seconds=60, step=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def main():
    """`--list` prints the test names (CTest makes one test of each); otherwise
    the unittest command line (one name: runs that test)."""
    import sys
    if sys.argv[1:] == ["--list"]:
        loader = unittest.TestLoader()
        suite = loader.loadTestsFromModule(sys.modules["__main__"])

        def names(s):
            for t in s:
                if isinstance(t, unittest.TestSuite):
                    yield from names(t)
                else:
                    yield t.id().split(".", 1)[1]
        print("\n".join(names(suite)))
        return
    unittest.main(verbosity=2)


__all__ = [n for n in dir() if not n.startswith("_")] + ["signal"]
